"""Validates every golden trace (format rules of isostep-golden-rmsprop/1) and prints a summary.

Usage: python check_golden.py [golden_dir]
Checks: format tag, name pattern and global uniqueness, file name = case name, framework dir,
dtype, lengths, slots present everywhere, numbers are numbers or the three non-finite strings,
float32 numbers round-trip through Math.fround (np.float32(float(x))) with <= 9 significant digits,
quadratic gradients recorded equal (2c)*p of the previous params.
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


def check_file(path: Path, names: set) -> str:
    raw = path.read_text()
    t = json.loads(raw)
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
    # float32 numbers: <= 9 significant digits
    if dt == "float32":
        for m in re.finditer(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", raw.split('"init_params"', 1)[1]):
            digits = m.group(0).lstrip("-").split("e")[0].replace(".", "").strip("0")
            if len(digits) > 9:
                raise ValueError(f"float32 number with {len(digits)} digits: {m.group(0)}")
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
