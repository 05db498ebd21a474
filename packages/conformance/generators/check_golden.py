"""Validates every golden trace (format rules of isostep-golden-rmsprop/1 and isostep-golden/2) and prints a summary.

Usage: python check_golden.py [golden_dir]
Checks: format tag, name pattern and global uniqueness, file name = case name, framework dir,
dtype, lengths, slots present everywhere, numbers are numbers or the three non-finite strings,
float32 numbers round-trip through Math.fround (np.float32(float(x))) with <= 9 significant digits,
quadratic gradients recorded equal (2c)*p of the previous params.
v2 (isostep-golden/2, ../FORMAT.md): the same per named parameter tensor (shape, init length, grads, params
and every slot of every step), the optimizer and lr_schedule fields (a recorded schedule has a finite lr >= 0
in every step, a constant one none), initial_state keyed by exactly the parameters and state_slots.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

NAME = re.compile(r"^[a-z0-9_.-]+$")
NONFINITE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}
SLOTS = {
    "torch": {"square_avg", "grad_avg", "momentum_buffer"},
    "keras": {"velocity", "average_gradient", "momentum"},
    "tf1": {"rms", "mg", "momentum"},
    "tfjs": {"rms", "mg", "momentum"},
    "optax": {"nu", "mu", "trace"},
}
# isostep-golden/2: the framework's own slot names, per optimizer (None: any non-empty names).
SLOTS_V2 = {
    ("torch", "sgd"): {"momentum_buffer"},
    ("torch", "adagrad"): {"sum"},
    ("torch", "adadelta"): {"square_avg", "acc_delta"},
    ("keras", "sgd"): {"momentum"},
    ("keras", "adagrad"): {"accumulator"},
    ("keras", "adadelta"): {"accumulated_grad", "accumulated_delta_var"},
    ("tf1", "sgd"): {"momentum"},
    ("tf1", "adagrad"): {"accumulator"},
    ("tf1", "adadelta"): {"accum", "accum_update"},
    ("tfjs", "sgd"): {"momentum"},
    ("tfjs", "adagrad"): {"accumulator"},
    ("tfjs", "adadelta"): {"accum_grad", "accum_var"},
    ("optax", "sgd"): {"trace"},
    ("optax", "adagrad"): {"sum_of_squares"},
    ("optax", "adadelta"): {"e_g", "e_x"},
}


def vec(x, dtype, where):
    if not isinstance(x, list):
        raise ValueError(f"{where}: expected a list")
    out = []
    for i, v in enumerate(x):
        if isinstance(v, str):
            if v not in NONFINITE:
                raise ValueError(f"{where}[{i}]: bad string {v!r}")
            out.append(NONFINITE[v])
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
        else:
            raise ValueError(f"{where}[{i}]: not a number")
    a = np.array(out, dtype=np.float64)
    if dtype == "float32":
        with np.errstate(over="ignore"):
            b = a.astype(np.float32)
        if np.any(np.isfinite(a) & ~np.isfinite(b)):
            raise ValueError(f"{where}: value overflows float32")
        return b
    return a


def check_digits(raw: str, after: str) -> None:
    """float32 numbers: <= 9 significant digits (shortest round trip)."""
    body = re.sub(r'"lr": [^,}]+', "", raw.split(after, 1)[1])  # recorded learning rates are doubles
    for m in re.finditer(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", body):
        digits = m.group(0).lstrip("-").split("e")[0].replace(".", "").strip("0")
        if len(digits) > 9:
            raise ValueError(f"float32 number with {len(digits)} digits: {m.group(0)}")


def check_v2(path: Path, raw: str, t: dict, names: set) -> str:
    c = t["case"]
    name, fw, dt, opt = c["name"], c["framework"], c["dtype"], c["optimizer"]
    if not NAME.match(name) or path.stem != name or path.parent.name != fw:
        raise ValueError(f"case name/file/framework mismatch: {name} {path}")
    if name in names:
        raise ValueError(f"duplicate case name {name}")
    names.add(name)
    if not isinstance(opt, str) or not re.match(r"^[a-z0-9_-]+$", opt):
        raise ValueError(f"optimizer {opt!r}")
    if dt not in ("float32", "float64") or (fw == "tfjs" and dt != "float32"):
        raise ValueError(f"dtype {dt}")
    for k, v in c["hyperparameters"].items():
        ok = v is None or isinstance(v, bool) or (isinstance(v, (int, float)) and np.isfinite(v)) or (
            isinstance(v, list) and all(isinstance(x, (int, float)) and not isinstance(x, bool) and np.isfinite(x) for x in v))
        if not ok:
            raise ValueError(f"hyperparameter {k} = {v!r}")
    params = c["params"]
    if not params:
        raise ValueError("no params")
    pnames = [p["name"] for p in params]
    if len(set(pnames)) != len(pnames) or not all(isinstance(n, str) and n for n in pnames):
        raise ValueError(f"param names {pnames}")
    size = {}
    init = {}
    for p in params:
        shape = p["shape"]
        if not all(isinstance(d, int) and d > 0 for d in shape):
            raise ValueError(f"param {p['name']} shape {shape}")
        size[p["name"]] = int(np.prod(shape)) if shape else 1
        init[p["name"]] = vec(p["init"], dt, f"case.params.{p['name']}.init")
        if init[p["name"]].size != size[p["name"]]:
            raise ValueError(f"param {p['name']} init length")
    slots = t["state_slots"]
    if len(set(slots)) != len(slots) or not all(isinstance(s, str) and s for s in slots):
        raise ValueError(f"state_slots {slots}")
    known = SLOTS_V2.get((fw, opt))
    if known is not None and not set(slots) <= known:
        raise ValueError(f"unknown slots {slots} for {fw} {opt}")
    if fw in SLOTS and opt == "rmsprop" and not set(slots) <= SLOTS[fw]:
        raise ValueError(f"unknown slots {slots}")

    def per_param_state(st, where):
        if set(st) != set(pnames):
            raise ValueError(f"{where} keys != params")
        for k in pnames:
            if set(st[k]) != set(slots):
                raise ValueError(f"{where}.{k} keys != state_slots")
            for s in slots:
                if vec(st[k][s], dt, f"{where}.{k}.{s}").size != size[k]:
                    raise ValueError(f"{where}.{k}.{s} length")

    per_param_state(t["initial_state"], "initial_state")
    grad = c["gradient"]
    np_dt = np.float32 if dt == "float32" else np.float64
    if grad["kind"] == "quadratic":
        if set(grad["coeffs"]) != set(pnames):
            raise ValueError("coeffs keys != params")
        coeffs = {k: vec(grad["coeffs"][k], dt, f"case.gradient.coeffs.{k}") for k in pnames}
        if any(coeffs[k].size != size[k] for k in pnames):
            raise ValueError("coeffs length")
    elif grad["kind"] != "list":
        raise ValueError("gradient.kind")
    schedule = c["lr_schedule"]
    if schedule not in ("constant", "recorded"):
        raise ValueError(f"lr_schedule {schedule!r}")
    steps = t["steps"]
    if len(steps) != c["steps"]:
        raise ValueError("steps count")
    prev = init
    for i, s in enumerate(steps):
        if s["step"] != i + 1:
            raise ValueError(f"steps[{i}].step")
        if schedule == "recorded":
            lr = s.get("lr")
            if not (isinstance(lr, (int, float)) and not isinstance(lr, bool) and np.isfinite(lr) and lr >= 0):
                raise ValueError(f"steps[{i}].lr {lr!r}")
        elif "lr" in s:
            raise ValueError(f"steps[{i}].lr with a constant schedule")
        for key in ("grads", "params"):
            if set(s[key]) != set(pnames):
                raise ValueError(f"steps[{i}].{key} keys != params")
        g = {k: vec(s["grads"][k], dt, f"steps[{i}].grads.{k}") for k in pnames}
        q = {k: vec(s["params"][k], dt, f"steps[{i}].params.{k}") for k in pnames}
        if any(g[k].size != size[k] or q[k].size != size[k] for k in pnames):
            raise ValueError(f"steps[{i}] lengths")
        per_param_state(s["state"], f"steps[{i}].state")
        if grad["kind"] == "quadratic":
            for k in pnames:
                with np.errstate(all="ignore"):
                    want = (coeffs[k].astype(np_dt) * np_dt(2)) * prev[k].astype(np_dt)
                if want.astype(np_dt).tobytes() != g[k].astype(np_dt).tobytes():
                    raise ValueError(f"steps[{i}].grads.{k} != (2c)*p")
        prev = q
    if dt == "float32":
        check_digits(raw, '"params"')
    return f"{fw:6s} {dt} {name}"


def check_file(path: Path, names: set) -> str:
    raw = path.read_text()
    t = json.loads(raw)
    if t.get("format") == "isostep-golden/2":
        return check_v2(path, raw, t, names)
    if t.get("format") != "isostep-golden-rmsprop/1":
        raise ValueError("format tag")
    c = t["case"]
    name, fw, dt = c["name"], c["framework"], c["dtype"]
    if not NAME.match(name) or path.stem != name or path.parent.name != fw:
        raise ValueError(f"case name/file/framework mismatch: {name} {path}")
    if name in names:
        raise ValueError(f"duplicate case name {name}")
    names.add(name)
    if dt not in ("float32", "float64") or (fw == "tfjs" and dt != "float32"):
        raise ValueError(f"dtype {dt}")
    p = vec(c["init_params"], dt, "case.init_params")
    n = p.size
    grad = c["gradient"]
    slots = t["state_slots"]
    if fw in SLOTS and not set(slots) <= SLOTS[fw]:
        raise ValueError(f"unknown slots {slots}")
    for k in slots:
        if vec(t["initial_state"][k], dt, f"initial_state.{k}").size != n:
            raise ValueError(f"initial_state.{k} length")
    if set(t["initial_state"]) != set(slots):
        raise ValueError("initial_state keys != state_slots")
    steps = t["steps"]
    if len(steps) != c["steps"]:
        raise ValueError("steps count")
    np_dt = np.float32 if dt == "float32" else np.float64
    if grad["kind"] == "quadratic":
        coeffs = vec(grad["coeffs"], dt, "case.gradient.coeffs")
        if coeffs.size != n:
            raise ValueError("coeffs length")
    elif grad["kind"] == "list":
        if len(grad["values"]) != c["steps"]:
            raise ValueError("gradient.values rows")
    else:
        raise ValueError("gradient.kind")
    prev = p
    for i, s in enumerate(steps):
        if s["step"] != i + 1:
            raise ValueError(f"steps[{i}].step")
        g = vec(s["grad"], dt, f"steps[{i}].grad")
        q = vec(s["params"], dt, f"steps[{i}].params")
        if g.size != n or q.size != n:
            raise ValueError(f"steps[{i}] lengths")
        if set(s["state"]) != set(slots):
            raise ValueError(f"steps[{i}].state keys")
        for k in slots:
            if vec(s["state"][k], dt, f"steps[{i}].state.{k}").size != n:
                raise ValueError(f"steps[{i}].state.{k} length")
        if grad["kind"] == "quadratic":
            with np.errstate(all="ignore"):
                want = (coeffs.astype(np_dt) * np_dt(2)) * prev.astype(np_dt)
            if want.astype(np_dt).tobytes() != g.astype(np_dt).tobytes():
                raise ValueError(f"steps[{i}].grad != (2c)*p")
        else:
            want = vec(grad["values"][i], dt, f"gradient.values[{i}]")
            if want.tobytes() != g.tobytes():
                raise ValueError(f"steps[{i}].grad != gradient.values[{i}]")
        prev = q
    if dt == "float32":
        check_digits(raw, '"init_params"')
    return f"{fw:6s} {dt} {name}"


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "golden")
    names: set = set()
    per_fw: dict = {}
    total = 0
    bad = 0
    for path in sorted(root.glob("*/*.json")):
        try:
            check_file(path, names)
            per_fw.setdefault(path.parent.name, []).append(path.stem)
        except Exception as e:  # noqa: BLE001
            bad += 1
            print(f"INVALID {path}: {e}")
        total += path.stat().st_size
    for fw, cs in sorted(per_fw.items()):
        print(f"{fw}: {len(cs)} cases")
    print(f"golden: {sum(len(v) for v in per_fw.values())} traces, {total / 1e6:.2f} MB, {bad} invalid")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
