"""Benchmark `reportnlp compare`: 1 worker against 2, the whole command, and a Dask cluster of two
local workers, each against a baseline measured in the same run (python-docx / open() reading the
same files).

    python bench/bench_compare.py [DIR] [--n 164] [--repeat 3] [--skip-cli] [--skip-dask] [--before SRC_ROOT]

Without DIR a corpus of N short drafted reports (half .docx, half .txt) is generated in a temp
folder. Every figure is measured --repeat times, runs of the things compared interleaved (other
load on a shared machine hits both alike); printed: the median, and in brackets the range over the
repeats (the noise). Figures (issue #28):
  per-file work   run_local on 1 and 2 warm workers (the checking the pool does, outputs aside):
                  reports/s, x baseline, speed-up of 2 workers over 1
  command         `reportnlp compare -j 1` and `-j 2` end to end (start, pool, copy detection,
                  DuckDB, xlsx, dashboard): reports/s, speed-up, peak memory of the process tree, and
                  the cores the machine kept busy on average (which bounds the speed-up of -j 2)
  before          with --before (a checkout of an older revision, e.g. `git archive c6dbca1 | tar -x -C /tmp/old`):
                  its `reportnlp compare -j 1` / `-j 2` in the same repeats, and the speed-up of this checkout
  dask            run_dask on a LocalCluster of 2 single-threaded worker processes, against
                  run_local on 1 and on 2 workers (cluster start-up shown apart)
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SRC, env, mb, reportnlp_cmd, run, sharing_note  # noqa: E402

sys.path.insert(0, SRC)
os.environ.update(env())  # worker processes (forkserver, Dask) import this checkout too


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


def spread(xs: list[float], fmt: str = "{:.2f}") -> str:
    """median [min–max]"""
    return f"{fmt.format(statistics.median(xs))} [{fmt.format(min(xs))}–{fmt.format(max(xs))}]"


def read_all(files: list[str]) -> float:
    import docx

    t0 = time.perf_counter()
    for f in files:
        if f.endswith(".docx"):
            "\n".join(p.text for p in docx.Document(f).paragraphs)
        else:
            open(f, encoding="utf-8", errors="replace").read()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--n", type=int, default=164)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-cli", action="store_true", help="not the whole command")
    ap.add_argument("--skip-dask", action="store_true", help="not the Dask cluster")
    ap.add_argument("--before", help="root of an older checkout: its whole command is measured too")
    a = ap.parse_args()
    a.dir = os.path.abspath(a.dir) if a.dir else None  # the commands run in a folder of their own (common.neutral_dir)
    from reportnlp.compare.run import collect, run_local

    tmp = tempfile.mkdtemp(prefix="reportnlp-bench-")
    try:
        if a.dir is None:
            t0 = time.perf_counter()
            make_corpus(tmp, a.n)
            print(f"generated {a.n} reports in {time.perf_counter() - t0:.1f} s")
        files = collect([a.dir or tmp])
        n = len(files)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; files: {n} "
              f"({sum(f.endswith('.docx') for f in files)} .docx); {a.repeat} repeats: median [min–max]")

        note = sharing_note()
        if note:
            print(note)
        run_local(files[:4], 2)  # starts and warms the worker server once (a command does this once too)
        base, work = [], {1: [], 2: []}
        for _ in range(a.repeat):
            base.append(read_all(files))
            for jobs in (1, 2):
                t0 = time.perf_counter()
                recs = run_local(files, jobs)
                work[jobs].append(time.perf_counter() - t0)
                assert not any(r.get("error") for r in recs), [r["error"] for r in recs if r.get("error")][:3]
        print("\nper-file work (run_local, warm worker server)")
        print(f"  baseline python-docx/open() reading:  {spread(base)} s = {spread([n / t for t in base], '{:.0f}')} reports/s")
        for jobs in (1, 2):
            print(f"  {jobs} worker(s):                          {spread(work[jobs])} s = "
                  f"{spread([n / t for t in work[jobs]], '{:.0f}')} reports/s, "
                  f"{spread([t / b for t, b in zip(work[jobs], base)])} x baseline")
        print(f"  2 workers vs 1:                       {spread([x / y for x, y in zip(work[1], work[2])])} x faster; "
              f"best runs (least disturbed by other load): {min(work[1]) / min(work[2]):.2f} x, "
              f"{n / min(work[2]):.0f} reports/s on 2 workers")

        if not a.skip_cli:
            cmd = {jobs: [] for jobs in (1, 2)}
            old = {jobs: [] for jobs in (1, 2)}
            cbase = []
            for k in range(a.repeat):
                cbase.append(read_all(files))
                for jobs in (1, 2):
                    for src, into in ((None, cmd), (a.before, old)):
                        if into is old and not a.before:
                            continue
                        out = os.path.join(tmp, f"out{jobs}-{k}")
                        into[jobs].append(run(reportnlp_cmd() + ["compare", a.dir or tmp, "-o", out, "--jobs", str(jobs)],
                                              sample_tree=True, src=src))
                        shutil.rmtree(out, ignore_errors=True)
            print("\nreportnlp compare (whole command: start, pool, copy detection, DuckDB, xlsx, dashboard)")
            for jobs in (1, 2):
                rs = cmd[jobs]
                print(f"  -j {jobs}: {spread([r.wall for r in rs])} s = {spread([n / r.wall for r in rs], '{:.0f}')} reports/s, "
                      f"{spread([r.wall / b for r, b in zip(rs, cbase)])} x baseline; peak memory "
                      f"{mb(max(r.tree_rss for r in rs))} all processes (largest one {mb(max(r.peak_rss for r in rs))}); "
                      f"exit {sorted({r.code for r in rs})}")
            print(f"  -j 2 vs -j 1:                         {spread([x.wall / y.wall for x, y in zip(cmd[1], cmd[2])])} x faster; "
                  f"best runs: {min(r.wall for r in cmd[1]) / min(r.wall for r in cmd[2]):.2f} x")
            if all(r.busy is not None for jobs in (1, 2) for r in cmd[jobs]):
                # the whole machine's busy cores meanwhile: at -j 1 the command's own process (storing, pages,
                # the outputs' imports) and the worker server already run beside the one worker
                b1, b2 = (statistics.median(r.busy for r in cmd[jobs]) for jobs in (1, 2))
                cpu1, cpu2 = (statistics.median(r.busy * r.wall for r in cmd[jobs]) for jobs in (1, 2))
                cores = os.cpu_count() or 1
                print(f"  cores busy on average:                -j 1 {b1:.2f}, -j 2 {b2:.2f} of {cores} "
                      f"(CPU time of the machine {cpu1:.2f} s / {cpu2:.2f} s); with the -j 1 CPU time on all "
                      f"{cores} cores -j 2 could be at most {cores / b1:.2f} x faster than -j 1")
            if a.before:
                print(f"\nbefore ({a.before}), the same command in the same repeats")
                for jobs in (1, 2):
                    rs = old[jobs]
                    print(f"  -j {jobs}: {spread([r.wall for r in rs])} s = {spread([n / r.wall for r in rs], '{:.1f}')} reports/s; "
                          f"peak memory {mb(max(r.tree_rss for r in rs))}; exit {sorted({r.code for r in rs})}; "
                          f"this checkout {spread([o.wall / c.wall for o, c in zip(rs, cmd[jobs])], '{:.1f}')} x faster")

        if not a.skip_dask:
            try:
                from dask.distributed import Client, LocalCluster
            except ImportError:
                print("\ndask: not installed (pip install 'reportnlp[dask]') - skipped")
                return
            from reportnlp.compare.run import run_dask

            t0 = time.perf_counter()
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                start = time.perf_counter() - t0
                run_dask(files[:4], None, client=client)  # workers warm, as run_local's server is
                dask_t, loc1, loc2 = [], [], []
                for _ in range(a.repeat):
                    for store, jobs in ((loc1, 1), (loc2, 2)):
                        t0 = time.perf_counter()
                        run_local(files, jobs)
                        store.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    recs = run_dask(files, None, client=client)
                    dask_t.append(time.perf_counter() - t0)
                    assert not any(r.get("error") for r in recs)
            print(f"\ndask: LocalCluster of 2 worker processes (start-up {start:.1f} s, not counted)")
            print(f"  run_dask:                             {spread(dask_t)} s = {spread([n / t for t in dask_t], '{:.0f}')} reports/s")
            print(f"  dask (2 workers) vs local 1 worker:   {spread([x / y for x, y in zip(loc1, dask_t)])} x faster")
            print(f"  dask (2 workers) vs local 2 workers:  {spread([x / y for x, y in zip(loc2, dask_t)])} x "
                  "(below 1: the local pool is faster on one machine)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
