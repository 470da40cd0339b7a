"""Benchmark `reportnlp compare` on 1 and 2 workers, against python-docx reading the same files (one run).

    python bench/bench_compare.py [DIR] [--n 500] [--skip-cli]

Without DIR a corpus of N drafted reports (half .docx, half .txt) is generated in a temp folder.
Figures (issue #17): the per-file work on 2 workers against 1 worker (the parallel part), the whole
`reportnlp compare` command on 2 workers against 1 (with outputs: xlsx, dashboard, DuckDB), and the peak
memory of the compare command (sum of the RSS of its processes, sampled every 50 ms).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SRC, mb, reportnlp_cmd, run  # noqa: E402

sys.path.insert(0, SRC)


def make_corpus(d: str, n: int) -> None:
    from reportnlp.datasets import DataRow
    from reportnlp.draft.compose import compose
    from reportnlp.draft.docxwriter import write_docx

    rnd = random.Random(1)
    for i in range(n):
        org = f"青{i}测试县教育局" if i % 2 else f"绿{i}区教育局"
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
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--skip-cli", action="store_true", help="only the per-file work, not the whole command")
    a = ap.parse_args()
    import docx

    from reportnlp.compare.run import collect, run_local
    from reportnlp.compare.work import work

    tmp = tempfile.mkdtemp(prefix="reportnlp-bench-")
    try:
        if a.dir is None:
            t0 = time.perf_counter()
            make_corpus(tmp, a.n)
            print(f"generated {a.n} reports in {time.perf_counter() - t0:.1f} s")
        files = collect([a.dir or tmp])
        docx_files = [f for f in files if f.endswith(".docx")]
        t0 = time.perf_counter()
        for f in files:
            if f.endswith(".docx"):
                "\n".join(p.text for p in docx.Document(f).paragraphs)
            else:
                open(f, encoding="utf-8", errors="replace").read()
        base = time.perf_counter() - t0
        print(f"machine: {os.cpu_count()} cores; files: {len(files)} ({len(docx_files)} .docx)")
        print(f"  baseline python-docx/open() reading:     {base:7.2f} s = {len(files) / base:7.1f} files/s")

        work(files[0])  # warm-up in this process (OpenCC, rules, templates); forked workers inherit it
        results = {}
        for jobs in (1, 2):
            t0 = time.perf_counter()
            recs = run_local(files, jobs)
            results[jobs] = (time.perf_counter() - t0, recs)
        chars = sum(r.get("chars", 0) for r in results[1][1])
        for jobs, (t, _recs) in results.items():
            print(f"  per-file work, {jobs} worker(s):           {t:7.2f} s = {len(files) / t:7.1f} files/s, "
                  f"{chars / t:9,.0f} chars/s, {t / base:5.1f} x baseline")
        print(f"  per-file work, 2 workers vs 1:           {results[1][0] / results[2][0]:7.2f} x faster")
        if a.skip_cli:
            return
        runs = {}
        for jobs in (1, 2):
            out = os.path.join(tmp, f"out{jobs}")
            runs[jobs] = run(reportnlp_cmd() + ["compare", a.dir or tmp, "-o", out, "--jobs", str(jobs)],
                             sample_tree=True)
            shutil.rmtree(out, ignore_errors=True)
        for jobs, r in runs.items():
            print(f"  reportnlp compare -j {jobs}:                  {r.wall:7.2f} s = {len(files) / r.wall:7.1f} files/s, "
                  f"peak RSS {mb(r.tree_rss)} (all processes; largest one {mb(r.peak_rss)}), exit {r.code}")
        print(f"  reportnlp compare, 2 workers vs 1:       {runs[1].wall / runs[2].wall:7.2f} x faster")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
