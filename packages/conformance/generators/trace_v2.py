"""The `isostep-golden/2` writer and step loop for generators (format: ../FORMAT.md).

A case is named parameter tensors (each with a shape), a gradient source (per-parameter quadratic
coefficients, g = (2c)·p rounded once in the dtype, or an explicit per-step list), and a learning-rate
schedule: constant (the hyperparameters' lr every step) or recorded (a list of one lr per step, which
the stepper must set on the framework's optimizer before each step and which is written as the value
the framework actually used, after its own cast). A stepper wraps one framework optimizer over those
tensors and returns, after each step, the parameters and every slot per parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

import common as C

FORMAT_V2 = "isostep-golden/2"


@dataclass
class Param:
    name: str
    shape: Tuple[int, ...]
    init: np.ndarray
    coeffs: Optional[np.ndarray] = None  # quadratic gradient source


@dataclass
class CaseV2:
    name: str  # full name, framework-prefixed, [a-z0-9_.-]
    optimizer: str  # the spec's optimizer name: sgd, momentum, adagrad, adadelta, adam, adamw, rmsprop
    dtype: str
    hyperparameters: Dict[str, Any]
    params: List[Param]
    steps: int
    # Explicit gradients: grad_list[step][param name] (exclusive with per-param coeffs).
    grad_list: Optional[List[Dict[str, np.ndarray]]] = None
    # None: constant lr (the hyperparameters'); else one lr per step (set before that step).
    lr_schedule: Optional[List[float]] = None
    options: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        assert set(self.name) <= C.NAME_RE_CHARS, self.name
        assert self.dtype in C.DTYPES
        dt = C.DTYPES[self.dtype]
        names = [p.name for p in self.params]
        assert len(set(names)) == len(names), names
        for p in self.params:
            p.init = np.asarray(p.init, dtype=dt).reshape(p.shape)
            if p.coeffs is not None:
                p.coeffs = np.asarray(p.coeffs, dtype=dt).reshape(p.shape)
        quadratic = [p.coeffs is not None for p in self.params]
        assert all(quadratic) or not any(quadratic), "all params quadratic, or none"
        assert all(quadratic) == (self.grad_list is None), "coeffs or grad_list, not both"
        if self.grad_list is not None:
            assert len(self.grad_list) == self.steps
            self.grad_list = [{p.name: np.asarray(g[p.name], dtype=dt).reshape(p.shape) for p in self.params} for g in self.grad_list]
        if self.lr_schedule is not None:
            assert len(self.lr_schedule) == self.steps

    def gradients(self, step_index: int, params: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
        dt = C.DTYPES[self.dtype]
        if self.grad_list is not None:
            return {k: v.copy() for k, v in self.grad_list[step_index].items()}
        out = {}
        for p in self.params:
            with np.errstate(all="ignore"):
                out[p.name] = ((p.coeffs * dt(2)) * np.asarray(params[p.name], dtype=dt)).astype(dt)  # one rounding
        return out


class StepperV2:
    """One framework's optimizer over the case's named tensors."""

    slots: Sequence[str]  # the framework's own slot names this config allocates

    def initial_state(self) -> Dict[str, Dict[str, np.ndarray]]:
        raise NotImplementedError

    def step(self, grads: Dict[str, np.ndarray], lr: Optional[float]) -> Tuple[Dict[str, np.ndarray], Dict[str, Dict[str, np.ndarray]], Optional[float]]:
        """One step (lr None: the constant lr). Returns params, state per param per slot, and the lr the
        framework actually used (after its cast), or None with a constant schedule."""
        raise NotImplementedError


def _flat(a: np.ndarray, dt: str) -> List[C.Num]:
    return C.nums(np.asarray(a).reshape(-1), dt)


def run_case_v2(
    framework: str,
    case: CaseV2,
    make_stepper: Callable[[CaseV2], StepperV2],
    versions: Dict[str, str],
    out_dir: Optional[Path] = None,
) -> Dict[str, Any]:
    dt = case.dtype
    np_dt = C.DTYPES[dt]
    stepper = make_stepper(case)
    slots = list(stepper.slots)
    init_state = stepper.initial_state()
    names = [p.name for p in case.params]
    assert list(init_state) == names, (list(init_state), names)
    params = {p.name: p.init.copy() for p in case.params}
    steps_out = []
    raw_steps = []
    for i in range(case.steps):
        grads = case.gradients(i, params)
        lr = None if case.lr_schedule is None else case.lr_schedule[i]
        new_params, state, used_lr = stepper.step({k: v.copy() for k, v in grads.items()}, lr)
        for k in names:
            assert np.asarray(new_params[k]).dtype == np_dt, (k, np.asarray(new_params[k]).dtype)
            assert sorted(state[k]) == sorted(slots), (k, sorted(state[k]), sorted(slots))
            for s, v in state[k].items():
                assert np.asarray(v).dtype == np_dt, (k, s, np.asarray(v).dtype)
        step: Dict[str, Any] = {"step": i + 1}
        if case.lr_schedule is not None:
            assert used_lr is not None
            step["lr"] = C.hyper_num(float(used_lr))
        step["grads"] = {k: _flat(grads[k], dt) for k in names}
        step["params"] = {k: _flat(new_params[k], dt) for k in names}
        step["state"] = {k: {s: _flat(state[k][s], dt) for s in slots} for k in names}
        steps_out.append(step)
        raw_steps.append((grads, {k: np.asarray(v).copy() for k, v in new_params.items()}, state))
        params = {k: np.asarray(v).copy() for k, v in new_params.items()}

    case_obj: Dict[str, Any] = {
        "name": case.name,
        "framework": framework,
        "optimizer": case.optimizer,
        "dtype": dt,
        "hyperparameters": {k: _hyper(v) for k, v in case.hyperparameters.items()},
    }
    if case.options:
        case_obj["options"] = {k: _hyper(v) for k, v in case.options.items()}
    case_obj["params"] = [{"name": p.name, "shape": list(p.shape), "init": _flat(p.init, dt)} for p in case.params]
    if case.grad_list is None:
        case_obj["gradient"] = {"kind": "quadratic", "coeffs": {p.name: _flat(p.coeffs, dt) for p in case.params}}
    else:
        case_obj["gradient"] = {"kind": "list"}
    case_obj["lr_schedule"] = "constant" if case.lr_schedule is None else "recorded"
    case_obj["steps"] = case.steps
    trace = {
        "format": FORMAT_V2,
        "case": case_obj,
        "versions": versions,
        "state_slots": slots,
        "initial_state": {k: {s: _flat(init_state[k][s], dt) for s in slots} for k in names},
        "steps": steps_out,
    }
    out_dir = out_dir or (C.GOLDEN_DIR / framework)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{case.name}.json"
    path.write_text(C._dump(trace, 0) + "\n")
    return {"path": path, "raw": raw_steps, "init_state": init_state}


def _hyper(v: Any) -> Any:
    """Hyperparameters are the Python doubles passed to the framework; tuples/lists (torch betas) stay lists."""
    if isinstance(v, (list, tuple)):
        return [C.hyper_num(x) for x in v]
    return C.hyper_num(v)


def one_tensor(name: str, init: np.ndarray, coeffs: Optional[np.ndarray] = None) -> List[Param]:
    """The common single-tensor case (a flat vector named `name`)."""
    a = np.asarray(init).reshape(-1)
    return [Param(name=name, shape=(a.size,), init=a, coeffs=None if coeffs is None else np.asarray(coeffs).reshape(-1))]


def two_tensors(case_id: str) -> List[Param]:
    """`w` [2, 3] and `b` [3], with quadratic coefficients: the 'two named tensors' regime."""
    w = C.spread_params(case_id + "/w", 6)
    b = C.spread_params(case_id + "/b", 3)
    return [
        Param(name="w", shape=(2, 3), init=w, coeffs=C.spread_coeffs(case_id + "/w", 6)),
        Param(name="b", shape=(3,), init=b, coeffs=C.spread_coeffs(case_id + "/b", 3)),
    ]


def changing_lr(base: float, steps: int) -> List[float]:
    """A learning rate that changes every step (×1.5, ×0.5 alternating around `base`), as schedules do."""
    return [base * (1.5 if i % 2 == 0 else 0.5) * (1.0 + 0.1 * i) for i in range(steps)]
