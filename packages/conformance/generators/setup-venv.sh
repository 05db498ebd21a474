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

# The machine's pip configuration names its local package sources (index URLs and find-links); read them
# from `pip config list`, then ignore the rest of that configuration (it may also name an unreachable
# public index): install only from those local sources. Nothing machine-specific is written here.
pip_config() { "$PYTHON" -m pip config list 2>/dev/null | sed -n "s/^[a-z:.]*$1='\(.*\)'$/\1/p" | head -n1; }
INDEXES="$(pip_config 'extra-index-url') $(pip_config 'index-url')"
FIND_LINKS="$(pip_config 'find-links')"
PIP_ARGS=(--no-input --disable-pip-version-check)
first=1
for url in $INDEXES; do
  case "$url" in
    file://*|http://localhost*|http://127.*) ;;   # local sources only
    *) continue ;;
  esac
  if [ $first = 1 ]; then PIP_ARGS+=(--index-url "$url"); first=0; else PIP_ARGS+=(--extra-index-url "$url"); fi
done
for dir in $FIND_LINKS; do PIP_ARGS+=(--find-links "$dir"); done
if [ $first = 1 ] && [ -z "$FIND_LINKS" ]; then
  echo "setup-venv: pip's configuration names no local package source (pip config list); cannot install offline" >&2
  exit 2
fi
export PIP_CONFIG_FILE=/dev/null

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
