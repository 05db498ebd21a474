"""isostep_record: record the optimizer steps of your own training as an `isostep-golden/2` trace.

Written out by `npx isostep recorder --python > isostep_record.py`; one file, needing only numpy and the
framework you record. The trace is then checked by `npx isostep conform <file> --backend ...`. Format:
https://github.com/isostep/isostep/blob/main/packages/conformance/FORMAT.md

    # PyTorch: around optimizer.step (hooks; any LR scheduler's lr is recorded per step)
    rec = TorchRecorder(optimizer, model.named_parameters(), "traces/mlp.json", steps=20)
    # Keras 3: around optimizer.apply / apply_gradients, eager (a custom loop, or compile(run_eagerly=True))
    rec = KerasRecorder(optimizer, "traces/keras.json", steps=20)
    # optax: a wrapping GradientTransformation, recording eagerly (do not jax.jit the update)
    rec = OptaxRecorder(optax.rmsprop(1e-3), "traces/optax.json", optimizer="rmsprop",
                        hyperparameters={"learning_rate": 1e-3}, steps=20)
    opt_state = rec.init(params); updates, opt_state = rec.update(grads, opt_state, params)

Each recorder writes the file after `steps` steps (then stops recording; training goes on unchanged) or
on `close()` (also a context manager). Every step records the gradients fed, the learning rate used, and
the parameters and every state slot after it, per named parameter; the case carries the optimizer and its
hyperparameters under the framework's own names, and the framework versions.
"""

from __future__ import annotations

import json
import platform
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

__all__ = ["TorchRecorder", "KerasRecorder", "OptaxRecorder", "TraceWriter", "FORMAT"]

FORMAT = "isostep-golden/2"
_DTYPES = {"float32": np.float32, "float64": np.float64}
# The spec's optimizer names, by the class names the frameworks use.
_OPTIMIZER_BY_CLASS = {"sgd": "sgd", "adagrad": "adagrad", "adadelta": "adadelta", "rmsprop": "rmsprop", "adam": "adam", "adamw": "adamw"}


class _Raw(str):
    """Text written into the JSON as is (numbers already formatted)."""


def _vector(a: Any, dtype: str) -> _Raw:
    """A flat JSON array; each number the shortest decimal that round-trips the dtype; non-finite as strings."""
    flat = np.asarray(a, dtype=_DTYPES[dtype]).reshape(-1)
    # numpy's str of a float32/float64 is the shortest round-trip decimal (Dragon4, unique=True).
    out = flat.astype(str).tolist()
    if not np.all(np.isfinite(flat)):
        for i in np.flatnonzero(~np.isfinite(flat)):
            x = flat[i]
            out[i] = '"NaN"' if np.isnan(x) else ('"Infinity"' if x > 0 else '"-Infinity"')
    return _Raw("[" + ", ".join(out) + "]")


def _double(x: Any) -> Any:
    """A hyperparameter or learning rate: the Python double (bool/None/str as they are)."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, (list, tuple)):
        return [_double(v) for v in x]
    if isinstance(x, (int, np.integer)):
        return _Raw(str(int(x)))
    v = float(np.asarray(x))
    if not np.isfinite(v):
        raise ValueError(f"isostep_record: a hyperparameter or learning rate must be finite, got {v}")
    return _Raw(repr(v))  # Python's repr is the shortest round-trip decimal of the double


def _dump(obj: Any, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(obj, _Raw):
        return str(obj)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        inner = ",\n".join(f"{pad}  {json.dumps(k)}: {_dump(v, indent + 1)}" for k, v in obj.items())
        return "{\n" + inner + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple)) or isinstance(v, _Raw) for v in obj):
            return "[" + ", ".join(_dump(v, 0) for v in obj) + "]"
        return "[\n" + ",\n".join(pad + "  " + _dump(v, indent + 1) for v in obj) + "\n" + pad + "]"
    if obj is None or isinstance(obj, (bool, str, int)):
        return json.dumps(obj)
    if isinstance(obj, float):
        return repr(obj)
    raise TypeError(f"isostep_record: cannot write {type(obj).__name__}")


def _case_name(path: Path, name: Optional[str]) -> str:
    raw = name if name is not None else path.stem
    clean = re.sub(r"[^a-z0-9_.-]+", "_", raw.lower()).strip("_") or "recorded"
    return clean


def _versions(**frameworks: str) -> Dict[str, str]:
    return {**frameworks, "numpy": np.__version__, "python": platform.python_version(), "recorder": "isostep_record/1"}


class TraceWriter:
    """Collects the steps of one run and writes the `isostep-golden/2` file once (the recorders use it;
    usable directly for code no recorder covers)."""

    def __init__(self, path: Any, *, name: Optional[str], framework: str, optimizer: str, dtype: str,
                 hyperparameters: Dict[str, Any], options: Dict[str, Any], versions: Dict[str, str],
                 params: Sequence[Tuple[str, Any]], lr_schedule: str, max_steps: Optional[int] = None):
        if dtype not in _DTYPES:
            raise ValueError(f"isostep_record: parameters must be float32 or float64, not {dtype}")
        if lr_schedule not in ("constant", "recorded"):
            raise ValueError("isostep_record: lr_schedule is 'constant' or 'recorded'")
        self.path = Path(path)
        self.name = _case_name(self.path, name)
        self.framework, self.optimizer, self.dtype = framework, optimizer, dtype
        self.hyperparameters, self.options, self.versions = hyperparameters, options, versions
        self.lr_schedule = lr_schedule
        self.max_steps = max_steps
        names = [n for n, _ in params]
        if len(set(names)) != len(names):
            raise ValueError(f"isostep_record: parameter names must be unique, got {names}")
        self.params = [(n, tuple(int(d) for d in np.shape(v)), _vector(v, dtype)) for n, v in params]
        self.slots: Optional[List[str]] = None
        self.initial_state: Optional[Dict[str, Dict[str, Any]]] = None
        self.steps: List[Dict[str, Any]] = []
        self.closed = False

    @property
    def done(self) -> bool:
        return self.closed or (self.max_steps is not None and len(self.steps) >= self.max_steps)

    def set_state(self, slots: Sequence[str], initial_state: Dict[str, Dict[str, Any]]) -> None:
        self.slots = list(slots)
        self.initial_state = {n: {s: _vector(initial_state[n][s], self.dtype) for s in self.slots} for n, _, _ in self.params}

    def add_step(self, lr: Optional[float], grads: Dict[str, Any], params: Dict[str, Any], state: Dict[str, Dict[str, Any]]) -> None:
        if self.done:
            return
        assert self.slots is not None, "set_state before the first step"
        step: Dict[str, Any] = {"step": len(self.steps) + 1}
        if self.lr_schedule == "recorded":
            step["lr"] = _double(lr)
        step["grads"] = {n: _vector(grads[n], self.dtype) for n, _, _ in self.params}
        step["params"] = {n: _vector(params[n], self.dtype) for n, _, _ in self.params}
        step["state"] = {n: {s: _vector(state[n][s], self.dtype) for s in self.slots} for n, _, _ in self.params}
        self.steps.append(step)
        if self.done:
            self.close()

    def close(self) -> Optional[Path]:
        """Writes the file (once); nothing when no step was recorded."""
        if self.closed:
            return None
        self.closed = True
        if not self.steps:
            return None
        case: Dict[str, Any] = {
            "name": self.name,
            "framework": self.framework,
            "optimizer": self.optimizer,
            "dtype": self.dtype,
            "hyperparameters": {k: _double(v) for k, v in self.hyperparameters.items()},
        }
        if self.options:
            case["options"] = {k: _double(v) for k, v in self.options.items()}
        case["params"] = [{"name": n, "shape": list(shape), "init": init} for n, shape, init in self.params]
        case["gradient"] = {"kind": "list"}
        case["lr_schedule"] = self.lr_schedule
        case["steps"] = len(self.steps)
        doc = {"format": FORMAT, "case": case, "versions": self.versions, "state_slots": self.slots,
               "initial_state": self.initial_state, "steps": self.steps}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(_dump(doc) + "\n")
        tmp.replace(self.path)  # atomic: a reader never sees half a trace
        return self.path


class _Recorder:
    writer: Optional[TraceWriter] = None

    def close(self) -> Optional[Path]:
        """Writes the trace now (if not written yet) and stops recording."""
        self._detach()
        return self.writer.close() if self.writer is not None else None

    def _detach(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _dtype_of(arrays: Sequence[Any]) -> str:
    kinds = {str(np.asarray(a).dtype) for a in arrays}
    if len(kinds) != 1 or next(iter(kinds)) not in _DTYPES:
        raise ValueError(f"isostep_record: all parameters must share one dtype, float32 or float64; found {sorted(kinds)}")
    return next(iter(kinds))


# ---------------------------------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------------------------------

# Group keys that select a code path: written as options when set (the spec says which leave the numbers alone).
_TORCH_OPTIONS = ("foreach", "differentiable", "capturable", "fused")


class TorchRecorder(_Recorder):
    """Records `torch.optim` steps through `register_step_pre_hook` / `register_step_post_hook`, so LR
    schedulers (which wrap `optimizer.step`) and `GradScaler` keep working. `named_parameters`: the
    model's `named_parameters()` (or any (name, parameter) pairs) covering the optimizer's parameters.

    The lr of each step is read from the param group before the step (what the step uses). State slots
    are the per-parameter tensors of `optimizer.state` shaped like the parameter (the step counter is not
    a slot); torch allocates them on the first step, as zeros, which is what the trace's initial state
    says (SGD's momentum buffer is the exception torch overwrites with the first gradient; the spec knows).
    """

    def __init__(self, optimizer: Any, named_parameters: Any, path: Any, *, steps: Optional[int] = None,
                 name: Optional[str] = None, optimizer_name: Optional[str] = None):
        import torch

        self._torch = torch
        self.opt = optimizer
        if len(optimizer.param_groups) != 1:
            raise ValueError("isostep_record: one param group only (a trace has one set of hyperparameters)")
        group = optimizer.param_groups[0]
        by_id = {id(p): n for n, p in named_parameters}
        missing = [i for i, p in enumerate(group["params"]) if id(p) not in by_id]
        if missing:
            raise ValueError(f"isostep_record: the optimizer's parameters {missing} have no name in named_parameters")
        self.params = [(by_id[id(p)], p) for p in group["params"]]
        opt_name = optimizer_name or _OPTIMIZER_BY_CLASS.get(type(optimizer).__name__.lower())
        if opt_name is None:
            raise ValueError(f"isostep_record: {type(optimizer).__name__} is not one of torch's SGD, Adagrad, Adadelta, RMSprop, Adam, AdamW; pass optimizer_name=")
        hyper: Dict[str, Any] = {}
        options: Dict[str, Any] = {}
        for k, v in group.items():
            if k in ("params", "initial_lr"):  # initial_lr: added by LR schedulers, not an argument
                continue
            if isinstance(v, torch.Tensor):
                v = v.item()
            if k in _TORCH_OPTIONS:
                if v not in (None, False):
                    options[k] = v
            else:
                hyper[k] = v
        if "initial_lr" in group:
            hyper["lr"] = group["initial_lr"]  # the argument the optimizer was built with
        dtype = _dtype_of([p.detach().cpu().numpy() for _, p in self.params])
        self.writer = TraceWriter(
            path, name=name, framework="torch", optimizer=opt_name, dtype=dtype, hyperparameters=hyper, options=options,
            versions=_versions(torch=torch.__version__), params=[(n, self._np(p)) for n, p in self.params],
            lr_schedule="recorded", max_steps=steps)
        self._before: Optional[Dict[str, Any]] = None
        self._handles = [optimizer.register_step_pre_hook(self._pre), optimizer.register_step_post_hook(self._post)]

    @staticmethod
    def _np(t: Any) -> np.ndarray:
        return t.detach().cpu().numpy().copy()

    def _slots(self, p: Any) -> Dict[str, Any]:
        st = self.opt.state.get(p, {})
        return {k: v for k, v in st.items() if isinstance(v, self._torch.Tensor) and k != "step" and tuple(v.shape) == tuple(p.shape)}

    def _pre(self, _opt: Any, _args: Any, _kwargs: Any) -> None:
        if self.writer.done:
            return
        missing = [n for n, p in self.params if p.grad is None]
        if missing:
            raise ValueError(f"isostep_record: parameters without a gradient at this step: {missing}")
        self._before = {
            "lr": float(self.opt.param_groups[0]["lr"]),
            "grads": {n: self._np(p.grad) for n, p in self.params},
            "state": {n: {k: self._np(v) for k, v in self._slots(p).items()} for n, p in self.params},
        }

    def _post(self, _opt: Any, _args: Any, _kwargs: Any) -> None:
        if self.writer.done or self._before is None:
            return
        state = {n: {k: self._np(v) for k, v in self._slots(p).items()} for n, p in self.params}
        if self.writer.slots is None:
            names = [n for n, _ in self.params]
            slots = sorted(state[names[0]])
            before = self._before["state"]
            # What the state was before the first recorded step: the tensors if torch had them, else zeros
            # (torch allocates zeros on the first step).
            init = {n: {s: before[n].get(s, np.zeros_like(state[n][s])) for s in slots} for n in names}
            self.writer.set_state(slots, init)
        params = {n: self._np(p) for n, p in self.params}
        self.writer.add_step(self._before["lr"], self._before["grads"], params, state)
        self._before = None
        if self.writer.done:
            self._detach()

    def _detach(self) -> None:
        for h in self._handles:
            h.remove()
        self._handles = []


# ---------------------------------------------------------------------------------------------------
# Keras 3
# ---------------------------------------------------------------------------------------------------

# BaseOptimizer arguments every optimizer has: the ones that change what reaches the update are refused.
_KERAS_GENERIC = ("name", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency",
                  "loss_scale_factor", "gradient_accumulation_steps")


class KerasRecorder(_Recorder):
    """Records a Keras 3 optimizer around `apply` (which `apply_gradients` and `model.fit` call), eagerly:
    a custom loop, or `model.compile(..., run_eagerly=True)`. Parameters are named by `variable.path`.
    The lr of each step is the optimizer's current learning rate (a schedule evaluated at `iterations`),
    held in float32 as Keras holds it. With a schedule, `learning_rate` in the hyperparameters is the first
    step's value. Slots are the optimizer variables made from each parameter (`velocity`, `momentum`, ...).
    """

    def __init__(self, optimizer: Any, path: Any, *, steps: Optional[int] = None, name: Optional[str] = None,
                 optimizer_name: Optional[str] = None):
        import keras

        self._keras = keras
        self.opt = optimizer
        self.path, self.name, self.max_steps = path, name, steps
        self.opt_name = optimizer_name or _OPTIMIZER_BY_CLASS.get(type(optimizer).__name__.lower())
        if self.opt_name is None:
            raise ValueError(f"isostep_record: {type(optimizer).__name__} is not one of Keras' SGD, Adagrad, Adadelta, RMSprop, Adam, AdamW; pass optimizer_name=")
        config = optimizer.get_config()
        for k in ("clipnorm", "global_clipnorm", "clipvalue", "loss_scale_factor", "gradient_accumulation_steps"):
            if config.get(k) is not None:
                raise ValueError(f"isostep_record: {k}={config[k]!r} changes the gradients inside the optimizer; record without it")
        if config.get("use_ema"):
            raise ValueError("isostep_record: use_ema=True is not recorded (the trace holds the optimizer's own update)")
        self._hyper = {k: v for k, v in config.items() if k not in _KERAS_GENERIC and not isinstance(v, dict)}
        self._schedule = isinstance(config.get("learning_rate"), dict)
        self.writer = None
        self._apply = optimizer.apply
        optimizer.apply = self._wrapped_apply  # instance attribute: apply_gradients and fit go through it

    def _vars_and_slots(self, variables: Sequence[Any]) -> Tuple[List[str], Dict[str, Dict[str, Any]]]:
        """Each parameter's slot variables, by the name Keras gives them: `<path with _>_<slot>`."""
        prefixes = {v.path: v.path.replace("/", "_") + "_" for v in variables}
        slots: Dict[str, Dict[str, Any]] = {v.path: {} for v in variables}
        for ov in self.opt.variables:
            owners = [p for p, pre in prefixes.items() if ov.name.startswith(pre)]
            if not owners:
                continue
            owner = max(owners, key=len)  # the longest prefix: `dense_1_kernel_` over `dense_1_`
            var = next(v for v in variables if v.path == owner)
            if tuple(ov.shape) == tuple(var.shape):
                slots[owner][ov.name[len(prefixes[owner]):]] = ov
        names = sorted({s for d in slots.values() for s in d})
        return names, slots

    def _wrapped_apply(self, grads: Any, trainable_variables: Any = None) -> Any:
        if self.writer is not None and self.writer.done:
            return self._apply(grads, trainable_variables)
        variables = list(trainable_variables) if trainable_variables is not None else list(self.opt._trainable_variables)
        if not self.opt.built:
            self.opt.build(variables)
        grads = list(grads)
        if any(g is None for g in grads):
            raise ValueError("isostep_record: a variable has no gradient at this step")
        to_np = self._keras.ops.convert_to_numpy
        slot_names, slots = self._vars_and_slots(variables)
        if self.writer is None:
            dtype = _dtype_of([to_np(v) for v in variables])
            hyper = dict(self._hyper)
            if self._schedule:
                hyper["learning_rate"] = float(np.float32(to_np(self.opt.learning_rate)))
            backend = self._keras.backend.backend()
            versions = {"keras": self._keras.__version__}
            if backend == "tensorflow":
                import tensorflow as tf
                versions["tensorflow"] = tf.__version__
            self.writer = TraceWriter(
                self.path, name=self.name, framework="keras", optimizer=self.opt_name, dtype=dtype, hyperparameters=hyper,
                options={"backend": backend}, versions=_versions(**versions), params=[(v.path, to_np(v)) for v in variables],
                lr_schedule="recorded", max_steps=self.max_steps)
            self.writer.set_state(slot_names, {v.path: {s: to_np(slots[v.path][s]) for s in slot_names} for v in variables})
        lr = float(np.float32(to_np(self.opt.learning_rate)))  # evaluated at `iterations`: this step's
        g_np = {v.path: to_np(g) for v, g in zip(variables, grads)}
        out = self._apply(grads, trainable_variables)
        state = {v.path: {s: to_np(slots[v.path][s]) for s in self.writer.slots} for v in variables}
        self.writer.add_step(lr, g_np, {v.path: to_np(v) for v in variables}, state)
        if self.writer.done:
            self._detach()
        return out

    def _detach(self) -> None:
        if self.opt.__dict__.get("apply") is self._wrapped_apply:
            del self.opt.apply


# ---------------------------------------------------------------------------------------------------
# optax
# ---------------------------------------------------------------------------------------------------


def _tree_names(tree: Any) -> List[str]:
    import jax

    leaves = jax.tree_util.tree_flatten_with_path(tree)[0]
    names = []
    for path, _ in leaves:
        parts = []
        for k in path:
            key = getattr(k, "key", getattr(k, "name", getattr(k, "idx", None)))
            parts.append(str(key))
        names.append(".".join(parts) or "p")
    return names


class OptaxRecorder(_Recorder):
    """A GradientTransformation wrapping `tx` that records each `update` eagerly (values, not tracers:
    do not `jax.jit` it while recording). optax transformations do not keep their arguments, so pass
    `optimizer` (the spec's name: rmsprop, adam, ...) and `hyperparameters` (optax's names, as given to the
    alias). A callable `learning_rate` (a schedule) is recorded per step as `schedule(count)`.

    Parameters are the leaves of the params pytree, named by their path (`layer1.w`); slots are the
    fields of the state's NamedTuples shaped like the params (`nu`, `mu`, `trace`). The params after a
    step are `optax.apply_updates(params, updates)`, as a training loop applies them.
    """

    def __init__(self, tx: Any, path: Any, *, optimizer: str, hyperparameters: Dict[str, Any], steps: Optional[int] = None,
                 name: Optional[str] = None, options: Optional[Dict[str, Any]] = None):
        import jax
        import optax

        self._jax, self._optax = jax, optax
        self.tx = tx
        self.path, self.name, self.max_steps = path, name, steps
        self.opt_name = optimizer
        lr = hyperparameters.get("learning_rate")
        self._schedule: Optional[Callable[[int], Any]] = lr if callable(lr) else None
        self._hyper = {k: v for k, v in hyperparameters.items() if not callable(v)}
        if self._schedule is not None:
            self._hyper["learning_rate"] = float(np.asarray(self._schedule(0)))
        self._options = {"jax_enable_x64": bool(jax.config.jax_enable_x64), **(options or {})}
        self._params: Any = None
        self._count = 0
        self.writer = None
        self.transformation = optax.GradientTransformation(self.init, self.update)

    def _leaves(self, tree: Any) -> List[np.ndarray]:
        return [np.asarray(x) for x in self._jax.tree_util.tree_leaves(tree)]

    def _slots(self, state: Any, params_def: Any) -> Dict[str, Any]:
        """Fields of NamedTuples in the state whose value has the params' tree structure."""
        found: Dict[str, Any] = {}

        def walk(node: Any) -> None:
            if isinstance(node, tuple) and hasattr(node, "_fields"):
                for field in node._fields:
                    value = getattr(node, field)
                    if self._jax.tree_util.tree_structure(value) == params_def:
                        if field in found:
                            raise ValueError(f"isostep_record: two state fields named {field!r}; name the slots yourself with TraceWriter")
                        found[field] = value
                    else:
                        walk(value)
            elif isinstance(node, (tuple, list)):
                for item in node:
                    walk(item)
            elif isinstance(node, dict):
                for item in node.values():
                    walk(item)

        walk(state)
        return found

    def init(self, params: Any) -> Any:
        state = self.tx.init(params)
        self._params = params
        return state

    def update(self, updates: Any, state: Any, params: Any = None) -> Tuple[Any, Any]:
        if self.writer is not None and self.writer.done:
            return self.tx.update(updates, state, params)
        before = params if params is not None else self._params
        if before is None:
            raise ValueError("isostep_record: call init(params) first (or pass params to update)")
        if isinstance(self._jax.tree_util.tree_leaves(updates)[0], self._jax.core.Tracer):
            raise ValueError("isostep_record: update() is being traced (jax.jit); record eagerly, without jit")
        params_def = self._jax.tree_util.tree_structure(before)
        names = _tree_names(before)
        if self.writer is None:
            p_np = self._leaves(before)
            slots = self._slots(state, params_def)
            slot_names = sorted(slots)
            self.writer = TraceWriter(
                self.path, name=self.name, framework="optax", optimizer=self.opt_name, dtype=_dtype_of(p_np),
                hyperparameters=self._hyper, options=self._options,
                versions=_versions(optax=self._optax.__version__, jax=self._jax.__version__),
                params=list(zip(names, p_np)), lr_schedule="recorded" if self._schedule else "constant", max_steps=self.max_steps)
            self.writer.set_state(slot_names, {n: {s: self._leaves(slots[s])[i] for s in slot_names} for i, n in enumerate(names)})
        lr = float(np.asarray(self._schedule(self._count))) if self._schedule is not None else None
        grads = dict(zip(names, self._leaves(updates)))
        new_updates, new_state = self.tx.update(updates, state, params)
        new_params = self._optax.apply_updates(before, new_updates)
        slots = self._slots(new_state, params_def)
        slot_leaves = {s: self._leaves(slots[s]) for s in self.writer.slots}
        state_np = {n: {s: slot_leaves[s][i] for s in self.writer.slots} for i, n in enumerate(names)}
        self.writer.add_step(lr, grads, dict(zip(names, self._leaves(new_params))), state_np)
        self._count += 1
        self._params = new_params
        return new_updates, new_state
