# Sourced by scripts/start and scripts/test: make sure uv is available, then sync the workspace.
# uv goes into a private virtual environment under var/ (no root, and nothing Debian's
# "externally managed" system Python refuses), or through pipx; never into the system Python.
private_uv="var/tools/uv-venv"
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
elif [[ -x "$private_uv/bin/uv" ]]; then
  UV=("$private_uv/bin/uv")
elif python3 -m venv "$private_uv" >/dev/null 2>&1; then
  echo "uv not found: installing it into a private virtual environment ($private_uv)" >&2
  "$private_uv/bin/python" -m pip install --quiet --disable-pip-version-check uv
  UV=("$private_uv/bin/uv")
elif command -v pipx >/dev/null 2>&1; then
  echo "uv not found: installing it with pipx" >&2
  pipx install uv >&2
  UV=("$(pipx environment --value PIPX_BIN_DIR 2>/dev/null || echo "$HOME/.local/bin")/uv")
else
  rm -rf "$private_uv"
  echo "uv is missing and Python cannot make a virtual environment here. Run one of:" >&2
  echo "  sudo apt-get install python3-venv     (then this command again)" >&2
  echo "  sudo apt-get install pipx             (then this command again)" >&2
  exit 1
fi
"${UV[@]}" sync --frozen --quiet
source scripts/_assets.sh
