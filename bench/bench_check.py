"""Benchmark `reportnlp check` against python-docx merely opening the same files (one run).

Usage: python bench/bench_check.py [FILES_OR_DIRS ...] [--repeat N]
Default inputs: ../shared/devset/docx/*.docx and ../shared/devset/docs/*.txt when present,
else examples/. Prints figures as ratios to the baseline measured in the same run.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))


def inputs(args):
    if args:
        out = []
        for a in args:
            out += sorted(glob.glob(os.path.join(a, "*.docx")) + glob.glob(os.path.join(a, "*.txt"))) if os.path.isdir(a) else [a]
        return out
    shared = os.path.join(ROOT, "..", "shared", "devset")
    if os.path.isdir(shared):
        return sorted(glob.glob(os.path.join(shared, "docx", "*.docx")) + glob.glob(os.path.join(shared, "docs", "*.txt")))
    return sorted(glob.glob(os.path.join(ROOT, "examples", "*.docx")) + glob.glob(os.path.join(ROOT, "examples", "*.txt")))


def timed(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    import docx

    from reportnlp.extract.claims import extract_claims
    from reportnlp.pipeline import analyse

    files = inputs(a.paths)
    docx_files = [f for f in files if f.endswith(".docx")]
    analyse(files[0])  # warm-up: OpenCC, models, rule loading
    chars = sum(len(analyse(f).source.text) for f in files)

    base_docx = timed(lambda: [docx.Document(f) for f in docx_files], a.repeat) if docx_files else None
    check_docx = timed(lambda: [analyse(f) for f in docx_files], a.repeat) if docx_files else None
    base_read = timed(lambda: [open(f, "rb").read() for f in files], a.repeat)
    check_all = timed(lambda: [analyse(f) for f in files], a.repeat)

    reps = [analyse(f) for f in files]
    n_claims = sum(len(r.claims) for r in reps)

    def extract_only():
        for r in reps:
            extract_claims(r.norm.text, r.norm.line_starts, set(r.chrome.lines), r.tables)

    t_extract = timed(extract_only, a.repeat)
    print(f"files: {len(files)} ({len(docx_files)} .docx), characters: {chars}, claims: {n_claims}")
    if docx_files:
        print(f"python-docx open (baseline):  {base_docx * 1000:8.1f} ms for {len(docx_files)} .docx")
        print(f"reportnlp check (.docx):      {check_docx * 1000:8.1f} ms  = {check_docx / base_docx:6.1f} x python-docx open")
    print(f"reportnlp check (all files):  {check_all * 1000:8.1f} ms  = {check_all / base_read:8.0f} x reading the bytes")
    print(f"per report:                   {check_all / len(files) * 1000:8.1f} ms, {chars / check_all:,.0f} characters/s")
    print(f"claim extraction:             {n_claims / t_extract:,.0f} claims/s ({t_extract / check_all:.1%} of check time)")


if __name__ == "__main__":
    main()
