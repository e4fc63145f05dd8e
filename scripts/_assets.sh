# Sourced by scripts/_uv.sh: the portal's front-end packages from the npm registry (package-lock.json), and
# Debian's Chromium for the browser tests, fonts and poppler-utils for the printed documents. Each step is
# skipped when already done.
portal_dir="services/portal"
if command -v npm >/dev/null 2>&1; then
  stamp="$portal_dir/node_modules/.package-lock.json"
  if [[ ! -f "$stamp" || "$portal_dir/package-lock.json" -nt "$stamp" ]]; then
    echo "Installing the portal's front-end packages (npm ci in $portal_dir)" >&2
    (cd "$portal_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
else
  echo "npm not found: the portal will run without its styles and htmx (install Node.js and npm)" >&2
fi
if [[ -z "${THIDUA_CHROMIUM:-}" && ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's Chromium for the portal's browser tests (apt-get install chromium)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 \
      || echo "Chromium could not be installed: the browser tests will be skipped" >&2
  else
    echo "Chromium is missing (run: sudo apt-get install chromium): the browser tests will be skipped" >&2
  fi
fi
# Printed documents: Liberation fonts (metric-compatible with Times New Roman, full Vietnamese diacritics) for
# awards' PDFs, and poppler-utils (pdftotext, pdftoppm, pdfsig) with which the document tests read them back.
if [[ ! -x /usr/bin/pdftotext || ! -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing fonts-liberation and poppler-utils for the printed documents (apt-get install)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-liberation poppler-utils) >&2 \
      || echo "fonts-liberation or poppler-utils could not be installed: document tests will fail" >&2
  else
    echo "Missing fonts or poppler-utils (run: sudo apt-get install fonts-liberation poppler-utils)" >&2
  fi
fi
