"""Golden traces (isostep-golden/2) of the tutorials' x² + y² race, recorded from torch: SGD at lr 0.1 and
Adagrad, RMSprop, Adadelta, Adam, AdamW at lr 1, every other hyperparameter torch's default, from (−75, −10),
float32, 50 steps, on CPU with foreach=False (the CPU default, written down).

This is `isostep race quadratic --preset torch` run by torch itself: one parameter tensor `xy` = [x, y],
loss (xy ** 2).sum() and autograd's gradient. The trace records that gradient as the format's quadratic
source (coefficients 1: g = 2·p, one rounding, exact in float32); every step asserts that autograd's
gradient is bit-identical to it, so the file is the race and not an imitation of it.
Writes ../../golden/torch/torch_<optimizer>_race_quadratic.json (packages/cli/test/race-command.test.ts
checks `isostep race quadratic --preset torch --json` against them, position by position).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402

FW = "torch"
START = [-75.0, -10.0]
STEPS = 50
# The race: the optimizer's torch class, its own arguments (the race's lr, nothing else: torch's defaults),
# and the slots torch allocates for that configuration.
RACERS = {
    "sgd": (torch.optim.SGD, {"lr": 0.1}, []),
    "adagrad": (torch.optim.Adagrad, {"lr": 1.0}, ["sum"]),
    "rmsprop": (torch.optim.RMSprop, {"lr": 1.0}, ["square_avg"]),
    "adadelta": (torch.optim.Adadelta, {"lr": 1.0}, ["square_avg", "acc_delta"]),
    "adam": (torch.optim.Adam, {"lr": 1.0}, ["exp_avg", "exp_avg_sq"]),
    "adamw": (torch.optim.AdamW, {"lr": 1.0}, ["exp_avg", "exp_avg_sq"]),
}


class RaceStepper(T.StepperV2):
    def __init__(self, case: T.CaseV2):
        cls, _, slots = RACERS[case.optimizer]
        self.xy = torch.nn.Parameter(torch.tensor(case.params[0].init.copy()))
        self.opt = cls([self.xy], foreach=False, **case.hyperparameters)
        self.slots = slots

    def _state(self):
        st = self.opt.state.get(self.xy, {})
        zeros = np.zeros_like(self.xy.detach().numpy())
        return {"xy": {s: (zeros.copy() if st.get(s) is None else st[s].detach().numpy().copy()) for s in self.slots}}

    def initial_state(self):
        return self._state()

    def step(self, grads, lr):
        self.opt.zero_grad()
        loss = (self.xy ** 2).sum()
        loss.backward()
        autograd = self.xy.grad.detach().numpy()
        assert autograd.tobytes() == grads["xy"].tobytes(), (autograd, grads["xy"])
        self.opt.step()
        return {"xy": self.xy.detach().numpy().copy()}, self._state(), None


def main():
    C.main_guard(FW)
    torch.set_num_threads(1)
    versions = {"torch": torch.__version__, **C.base_versions()}
    for optimizer, (_, hp, _) in RACERS.items():
        case = T.CaseV2(
            name=f"{FW}_{optimizer}_race_quadratic",
            optimizer=optimizer,
            dtype="float32",
            hyperparameters=dict(hp),
            params=T.one_tensor("xy", np.array(START, dtype=np.float32), np.ones(2, dtype=np.float32)),
            steps=STEPS,
            options={"foreach": False},
        )
        r = T.run_case_v2(FW, case, RaceStepper, versions)
        final = r["raw"][-1][1]["xy"]
        print(f"  wrote {r['path'].name}: after {STEPS} steps ({final[0]:.6g}, {final[1]:.6g})")


if __name__ == "__main__":
    main()
