"""The cases of the classic optimizers (SGD with momentum, Adagrad, Adadelta) for every framework, as data.

Each framework's generator (`<framework>_classic_gen.py`, TF.js: `tfjs_classic_gen.py` + `.mjs`) asks
`cases(framework)` for its list and only knows how to drive its own optimizers. Regimes: defaults, zero
gradients, 1e20 gradients (float32 overflow of g²), subnormals, eps 0.1 (where there is an eps), a tiny lr,
a learning rate that changes every step (recorded), two named tensors, float64 (not TF.js), and the
framework's own options (momentum, nesterov, dampening, maximize, weight decay, lr_decay, initial
accumulator). Small on purpose: ≤ 16 elements, ≤ 8 steps (CI runs each trace on 7 backends × 2 modes).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common as C  # noqa: E402
import trace_v2 as T  # noqa: E402

FRAMEWORKS = ("torch", "keras", "tf1", "tfjs", "optax")

# Each framework's own argument names.
LR = {"torch": "lr", "keras": "learning_rate", "tf1": "learning_rate", "tfjs": "learningRate", "optax": "learning_rate"}
NESTEROV = {"torch": "nesterov", "keras": "nesterov", "tf1": "use_nesterov", "tfjs": "useNesterov", "optax": "nesterov"}
EPS = {"torch": "eps", "keras": "epsilon", "tf1": "epsilon", "tfjs": "epsilon", "optax": "eps"}
INIT_ACC = {"torch": "initial_accumulator_value", "keras": "initial_accumulator_value", "tf1": "initial_accumulator_value",
            "tfjs": "initialAccumulatorValue", "optax": "initial_accumulator_value"}
WEIGHT_DECAY = {"torch": "weight_decay", "keras": "weight_decay", "optax": "weight_decay"}


def _quad(sid: str, n: int = 12) -> List[T.Param]:
    return T.one_tensor("p", C.spread_params(sid, n), C.spread_coeffs(sid, n))


def _listed(glist: np.ndarray) -> List[Dict[str, np.ndarray]]:
    return [{"p": row} for row in glist]


def cases(fw: str) -> List[T.CaseV2]:
    out: List[T.CaseV2] = []
    lr = LR[fw]

    def add(opt: str, regime: str, hp: Dict[str, Any], *, dtype: str = "float32", steps: int = 6, sid: str = "",
            params=None, glist=None, schedule=None, options=None):
        sid = sid or f"{opt}_{regime}"
        if params is None and glist is None:
            params = _quad(sid)
        elif params is None:
            params = T.one_tensor("p", C.spread_params(sid, glist.shape[1]))
        elif not isinstance(params, list):
            params = T.one_tensor("p", params)
        suffix = "_f64" if dtype == "float64" and not regime.endswith("f64") else ""
        out.append(T.CaseV2(
            name=f"{fw}_{opt}_{regime}{suffix}", optimizer=opt, dtype=dtype, hyperparameters=hp, params=params,
            steps=steps, grad_list=None if glist is None else _listed(glist), lr_schedule=schedule,
            options=dict(options or {})))

    zeros = np.zeros((6, 8))
    sub_p, sub_g = C.subnormal_params("sub", 12), C.subnormal_grad_list(6)
    over = C.overflow_list(6)

    # ---------------- SGD (with momentum) ----------------
    mom = lambda x: {"momentum": x}  # noqa: E731
    need_lr = fw in ("tf1", "tfjs", "optax")  # lr is a required argument there
    add("sgd", "defaults", {lr: 0.01} if need_lr else {})
    add("sgd", "momentum", {lr: 0.05, **mom(0.9)}, steps=8)
    add("sgd", "nesterov", {lr: 0.05, **mom(0.9), NESTEROV[fw]: True}, steps=8)
    add("sgd", "zero_grads", {lr: 0.1, **mom(0.9)}, glist=zeros)
    add("sgd", "overflow", {lr: 0.01, **mom(0.9)}, glist=over)
    add("sgd", "subnormal", {lr: 0.5}, params=sub_p, glist=sub_g)
    add("sgd", "subnormal_momentum", {lr: 0.5, **mom(0.5)}, params=sub_p, glist=sub_g)
    add("sgd", "tiny_lr", {lr: 1e-7, **mom(0.9)})
    add("sgd", "lr_schedule", {lr: 0.05, **mom(0.9)}, steps=8, schedule=T.changing_lr(0.05, 8))
    add("sgd", "lr_schedule_nesterov", {lr: 0.05, **mom(0.9), NESTEROV[fw]: True}, steps=8, schedule=T.changing_lr(0.05, 8))
    add("sgd", "two_tensors", {lr: 0.05, **mom(0.5)}, params=T.two_tensors("sgd_two_tensors"))
    if fw != "tfjs":
        add("sgd", "momentum_f64", {lr: 0.05, **mom(0.9)}, dtype="float64", steps=8, sid="sgd_momentum")
        add("sgd", "nesterov_f64", {lr: 0.05, **mom(0.9), NESTEROV[fw]: True}, dtype="float64", steps=8, sid="sgd_nesterov")
    if fw == "torch":
        add("sgd", "dampening", {lr: 0.05, "momentum": 0.9, "dampening": 0.5}, steps=8)
        add("sgd", "maximize_weight_decay", {lr: 0.05, "momentum": 0.9, "weight_decay": 0.1, "maximize": True}, steps=8)
        add("sgd", "weight_decay_plain", {lr: 0.05, "weight_decay": 0.1})
    if fw == "keras":
        add("sgd", "weight_decay", {lr: 0.05, "momentum": 0.9, "weight_decay": 0.1}, steps=8)
    if fw in ("tf1", "tfjs", "optax"):
        # The momentum optimizer with momentum 0: the buffer exists and is g every step.
        add("sgd", "momentum_0", {lr: 0.05, **mom(0.0)})

    # ---------------- Adagrad ----------------
    add("adagrad", "defaults", {lr: 0.1} if need_lr else {})
    add("adagrad", "zero_grads", {lr: 0.1}, glist=zeros)
    add("adagrad", "overflow", {lr: 0.1}, glist=over)
    add("adagrad", "subnormal", {lr: 0.1}, params=sub_p, glist=sub_g)
    add("adagrad", "tiny_lr", {lr: 1e-7})
    add("adagrad", "lr_schedule", {lr: 0.1}, steps=8, schedule=T.changing_lr(0.1, 8))
    add("adagrad", "two_tensors", {lr: 0.1}, params=T.two_tensors("adagrad_two_tensors"))
    add("adagrad", "init_acc_0", {lr: 0.1, INIT_ACC[fw]: 0.0})
    if fw != "tfjs":  # TF.js reads the backend epsilon and has no eps argument
        add("adagrad", "eps_0.1", {lr: 0.1, EPS[fw]: 0.1})
        add("adagrad", "basic_f64", {lr: 0.1}, dtype="float64", sid="adagrad_basic")
    if fw == "torch":
        add("adagrad", "lr_decay", {lr: 0.1, "lr_decay": 0.5}, steps=8)
        add("adagrad", "maximize_weight_decay", {lr: 0.1, "weight_decay": 0.1, "maximize": True})
    if fw == "keras":
        add("adagrad", "weight_decay", {lr: 0.1, "weight_decay": 0.1})
    if fw == "tf1":
        # ApplyAdagrad has no eps: accumulator 0 and g = 0 give 0·rsqrt(0) = 0·∞ = NaN.
        add("adagrad", "zero_grads_init_acc_0", {lr: 0.1, INIT_ACC[fw]: 0.0}, glist=zeros)
    if fw in ("torch", "keras", "optax"):
        add("adagrad", "zero_grads_init_acc_0", {lr: 0.1, INIT_ACC[fw]: 0.0}, glist=zeros)

    # ---------------- Adadelta ----------------
    ada = {lr: 1.0, "rho": 0.9}
    add("adadelta", "defaults", {lr: 0.001, "rho": 0.95, "epsilon": 1e-8} if fw == "tf1" else {})
    add("adadelta", "basic", dict(ada))
    add("adadelta", "zero_grads", dict(ada), glist=zeros)
    add("adadelta", "overflow", dict(ada), glist=over)
    add("adadelta", "subnormal", dict(ada), params=sub_p, glist=sub_g)
    add("adadelta", "eps_0.1", {**ada, EPS[fw]: 0.1})
    add("adadelta", "tiny_lr", {lr: 1e-7, "rho": 0.9})
    add("adadelta", "lr_schedule", dict(ada), steps=8, schedule=T.changing_lr(1.0, 8))
    add("adadelta", "two_tensors", dict(ada), params=T.two_tensors("adadelta_two_tensors"))
    if fw != "tfjs":
        add("adadelta", "basic_f64", dict(ada), dtype="float64", sid="adadelta_basic")
    if fw == "torch":
        add("adadelta", "maximize_weight_decay", {**ada, "weight_decay": 0.1, "maximize": True})
    if fw in ("keras", "optax"):
        add("adadelta", "weight_decay", {**ada, "weight_decay": 0.1})
    if fw == "optax":
        add("adadelta", "weight_decay_lr_none", {"rho": 0.9, "weight_decay": 0.1})
    return out


SLOTS = {
    "torch": {"sgd": ["momentum_buffer"], "adagrad": ["sum"], "adadelta": ["square_avg", "acc_delta"]},
    "keras": {"sgd": ["momentum"], "adagrad": ["accumulator"], "adadelta": ["accumulated_grad", "accumulated_delta_var"]},
    "tf1": {"sgd": ["momentum"], "adagrad": ["accumulator"], "adadelta": ["accum", "accum_update"]},
    "tfjs": {"sgd": ["momentum"], "adagrad": ["accumulator"], "adadelta": ["accum_grad", "accum_var"]},
    "optax": {"sgd": ["trace"], "adagrad": ["sum_of_squares"], "adadelta": ["e_g", "e_x"]},
}


def summarize(results) -> None:
    for r in results:
        last = r["raw"][-1][1]
        nonfinite = sum(int(np.sum(~np.isfinite(np.asarray(v, dtype=np.float64)))) for v in last.values())
        print(f"  wrote {r['path'].name}  steps={len(r['raw'])}  nonfinite_params_at_end={nonfinite}")
