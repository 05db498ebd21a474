"""Golden traces (isostep-golden/2) of two hand-rolled RMSprops, code outside the frameworks, checked
against the Isostep presets that describe them (framework `isostep`, `options.preset`, spec field names;
FORMAT.md "Traces of code outside the frameworks"):

- `textbook`: the numpy `RMSprop` class of "deep learning from scratch" (oreilly-japan/deep-learning-from-scratch,
  common/optimizer.py), verbatim below, float64 as the book runs it;
- `tutorial`: the hand-rolled torch function of the blog tutorials, verbatim below, float32 on CPU:
  `lr / torch.sqrt(sqr + eps) * g` is where torch's evaluation order shows (`Tensor.__rdiv__` is
  `self.reciprocal() * other`), which the preset's `lrSite: 'lr-over-denominator'` reproduces.

Each code runs as written; only the loop that feeds it gradients and reads its state is ours.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402

FW = "isostep"


# ---- the two codes, as their authors wrote them ------------------------------------------------------


class TextbookRMSprop:
    """deep-learning-from-scratch common/optimizer.py (verbatim, comments translated)."""

    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {}
            for key, val in params.items():
                self.h[key] = np.zeros_like(val)

        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


def tutorial_rmsprop(params, sqrs, lr, alpha, eps=1e-10):
    """The blog tutorials' hand-rolled RMSprop on torch tensors (verbatim)."""
    for param, sqr in zip(params, sqrs):
        g = param.grad
        sqr[:] = alpha * sqr + (1 - alpha) * g ** 2
        div = lr / torch.sqrt(sqr + eps) * g
        param.data -= div


# ---- steppers: feed the recorded gradients, read the state ------------------------------------------


class TextbookStepper(T.StepperV2):
    slots = ["h"]

    def __init__(self, case: T.CaseV2):
        hp = case.hyperparameters
        self.opt = TextbookRMSprop(lr=hp.get("lr", 0.01), decay_rate=hp.get("rho", 0.99))
        self.params = {p.name: p.init.copy() for p in case.params}

    def _state(self):
        h = self.opt.h or {k: np.zeros_like(v) for k, v in self.params.items()}
        return {k: {"h": h[k].copy()} for k in self.params}

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        if lr is not None:
            self.opt.lr = lr
        self.opt.update(self.params, grads)
        return {k: v.copy() for k, v in self.params.items()}, self._state(), lr


class TutorialStepper(T.StepperV2):
    slots = ["cache"]

    def __init__(self, case: T.CaseV2):
        hp = case.hyperparameters
        self.lr, self.alpha, self.eps = hp.get("lr", 1e-3), hp.get("rho", 0.9), hp.get("eps", 1e-10)
        self.ps = {p.name: torch.nn.Parameter(torch.from_numpy(p.init.copy())) for p in case.params}
        self.sqrs = {k: torch.zeros_like(p.data) for k, p in self.ps.items()}

    def _state(self):
        return {k: {"cache": s.numpy().copy()} for k, s in self.sqrs.items()}

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        for k, p in self.ps.items():
            p.grad = torch.from_numpy(grads[k].copy())
        if lr is not None:
            self.lr = lr
        with torch.no_grad():
            tutorial_rmsprop(list(self.ps.values()), list(self.sqrs.values()), self.lr, self.alpha, self.eps)
        return {k: p.detach().numpy().copy() for k, p in self.ps.items()}, self._state(), lr


# ---- cases ------------------------------------------------------------------------------------------


def _listed(glist):
    return [{"p": row} for row in glist]


def cases():
    out = []

    def add(preset, regime, hp, *, dtype, steps=8, params=None, glist=None, schedule=None):
        sid = f"{preset}_{regime}"
        if params is None and glist is None:
            params = T.two_tensors(sid)
        elif params is None:
            params = T.one_tensor("p", C.spread_params(sid, glist.shape[1]))
        out.append((preset, T.CaseV2(
            name=f"{FW}_{preset}_rmsprop_{regime}", optimizer="rmsprop", dtype=dtype, hyperparameters=hp,
            params=params, steps=steps, grad_list=None if glist is None else _listed(glist), lr_schedule=schedule,
            options={"preset": preset})))

    # The textbook class: float64, its defaults, a larger lr, tiny gradients, a schedule set on opt.lr.
    add("textbook", "defaults", {}, dtype="float64", steps=12)
    add("textbook", "basic", {"lr": 0.05, "rho": 0.9}, dtype="float64", steps=12)
    add("textbook", "tiny_grads", {"lr": 0.01}, dtype="float64",
        glist=C.log_uniform_list("textbook_tiny", 8, 12, 1e-9, 1e-4))
    add("textbook", "schedule", {"lr": 0.01}, dtype="float64", schedule=T.changing_lr(0.01, 8))
    # The tutorial function: float32 on torch CPU; subnormal gradients are where the lr site shows most.
    add("tutorial", "defaults", {"lr": 1e-3, "rho": 0.9, "eps": 1e-10}, dtype="float32", steps=12)
    add("tutorial", "basic", {"lr": 0.01, "rho": 0.99, "eps": 1e-10}, dtype="float32", steps=12)
    add("tutorial", "tiny_grads", {"lr": 0.01, "rho": 0.9, "eps": 1e-10}, dtype="float32",
        glist=C.log_uniform_list("tutorial_tiny", 8, 12, 1e-9, 1e-4))
    add("tutorial", "subnormal_grads", {"lr": 0.01, "rho": 0.9, "eps": 1e-10}, dtype="float32",
        glist=C.subnormal_grad_list(8, "float32"))
    # Subnormal gradients on small params: lr·g is itself subnormal (few bits left) in the numerator order,
    # while ((1/d)·lr)·g is not, so this is the case where the two orders part most.
    add("tutorial", "subnormal_params", {"lr": 0.01, "rho": 0.9, "eps": 1e-10}, dtype="float32",
        params=T.one_tensor("p", C.subnormal_params("tutorial_subnormal", 12)), glist=C.subnormal_grad_list(8, "float32"))
    add("tutorial", "schedule", {"lr": 0.01, "rho": 0.9, "eps": 1e-10}, dtype="float32",
        schedule=T.changing_lr(0.01, 8))
    return out


def main():
    C.main_guard(FW)
    torch.set_num_threads(1)
    steppers = {"textbook": TextbookStepper, "tutorial": TutorialStepper}
    versions = {"textbook": "deep-learning-from-scratch common/optimizer.py", "tutorial": "hand-rolled torch function"}
    for preset, case in cases():
        v = {"code": versions[preset], "torch": torch.__version__, **C.base_versions()}
        if preset == "textbook":
            v.pop("torch")
        r = T.run_case_v2(FW, case, steppers[preset], v)
        print(f"  {r['path'].name}")


if __name__ == "__main__":
    main()
