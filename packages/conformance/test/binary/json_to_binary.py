"""Writes a JSON golden trace (isostep-golden/2) in the binary form (isostep-golden/2+safetensors) with the
`safetensors` library, as a Python recorder would, so the TypeScript reader is tested on files it did not
write; or, with --check, reads a binary trace the TypeScript writer wrote and prints its values as JSON.

    python json_to_binary.py TRACE.json OUT_DIR
    python json_to_binary.py --check MANIFEST.json
"""
import json
import os
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file


def decode(values, dtype):
    # The format's non-finite spellings; every other element is a JSON number.
    special = {"NaN": np.nan, "Infinity": np.inf, "-Infinity": -np.inf}
    return np.array([special[v] if isinstance(v, str) else v for v in values], dtype=dtype)


def convert(trace_path, out_dir):
    with open(trace_path) as f:
        trace = json.load(f)
    case = trace["case"]
    dtype = np.float32 if case["dtype"] == "float32" else np.float64
    shapes = {p["name"]: p["shape"] for p in case["params"]}
    slots = trace["state_slots"]
    os.makedirs(out_dir, exist_ok=True)

    def tensors(params, state, grads=None):
        out = {}
        for name, shape in shapes.items():
            if grads is not None:
                out[f"grads/{name}"] = decode(grads[name], dtype).reshape(shape)
            out[f"params/{name}"] = decode(params[name], dtype).reshape(shape)
            for slot in slots:
                out[f"state/{slot}/{name}"] = decode(state[name][slot], dtype).reshape(shape)
        return out

    initial = tensors({p["name"]: p["init"] for p in case["params"]}, trace["initial_state"])
    if case["gradient"]["kind"] == "quadratic":
        for name, shape in shapes.items():
            initial[f"coeffs/{name}"] = decode(case["gradient"]["coeffs"][name], dtype).reshape(shape)
    save_file(initial, os.path.join(out_dir, "initial.safetensors"))
    steps = []
    for s in trace["steps"]:
        file = f"step-{s['step']:05d}.safetensors"
        save_file(tensors(s["params"], s["state"], s["grads"]), os.path.join(out_dir, file))
        steps.append({"step": s["step"], **({"lr": s["lr"]} if "lr" in s else {}), "file": file})
    manifest = {
        "format": "isostep-golden/2+safetensors",
        "case": {**case, "params": [{"name": p["name"], "shape": p["shape"]} for p in case["params"]],
                 "gradient": {"kind": case["gradient"]["kind"]}},
        "versions": {**trace["versions"], "safetensors": __import__("safetensors").__version__},
        "state_slots": slots,
        "initial": {"file": "initial.safetensors"},
        "steps": steps,
    }
    with open(os.path.join(out_dir, "trace.json"), "w") as f:
        json.dump(manifest, f, indent=1)


def check(manifest_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    root = os.path.dirname(manifest_path)
    out = {}
    for file in [manifest["initial"]["file"]] + [s["file"] for s in manifest["steps"]]:
        with safe_open(os.path.join(root, file), framework="numpy") as st:
            out[file] = {k: st.get_tensor(k).astype(np.float64).ravel().tolist() for k in st.keys()}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        convert(sys.argv[1], sys.argv[2])
