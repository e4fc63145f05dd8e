// Draws the statistics page's charts with Chart.js (served by the portal from npm); the tables below
// each chart carry the same figures for screen readers and for pages without JavaScript.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var words = data.words;
    function bars(id, labels, series, kind) {
      var canvas = document.getElementById(id);
      if (!canvas) { return; }
      new Chart(canvas, {
        type: kind,
        data: {
          labels: labels,
          datasets: [
            { label: words.nominations, data: series.nominations, backgroundColor: "#0b4f8a", borderColor: "#0b4f8a" },
            { label: words.awards, data: series.awards, backgroundColor: "#1b5e20", borderColor: "#1b5e20" }
          ]
        },
        options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    bars("chart-trend", data.trend.labels, data.trend, "line");
    bars("chart-titles", data.titles.labels, data.titles, "bar");
    document.documentElement.dataset.chartsDrawn = "yes";
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
