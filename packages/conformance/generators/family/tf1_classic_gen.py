"""Golden traces (isostep-golden/2) for the TF1 raw training ops, eager, CPU: ResourceApplyGradientDescent
(GradientDescentOptimizer), ResourceApplyMomentum (MomentumOptimizer: when the case gives `momentum`),
ResourceApplyAdagrad (AdagradOptimizer; ResourceApplyAdagradV2 when the case gives `epsilon`),
ResourceApplyAdadelta (AdadeltaOptimizer). Cases: classic_cases.py. Scalars are Python doubles cast to the
variable dtype, as the TF1 optimizers cast them. Defaults are the TF1 wrappers' (Adagrad initial
accumulator 0.1; Adadelta lr 1e-3, rho 0.95, epsilon 1e-8); learning_rate is always given.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import classic_cases as K  # noqa: E402
import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402

FW = "tf1"
RAW = tf.raw_ops


class Tf1Stepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        self.case = case
        self.hp = hp = dict(case.hyperparameters)
        self.dt = tf.as_dtype(case.dtype)
        np_dt = C.DTYPES[case.dtype]
        self.names = [p.name for p in case.params]
        self.vars = {p.name: tf.Variable(p.init.copy(), dtype=self.dt) for p in case.params}
        o = case.optimizer
        if o == "sgd":
            self.slots = ["momentum"] if "momentum" in hp else []
            init = {"momentum": 0.0}
        elif o == "adagrad":
            self.slots = ["accumulator"]
            init = {"accumulator": hp.get("initial_accumulator_value", 0.1)}
        else:
            self.slots = ["accum", "accum_update"]
            init = {"accum": 0.0, "accum_update": 0.0}
        self.state = {k: {s: tf.Variable(np.full(v.shape, init[s], dtype=np_dt), dtype=self.dt) for s in self.slots}
                      for k, v in ((p.name, p.init) for p in case.params)}
        self.c = lambda x: tf.constant(x, dtype=self.dt)

    def _state(self):
        return {k: {s: self.state[k][s].numpy().copy() for s in self.slots} for k in self.names}

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        hp, o, c = self.hp, self.case.optimizer, self.c
        lr_used = hp["learning_rate"] if lr is None else lr
        for k in self.names:
            var, st, g = self.vars[k], self.state[k], tf.constant(grads[k], dtype=self.dt)
            if o == "sgd" and "momentum" in hp:
                RAW.ResourceApplyMomentum(var=var.handle, accum=st["momentum"].handle, lr=c(lr_used), grad=g,
                                          momentum=c(hp["momentum"]), use_nesterov=bool(hp.get("use_nesterov", False)))
            elif o == "sgd":
                RAW.ResourceApplyGradientDescent(var=var.handle, alpha=c(lr_used), delta=g)
            elif o == "adagrad" and "epsilon" in hp:
                RAW.ResourceApplyAdagradV2(var=var.handle, accum=st["accumulator"].handle, lr=c(lr_used),
                                           epsilon=c(hp["epsilon"]), grad=g)
            elif o == "adagrad":
                RAW.ResourceApplyAdagrad(var=var.handle, accum=st["accumulator"].handle, lr=c(lr_used), grad=g)
            else:
                RAW.ResourceApplyAdadelta(var=var.handle, accum=st["accum"].handle, accum_update=st["accum_update"].handle,
                                          lr=c(lr_used), rho=c(hp.get("rho", 0.95)), epsilon=c(hp.get("epsilon", 1e-8)), grad=g)
        return {k: self.vars[k].numpy().copy() for k in self.names}, self._state(), lr


def op_name(case: T.CaseV2) -> str:
    hp = case.hyperparameters
    if case.optimizer == "sgd":
        return "ApplyMomentum" if "momentum" in hp else "ApplyGradientDescent"
    if case.optimizer == "adagrad":
        return "ApplyAdagradV2" if "epsilon" in hp else "ApplyAdagrad"
    return "ApplyAdadelta"


def main():
    C.main_guard(FW)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    versions = {"tensorflow": tf.__version__, **C.base_versions()}
    results = []
    for case in K.cases(FW):
        if case.optimizer == "adadelta":
            case.hyperparameters = {"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-8, **case.hyperparameters}
        case.options = {"op": op_name(case)}
        results.append(T.run_case_v2(FW, case, Tf1Stepper, versions))
    K.summarize(results)


if __name__ == "__main__":
    main()
