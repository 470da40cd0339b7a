"""Benchmark `reportnlp compare`'s per-file work with 1 and 2 worker processes, as files/s and
characters/s, and as a ratio to python-docx merely reading the same files (one run).

Usage: python bench/bench_compare.py [DIR] [--n 60]
Without DIR a corpus of N drafted reports (.docx and .txt) is generated in a temp folder.
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))


def make_corpus(d: str, n: int) -> None:
    from reportnlp.datasets import DataRow
    from reportnlp.draft.compose import compose
    from reportnlp.draft.docxwriter import write_docx

    rnd = random.Random(1)
    for i in range(n):
        org = f"第{i}测试县教育局".replace("第", "青") if i % 2 else f"绿{i}区教育局"
        rows = [DataRow(m, m, rnd.randint(5, 900), u, org, 2024, "gen") for m, u in
                (("inspections", "次"), ("enforcement_staff", "人"), ("licensing", "件"), ("aid_money", "元"),
                 ("legal_vice_principals", "人"), ("leader_meetings", "次"))]
        d_ = compose(rows, org, 2024)
        if i % 2:
            write_docx(d_, os.path.join(d, f"r{i:03d}.docx"))
        else:
            with open(os.path.join(d, f"r{i:03d}.txt"), "w", encoding="utf-8") as fh:
                fh.write(d_.text())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--n", type=int, default=60)
    a = ap.parse_args()
    import docx

    from reportnlp.compare.run import collect, run_local

    tmp = None
    if a.dir is None:
        tmp = tempfile.mkdtemp(prefix="reportnlp-bench-")
        make_corpus(tmp, a.n)
    files = collect([a.dir or tmp])
    docx_files = [f for f in files if f.endswith(".docx")]
    t0 = time.perf_counter()
    for f in docx_files:
        docx.Document(f)
    for f in files:
        if not f.endswith(".docx"):
            open(f, encoding="utf-8", errors="replace").read()
    base = time.perf_counter() - t0
    from reportnlp.compare.work import work

    work(files[0])  # warm-up in this process (OpenCC, models, rules); forked workers inherit it
    results = {}
    for jobs in (1, 2):
        t0 = time.perf_counter()
        recs = run_local(files, jobs)
        results[jobs] = (time.perf_counter() - t0, recs)
    chars = sum(r.get("chars", 0) for r in results[1][1])
    print(f"files: {len(files)} ({len(docx_files)} .docx), characters: {chars}")
    print(f"baseline (python-docx open / read text): {base:6.2f} s = {len(files) / base:8.1f} files/s")
    for jobs, (t, _recs) in results.items():
        print(f"compare work, {jobs} worker(s):          {t:6.2f} s = {len(files) / t:8.1f} files/s, "
              f"{chars / t:10,.0f} chars/s, {t / base:6.1f} x baseline")
    print(f"speed-up 2 vs 1 workers: {results[1][0] / results[2][0]:.2f}x")


if __name__ == "__main__":
    main()
