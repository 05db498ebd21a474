#!/usr/bin/env bash
# Creates the repo-root .venv (git-ignored; ISOSTEP_VENV overrides) for the golden-vector generators,
# installing ONLY from the local package index. Idempotent: does nothing when the venv already
# satisfies requirements.txt.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="${ISOSTEP_VENV:-$ROOT/.venv}"
REQ="$HERE/requirements.txt"
PYTHON="${PYTHON:-python3.11}"

# pip's global config may name an unreachable public index: ignore it, use only local sources.
export PIP_CONFIG_FILE=/dev/null
PIP_ARGS=(--no-input --disable-pip-version-check
  --index-url file:///opt/pypi/simple
  --extra-index-url file:///opt/pypi-more/simple
  --find-links /opt/wheels)

satisfied() {
  [ -x "$VENV/bin/python" ] || return 1
  "$VENV/bin/python" - "$REQ" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version, PackageNotFoundError
ok = True
for line in open(sys.argv[1]):
    line = line.split('#', 1)[0].strip()
    if not line:
        continue
    name, want = line.split('==')
    try:
        have = version(name)
    except PackageNotFoundError:
        ok = False; print(f"missing {name}"); continue
    if have != want:
        ok = False; print(f"{name} {have} != {want}")
sys.exit(0 if ok else 1)
PY
}

if satisfied; then
  echo "setup-venv: $VENV already satisfies $(basename "$REQ")"
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup-venv: creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
fi
echo "setup-venv: installing pinned requirements from the local index"
"$VENV/bin/python" -m pip install "${PIP_ARGS[@]}" -r "$REQ"
satisfied || { echo "setup-venv: venv still does not satisfy $REQ" >&2; exit 1; }
echo "setup-venv: done"
