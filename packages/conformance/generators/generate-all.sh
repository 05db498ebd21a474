#!/usr/bin/env bash
# Regenerates every golden trace under packages/conformance/golden/ from the real frameworks.
# Usage (from the repo root): pnpm golden   (= bash packages/conformance/generators/generate-all.sh)
# Optional: pass framework names to regenerate only those, e.g. `bash generate-all.sh torch tfjs`.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
GOLDEN="$HERE/../golden"
PY="${ISOSTEP_VENV:-$ROOT/.venv}/bin/python"

bash "$HERE/setup-venv.sh"

# Deterministic, single-threaded, CPU only, quiet.
export PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 CUDA_VISIBLE_DEVICES="" \
       JAX_PLATFORMS=cpu TF_CPP_MIN_LOG_LEVEL=2 KERAS_BACKEND=tensorflow

FRAMEWORKS=("$@")
# isostep: hand-rolled code (textbook numpy, tutorial torch) checked against the presets named directly.
[ ${#FRAMEWORKS[@]} -gt 0 ] || FRAMEWORKS=(torch keras tf1 optax tfjs isostep)

quiet_py() { "$PY" "$@" 2> >(grep -v -e 'oneDNN custom operations' -e 'absl::InitializeLog' >&2); }
quiet_node() { node "$@" 2>&1 | grep -v -e '^=*$' -e 'Hi, looks like' -e '^$' || true; }

for fw in "${FRAMEWORKS[@]}"; do
  mkdir -p "$GOLDEN/$fw"
  rm -f "$GOLDEN/$fw"/*.json   # drop stale cases; each generator rewrites its full set
  # RMSprop (isostep-golden-rmsprop/1).
  case "$fw" in
    torch|keras|tf1|optax) quiet_py "$HERE/${fw}_gen.py" ;;
    tfjs) "$PY" "$HERE/tfjs_inputs.py" && quiet_node "$HERE/tfjs_gen.mjs" ;;
    isostep) ;;   # no RMSprop v1 traces: family/isostep_*_gen.py only
    *) echo "unknown framework $fw" >&2; exit 2 ;;
  esac
  # The rest of the family (isostep-golden/2): one generator per framework and optimizer group,
  # family/<framework>_<group>_gen.py (or .mjs for TF.js), each writing golden/<framework>/<framework>_<optimizer>_*.json.
  for gen in "$HERE"/family/"${fw}"_*_gen.py; do [ -e "$gen" ] && quiet_py "$gen"; done
  for gen in "$HERE"/family/"${fw}"_*_gen.mjs; do [ -e "$gen" ] && quiet_node "$gen"; done
done

"$PY" "$HERE/check_golden.py" "$GOLDEN"

# Evidence for the README: re-emulate each step with the research doc's formulas (informational).
if [ "${ISOSTEP_SKIP_VERIFY:-0}" != "1" ]; then
  "$PY" "$HERE/verify_claims.py" "$GOLDEN"
fi
