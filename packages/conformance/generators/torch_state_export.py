"""Export a torch.optim.RMSprop `state_dict()` to JSON (for the TF.js adapter's importer).

Usage:
  python torch_state_export.py --pt optim.pt [--key optimizer] [--out state.json]
      load a saved optimizer state_dict (or a checkpoint dict holding one under --key)
  python torch_state_export.py --example [--dtype float32|float64] [--steps 3] [--out state.json]
      run a tiny RMSprop example (2 params, centered + momentum) and export its state_dict,
      plus the params after the steps (so an importer can be tested end to end)

JSON shape (format "isostep-torch-rmsprop-state/1"): see generators/README.md. Floats are shortest
round-trip for the tensor's dtype; non-finite as "NaN" / "Infinity" / "-Infinity".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402

FORMAT = "isostep-torch-rmsprop-state/1"
SLOTS = ("square_avg", "grad_avg", "momentum_buffer")
DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64"}


def tensor_json(t: torch.Tensor):
    dt = DTYPE_NAMES.get(t.dtype)
    if dt is None:
        raise ValueError(f"unsupported dtype {t.dtype} (float32/float64 only)")
    return dt, list(t.shape), C.nums(t.detach().cpu().contiguous().numpy().reshape(-1), dt)


def export_state_dict(sd: dict, params=None) -> dict:
    if "state" not in sd or "param_groups" not in sd:
        raise ValueError("not an optimizer state_dict (needs 'state' and 'param_groups')")
    groups = []
    for g in sd["param_groups"]:
        grp = {}
        for k, v in g.items():
            if isinstance(v, torch.Tensor):
                v = v.item()
            grp[k] = C.hyper_num(v) if not isinstance(v, list) else v
        groups.append(grp)
    state = {}
    for idx in sorted(sd["state"], key=int):
        s = sd["state"][idx]
        if "square_avg" not in s:
            raise ValueError(f"state[{idx}] has no square_avg: not RMSprop state ({sorted(s)})")
        entry = {}
        step = s.get("step")
        if isinstance(step, torch.Tensor):
            step = step.item()
        if step is not None:
            entry["step"] = int(step) if float(step).is_integer() else C.hyper_num(float(step))
        dt, shape, _ = tensor_json(s["square_avg"])
        entry["dtype"] = dt
        entry["shape"] = shape
        for k in SLOTS:
            if k in s:
                dtk, shk, vals = tensor_json(s[k])
                if dtk != dt or shk != shape:
                    raise ValueError(f"state[{idx}].{k}: {dtk}{shk} differs from square_avg {dt}{shape}")
                entry[k] = vals
        state[str(idx)] = entry
    out = {
        "format": FORMAT,
        "versions": {"torch": torch.__version__, **C.base_versions()},
        "param_groups": groups,
        "state": state,
    }
    if params is not None:
        out["params"] = {}
        for i, p in enumerate(params):
            dt, shape, vals = tensor_json(p)
            out["params"][str(i)] = {"dtype": dt, "shape": shape, "values": vals}
    return out


def run_example(dtype: str, steps: int):
    torch.manual_seed(0)
    dt = torch.float32 if dtype == "float32" else torch.float64
    w = torch.nn.Parameter(torch.tensor([[1.5, -0.75, 0.3], [2.0, -0.001, 0.02]], dtype=dt))
    b = torch.nn.Parameter(torch.tensor([0.1, -3.0], dtype=dt))
    opt = torch.optim.RMSprop([w, b], lr=0.01, alpha=0.9, eps=1e-8, momentum=0.9, centered=True)
    for _ in range(steps):
        opt.zero_grad()
        loss = (w ** 2).sum() + (b ** 2).sum() * 0.5
        loss.backward()
        opt.step()
    return opt.state_dict(), [w, b]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--pt", type=Path, help="a torch.save()d optimizer state_dict or checkpoint")
    src.add_argument("--example", action="store_true", help="run a tiny example instead")
    ap.add_argument("--key", help="key of the optimizer state_dict inside a checkpoint dict")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--out", type=Path, help="output JSON (default stdout)")
    a = ap.parse_args(argv)
    if a.example:
        sd, params = run_example(a.dtype, a.steps)
    else:
        sd = torch.load(a.pt, map_location="cpu", weights_only=True)
        if a.key:
            sd = sd[a.key]
        params = None
    text = C._dump(export_state_dict(sd, params), 0) + "\n"
    json.loads(text)  # sanity
    C.emit(text, a.out)


if __name__ == "__main__":
    main()
