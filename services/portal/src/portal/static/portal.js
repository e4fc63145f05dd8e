// Progressive enhancement only: every form works without this file.
// After a refused form, move the keyboard focus to the first message so it is read first.
document.addEventListener("DOMContentLoaded", () => {
  const first = document.querySelector(".alert-error, [aria-invalid='true']");
  if (first instanceof HTMLElement) {
    if (!first.hasAttribute("tabindex") && !first.matches("input, select, textarea")) first.setAttribute("tabindex", "-1");
    first.focus();
  }
});
