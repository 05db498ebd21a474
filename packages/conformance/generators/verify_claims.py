"""Checks the research doc's per-framework float32 operation orders against the golden traces.

For every trace, each step is re-emulated in numpy from that step's recorded inputs (previous params and
state, recorded grad) using the formula the research doc states, and the result is compared with the
recorded params/state in ulps. Prints, per framework, the max ulp distance and how many elements differ.
This is evidence for the README, not part of the project's conformance runner.

Usage: python verify_claims.py [golden_dir]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

NF = {"NaN": np.nan, "Infinity": np.inf, "-Infinity": -np.inf}


def arr(x, dt):
    return np.array([NF[v] if isinstance(v, str) else v for v in x], dtype=np.float64).astype(dt)


def ulps(a, b):
    """ulp distance between same-dtype arrays; NaN vs NaN is 0, NaN vs number is 1e12."""
    a = np.asarray(a)
    b = np.asarray(b)
    it, mask = (np.int32, 0x7FFFFFFF) if a.dtype == np.float32 else (np.int64, 0x7FFFFFFFFFFFFFFF)

    def ordered(x):
        i = x.view(it)
        return np.where(i < 0, -(i & mask), i).astype(np.float64)  # -0 and +0 both map to 0

    d = np.abs(ordered(a) - ordered(b))
    na, nb = np.isnan(a), np.isnan(b)
    d = np.where(na & nb, 0, d)
    return np.where(na ^ nb, 1e12, d)


def fma32(a, b, c):
    """float32 fma via float64: a*b exact in float64; a single float64 add then a float32 rounding
    (double rounding is possible in rare ties; good enough as evidence)."""
    with np.errstate(all="ignore"):
        return (a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(np.float32)


def sqrt_rn(x):
    return np.sqrt(x)  # numpy float32 sqrt: correctly rounded (SSE sqrtps)


def rsqrt_rn(x):
    with np.errstate(all="ignore"):
        return (1.0 / np.sqrt(x.astype(np.float64))).astype(x.dtype) if x.dtype == np.float32 else 1.0 / np.sqrt(x)


# ------------------------------------------------------------------------------------------------


def flush(x):
    """FTZ + DAZ: subnormal inputs and results read as (signed) zero, as on TF / XLA CPU threads."""
    x = np.asarray(x)
    tiny = np.finfo(x.dtype).tiny
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(x) < tiny, np.copysign(np.zeros_like(x), x), x).astype(x.dtype)


def step_keras(hp, opt, dt, p, st, g, z=lambda x: x):
    D = dt
    lr = hp.get("learning_rate", 0.001)
    lr = D(np.float32(lr))  # floatx float32 variable, cast to the var dtype
    rho = hp.get("rho", 0.9)
    mom = hp.get("momentum", 0.0)
    eps = hp.get("epsilon", 1e-7)
    wd = hp.get("weight_decay")
    centered = hp.get("centered", False)
    p, g = z(p), z(g)
    st = {k: z(v) for k, v in st.items()}
    if wd:
        p = z(p - z(z(p * D(np.float32(wd))) * lr))  # wd also passes through float32 (tf.cast of a Python float)
    v = z(z(D(rho) * st["velocity"]) + z(D(1 - rho) * z(g * g)))
    out = {"velocity": v}
    if centered:
        mg = z(z(D(rho) * st["average_gradient"]) + z(D(1 - rho) * g))
        den = z(z(v - z(mg * mg)) + D(eps))
        out["average_gradient"] = mg
    else:
        den = z(v + D(eps))
    inc = z(z(lr * g) / z(np.sqrt(den)))
    if mom > 0:
        b = z(z(D(mom) * st["momentum"]) + inc)
        out["momentum"] = b
        p = z(p - b)
    else:
        p = z(p - inc)
    return p, out


def step_tf1(hp, opt, dt, p, st, g, z=lambda x: x):
    D = dt
    lr, rho = D(hp["learning_rate"]), D(hp.get("decay", 0.9))
    mom, eps = D(hp.get("momentum", 0.0)), D(hp.get("epsilon", 1e-10))
    omr = D(1) - rho  # in the dtype
    p, g = z(p), z(g)
    st = {k: z(v) for k, v in st.items()}
    v = z(st["rms"] + z(z(z(g * g) - st["rms"]) * omr))
    out = {"rms": v}
    if hp.get("centered", False):
        mg = z(st["mg"] + z(z(g - st["mg"]) * omr))
        out["mg"] = mg
        den = z(z(v - z(mg * mg)) + eps)
    else:
        den = z(v + eps)
    b = z(z(st["momentum"] * mom) + z(z(g * lr) / z(np.sqrt(den))))
    out["momentum"] = b
    return z(p - b), out


def step_tfjs(hp, opt, dt, p, st, g):
    D = np.float32
    lr, rho = D(hp["learningRate"]), hp.get("decay", 0.9)
    mom = D(hp.get("momentum", 0.0))
    eps = hp.get("epsilon", None)
    eps = D(opt.get("backend_epsilon", 1e-7) if eps is None else eps)
    omr = D(1 - rho)  # JS double 1 - decay, then float32 scalar
    rho = D(rho)
    v = st["rms"] * rho + (g * g) * omr
    out = {"rms": v}
    if hp.get("centered", False):
        mg = st["mg"] * rho + g * omr
        out["mg"] = mg
        den = v - (mg * mg + eps)
    else:
        den = v + eps
    b = st["momentum"] * mom + (g * lr) / np.sqrt(den)
    out["momentum"] = b
    return p - b, out


def make_step_torch(use_fma=True, sqrt=np.sqrt):
    def step_torch(hp, opt, dt, p, st, g):
        D = dt
        lr = hp.get("lr", 0.01)
        alpha = hp.get("alpha", 0.99)
        eps = D(hp.get("eps", 1e-8))
        wd = hp.get("weight_decay", 0.0)
        mom = hp.get("momentum", 0.0)
        fma = fma32 if (use_fma and D == np.float32) else (lambda a, b, c: a * b + c)
        if hp.get("maximize", False):
            g = -g
        if wd != 0:
            g = fma(p, np.full_like(p, D(wd)), g)
        w = D(1 - alpha)
        v = st["square_avg"] * D(alpha)
        v = fma(w * g, g, v)
        out = {"square_avg": v}
        if hp.get("centered", False):
            mg = st["grad_avg"]
            if w < 0.5:
                mg = fma(np.full_like(g, w), g - mg, mg)
            else:
                mg = fma(np.full_like(g, w - D(1)), g - mg, g)
            out["grad_avg"] = mg
            den = sqrt(fma(-mg, mg, v))
        else:
            den = sqrt(v)
        den = den + eps
        if mom > 0:
            b = st["momentum_buffer"] * D(mom) + g / den
            out["momentum_buffer"] = b
            p = fma(b, np.full_like(b, D(-lr)), p)
        else:
            p = p + (D(-lr) * g) / den
        return p, out

    return step_torch


def step_optax(hp, opt, dt, p, st, g, z=lambda x: x):
    D = dt
    if any(hp.get(k) for k in ("centered", "bias_correction", "nesterov")) or hp.get("momentum") is not None:
        return None
    lr = hp["learning_rate"]
    decay = hp.get("decay", 0.9)
    eps = hp.get("eps", 1e-8)
    p, g = z(p), z(g)
    nu = z(st["nu"])
    v = z(z(D(1 - decay) * z(g * g)) + z(D(decay) * nu))
    if hp.get("eps_in_sqrt", True):
        s = z(rsqrt_rn(z(v + D(eps))))
    else:
        s = z(D(1) / z(np.sqrt(v) + D(eps)))
    u = z(z(s * g) * D(-lr))
    return z(p + u), {"nu": v}


def _torch_sqrt(x):
    import torch  # only for this variant: torch's own (MKL/SLEEF) float32 sqrt

    return torch.from_numpy(np.ascontiguousarray(x)).sqrt().numpy()


STEPS = {
    "keras": step_keras,
    "tf1": step_tf1,
    "tfjs": step_tfjs,
    "torch": make_step_torch(True),
    "torch-ieee": make_step_torch(False),
    "torch-fma-torchsqrt": make_step_torch(True, sqrt=lambda x: _torch_sqrt(x)),
    "optax": step_optax,
    "keras-ftz": lambda *a: step_keras(*a, z=flush),
    "tf1-ftz": lambda *a: step_tf1(*a, z=flush),
    "optax-ftz": lambda *a: step_optax(*a, z=flush),
}


def run(root: Path, fw: str, emu: str):
    rows = []
    for path in sorted((root / fw).glob("*.json")):
        t = json.loads(path.read_text())
        c = t["case"]
        dt = np.float32 if c["dtype"] == "float32" else np.float64
        hp, opt = c["hyperparameters"], c.get("options", {})
        p = arr(c["init_params"], dt)
        st = {k: arr(v, dt) for k, v in t["initial_state"].items()}
        worst, ndiff, nel, skipped = 0.0, 0, 0, False
        for s in t["steps"]:
            g = arr(s["grad"], dt)
            with np.errstate(all="ignore"):
                res = STEPS[emu](hp, opt, dt, p.copy(), {k: v.copy() for k, v in st.items()}, g)
            rp = arr(s["params"], dt)
            rst = {k: arr(v, dt) for k, v in s["state"].items()}
            if res is None:
                skipped = True
                break
            ep, est = res
            for want, got in [(rp, ep)] + [(rst[k], est[k]) for k in est]:
                d = ulps(want, np.asarray(got, dtype=dt))
                worst = max(worst, float(d.max()))
                ndiff += int((d > 0).sum())
                nel += d.size
            p, st = rp, rst  # re-sync from the golden values
        if not skipped:
            rows.append((path.stem, worst, ndiff, nel))
    return rows


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "golden")
    for emu, fw in [("keras", "keras"), ("tf1", "tf1"), ("tfjs", "tfjs"), ("torch", "torch"),
                    ("torch-ieee", "torch"), ("torch-fma-torchsqrt", "torch"), ("optax", "optax"),
                    ("keras-ftz", "keras"), ("tf1-ftz", "tf1"), ("optax-ftz", "optax")]:
        rows = run(root, fw, emu)
        tot_d = sum(r[2] for r in rows)
        tot_n = sum(r[3] for r in rows)
        worst = max((r[1] for r in rows), default=0)
        print(f"== {emu}: {len(rows)} traces, {tot_d}/{tot_n} values differ, max {worst:.0f} ulp")
        for name, w, d, n in rows:
            if d:
                print(f"   {name}: {d}/{n} differ, max {w:.0f} ulp")


if __name__ == "__main__":
    main()
