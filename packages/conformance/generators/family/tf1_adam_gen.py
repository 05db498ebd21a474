"""Golden traces (isostep-golden/2) for TF1 Adam: the raw kernels `tf.raw_ops.ResourceApplyAdam`
(use_nesterov) and `ResourceApplyAdamWithAmsgrad`, eager, CPU (what tf.compat.v1.train.AdamOptimizer runs).
The caller supplies beta1_power and beta2_power: kept here as AdamOptimizer keeps them, a scalar in the
dtype that starts at beta and is multiplied by beta after every step. Slots: m, v, vhat (amsgrad).
Hyperparameter defaults are AdamOptimizer's: learning_rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8.
TF1 has no AdamW op: no adamw traces. Writes ../../golden/tf1/tf1_adam_<regime>.json.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402
from adam_cases import cases, supported  # noqa: E402

FW = "tf1"
FEATURES = ["amsgrad", "nesterov", "float64"]
DEFAULTS = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "use_nesterov": False}
NAMES = {"lr": "learning_rate", "beta1": "beta1", "beta2": "beta2", "eps": "epsilon", "nesterov": "use_nesterov"}


class Tf1AdamStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        hp = {**DEFAULTS, **case.hyperparameters}
        self.dt = tf.as_dtype(case.dtype)
        self.amsgrad = case.options["op"] == "ApplyAdamWithAmsgrad"
        np_dt = C.DTYPES[case.dtype]
        self.vars = {p.name: tf.Variable(p.init.copy(), dtype=self.dt) for p in case.params}
        zeros = lambda p: tf.Variable(np.zeros(p.init.shape, dtype=np_dt), dtype=self.dt)  # noqa: E731
        self.m = {p.name: zeros(p) for p in case.params}
        self.v = {p.name: zeros(p) for p in case.params}
        self.vhat = {p.name: zeros(p) for p in case.params} if self.amsgrad else {}
        self.lr = hp["learning_rate"]
        self.beta1 = tf.constant(hp["beta1"], dtype=self.dt)
        self.beta2 = tf.constant(hp["beta2"], dtype=self.dt)
        self.eps = tf.constant(hp["epsilon"], dtype=self.dt)
        self.nesterov = bool(hp["use_nesterov"])
        # AdamOptimizer's non-slot variables: beta1_power = beta1, then *= beta1 after each apply.
        self.beta1_power = tf.Variable(self.beta1)
        self.beta2_power = tf.Variable(self.beta2)
        self.slots = ["m", "v"] + (["vhat"] if self.amsgrad else [])

    def _state(self):
        out = {}
        for k in self.vars:
            s = {"m": self.m[k], "v": self.v[k]}
            if self.amsgrad:
                s["vhat"] = self.vhat[k]
            out[k] = {n: np.array(x.numpy()) for n, x in s.items()}
        return out

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        lr_t = tf.constant(self.lr if lr is None else lr, dtype=self.dt)
        for k, var in self.vars.items():
            g = tf.constant(grads[k], dtype=self.dt)
            common = dict(var=var.handle, m=self.m[k].handle, v=self.v[k].handle, beta1_power=self.beta1_power,
                          beta2_power=self.beta2_power, lr=lr_t, beta1=self.beta1, beta2=self.beta2, epsilon=self.eps,
                          grad=g, use_locking=False)
            if self.amsgrad:
                tf.raw_ops.ResourceApplyAdamWithAmsgrad(vhat=self.vhat[k].handle, **common)
            else:
                tf.raw_ops.ResourceApplyAdam(use_nesterov=self.nesterov, **common)
        self.beta1_power.assign(self.beta1_power * self.beta1)
        self.beta2_power.assign(self.beta2_power * self.beta2)
        return {k: np.array(v.numpy()) for k, v in self.vars.items()}, self._state(), (None if lr is None else float(lr))


def main():
    versions = {"tensorflow": tf.__version__, **C.base_versions()}
    for nc in cases("adam"):
        if not supported(nc, FEATURES):
            continue
        hp = {NAMES[k]: v for k, v in nc.hp.items() if k != "amsgrad"}
        op = "ApplyAdamWithAmsgrad" if nc.hp.get("amsgrad") else "ApplyAdam"
        case = T.CaseV2(name=f"{FW}_adam_{nc.regime}", optimizer="adam", dtype=nc.dtype, hyperparameters=hp,
                        params=nc.params, steps=nc.steps, grad_list=nc.grad_list, lr_schedule=nc.lr_schedule,
                        options={"op": op})
        r = T.run_case_v2(FW, case, Tf1AdamStepper, versions)
        print(f"  wrote {r['path'].name}")


if __name__ == "__main__":
    main()
