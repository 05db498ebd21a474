"""Shared pieces of the golden-vector generators: number formatting, the trace writer, the step loop
and the deterministic inputs (parameters, coefficients, gradient lists) every framework's cases use.

Format: ../FORMAT.md (`isostep-golden-rmsprop/1`).
"""

from __future__ import annotations

import math
import os
import platform
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np

FORMAT = "isostep-golden-rmsprop/1"
GOLDEN_DIR = Path(
    os.environ.get("ISOSTEP_GOLDEN_DIR", Path(__file__).resolve().parent.parent / "golden")
)
NAME_RE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_.-")
DTYPES = {"float32": np.float32, "float64": np.float64}


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


class Num:
    """A number already formatted as JSON text (shortest round trip for its dtype)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def fmt_value(x: Any, dtype: str) -> str:
    """Shortest decimal text that recovers the exact `dtype` value; non-finite as JSON strings."""
    if dtype == "float32":
        v = np.float32(x)
        if np.isnan(v):
            return '"NaN"'
        if np.isinf(v):
            return '"Infinity"' if v > 0 else '"-Infinity"'
        # numpy's Dragon4 with unique=True is the shortest repr of the float32 value itself.
        text = np.format_float_scientific(v, unique=True, trim="-")
        text = _tidy(text, float(v))
        back = np.float32(float(text))  # = Math.fround(JSON value): double, then round to float32
        if back.view(np.uint32) != v.view(np.uint32):
            raise AssertionError(f"float32 {v!r} printed as {text} does not round-trip")
        return text
    if dtype == "float64":
        v = float(np.float64(x))
        if math.isnan(v):
            return '"NaN"'
        if math.isinf(v):
            return '"Infinity"' if v > 0 else '"-Infinity"'
        text = _tidy(repr(v), v)
        back = float(text)
        if np.float64(back).view(np.uint64) != np.float64(v).view(np.uint64):
            raise AssertionError(f"float64 {v!r} printed as {text} does not round-trip")
        return text
    raise ValueError(dtype)


def _tidy(text: str, v: float) -> str:
    """Make `text` valid, compact JSON: plain decimals for moderate magnitudes, no trailing '.0'."""
    if v == 0.0:
        return "-0.0" if math.copysign(1.0, v) < 0 else "0"  # "-0" would be int 0 in Python
    # Parse mantissa digits/exponent and re-emit: positional for 1e-5 <= |v| < 1e16, else scientific.
    mant, _, exp = text.lower().partition("e")
    exp_i = int(exp) if exp else 0
    sign = "-" if mant.startswith("-") else ""
    mant = mant.lstrip("+-")
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    digits = (ip + fp).lstrip("0")
    # decimal exponent of the first significant digit
    lead_zeros = len(ip + fp) - len((ip + fp).lstrip("0"))
    point = len(ip) + exp_i  # position of the decimal point relative to the start of ip+fp
    digits = digits.rstrip("0") or "0"
    e10 = point - lead_zeros - 1  # value = 0.d1d2... * 10^(e10+1) = d1.d2... * 10^e10
    if -5 <= e10 < 16:
        if e10 >= 0:
            if len(digits) <= e10 + 1:
                out = digits + "0" * (e10 + 1 - len(digits))
            else:
                out = digits[: e10 + 1] + "." + digits[e10 + 1 :]
        else:
            out = "0." + "0" * (-e10 - 1) + digits
    else:
        out = digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + "e" + str(e10)
    return sign + out


def nums(arr: Any, dtype: str) -> List[Num]:
    a = np.asarray(arr, dtype=DTYPES[dtype]).reshape(-1)
    return [Num(fmt_value(x, dtype)) for x in a]


def hyper_num(x: Any) -> Any:
    """Hyperparameters are the Python doubles passed to the framework: shortest float64 repr."""
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return Num(str(x))
    return Num(fmt_value(x, "float64"))


# --------------------------------------------------------------------------------------------
# JSON writer: stable key order, one number list per line
# --------------------------------------------------------------------------------------------


def _dump(obj: Any, indent: int) -> str:
    pad = "  " * indent
    if isinstance(obj, Num):
        return obj.text
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, str):
        import json

        return json.dumps(obj)
    if isinstance(obj, (int,)) and not isinstance(obj, bool):
        return str(obj)
    if isinstance(obj, float):
        return fmt_value(obj, "float64")
    if isinstance(obj, (list, tuple)):
        if all(isinstance(x, (Num, int, float, str)) or x is None for x in obj):
            return "[" + ", ".join(_dump(x, 0) for x in obj) + "]"
        inner = ",\n".join(pad + "  " + _dump(x, indent + 1) for x in obj)
        return "[\n" + inner + "\n" + pad + "]"
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        # small flat dicts on one line
        if all(not isinstance(v, (list, tuple, dict)) for v in obj.values()) and len(obj) <= 12:
            return "{ " + ", ".join(f"{_dump(k, 0)}: {_dump(v, 0)}" for k, v in obj.items()) + " }"
        inner = ",\n".join(f"{pad}  {_dump(k, 0)}: {_dump(v, indent + 1)}" for k, v in obj.items())
        return "{\n" + inner + "\n" + pad + "}"
    raise TypeError(f"cannot serialise {type(obj)}")


# --------------------------------------------------------------------------------------------
# Cases and the step loop
# --------------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str  # full name, framework-prefixed
    dtype: str
    hyperparameters: Dict[str, Any]
    init_params: np.ndarray
    steps: int
    coeffs: Optional[np.ndarray] = None  # quadratic kind
    grad_list: Optional[np.ndarray] = None  # list kind, shape (steps, n)
    options: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        assert set(self.name) <= NAME_RE_CHARS, self.name
        assert self.dtype in DTYPES
        np_dt = DTYPES[self.dtype]
        self.init_params = np.asarray(self.init_params, dtype=np_dt).reshape(-1)
        n = self.init_params.size
        assert (self.coeffs is None) != (self.grad_list is None)
        if self.coeffs is not None:
            self.coeffs = np.asarray(self.coeffs, dtype=np_dt).reshape(-1)
            assert self.coeffs.size == n
        else:
            self.grad_list = np.asarray(self.grad_list, dtype=np_dt)
            assert self.grad_list.shape == (self.steps, n), (self.grad_list.shape, self.steps, n)

    def gradient(self, step_index: int, params: np.ndarray) -> np.ndarray:
        np_dt = DTYPES[self.dtype]
        if self.coeffs is not None:
            two_c = self.coeffs * np_dt(2)  # exact (power of two) unless it overflows
            with np.errstate(all="ignore"):
                return (two_c * np.asarray(params, dtype=np_dt)).astype(np_dt)  # one rounding
        return self.grad_list[step_index].copy()


class Stepper:
    """One framework's optimizer over one flat parameter vector."""

    slots: Sequence[str]

    def initial_state(self) -> Dict[str, np.ndarray]:
        raise NotImplementedError

    def step(self, grad: np.ndarray):  # -> (params, state dict)
        raise NotImplementedError


def run_case(
    framework: str,
    case: Case,
    make_stepper: Callable[[Case], Stepper],
    versions: Dict[str, str],
    out_dir: Optional[Path] = None,
) -> Dict[str, Any]:
    dt = case.dtype
    np_dt = DTYPES[dt]
    stepper = make_stepper(case)
    init_state = stepper.initial_state()
    slots = sorted(stepper.slots)
    assert sorted(init_state) == slots, (sorted(init_state), slots)
    params = case.init_params.copy()
    steps_out = []
    raw_steps = []
    for i in range(case.steps):
        g = case.gradient(i, params)
        new_params, state = stepper.step(g.copy())
        new_params = np.asarray(new_params)
        assert new_params.dtype == np_dt, (new_params.dtype, np_dt)
        assert sorted(state) == slots, (sorted(state), slots)
        for k, v in state.items():
            assert np.asarray(v).dtype == np_dt, (k, np.asarray(v).dtype)
        steps_out.append(
            {
                "step": i + 1,
                "grad": nums(g, dt),
                "params": nums(new_params, dt),
                "state": {k: nums(state[k], dt) for k in slots},
            }
        )
        raw_steps.append((g, new_params, {k: np.asarray(state[k]).copy() for k in slots}))
        params = new_params.copy()

    case_obj: Dict[str, Any] = {
        "name": case.name,
        "framework": framework,
        "dtype": dt,
        "hyperparameters": {k: hyper_num(v) for k, v in case.hyperparameters.items()},
    }
    if case.options:
        case_obj["options"] = {k: hyper_num(v) for k, v in case.options.items()}
    case_obj["init_params"] = nums(case.init_params, dt)
    if case.coeffs is not None:
        case_obj["gradient"] = {"kind": "quadratic", "coeffs": nums(case.coeffs, dt)}
    else:
        case_obj["gradient"] = {"kind": "list", "values": [nums(r, dt) for r in case.grad_list]}
    case_obj["steps"] = case.steps
    trace = {
        "format": FORMAT,
        "case": case_obj,
        "versions": versions,
        "state_slots": slots,
        "initial_state": {k: nums(init_state[k], dt) for k in slots},
        "steps": steps_out,
    }
    out_dir = out_dir or (GOLDEN_DIR / framework)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{case.name}.json"
    path.write_text(_dump(trace, 0) + "\n")
    return {"path": path, "raw": raw_steps, "init_state": init_state}


def base_versions() -> Dict[str, str]:
    return {"numpy": np.__version__, "python": platform.python_version()}


def summarize(results: List[Dict[str, Any]]) -> None:
    for r in results:
        raw = r["raw"]
        last_p = raw[-1][1]
        nonfinite = int(np.sum(~np.isfinite(last_p)))
        print(f"  wrote {r['path'].name}  steps={len(raw)}  nonfinite_params_at_end={nonfinite}")


# --------------------------------------------------------------------------------------------
# Deterministic inputs (seeded by the framework-independent case id, so every framework sees
# the same numbers for the same scenario)
# --------------------------------------------------------------------------------------------

SEED = 20250607


def rng_for(case_id: str) -> np.random.Generator:
    return np.random.default_rng([SEED, zlib.crc32(case_id.encode())])


def spread_params(case_id: str, n: int) -> np.ndarray:
    """Signs mixed, magnitudes 1e-2..1e1, a quarter of them near zero (|p| ~ 1e-4..5e-3) so that
    steps of size ~lr carry them across zero."""
    r = rng_for(case_id + "/params")
    sign = np.where(r.random(n) < 0.5, -1.0, 1.0)
    mag = 10.0 ** r.uniform(-2, 1, n)
    near = r.random(n) < 0.25
    mag[near] = 10.0 ** r.uniform(-4, np.log10(5e-3), int(near.sum()))
    return sign * mag


def spread_coeffs(case_id: str, n: int) -> np.ndarray:
    r = rng_for(case_id + "/coeffs")
    return 10.0 ** r.uniform(-1, 0.7, n)


def log_uniform_list(case_id: str, steps: int, n: int, lo: float, hi: float) -> np.ndarray:
    r = rng_for(case_id + "/grads")
    sign = np.where(r.random((steps, n)) < 0.5, -1.0, 1.0)
    return sign * 10.0 ** r.uniform(np.log10(lo), np.log10(hi), (steps, n))


def near_constant_list(case_id: str, steps: int, n: int, jitter: float = 0.0) -> np.ndarray:
    """Each element gets one constant gradient value (mixed magnitudes and signs), optionally with
    a tiny relative jitter: the centered variance v - m^2 is then ~0 (catastrophic cancellation)."""
    r = rng_for(case_id + "/const")
    base = np.where(r.random(n) < 0.5, -1.0, 1.0) * 10.0 ** r.uniform(-3, 1, n)
    out = np.tile(base, (steps, 1))
    if jitter:
        out = out * (1.0 + jitter * r.standard_normal((steps, n)))
    return out


def overflow_list(steps: int, n: int = 12) -> np.ndarray:
    """float32 overflow in g*g: columns hold 1e20 every step, 1e20 at step 1 only, -1e20, 2e19
    (g^2 = 4e38 > FLT_MAX) and 1e19 (g^2 = 1e38, still finite), then ordinary gradients."""
    g = np.zeros((steps, n))
    g[:, 0] = 1e20
    g[:, 1] = 0.5
    g[0, 1] = 1e20
    g[:, 2] = -1e20
    g[:, 3] = 2e19
    g[:, 4] = 1e19
    g[:, 5] = -3e18
    rest = log_uniform_list("overflow_rest", steps, n - 6, 1e-2, 1e1)
    g[:, 6:] = rest
    return g


def overflow_list64(steps: int, n: int = 12) -> np.ndarray:
    """float64 analogue: 1e160 (g^2 = 1e320 > DBL_MAX)."""
    g = overflow_list(steps, n)
    scale = {1e20: 1e160, -1e20: -1e160, 2e19: 2e159, 1e19: 1e153, -3e18: -3e150}
    for k, v in scale.items():
        g[g == k] = v
    return g


def subnormal_params(case_id: str, n: int = 16, dtype: str = "float32") -> np.ndarray:
    if dtype == "float32":
        vals = [1e-40, -1e-44, 1.4e-45, -1.4e-45, 1e-38, -1.17e-38, 1.1754944e-38, 3e-39,
                -5e-41, 7e-42, 1e-3, -2e-4, 0.5, -1.25, 3.0, -7.5]
    else:
        vals = [1e-310, -5e-324, 5e-324, -1e-320, 2.2e-308, -2.225e-308, 3e-309, 1e-315,
                -7e-312, 4e-322, 1e-3, -2e-4, 0.5, -1.25, 3.0, -7.5]
    return np.array(vals[:n])


def subnormal_grad_list(steps: int, dtype: str = "float32") -> np.ndarray:
    if dtype == "float32":
        vals = np.array([1e-40, -1e-44, 1.4e-45, -1.4e-45, 1e-38, -1.17e-38, 3e-39, -5e-41,
                         2e-20, -1e-19, 1e-22, 0.0])
    else:
        vals = np.array([1e-310, -5e-324, 5e-324, -1e-320, 2.2e-308, -2.225e-308, 3e-309,
                         -7e-312, 1e-160, -1e-155, 1e-170, 0.0])
    return np.tile(vals, (steps, 1))


def main_guard(name: str) -> None:
    print(f"[{name}] python {sys.version.split()[0]}, numpy {np.__version__}")


def emit(text, out=None):
    """Writes an exporter's JSON to `out` (a pathlib.Path) or, when None, to stdout."""
    if out:
        out.write_text(text)
    else:
        sys.stdout.write(text)
