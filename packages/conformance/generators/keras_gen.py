"""Golden traces for Keras 3 `keras.optimizers.RMSprop` on the TensorFlow backend (eager, CPU).

Slots: velocity, average_gradient (centered), momentum (momentum > 0).
"""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

import common as C  # noqa: E402

FW = "keras"
assert keras.backend.backend() == "tensorflow"


class KerasStepper(C.Stepper):
    def __init__(self, case: C.Case):
        self.var = keras.Variable(case.init_params.copy(), dtype=case.dtype, name="p")
        self.opt = keras.optimizers.RMSprop(**case.hyperparameters)
        self.opt.build([self.var])
        self.slots = ["velocity"]
        if self.opt.centered:
            self.slots.append("average_gradient")
        if self.opt.momentum > 0:
            self.slots.append("momentum")

    def _state(self):
        out = {"velocity": self.opt._velocities[0]}
        if "average_gradient" in self.slots:
            out["average_gradient"] = self.opt._average_gradients[0]
        if "momentum" in self.slots:
            out["momentum"] = self.opt._momentums[0]
        for k, v in out.items():
            assert v.dtype == self.var.dtype, (k, v.dtype)
        return {k: np.array(v.numpy()) for k, v in out.items()}

    def initial_state(self):
        return self._state()

    def step(self, grad):
        self.opt.apply_gradients([(tf.constant(grad), self.var)])
        return np.array(self.var.numpy()), self._state()


def cases():
    out = []

    def add(sid, hp, *, dtype="float32", n=16, steps=10, params=None, glist=None, name=None):
        name = name or f"keras_{sid}" + ("_f64" if dtype == "float64" else "")
        p0 = C.spread_params(sid, n) if params is None else params
        kw = {"grad_list": glist} if glist is not None else {"coeffs": C.spread_coeffs(sid, n)}
        opts = {"backend": "tensorflow", "floatx": keras.backend.floatx()}
        out.append(C.Case(name=name, dtype=dtype, hyperparameters=hp, init_params=p0, steps=steps,
                          options=opts, **kw))

    add("defaults", {}, n=32, steps=12)
    add("basic", {"learning_rate": 0.02, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
        n=64, steps=20)
    add("eps_0.1", {"learning_rate": 0.01, "rho": 0.9, "epsilon": 0.1})
    add("eps_1", {"learning_rate": 0.01, "rho": 0.9, "epsilon": 1.0})
    add("centered_eps_0.1", {"learning_rate": 0.01, "rho": 0.9, "epsilon": 0.1, "centered": True})
    add("tiny_grads", {"learning_rate": 0.01, "rho": 0.9},
        glist=C.log_uniform_list("tiny_grads", 10, 16, 1e-6, 1e-4))
    add("huge_grads", {"learning_rate": 0.01, "rho": 0.9, "centered": True},
        glist=C.log_uniform_list("huge_grads", 10, 16, 1e3, 1e15))
    add("overflow", {"learning_rate": 0.01, "rho": 0.9}, n=12, steps=6, glist=C.overflow_list(6))
    add("overflow_centered", {"learning_rate": 0.01, "rho": 0.9, "centered": True}, n=12, steps=6,
        params=C.spread_params("overflow", 12), glist=C.overflow_list(6))
    add("zero_grads", {"learning_rate": 0.01, "rho": 0.9}, steps=6, glist=np.zeros((6, 16)))
    add("zero_grads_centered", {"learning_rate": 0.01, "rho": 0.9, "centered": True, "momentum": 0.9},
        steps=6, params=C.spread_params("zero_grads", 16), glist=np.zeros((6, 16)))
    add("subnormal_params", {"learning_rate": 0.001, "rho": 0.9}, params=C.subnormal_params("sub"), steps=8)
    add("subnormal_grads", {"learning_rate": 0.01, "rho": 0.9, "centered": True}, n=12, steps=8,
        glist=C.subnormal_grad_list(8))
    add("centered_const", {"learning_rate": 0.01, "rho": 0.9, "centered": True}, steps=12,
        glist=C.near_constant_list("centered_const", 12, 16))
    add("centered_near_const", {"learning_rate": 0.01, "rho": 0.99, "epsilon": 1e-7, "centered": True},
        steps=12, glist=C.near_constant_list("centered_near_const", 12, 16, jitter=1e-6))
    add("momentum", {"learning_rate": 0.01, "rho": 0.9, "momentum": 0.9}, steps=15)
    add("centered_momentum", {"learning_rate": 0.02, "rho": 0.9, "epsilon": 1e-7, "momentum": 0.9,
                              "centered": True}, steps=15)
    add("weight_decay", {"learning_rate": 0.01, "rho": 0.9, "weight_decay": 0.1, "momentum": 0.5})
    # float64 (note: the learning_rate variable is created in floatx = float32 and cast to float64)
    add("defaults", {}, dtype="float64", n=32, steps=12)
    add("centered_momentum", {"learning_rate": 0.02, "rho": 0.9, "epsilon": 1e-7, "momentum": 0.9,
                              "centered": True}, dtype="float64", steps=15)
    add("overflow", {"learning_rate": 0.01, "rho": 0.9}, dtype="float64", n=12, steps=6,
        glist=C.overflow_list64(6))
    add("weight_decay", {"learning_rate": 0.01, "rho": 0.9, "weight_decay": 0.1, "momentum": 0.5},
        dtype="float64")
    return out


def versions():
    return {"keras": keras.__version__, "tensorflow": tf.__version__, **C.base_versions()}


def main():
    C.main_guard(FW)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    v = versions()
    results = [C.run_case(FW, case, KerasStepper, v) for case in cases()]
    C.summarize(results)


if __name__ == "__main__":
    main()
