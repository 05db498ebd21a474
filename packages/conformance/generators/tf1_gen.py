"""Golden traces for TF1-style RMSProp: the raw kernels `tf.raw_ops.ResourceApplyRMSProp` and
`ResourceApplyCenteredRMSProp` (what `tf.compat.v1.train.RMSPropOptimizer` runs), eager, CPU.

Slots: rms (initialised to options.init_ms, default 1.0 like RMSPropOptimizer's ones_initializer),
mg (centered only, zeros), momentum (always: the raw op always takes a mom input; zeros).
Hyperparameter defaults are RMSPropOptimizer's: decay 0.9, momentum 0.0, epsilon 1e-10, centered False;
learning_rate is required.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import common as C  # noqa: E402

FW = "tf1"
DEFAULTS = {"decay": 0.9, "momentum": 0.0, "epsilon": 1e-10, "centered": False}


class Tf1Stepper(C.Stepper):
    def __init__(self, case: C.Case):
        hp = {**DEFAULTS, **case.hyperparameters}
        dt = tf.as_dtype(case.dtype)
        self.dt = dt
        self.centered = bool(hp["centered"])
        init_ms = float(case.options.get("init_ms", 1.0))
        n = case.init_params.size
        self.var = tf.Variable(case.init_params.copy(), dtype=dt)
        self.ms = tf.Variable(np.full(n, init_ms, dtype=C.DTYPES[case.dtype]), dtype=dt)
        self.mom = tf.Variable(np.zeros(n, dtype=C.DTYPES[case.dtype]), dtype=dt)
        self.mg = tf.Variable(np.zeros(n, dtype=C.DTYPES[case.dtype]), dtype=dt) if self.centered else None
        # scalars: Python doubles converted to the variable dtype (as RMSPropOptimizer does)
        self.lr = tf.constant(hp["learning_rate"], dtype=dt)
        self.rho = tf.constant(hp["decay"], dtype=dt)
        self.momentum = tf.constant(hp["momentum"], dtype=dt)
        self.eps = tf.constant(hp["epsilon"], dtype=dt)
        self.slots = ["rms", "momentum"] + (["mg"] if self.centered else [])

    def _state(self):
        out = {"rms": self.ms.numpy().copy(), "momentum": self.mom.numpy().copy()}
        if self.centered:
            out["mg"] = self.mg.numpy().copy()
        return out

    def initial_state(self):
        return self._state()

    def step(self, grad):
        g = tf.constant(grad, dtype=self.dt)
        if self.centered:
            tf.raw_ops.ResourceApplyCenteredRMSProp(
                var=self.var.handle, mg=self.mg.handle, ms=self.ms.handle, mom=self.mom.handle,
                lr=self.lr, rho=self.rho, momentum=self.momentum, epsilon=self.eps, grad=g,
                use_locking=False)
        else:
            tf.raw_ops.ResourceApplyRMSProp(
                var=self.var.handle, ms=self.ms.handle, mom=self.mom.handle,
                lr=self.lr, rho=self.rho, momentum=self.momentum, epsilon=self.eps, grad=g,
                use_locking=False)
        return self.var.numpy().copy(), self._state()


def cases():
    out = []

    def add(sid, hp, *, dtype="float32", n=16, steps=10, params=None, glist=None, init_ms=None,
            name=None):
        name = name or f"tf1_{sid}" + ("_f64" if dtype == "float64" else "")
        p0 = C.spread_params(sid, n) if params is None else params
        kw = {"grad_list": glist} if glist is not None else {"coeffs": C.spread_coeffs(sid, n)}
        opts = {} if init_ms is None else {"init_ms": init_ms}
        out.append(C.Case(name=name, dtype=dtype, hyperparameters=hp, init_params=p0, steps=steps,
                          options=opts, **kw))

    add("defaults", {"learning_rate": 0.01}, n=32, steps=12)
    add("basic", {"learning_rate": 0.02, "decay": 0.9, "momentum": 0.0, "epsilon": 1e-10, "centered": False},
        n=64, steps=20, init_ms=1.0)
    add("init_ms_0", {"learning_rate": 0.02, "decay": 0.9, "momentum": 0.0, "epsilon": 1e-10,
                      "centered": False}, n=64, steps=20, init_ms=0.0, params=C.spread_params("basic", 64))
    add("eps_0.1", {"learning_rate": 0.01, "decay": 0.9, "epsilon": 0.1})
    add("eps_1", {"learning_rate": 0.01, "decay": 0.9, "epsilon": 1.0}, init_ms=0.0)
    add("centered_eps_0.1", {"learning_rate": 0.01, "decay": 0.9, "epsilon": 0.1, "centered": True})
    add("tiny_grads", {"learning_rate": 0.01, "decay": 0.9, "epsilon": 1e-10}, init_ms=0.0,
        glist=C.log_uniform_list("tiny_grads", 10, 16, 1e-6, 1e-4))
    add("huge_grads", {"learning_rate": 0.01, "decay": 0.9, "centered": True},
        glist=C.log_uniform_list("huge_grads", 10, 16, 1e3, 1e15))
    add("overflow", {"learning_rate": 0.01, "decay": 0.9}, n=12, steps=6, glist=C.overflow_list(6))
    add("overflow_centered", {"learning_rate": 0.01, "decay": 0.9, "centered": True}, n=12, steps=6,
        params=C.spread_params("overflow", 12), glist=C.overflow_list(6))
    add("zero_grads", {"learning_rate": 0.01, "decay": 0.9}, steps=6, glist=np.zeros((6, 16)), init_ms=0.0)
    add("zero_grads_centered", {"learning_rate": 0.01, "decay": 0.9, "centered": True, "momentum": 0.9},
        steps=6, params=C.spread_params("zero_grads", 16), glist=np.zeros((6, 16)), init_ms=0.0)
    add("subnormal_params", {"learning_rate": 0.001, "decay": 0.9}, params=C.subnormal_params("sub"),
        steps=8, init_ms=0.0)
    add("subnormal_grads", {"learning_rate": 0.01, "decay": 0.9, "centered": True}, n=12, steps=8,
        glist=C.subnormal_grad_list(8), init_ms=0.0)
    add("centered_const", {"learning_rate": 0.01, "decay": 0.9, "centered": True}, steps=12,
        glist=C.near_constant_list("centered_const", 12, 16), init_ms=0.0)
    add("centered_near_const", {"learning_rate": 0.01, "decay": 0.99, "epsilon": 1e-10, "centered": True},
        steps=12, glist=C.near_constant_list("centered_near_const", 12, 16, jitter=1e-6), init_ms=0.0)
    add("momentum", {"learning_rate": 0.01, "decay": 0.9, "momentum": 0.9}, steps=15)
    add("centered_momentum", {"learning_rate": 0.02, "decay": 0.9, "epsilon": 1e-10, "momentum": 0.9,
                              "centered": True}, steps=15)
    # float64
    add("defaults", {"learning_rate": 0.01}, dtype="float64", n=32, steps=12)
    add("centered_momentum", {"learning_rate": 0.02, "decay": 0.9, "epsilon": 1e-10, "momentum": 0.9,
                              "centered": True}, dtype="float64", steps=15)
    add("overflow", {"learning_rate": 0.01, "decay": 0.9}, dtype="float64", n=12, steps=6,
        glist=C.overflow_list64(6))
    return out


def versions():
    return {"tensorflow": tf.__version__, **C.base_versions()}


def main():
    C.main_guard(FW)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    v = versions()
    results = [C.run_case(FW, case, Tf1Stepper, v) for case in cases()]
    C.summarize(results)


if __name__ == "__main__":
    main()
