"""Writes generators/inputs/tfjs_cases.json: the TF.js cases (hyperparameters, float32 initial params,
coefficients / gradient lists) built with the same seeded helpers as the Python generators, so that
tfjs_gen.mjs (Node) records the same scenarios. Numbers are float32 shortest round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import common as C

OUT = Path(__file__).resolve().parent / "inputs" / "tfjs_cases.json"


def cases():
    out = []

    def add(sid, hp, *, n=16, steps=10, params=None, glist=None, name=None):
        name = name or f"tfjs_{sid}"
        p0 = C.spread_params(sid, n) if params is None else params
        kw = {"grad_list": glist} if glist is not None else {"coeffs": C.spread_coeffs(sid, n)}
        out.append(C.Case(name=name, dtype="float32", hyperparameters=hp, init_params=p0, steps=steps, **kw))

    add("defaults", {"learningRate": 0.01}, n=32, steps=12)
    add("basic", {"learningRate": 0.02, "decay": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
        n=64, steps=20)
    add("epsilon_null", {"learningRate": 0.02, "decay": 0.9, "momentum": 0.0, "epsilon": None,
                         "centered": True}, n=32, steps=12, params=C.spread_params("defaults", 32))
    add("eps_0.1", {"learningRate": 0.01, "decay": 0.9, "epsilon": 0.1})
    add("eps_1", {"learningRate": 0.01, "decay": 0.9, "epsilon": 1.0})
    add("centered_eps_0.1", {"learningRate": 0.01, "decay": 0.9, "epsilon": 0.1, "centered": True})
    add("tiny_grads", {"learningRate": 0.01, "decay": 0.9},
        glist=C.log_uniform_list("tiny_grads", 10, 16, 1e-6, 1e-4))
    add("huge_grads", {"learningRate": 0.01, "decay": 0.9, "centered": True},
        glist=C.log_uniform_list("huge_grads", 10, 16, 1e3, 1e15))
    add("overflow", {"learningRate": 0.01, "decay": 0.9}, n=12, steps=6, glist=C.overflow_list(6))
    add("overflow_centered", {"learningRate": 0.01, "decay": 0.9, "centered": True}, n=12, steps=6,
        params=C.spread_params("overflow", 12), glist=C.overflow_list(6))
    add("zero_grads", {"learningRate": 0.01, "decay": 0.9}, steps=6, glist=np.zeros((6, 16)))
    add("zero_grads_centered", {"learningRate": 0.01, "decay": 0.9, "centered": True, "momentum": 0.9},
        steps=6, params=C.spread_params("zero_grads", 16), glist=np.zeros((6, 16)))
    add("subnormal_params", {"learningRate": 0.001, "decay": 0.9}, params=C.subnormal_params("sub"), steps=8)
    add("subnormal_grads", {"learningRate": 0.01, "decay": 0.9, "centered": False}, n=12, steps=8,
        glist=C.subnormal_grad_list(8))
    add("centered_const", {"learningRate": 0.01, "decay": 0.9, "centered": True}, steps=12,
        glist=C.near_constant_list("centered_const", 12, 16))
    add("centered_near_const", {"learningRate": 0.01, "decay": 0.99, "epsilon": 1e-7, "centered": True},
        steps=12, glist=C.near_constant_list("centered_near_const", 12, 16, jitter=1e-6))
    add("momentum", {"learningRate": 0.01, "decay": 0.9, "momentum": 0.9}, steps=15)
    add("centered_momentum", {"learningRate": 0.02, "decay": 0.9, "epsilon": 1e-7, "momentum": 0.9,
                              "centered": True}, steps=15)
    return out


def main():
    items = []
    for c in cases():
        item = {
            "name": c.name,
            "hyperparameters": c.hyperparameters,
            "init_params": C.nums(c.init_params, "float32"),
            "steps": c.steps,
        }
        if c.coeffs is not None:
            item["gradient"] = {"kind": "quadratic", "coeffs": C.nums(c.coeffs, "float32")}
        else:
            item["gradient"] = {"kind": "list", "values": [C.nums(r, "float32") for r in c.grad_list]}
        item["hyperparameters"] = {k: C.hyper_num(v) for k, v in c.hyperparameters.items()}
        items.append(item)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(C._dump({"note": "inputs for tfjs_gen.mjs; written by tfjs_inputs.py", "cases": items}, 0) + "\n")
    print(f"[tfjs inputs] wrote {OUT} ({len(items)} cases)")


if __name__ == "__main__":
    main()
