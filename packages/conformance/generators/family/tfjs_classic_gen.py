"""Writes ../inputs/tfjs_classic_cases.json: the TF.js cases of classic_cases.py (SGD/momentum, Adagrad,
Adadelta) with their float32 inputs, for tfjs_classic_gen.mjs (Node) to record. generate-all.sh runs this
before the .mjs. Numbers are float32 shortest round trip."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import classic_cases as K  # noqa: E402
import common as C  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "inputs" / "tfjs_classic_cases.json"


def main():
    items = []
    for c in K.cases("tfjs"):
        assert c.dtype == "float32", c.name
        item = {
            "name": c.name,
            "optimizer": c.optimizer,
            "hyperparameters": {k: C.hyper_num(v) for k, v in c.hyperparameters.items()},
            "params": [{"name": p.name, "shape": list(p.shape), "init": C.nums(p.init, "float32")} for p in c.params],
            "steps": c.steps,
        }
        if c.grad_list is None:
            item["gradient"] = {"kind": "quadratic", "coeffs": {p.name: C.nums(p.coeffs, "float32") for p in c.params}}
        else:
            item["gradient"] = {"kind": "list", "values": [{k: C.nums(v, "float32") for k, v in row.items()} for row in c.grad_list]}
        if c.lr_schedule is not None:
            item["lr_schedule"] = [C.hyper_num(x) for x in c.lr_schedule]
        items.append(item)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(C._dump({"note": "inputs for family/tfjs_classic_gen.mjs; written by family/tfjs_classic_gen.py", "cases": items}, 0) + "\n")
    print(f"[tfjs classic inputs] wrote {OUT} ({len(items)} cases)")


if __name__ == "__main__":
    main()
