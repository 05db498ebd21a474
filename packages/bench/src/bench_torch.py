"""PyTorch CPU RMSprop step timings for `pnpm bench` (run as a subprocess; prints one JSON document).

Usage: bench_torch.py '<json job>' with {"layouts": [[params, tensors], ...], "threads": [1, 2],
"forms": ["plain", "centered+momentum"], "dtypes": ["float32", "float64"], "quick": bool}.
The optimizer is torch.optim.RMSprop with its defaults (the `torch` preset), in each implementation of
"impls": "foreach" (foreach=True, the multi-tensor implementation PyTorch uses by default on CPU lists of
tensors) and "single-tensor" (foreach=False, the per-parameter loop). RMSprop has no fused implementation.
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


def main():
    job = json.loads(sys.argv[1])
    rows = []
    for impl in job.get("impls", ["foreach"]):
        for threads in job["threads"]:
            torch.set_num_threads(threads)
            for params, tensors in job["layouts"]:
                for dtype_name in job["dtypes"]:
                    if dtype_name == "float64" and params > job["float64Max"]:
                        continue  # keeps the default run short; the same cap as Isostep's float64 rows
                    dtype = getattr(torch, dtype_name)
                    for form in job["forms"]:
                        base, extra = divmod(params, tensors)
                        ps = []
                        for k in range(tensors):
                            p = torch.nn.Parameter(torch.randn(base + (1 if k < extra else 0), dtype=dtype))
                            p.grad = torch.randn_like(p) * 0.1
                            ps.append(p)
                        kw = {"centered": True, "momentum": 0.9} if form == "centered+momentum" else {}
                        opt = torch.optim.RMSprop(ps, lr=1e-2, foreach=(impl == "foreach"), **kw)
                        seconds = median_step_seconds(opt, job["quick"])
                        rows.append({
                            "impl": impl, "threads": threads, "params": params, "tensors": tensors, "dtype": dtype_name,
                            "form": form, "seconds": seconds,
                            "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                        })
                        del opt, ps
    print(json.dumps({"torch": torch.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
