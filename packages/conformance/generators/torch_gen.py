"""Golden traces for torch.optim.RMSprop (CPU). Slots: square_avg, grad_avg, momentum_buffer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import torch

import common as C

FW = "torch"
SCRATCH = Path(tempfile.mkdtemp(prefix="isostep-torch-alt-"))
DT = {"float32": torch.float32, "float64": torch.float64}


class TorchStepper(C.Stepper):
    def __init__(self, case: C.Case):
        hp = dict(case.hyperparameters)
        self.p = torch.nn.Parameter(torch.tensor(case.init_params.copy(), dtype=DT[case.dtype]))
        self.opt = torch.optim.RMSprop([self.p], foreach=case.options.get("foreach"), **hp)
        self.np_dt = C.DTYPES[case.dtype]
        g = self.opt.param_groups[0]
        self.slots = ["square_avg"]
        if g["centered"]:
            self.slots.append("grad_avg")
        if g["momentum"] > 0:
            self.slots.append("momentum_buffer")

    def initial_state(self):
        # torch allocates lazily (zeros_like) at the first step
        return {k: np.zeros_like(self.p.detach().numpy()) for k in self.slots}

    def step(self, grad):
        self.p.grad = torch.from_numpy(grad.copy())
        self.opt.step()
        st = self.opt.state[self.p]
        assert sorted(k for k in st if k != "step") == sorted(self.slots), list(st)
        return self.p.detach().numpy().copy(), {k: st[k].numpy().copy() for k in self.slots}


def cases():
    out = []

    def add(sid, hp, *, dtype="float32", n=16, steps=10, params=None, coeffs="spread", glist=None,
            options=None, name=None):
        name = name or f"torch_{sid}" + ("_f64" if dtype == "float64" and not sid.endswith("f64") else "")
        p0 = C.spread_params(sid.replace("_f64", ""), n) if params is None else params
        kw = {}
        if glist is not None:
            kw["grad_list"] = glist
        else:
            kw["coeffs"] = C.spread_coeffs(sid.replace("_f64", ""), n) if isinstance(coeffs, str) else coeffs
        out.append(C.Case(name=name, dtype=dtype, hyperparameters=hp, init_params=p0, steps=steps,
                          options={"foreach": True, **(options or {})}, **kw))

    # defaults: only lr? torch has a default lr too, so pass nothing at all.
    add("defaults", {}, n=32, steps=12)
    add("basic", {"lr": 0.02, "alpha": 0.9, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0,
                  "centered": False, "maximize": False}, n=64, steps=20)
    add("basic", {"lr": 0.02, "alpha": 0.9, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0,
                  "centered": False, "maximize": False}, n=64, steps=20,
        options={"foreach": False}, name="torch_basic_forloop")
    add("eps_0.1", {"lr": 0.01, "alpha": 0.9, "eps": 0.1})
    add("eps_1", {"lr": 0.01, "alpha": 0.9, "eps": 1.0})
    add("centered_eps_0.1", {"lr": 0.01, "alpha": 0.9, "eps": 0.1, "centered": True})
    add("tiny_grads", {"lr": 0.01, "alpha": 0.9}, glist=C.log_uniform_list("tiny_grads", 10, 16, 1e-6, 1e-4))
    add("huge_grads", {"lr": 0.01, "alpha": 0.9, "centered": True},
        glist=C.log_uniform_list("huge_grads", 10, 16, 1e3, 1e15))
    add("overflow", {"lr": 0.01, "alpha": 0.9}, n=12, steps=6, glist=C.overflow_list(6))
    add("overflow_centered", {"lr": 0.01, "alpha": 0.9, "centered": True}, n=12, steps=6,
        params=C.spread_params("overflow", 12), glist=C.overflow_list(6))
    add("zero_grads", {"lr": 0.01, "alpha": 0.9}, steps=6, glist=np.zeros((6, 16)))
    add("zero_grads_centered", {"lr": 0.01, "alpha": 0.9, "centered": True, "momentum": 0.9}, steps=6,
        params=C.spread_params("zero_grads", 16), glist=np.zeros((6, 16)))
    add("subnormal_params", {"lr": 0.01, "alpha": 0.99}, params=C.subnormal_params("sub"), steps=8)
    add("subnormal_grads", {"lr": 0.01, "alpha": 0.99, "centered": True}, n=12, steps=8,
        glist=C.subnormal_grad_list(8))
    add("centered_const", {"lr": 0.01, "alpha": 0.9, "centered": True}, steps=12,
        glist=C.near_constant_list("centered_const", 12, 16))
    add("centered_near_const", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "centered": True}, steps=12,
        glist=C.near_constant_list("centered_near_const", 12, 16, jitter=1e-6))
    add("momentum", {"lr": 0.01, "alpha": 0.9, "momentum": 0.9}, steps=15)
    add("centered_momentum", {"lr": 0.02, "alpha": 0.9, "eps": 1e-8, "momentum": 0.9, "centered": True},
        steps=15)
    add("centered_momentum", {"lr": 0.02, "alpha": 0.9, "eps": 1e-8, "momentum": 0.9, "centered": True},
        steps=15, options={"foreach": False}, name="torch_centered_momentum_forloop")
    add("weight_decay", {"lr": 0.01, "alpha": 0.9, "weight_decay": 0.1, "momentum": 0.5})
    add("maximize", {"lr": 0.01, "alpha": 0.9, "maximize": True, "weight_decay": 0.01, "centered": True})
    # float64
    add("defaults", {}, dtype="float64", n=32, steps=12)
    add("centered_momentum", {"lr": 0.02, "alpha": 0.9, "eps": 1e-8, "momentum": 0.9, "centered": True},
        dtype="float64", steps=15)
    add("overflow", {"lr": 0.01, "alpha": 0.9}, dtype="float64", n=12, steps=6, glist=C.overflow_list64(6))
    add("subnormal_params", {"lr": 0.01, "alpha": 0.99}, dtype="float64",
        params=C.subnormal_params("sub", dtype="float64"), steps=8)
    return out


def versions():
    return {"torch": torch.__version__, **C.base_versions()}


def main():
    C.main_guard(FW)
    torch.set_num_threads(1)
    v = versions()
    results = []
    for case in cases():
        r = C.run_case(FW, case, TorchStepper, v)
        results.append(r)
        # cross-check: the other implementation (foreach vs for-loop) gives identical bits
        other = dict(case.options)
        other["foreach"] = not case.options.get("foreach", True)
        alt = C.Case(name=case.name, dtype=case.dtype, hyperparameters=case.hyperparameters,
                     init_params=case.init_params, steps=case.steps, coeffs=case.coeffs,
                     grad_list=case.grad_list, options=other)
        r2 = C.run_case(FW, alt, TorchStepper, v, out_dir=SCRATCH)
        same = all(
            a[1].tobytes() == b[1].tobytes() and all(a[2][k].tobytes() == b[2][k].tobytes() for k in a[2])
            for a, b in zip(r["raw"], r2["raw"])
        )
        print(f"  {case.name}: foreach={case.options.get('foreach')} vs {other['foreach']} bit-identical: {same}")
    C.summarize(results)


if __name__ == "__main__":
    main()
