"""Golden traces for `optax.rmsprop`, run EAGERLY (op by op, no `jax.jit`: under jit XLA fuses
a*b + c into FMAs and the bits change). CPU.

Slots: nu (scale_by_rms / scale_by_stddev), mu (centered), trace (momentum is not None).
float32 cases run with jax_enable_x64 off; float64 cases run in a child process with it on.
"""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("JAX_PLATFORMS", "cpu")
X64 = "--x64" in sys.argv
if X64:
    os.environ["JAX_ENABLE_X64"] = "1"

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

import common as C  # noqa: E402

FW = "optax"
SLOT_FIELDS = ("nu", "mu", "trace")


def collect_slots(state, out=None):
    """Walk optax's (nested) named-tuple state and pick up nu / mu / trace."""
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


class OptaxStepper(C.Stepper):
    def __init__(self, case: C.Case):
        self.np_dt = C.DTYPES[case.dtype]
        self.opt = optax.rmsprop(**case.hyperparameters)
        self.params = jnp.asarray(case.init_params.copy(), dtype=self.np_dt)
        assert self.params.dtype == self.np_dt, self.params.dtype
        self.state = self.opt.init(self.params)
        self.slots = sorted(collect_slots(self.state))

    def _state(self):
        s = collect_slots(self.state)
        return {k: np.array(v) for k, v in s.items()}

    def initial_state(self):
        return self._state()

    def step(self, grad):
        g = jnp.asarray(grad, dtype=self.np_dt)
        updates, self.state = self.opt.update(g, self.state, self.params)
        self.params = optax.apply_updates(self.params, updates)
        return np.array(self.params), self._state()


def cases(dtype):
    out = []

    def add(sid, hp, *, n=16, steps=10, params=None, glist=None, name=None):
        name = name or f"optax_{sid}" + ("_f64" if dtype == "float64" else "")
        p0 = C.spread_params(sid, n) if params is None else params
        kw = {"grad_list": glist} if glist is not None else {"coeffs": C.spread_coeffs(sid, n)}
        opts = {"jit": False, "jax_enable_x64": X64}
        out.append(C.Case(name=name, dtype=dtype, hyperparameters=hp, init_params=p0, steps=steps,
                          options=opts, **kw))

    if dtype == "float64":
        add("defaults", {"learning_rate": 0.01}, n=32, steps=12)
        add("centered_momentum", {"learning_rate": 0.02, "decay": 0.9, "eps": 1e-8, "momentum": 0.9,
                                  "centered": True}, steps=15)
        add("overflow", {"learning_rate": 0.01, "decay": 0.9}, n=12, steps=6, glist=C.overflow_list64(6))
        add("eps_outside_nesterov", {"learning_rate": 0.01, "decay": 0.9, "eps": 1e-8, "eps_in_sqrt": False,
                                     "momentum": 0.9, "nesterov": True})
        return out

    add("defaults", {"learning_rate": 0.01}, n=32, steps=12)
    add("basic", {"learning_rate": 0.02, "decay": 0.9, "eps": 1e-8, "initial_scale": 0.0, "eps_in_sqrt": True,
                  "centered": False, "momentum": None, "nesterov": False, "bias_correction": False},
        n=64, steps=20)
    add("eps_0.1", {"learning_rate": 0.01, "decay": 0.9, "eps": 0.1})
    add("eps_1", {"learning_rate": 0.01, "decay": 0.9, "eps": 1.0})
    add("eps_outside", {"learning_rate": 0.01, "decay": 0.9, "eps": 1e-8, "eps_in_sqrt": False}, n=32,
        steps=12, params=C.spread_params("defaults", 32))
    add("eps_outside_0.1", {"learning_rate": 0.01, "decay": 0.9, "eps": 0.1, "eps_in_sqrt": False},
        params=C.spread_params("eps_0.1", 16))
    add("initial_scale_1", {"learning_rate": 0.02, "decay": 0.9, "eps": 1e-10, "initial_scale": 1.0},
        n=64, steps=20, params=C.spread_params("basic", 64))
    add("centered_eps_0.1", {"learning_rate": 0.01, "decay": 0.9, "eps": 0.1, "centered": True})
    add("tiny_grads", {"learning_rate": 0.01, "decay": 0.9},
        glist=C.log_uniform_list("tiny_grads", 10, 16, 1e-6, 1e-4))
    add("huge_grads", {"learning_rate": 0.01, "decay": 0.9, "centered": True},
        glist=C.log_uniform_list("huge_grads", 10, 16, 1e3, 1e15))
    add("overflow", {"learning_rate": 0.01, "decay": 0.9}, n=12, steps=6, glist=C.overflow_list(6))
    add("overflow_centered", {"learning_rate": 0.01, "decay": 0.9, "centered": True}, n=12, steps=6,
        params=C.spread_params("overflow", 12), glist=C.overflow_list(6))
    add("zero_grads", {"learning_rate": 0.01, "decay": 0.9}, steps=6, glist=np.zeros((6, 16)))
    add("zero_grads_centered", {"learning_rate": 0.01, "decay": 0.9, "centered": True, "momentum": 0.9},
        steps=6, params=C.spread_params("zero_grads", 16), glist=np.zeros((6, 16)))
    add("subnormal_params", {"learning_rate": 0.001, "decay": 0.9}, params=C.subnormal_params("sub"), steps=8)
    add("subnormal_grads", {"learning_rate": 0.01, "decay": 0.9, "centered": True}, n=12, steps=8,
        glist=C.subnormal_grad_list(8))
    add("centered_const", {"learning_rate": 0.01, "decay": 0.9, "centered": True}, steps=12,
        glist=C.near_constant_list("centered_const", 12, 16))
    add("centered_near_const", {"learning_rate": 0.01, "decay": 0.99, "eps": 1e-8, "centered": True},
        steps=12, glist=C.near_constant_list("centered_near_const", 12, 16, jitter=1e-6))
    add("momentum", {"learning_rate": 0.01, "decay": 0.9, "momentum": 0.9}, steps=15)
    add("nesterov", {"learning_rate": 0.01, "decay": 0.9, "momentum": 0.9, "nesterov": True}, steps=15,
        params=C.spread_params("momentum", 16))
    add("centered_momentum", {"learning_rate": 0.02, "decay": 0.9, "eps": 1e-8, "momentum": 0.9,
                              "centered": True}, steps=15)
    add("bias_correction", {"learning_rate": 0.01, "decay": 0.9, "centered": True, "bias_correction": True},
        steps=12)
    return out


def versions():
    return {"optax": optax.__version__, "jax": jax.__version__, "jaxlib": jax.lib.__version__
            if hasattr(jax.lib, "__version__") else __import__("jaxlib").__version__, **C.base_versions()}


def main():
    C.main_guard(FW + (" x64" if X64 else ""))
    assert bool(jax.config.jax_enable_x64) == X64
    v = versions()
    results = [C.run_case(FW, case, OptaxStepper, v) for case in cases("float64" if X64 else "float32")]
    C.summarize(results)
    if not X64:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--x64"], check=True)


if __name__ == "__main__":
    main()
