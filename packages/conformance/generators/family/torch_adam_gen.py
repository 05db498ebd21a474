"""Golden traces (isostep-golden/2) for torch.optim.Adam and torch.optim.AdamW on CPU, eager,
foreach=False (the CPU default, recorded explicitly; the foreach path gives the same bits).
Slots: exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad). The `step` counter is not a slot.
Writes ../../golden/torch/torch_<adam|adamw>_<regime>.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402
from adam_cases import cases, supported  # noqa: E402

FW = "torch"
FEATURES = {
    "adam": ["amsgrad", "maximize", "weight_decay", "decoupled_flag", "float64"],
    "adamw": ["amsgrad", "maximize", "weight_decay", "float64"],
}


def torch_args(hp):
    out = {}
    if "lr" in hp:
        out["lr"] = hp["lr"]
    if "beta1" in hp or "beta2" in hp:
        out["betas"] = [hp.get("beta1", 0.9), hp.get("beta2", 0.999)]
    for neutral, own in (("eps", "eps"), ("weight_decay", "weight_decay"), ("amsgrad", "amsgrad"),
                         ("maximize", "maximize"), ("decoupled_weight_decay", "decoupled_weight_decay")):
        if neutral in hp:
            out[own] = hp[neutral]
    return out


class TorchAdamStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        self.ps = {p.name: torch.nn.Parameter(torch.tensor(p.init.copy())) for p in case.params}
        cls = torch.optim.Adam if case.optimizer == "adam" else torch.optim.AdamW
        hp = dict(case.hyperparameters)
        if "betas" in hp:
            hp["betas"] = tuple(hp["betas"])
        self.opt = cls(list(self.ps.values()), **hp, **case.options)
        self.slots = ["exp_avg", "exp_avg_sq"] + (["max_exp_avg_sq"] if self.opt.defaults["amsgrad"] else [])

    def initial_state(self):
        return {k: {s: np.zeros_like(p.detach().numpy()) for s in self.slots} for k, p in self.ps.items()}

    def step(self, grads, lr):
        for k, p in self.ps.items():
            p.grad = torch.from_numpy(grads[k].copy())
        if lr is not None:
            for g in self.opt.param_groups:
                g["lr"] = lr
        self.opt.step()
        st = {k: {s: self.opt.state[p][s].detach().numpy().copy() for s in self.slots} for k, p in self.ps.items()}
        return {k: p.detach().numpy().copy() for k, p in self.ps.items()}, st, (None if lr is None else float(lr))


def main():
    torch.set_num_threads(1)
    versions = {"torch": torch.__version__, **C.base_versions()}
    for optimizer in ("adam", "adamw"):
        for nc in cases(optimizer):
            if not supported(nc, FEATURES[optimizer]):
                continue
            case = T.CaseV2(name=f"{FW}_{optimizer}_{nc.regime}", optimizer=optimizer, dtype=nc.dtype,
                            hyperparameters=torch_args(nc.hp), params=nc.params, steps=nc.steps,
                            grad_list=nc.grad_list, lr_schedule=nc.lr_schedule, options={"foreach": False})
            r = T.run_case_v2(FW, case, TorchAdamStepper, versions)
            print(f"  wrote {r['path'].name}")


if __name__ == "__main__":
    main()
