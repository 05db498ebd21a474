"""PyTorch CPU optimizer step timings for `pnpm bench` (run as a subprocess; prints one JSON document).

Usage: bench_torch.py '<json job>' with {"layouts": [[params, tensors], ...], "threads": [1, 2],
"quick": bool, "float64Max": int, "runs": [{"optimizer": "rmsprop" | "adam", "impls": [...],
"forms": ["plain", "centered+momentum"], "dtypes": ["float32", "float64"]}, ...]}.
Each optimizer runs with torch's defaults (the `torch` preset; RMSprop at lr=1e-2 like the bench's other
systems, Adam at its default lr=1e-3), in each implementation of its run's "impls": "foreach"
(foreach=True, the multi-tensor implementation PyTorch uses by default on CPU lists of tensors),
"single-tensor" (foreach=False, the per-parameter loop) and "fused" (fused=True; Adam only, RMSprop has
none). A configuration torch refuses (say fused=True on a build without the CPU kernel) is a row with
"skipped": the error, never a crash of the run.
"""
import json
import resource
import sys
import time

import torch


def median_step_seconds(opt, quick):
    opt.step()  # warm-up: allocates the state
    samples, started = [], time.perf_counter()
    while len(samples) < (2 if quick else 4) or time.perf_counter() - started < (0.02 if quick else 0.25):
        t0 = time.perf_counter()
        opt.step()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    return samples[len(samples) // 2]


def make_optimizer(name, ps, impl, form):
    kw = {"fused": True} if impl == "fused" else {"foreach": impl == "foreach"}
    if name == "adam":
        return torch.optim.Adam(ps, **kw)
    if name == "rmsprop":
        extra = {"centered": True, "momentum": 0.9} if form == "centered+momentum" else {}
        return torch.optim.RMSprop(ps, lr=1e-2, **kw, **extra)
    raise ValueError(f"unknown optimizer {name}")


def main():
    job = json.loads(sys.argv[1])
    rows = []
    for run in job["runs"]:
        for impl in run["impls"]:
            for threads in job["threads"]:
                torch.set_num_threads(threads)
                for params, tensors in job["layouts"]:
                    for dtype_name in run["dtypes"]:
                        if dtype_name == "float64" and params > job["float64Max"]:
                            continue  # keeps the default run short; the same cap as Isostep's float64 rows
                        dtype = getattr(torch, dtype_name)
                        for form in run["forms"]:
                            row = {
                                "optimizer": run["optimizer"], "impl": impl, "threads": threads, "params": params,
                                "tensors": tensors, "dtype": dtype_name, "form": form,
                            }
                            base, extra = divmod(params, tensors)
                            ps = []
                            for k in range(tensors):
                                p = torch.nn.Parameter(torch.randn(base + (1 if k < extra else 0), dtype=dtype))
                                p.grad = torch.randn_like(p) * 0.1
                                ps.append(p)
                            opt = None
                            try:
                                opt = make_optimizer(run["optimizer"], ps, impl, form)
                                row["seconds"] = median_step_seconds(opt, job["quick"])
                            except Exception as e:  # noqa: BLE001 - reported as the row's skip reason
                                row["skipped"] = f"torch {torch.__version__} refused it: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
                            row["peakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                            rows.append(row)
                            del opt, ps
    print(json.dumps({"torch": torch.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
