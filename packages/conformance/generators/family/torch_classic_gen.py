"""Golden traces (isostep-golden/2) for torch.optim.SGD, Adagrad and Adadelta, CPU, single-tensor path
(foreach=False: the CPU default; the for-each path gives the same bits). Cases: classic_cases.py.

Slots: SGD momentum_buffer (momentum ≠ 0; absent before the first step, written as zeros: the first step
overwrites it with a clone of the gradient), Adagrad sum (made in __init__), Adadelta square_avg, acc_delta.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import classic_cases as K  # noqa: E402
import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402

FW = "torch"
CLASSES = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta}


class TorchStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        self.np_dt = C.DTYPES[case.dtype]
        self.ps = {p.name: torch.nn.Parameter(torch.from_numpy(p.init.copy())) for p in case.params}
        self.opt = CLASSES[case.optimizer](list(self.ps.values()), foreach=False, **case.hyperparameters)
        slots = K.SLOTS[FW][case.optimizer]
        if case.optimizer == "sgd" and case.hyperparameters.get("momentum", 0) == 0:
            slots = []
        self.slots = slots

    def _state(self):
        out = {}
        for k, p in self.ps.items():
            st = self.opt.state.get(p, {})
            out[k] = {}
            for s in self.slots:
                v = st.get(s)
                out[k][s] = np.zeros_like(p.detach().numpy()) if v is None else v.detach().numpy().copy()
        return out

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        for k, p in self.ps.items():
            p.grad = torch.from_numpy(grads[k].copy())
        if lr is not None:
            for g in self.opt.param_groups:
                g["lr"] = lr
        self.opt.step()
        return {k: p.detach().numpy().copy() for k, p in self.ps.items()}, self._state(), lr


def main():
    C.main_guard(FW)
    torch.set_num_threads(1)
    versions = {"torch": torch.__version__, **C.base_versions()}
    results = []
    for case in K.cases(FW):
        case.options = {"foreach": False}
        results.append(T.run_case_v2(FW, case, TorchStepper, versions))
    K.summarize(results)


if __name__ == "__main__":
    main()
