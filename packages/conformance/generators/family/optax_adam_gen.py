"""Golden traces (isostep-golden/2) for optax.adam, optax.amsgrad and optax.adamw, run EAGERLY (op by op;
under jax.jit XLA fuses a*b + c into FMAs and the bits change; optax's own tree_bias_correction is jitted
inline, which is why it multiplies by the reciprocal of 1 - b**t). CPU. Slots: mu, nu, nu_max (amsgrad);
the count is not a slot. A recorded schedule rebuilds the transformation with each step's learning rate
(the state does not depend on it). float32 cases run with jax_enable_x64 off; float64 in a child process
with it on. Writes ../../golden/optax/optax_<adam|adamw>_<regime>.json.
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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402
from adam_cases import cases, supported  # noqa: E402

FW = "optax"
FEATURES = {"adam": ["amsgrad", "nesterov", "eps_root", "float64"], "adamw": ["nesterov", "eps_root", "weight_decay", "float64"]}
NAMES = {"lr": "learning_rate", "beta1": "b1", "beta2": "b2", "eps": "eps", "eps_root": "eps_root", "nesterov": "nesterov", "weight_decay": "weight_decay"}
SLOT_FIELDS = ("mu", "nu", "nu_max")


def collect_slots(state, out=None):
    out = {} if out is None else out
    if hasattr(state, "_fields"):
        for f in state._fields:
            v = getattr(state, f)
            if f in SLOT_FIELDS:
                assert f not in out, f"duplicate slot {f}"
                out[f] = v
            else:
                collect_slots(v, out)
    elif isinstance(state, (tuple, list)):
        for s in state:
            collect_slots(s, out)
    return out


class OptaxAdamStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        self.np_dt = C.DTYPES[case.dtype]
        self.hp = dict(case.hyperparameters)
        self.alias = case.options.get("alias", "adamw") if case.optimizer == "adam" else "adamw"
        self.params = {p.name: jnp.asarray(p.init.copy(), dtype=self.np_dt) for p in case.params}
        self.state = self._tx(self.hp["learning_rate"]).init(self.params)
        self.slots = [s for s in SLOT_FIELDS if s in collect_slots(self.state)]

    def _tx(self, lr):
        hp = {**self.hp, "learning_rate": lr}
        return {"adam": optax.adam, "amsgrad": optax.amsgrad, "adamw": optax.adamw}[self.alias](**hp)

    def _state(self):
        s = collect_slots(self.state)
        return {k: {slot: np.array(s[slot][k]) for slot in self.slots} for k in self.params}

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        tx = self._tx(self.hp["learning_rate"] if lr is None else lr)
        g = {k: jnp.asarray(v, dtype=self.np_dt) for k, v in grads.items()}
        updates, self.state = tx.update(g, self.state, self.params)
        self.params = optax.apply_updates(self.params, updates)
        return {k: np.array(v) for k, v in self.params.items()}, self._state(), (None if lr is None else float(lr))


def versions():
    return {"optax": optax.__version__, "jax": jax.__version__, "jaxlib": __import__("jaxlib").__version__, **C.base_versions()}


def main():
    assert bool(jax.config.jax_enable_x64) == X64
    want = "float64" if X64 else "float32"
    v = versions()
    for optimizer in ("adam", "adamw"):
        for nc in cases(optimizer):
            if nc.dtype != want or not supported(nc, FEATURES[optimizer]):
                continue
            hp = {NAMES[k]: val for k, val in nc.hp.items() if k != "amsgrad"}
            hp.setdefault("learning_rate", 1e-3)  # optax has no default learning rate; the preset's 1e-3
            options = {"alias": "amsgrad" if nc.hp.get("amsgrad") else "adam"} if optimizer == "adam" else {}
            case = T.CaseV2(name=f"{FW}_{optimizer}_{nc.regime}", optimizer=optimizer, dtype=nc.dtype, hyperparameters=hp,
                            params=nc.params, steps=nc.steps, grad_list=nc.grad_list, lr_schedule=nc.lr_schedule, options=options)
            r = T.run_case_v2(FW, case, OptaxAdamStepper, v)
            print(f"  wrote {r['path'].name}")
    if not X64:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--x64"], check=True)


if __name__ == "__main__":
    main()
