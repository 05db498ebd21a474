"""The Adam and AdamW regimes, framework-neutral: every framework's generator maps the neutral
hyperparameters (lr, beta1, beta2, eps, weight_decay, amsgrad, nesterov, maximize, ...) onto its own
argument names and records the cases its optimizer supports, so every framework sees the same numbers.

Run as a script it writes inputs/adam_cases.json, which tfjs_adam_gen.mjs reads (TF.js cannot import
this module); that file is committed beside the traces.

Sizes are kept small (<= 16 elements, <= 8 steps): CI runs every trace on 7 backends x 2 modes.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402


@dataclass
class NeutralCase:
    regime: str
    dtype: str
    hp: Dict[str, Any]  # neutral names; a missing key = the framework's default
    params: List[T.Param]
    steps: int
    grad_list: Optional[List[Dict[str, np.ndarray]]] = None
    lr_schedule: Optional[List[float]] = None
    needs: List[str] = field(default_factory=list)  # features: amsgrad, nesterov, maximize, weight_decay, eps_root, decoupled_flag, float64


def _flat(case_id: str, n: int) -> List[T.Param]:
    return T.one_tensor("p", C.spread_params(case_id, n), C.spread_coeffs(case_id, n))


def _listed(name: str, init: np.ndarray, grads: np.ndarray) -> Dict[str, Any]:
    params = T.one_tensor(name, init)
    return {"params": params, "grad_list": [{name: row} for row in grads]}


def _amsgrad_grads(case_id: str, steps: int, n: int) -> np.ndarray:
    """Large gradients first, then smaller ones: v falls, so the running maximum matters."""
    g = C.log_uniform_list(case_id, steps, n, 1e-2, 1e1)
    scale = np.array([10.0 ** (1 - 0.6 * t) for t in range(steps)])[:, None]
    return g * scale


def cases(optimizer: str) -> List[NeutralCase]:
    """The regimes for 'adam' or 'adamw' (AdamW's weight decay is its own default unless stated)."""
    k = optimizer  # seeds differ per optimizer so the traces are independent
    out: List[NeutralCase] = []

    def add(regime, hp, *, dtype="float32", params=None, steps=6, needs=(), n=12, lr_schedule=None, listed=None):
        kw: Dict[str, Any] = {}
        if listed is not None:
            kw = listed
        else:
            kw = {"params": params if params is not None else _flat(f"{k}_{regime}", n)}
        out.append(NeutralCase(regime=regime, dtype=dtype, hp=hp, steps=steps, needs=list(needs) + (["float64"] if dtype == "float64" else []),
                               lr_schedule=lr_schedule, **kw))

    add("defaults", {}, n=16, steps=8)
    add("zero_grads", {"lr": 0.01}, steps=4, listed=_listed("p", C.spread_params(f"{k}_zero", 8), np.zeros((4, 8))))
    add("overflow", {"lr": 0.01}, steps=6, listed=_listed("p", C.spread_params(f"{k}_overflow", 12), C.overflow_list(6, 12)))
    add("subnormal", {"lr": 0.01}, steps=4,
        listed=_listed("p", C.subnormal_params(f"{k}_subnormal", 12), C.subnormal_grad_list(4)))
    add("eps_0.1", {"lr": 0.01, "eps": 0.1}, steps=6)
    add("tiny_lr", {"lr": 1e-6}, steps=4)
    add("schedule", {"lr": 0.01}, steps=6, lr_schedule=T.changing_lr(0.01, 6))
    add("two_tensors", {"lr": 0.01}, params=T.two_tensors(f"{k}_two_tensors"), steps=5)
    add("f64", {"lr": 0.01}, dtype="float64", steps=6)
    add("amsgrad", {"lr": 0.01, "amsgrad": True}, steps=6, needs=["amsgrad"],
        listed=_listed("p", C.spread_params(f"{k}_amsgrad", 12), _amsgrad_grads(f"{k}_amsgrad", 6, 12)))
    add("amsgrad_eps_0.1", {"lr": 0.01, "eps": 0.1, "amsgrad": True}, steps=6, needs=["amsgrad"],
        listed=_listed("p", C.spread_params(f"{k}_amsgrad_eps", 12), _amsgrad_grads(f"{k}_amsgrad_eps", 6, 12)))
    add("nesterov", {"lr": 0.01, "nesterov": True}, steps=6, needs=["nesterov"])
    add("maximize", {"lr": 0.01, "maximize": True}, steps=5, needs=["maximize"])
    add("eps_root", {"lr": 0.01, "eps_root": 1e-6}, steps=5, needs=["eps_root"])
    add("weight_decay", {"lr": 0.01, "weight_decay": 0.1}, steps=6, needs=["weight_decay"])
    add("weight_decay_f64", {"lr": 0.01, "weight_decay": 0.1}, dtype="float64", steps=6, needs=["weight_decay"])
    if optimizer == "adam":
        add("decoupled_weight_decay", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}, steps=6, needs=["decoupled_flag"])
        add("overflow_f64", {"lr": 0.01}, dtype="float64", steps=6,
            listed=_listed("p", C.spread_params(f"{k}_overflow64", 12), C.overflow_list64(6, 12)))
    else:
        add("weight_decay_schedule", {"lr": 0.01, "weight_decay": 0.1}, steps=6, lr_schedule=T.changing_lr(0.01, 6), needs=["weight_decay"])
    return out


def supported(case: NeutralCase, features: List[str]) -> bool:
    return all(f in features for f in case.needs)


def _f32(a) -> List[float]:
    """float32 values as the doubles that hold them exactly (JSON round-trips doubles)."""
    return [float(x) for x in np.asarray(a, np.float32).reshape(-1)]


def to_json() -> Dict[str, Any]:
    """The TF.js subset (float32, Adam, no features TF.js lacks), as plain lists."""
    out = []
    for c in cases("adam"):
        if c.dtype != "float32" or c.needs:
            continue
        out.append({
            "regime": c.regime,
            "hp": c.hp,
            "steps": c.steps,
            "params": [{"name": p.name, "shape": list(p.shape), "init": _f32(p.init),
                        "coeffs": None if p.coeffs is None else _f32(p.coeffs)} for p in c.params],
            "grad_list": None if c.grad_list is None else [{k: _f32(v) for k, v in g.items()} for g in c.grad_list],
            "lr_schedule": c.lr_schedule,
        })
    return {"cases": out}


if __name__ == "__main__":
    path = Path(__file__).resolve().parent / "inputs" / "adam_cases.json"
    path.write_text(json.dumps(to_json(), indent=1) + "\n")
    print(f"wrote {path}")
