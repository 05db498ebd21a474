"""Golden traces (isostep-golden/2) for Keras 3 keras.optimizers.SGD, Adagrad and Adadelta on the TensorFlow
backend (eager, CPU). Cases: classic_cases.py. Keras holds learning_rate in a float32 variable: a recorded
schedule is assigned to it before each step and written as that float32 value.

Slots: SGD momentum (momentum ≠ 0), Adagrad accumulator, Adadelta accumulated_grad, accumulated_delta_var.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

import classic_cases as K  # noqa: E402
import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402

FW = "keras"
assert keras.backend.backend() == "tensorflow"
CLASSES = {"sgd": keras.optimizers.SGD, "adagrad": keras.optimizers.Adagrad, "adadelta": keras.optimizers.Adadelta}


class KerasStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        self.names = [p.name for p in case.params]
        self.vars = [keras.Variable(p.init.copy(), dtype=case.dtype, name=p.name) for p in case.params]
        self.opt = CLASSES[case.optimizer](**case.hyperparameters)
        self.opt.build(self.vars)
        o = case.optimizer
        if o == "sgd":
            self.slots = ["momentum"] if self.opt.momentum != 0 else []
            self.lists = {"momentum": self.opt.momentums}
        elif o == "adagrad":
            self.slots = ["accumulator"]
            self.lists = {"accumulator": self.opt._accumulators}
        else:
            self.slots = ["accumulated_grad", "accumulated_delta_var"]
            self.lists = {"accumulated_grad": self.opt._accumulated_grads, "accumulated_delta_var": self.opt._accumulated_delta_vars}

    def _state(self):
        out = {}
        for i, k in enumerate(self.names):
            out[k] = {}
            for s in self.slots:
                v = self.lists[s][i]
                assert v.dtype == self.vars[i].dtype, (s, v.dtype)
                out[k][s] = np.array(v.numpy())
        return out

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        used = None
        if lr is not None:
            self.opt.learning_rate.assign(lr)
            used = float(np.float32(self.opt.learning_rate.numpy()))
        self.opt.apply_gradients([(tf.constant(grads[k]), v) for k, v in zip(self.names, self.vars)])
        return {k: np.array(v.numpy()) for k, v in zip(self.names, self.vars)}, self._state(), used


def main():
    C.main_guard(FW)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    versions = {"keras": keras.__version__, "tensorflow": tf.__version__, **C.base_versions()}
    results = []
    for case in K.cases(FW):
        case.options = {"backend": "tensorflow", "floatx": keras.backend.floatx()}
        results.append(T.run_case_v2(FW, case, KerasStepper, versions))
    K.summarize(results)


if __name__ == "__main__":
    main()
