"""Export a Keras 3 RMSprop optimizer's variables to JSON (for the TF.js adapter's importer), and load
such a JSON back into a Keras optimizer.

Usage:
  python keras_state_export.py --example [--steps 3] [--out state.json]
      build a tiny model (Dense 3->2, centered + momentum), run a few RMSprop steps, export the optimizer
      state and the model variables; then load the JSON into a fresh optimizer and check it is identical.

From Python: `export_optimizer(optimizer, variables)` -> dict, `load_optimizer(optimizer, variables, doc)`.

JSON shape (format "isostep-keras-rmsprop-state/1"):
  { "format": ..., "versions": {keras, tensorflow, numpy, python},
    "config": { "learning_rate", "rho", "momentum", "epsilon", "centered", "weight_decay" },  # Keras names
    "iterations": 3,                                  # optimizer.iterations (completed steps)
    "variables": [                                    # in the order of the `variables` list given
      { "path": "dense/kernel", "dtype": "float32", "shape": [3, 2],
        "velocity": [...],                            # always
        "average_gradient": [...],                    # when centered
        "momentum": [...] } ],                        # when momentum > 0
    "params": [ {"path", "dtype", "shape", "values"} ] }   # --example only
Floats are shortest round trip for the dtype; non-finite as "NaN" / "Infinity" / "-Infinity".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402

FORMAT = "isostep-keras-rmsprop-state/1"
# Keras 3 keeps one list per slot, aligned with the optimizer's trainable variables.
SLOT_LISTS = {"velocity": "_velocities", "average_gradient": "_average_gradients", "momentum": "_momentums"}


def _slots(optimizer, variables):
    """Per variable, the slot variables Keras allocated for it (by Keras slot name)."""
    index = {id(v): i for i, v in enumerate(optimizer._trainable_variables)}
    out = []
    for v in variables:
        i = index.get(id(v))
        if i is None:
            raise ValueError(f"variable {v.path} is not one the optimizer was built for")
        slots = {}
        for name, attr in SLOT_LISTS.items():
            lst = getattr(optimizer, attr, None) or []
            if lst:
                slots[name] = lst[i]
        out.append(slots)
    return out


def export_optimizer(optimizer, variables) -> dict:
    import keras
    import tensorflow as tf

    cfg = optimizer.get_config()
    doc = {
        "format": FORMAT,
        "versions": {"keras": keras.__version__, "tensorflow": tf.__version__, **C.base_versions()},
        "config": {k: C.hyper_num(cfg[k]) for k in ("learning_rate", "rho", "momentum", "epsilon", "centered", "weight_decay")},
        "iterations": int(optimizer.iterations.numpy()),
        "variables": [],
    }
    for v, slots in zip(variables, _slots(optimizer, variables)):
        dt = str(v.dtype)
        entry = {"path": v.path, "dtype": dt, "shape": list(v.shape)}
        for name, s in slots.items():
            entry[name] = C.nums(np.asarray(s.numpy()).reshape(-1), dt)
        doc["variables"].append(entry)
    return doc


def _decode(values, dtype):
    special = {"NaN": np.nan, "Infinity": np.inf, "-Infinity": -np.inf}
    return np.array([special.get(x, x) if isinstance(x, str) else x for x in values], dtype=dtype)


def load_optimizer(optimizer, variables, doc: dict) -> None:
    """Assigns a JSON state to an optimizer already built for `variables` (same order); checks first."""
    if doc.get("format") != FORMAT:
        raise ValueError(f"format {doc.get('format')!r}; expected {FORMAT!r}")
    entries = doc["variables"]
    if len(entries) != len(variables):
        raise ValueError(f"state has {len(entries)} variables; the model has {len(variables)}")
    all_slots = _slots(optimizer, variables)
    for v, e, slots in zip(variables, entries, all_slots):
        if list(e["shape"]) != list(v.shape):
            raise ValueError(f"variable {v.path}: state shape {e['shape']}, variable shape {list(v.shape)}")
        for name in slots:
            if name not in e:
                raise ValueError(f"variable {v.path}: state has no {name} slot")
    for v, e, slots in zip(variables, entries, all_slots):
        for name, s in slots.items():
            s.assign(_decode(e[name], str(v.dtype)).reshape(tuple(v.shape)))
    optimizer.iterations.assign(int(doc["iterations"]))


def run_example(steps: int):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="dense")])
    opt = keras.optimizers.RMSprop(learning_rate=0.01, rho=0.9, momentum=0.9, epsilon=1e-7, centered=True)
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    y = np.array([[0.5, -1], [1, 0], [0.25, 2], [-1, 1]], dtype="float32")
    for _ in range(steps):
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = keras.ops.mean((model(x) - y) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
    return model, opt


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--example", action="store_true", required=True)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    import keras

    model, opt = run_example(a.steps)
    variables = list(model.trainable_variables)
    doc = export_optimizer(opt, variables)
    doc["params"] = [
        {"path": v.path, "dtype": str(v.dtype), "shape": list(v.shape), "values": C.nums(np.asarray(v.numpy()).reshape(-1), str(v.dtype))}
        for v in variables
    ]
    text = C._dump(doc, 0) + "\n"
    # Self-check: load into a fresh optimizer built for the same variables; every slot must match exactly.
    fresh = keras.optimizers.RMSprop(learning_rate=0.01, rho=0.9, momentum=0.9, epsilon=1e-7, centered=True)
    fresh.build(variables)
    load_optimizer(fresh, variables, json.loads(text))
    again = C._dump({**export_optimizer(fresh, variables), "params": doc["params"]}, 0) + "\n"
    if again != text:
        raise SystemExit("round trip through load_optimizer changed the state")
    C.emit(text, a.out)


if __name__ == "__main__":
    main()
