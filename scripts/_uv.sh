# Sourced by scripts/start and scripts/test: make sure uv is available, then sync the workspace.
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  echo "uv not found: installing it with pip (pip install uv)" >&2
  python3 -m pip install --quiet uv
  UV=(python3 -m uv)
fi
"${UV[@]}" sync --frozen --quiet
source scripts/_assets.sh
