#!/usr/bin/env python3
"""Two chapbook binaries timed run by run, alternately, on the chapbook and a 1,200-page
synthetic book: medians, quartiles and minima. For a measured comparison of two builds on
this noisy 2-core VM, where minutes apart the same binary drifts by a third.

    bench/interleave.py A=/tmp/chapbook-a B=/tmp/chapbook-b [--runs 60] [--synth DIR]

Make the synthetic book first: cargo run --release --example synth -- 1200 /tmp/synth1200
"""
import argparse, statistics, subprocess, time, os

ap = argparse.ArgumentParser()
ap.add_argument("binaries", nargs=2, help="NAME=PATH")
ap.add_argument("--runs", type=int, default=60)
ap.add_argument("--synth", default="/tmp/synth1200")
a = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
books = {"chapbook": root, "1200 pages": a.synth}
bins = dict(b.split("=", 1) for b in a.binaries)
res = {(b, k): [] for b in books for k in bins}
for b, proj in books.items():
    run = lambda exe, k: subprocess.run([exe, "build", "-q", "--project", proj, "-o", f"/tmp/interleave-{k}.pdf"], check=True)
    for _ in range(3):
        for k, exe in bins.items():
            run(exe, k)
    for i in range(a.runs):
        order = list(bins.items()) if i % 2 == 0 else list(reversed(bins.items()))
        for k, exe in order:
            t = time.perf_counter()
            run(exe, k)
            res[(b, k)].append((time.perf_counter() - t) * 1000)
for (b, k), v in res.items():
    v = sorted(v)
    q = statistics.quantiles(v, n=4)
    print(f"{b:10} {k:8} median {statistics.median(v):7.2f} ms  IQR {q[0]:7.2f}-{q[2]:7.2f}  min {v[0]:7.2f}  n={len(v)}")
