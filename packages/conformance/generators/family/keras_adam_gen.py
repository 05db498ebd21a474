"""Golden traces (isostep-golden/2) for Keras 3 `keras.optimizers.Adam` and `AdamW` on the TensorFlow
backend (eager, CPU). Slots: momentum, velocity, velocity_hat (amsgrad). The learning rate lives in a
float32 variable: a recorded schedule is assigned to it before each step and written as its float32 value.
Writes ../../golden/keras/keras_<adam|adamw>_<regime>.json.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402
from adam_cases import cases, supported  # noqa: E402

FW = "keras"
FEATURES = ["amsgrad", "weight_decay", "float64"]
NAMES = {"lr": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "eps": "epsilon", "amsgrad": "amsgrad", "weight_decay": "weight_decay"}
assert keras.backend.backend() == "tensorflow"


class KerasAdamStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        self.vars = {p.name: keras.Variable(p.init.copy(), dtype=case.dtype, name=p.name) for p in case.params}
        cls = keras.optimizers.Adam if case.optimizer == "adam" else keras.optimizers.AdamW
        self.opt = cls(**case.hyperparameters)
        self.opt.build(list(self.vars.values()))
        self.amsgrad = bool(self.opt.amsgrad)
        self.slots = ["momentum", "velocity"] + (["velocity_hat"] if self.amsgrad else [])

    def _state(self):
        out = {}
        for i, (k, var) in enumerate(self.vars.items()):
            s = {"momentum": self.opt._momentums[i], "velocity": self.opt._velocities[i]}
            if self.amsgrad:
                s["velocity_hat"] = self.opt._velocity_hats[i]
            for name, v in s.items():
                assert v.dtype == var.dtype, (name, v.dtype)
            out[k] = {name: np.array(v.numpy()) for name, v in s.items()}
        return out

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        used = None
        if lr is not None:
            self.opt.learning_rate = lr
            used = float(np.asarray(self.opt.learning_rate.numpy() if hasattr(self.opt.learning_rate, "numpy") else self.opt.learning_rate))
        self.opt.apply_gradients([(tf.constant(grads[k]), v) for k, v in self.vars.items()])
        return {k: np.array(v.numpy()) for k, v in self.vars.items()}, self._state(), used


def main():
    versions = {"keras": keras.__version__, "tensorflow": tf.__version__, **C.base_versions()}
    for optimizer in ("adam", "adamw"):
        for nc in cases(optimizer):
            if not supported(nc, FEATURES):
                continue
            hp = {NAMES[k]: v for k, v in nc.hp.items()}
            case = T.CaseV2(name=f"{FW}_{optimizer}_{nc.regime}", optimizer=optimizer, dtype=nc.dtype, hyperparameters=hp,
                            params=nc.params, steps=nc.steps, grad_list=nc.grad_list, lr_schedule=nc.lr_schedule)
            r = T.run_case_v2(FW, case, KerasAdamStepper, versions)
            print(f"  wrote {r['path'].name}")


if __name__ == "__main__":
    main()
