"""Golden traces (isostep-golden/2) for optax.sgd, optax.adagrad and optax.adadelta, run EAGERLY (op by op,
no jax.jit: under jit XLA contracts a·b + c into FMAs and the bits change), CPU. Cases: classic_cases.py.

A recorded learning-rate schedule rebuilds the optimizer with that step's learning_rate and keeps the state
(the state's structure does not depend on the learning rate). float32 cases run with jax_enable_x64 off;
float64 cases run in a child process with it on.
Slots: SGD trace (momentum is not None), Adagrad sum_of_squares, Adadelta e_g, e_x.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("JAX_PLATFORMS", "cpu")
X64 = "--x64" in sys.argv
if X64:
    os.environ["JAX_ENABLE_X64"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import jax  # noqa: E402,F401
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

import classic_cases as K  # noqa: E402
import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402

FW = "optax"
MAKERS = {"sgd": optax.sgd, "adagrad": optax.adagrad, "adadelta": optax.adadelta}
SLOT_FIELDS = {"trace", "sum_of_squares", "e_g", "e_x"}


def collect(state, out):
    if hasattr(state, "_fields"):
        for f in state._fields:
            v = getattr(state, f)
            if f in SLOT_FIELDS:
                out[f] = v
            else:
                collect(v, out)
    elif isinstance(state, (tuple, list)):
        for s in state:
            collect(s, out)
    return out


class OptaxStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        self.case = case
        self.np_dt = C.DTYPES[case.dtype]
        self.names = [p.name for p in case.params]
        self.opt = MAKERS[case.optimizer](**case.hyperparameters)
        self.params = {p.name: jnp.asarray(p.init.copy(), dtype=self.np_dt) for p in case.params}
        self.state = self.opt.init(self.params)
        self.slots = sorted(collect(self.state, {}))

    def _state(self):
        s = collect(self.state, {})
        return {k: {f: np.array(s[f][k]) for f in self.slots} for k in self.names}

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        opt = self.opt if lr is None else MAKERS[self.case.optimizer](**{**self.case.hyperparameters, "learning_rate": lr})
        g = {k: jnp.asarray(grads[k], dtype=self.np_dt) for k in self.names}
        updates, self.state = opt.update(g, self.state, self.params)
        self.params = optax.apply_updates(self.params, updates)
        return {k: np.array(self.params[k]) for k in self.names}, self._state(), lr


def main():
    C.main_guard(FW + (" x64" if X64 else ""))
    versions = {"optax": optax.__version__, "jax": jax.__version__, **C.base_versions()}
    results = []
    for case in K.cases(FW):
        if (case.dtype == "float64") != X64:
            continue
        case.options = {"jit": False, "jax_enable_x64": X64}
        results.append(T.run_case_v2(FW, case, OptaxStepper, versions))
    K.summarize(results)
    if not X64:
        subprocess.run([sys.executable, __file__, "--x64"], check=True)


if __name__ == "__main__":
    main()
