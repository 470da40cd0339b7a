"""Benchmark `reportnlp check`: each figure against a baseline measured in the same run, and the ratio.

    python bench/bench_check.py [--file one.docx] [--docs DIR_OR_FILES ...] [--repeat 7] [--files 240] [--before SRC_ROOT]

Figures (issue #17):
  start   `reportnlp check one.docx` end to end  vs  `python -c "import docx; read the same file"`
  batch   `reportnlp check` of 240 files (the devset over and over)  vs  python-docx / open() reading them
          (with its worker pool, as a user runs it, and with -j 1: one process)
  speed   characters per CPU-second on .txt reports (one core, warm process)
  memory  peak RSS of the check of one report
  profile where the time of a cold single check and of a warm batch goes (cProfile, by package)
  before  with --before (a checkout of an older revision, e.g. `git archive REV | tar -x -C /tmp/old`):
          its start and batch measured in the same run, and the ratio of this checkout to it
Default inputs: examples/report_2025.docx, and ../shared/devset (docs/*.txt + docx/*.docx) when
present, else examples/. Wall times are the best of --repeat runs (other load on the machine only
ever slows a run down).
"""
from __future__ import annotations

import argparse
import cProfile
import glob
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, SRC, best, mb, reportnlp_cmd, run  # noqa: E402

sys.path.insert(0, SRC)

READ_DOCX = ("import sys, docx\n"
             "for f in sys.argv[1:]:\n"
             "    if f.endswith('.docx'):\n"
             "        d = docx.Document(f); t = '\\n'.join(p.text for p in d.paragraphs)\n"
             "    else:\n"
             "        t = open(f, encoding='utf-8').read()\n")


def devset_files(args) -> list[str]:
    if args:
        out = []
        for a in args:
            out += (sorted(glob.glob(os.path.join(a, "*.txt")) + glob.glob(os.path.join(a, "*.docx")))
                    if os.path.isdir(a) else [a])
        return out
    # the shared devset sits next to the main checkout (../shared) or, from a worktree, two levels up
    shared = next((p for p in (os.path.join(ROOT, "..", "shared", "devset"), os.path.join(ROOT, "..", "..", "shared", "devset"))
                   if os.path.isdir(p)), "")
    if shared:
        return sorted(glob.glob(os.path.join(shared, "docs", "*.txt"))) + sorted(glob.glob(os.path.join(shared, "docx", "*.docx")))
    return sorted(glob.glob(os.path.join(ROOT, "examples", "*.txt")) + glob.glob(os.path.join(ROOT, "examples", "*.docx")))


def group_of(filename: str, func: str) -> str:
    """A readable bucket for a profiled function: our module, a library, regex compilation, imports."""
    f = filename.replace("\\", "/")
    if f == "~":
        if "re.Pattern" in func or "_sre" in func:
            return "regex matching"
        if "builtins.compile" in func:
            return "compiling source (no cached bytecode)"
        if any(w in func for w in ("exec", "marshal", "__import__", "posix.stat", "open_code", "_imp.", "__build_class__")):
            return "import machinery"
        return "builtins"
    if "<frozen importlib" in f or "<frozen zipimport" in f:
        return "import machinery"
    if "/reportnlp/" in f:
        rel = f.split("/reportnlp/")[-1]
        parts = rel[:-3].split("/")
        if parts[0] == "check" and len(parts) > 2:
            return "reportnlp.check.rules." + parts[-1]
        return "reportnlp." + ".".join(parts[:2]) if len(parts) > 1 else "reportnlp." + parts[0]
    if "/site-packages/" in f:
        return f.split("/site-packages/")[-1].split("/")[0].removesuffix(".py")
    if "/re/" in f or f.endswith("sre_compile.py") or f.endswith("sre_parse.py"):
        return "regex compilation (re)"
    return "stdlib: " + os.path.basename(f)[:-3]


def by_group(stats: pstats.Stats) -> list[tuple[str, float]]:
    acc: dict[str, float] = defaultdict(float)
    for (filename, _line, func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        acc[group_of(filename, func)] += tt
    return sorted(acc.items(), key=lambda kv: -kv[1])


def print_groups(title: str, groups: list[tuple[str, float]], top: int = 12) -> None:
    total = sum(t for _g, t in groups) or 1.0
    print(title)
    for g, t in groups[:top]:
        print(f"    {g:<38} {t * 1000:8.1f} ms  {t / total:6.1%}")


def py_spy_summary(cmd: list[str], tmp: str, top: int = 10) -> None:
    """Sample `cmd` with py-spy (when installed) and attribute each sample to the innermost project module."""
    import re
    import shutil

    exe = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    if not os.path.exists(exe):
        print("profile: py-spy not installed (pip install py-spy) - skipped")
        return
    out = os.path.join(tmp, "spy.txt")
    r = run([exe, "record", "--format", "raw", "-o", out, "--rate", "200", "--", *cmd])
    if r.code != 0 or not os.path.exists(out):
        print("profile: py-spy could not sample here (ptrace not permitted?) - skipped")
        return
    acc: dict[str, int] = defaultdict(int)
    total = 0
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            stack, _, n = line.rstrip().rpartition(" ")
            frames = stack.split(";")
            where = next((m.group(1) for f in reversed(frames)
                          if (m := re.search(r"\((?:.*?/src/)?(reportnlp/[^:]+)", f))), "other")
            if any("_find_and_load" in f for f in frames):
                where = "importing, from " + where
            acc[where] += int(n)
            total += int(n)
    print(f"profile: py-spy over the same batch, {total} samples, by innermost project module")
    for where, n in sorted(acc.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {where:<46} {n / total:6.1%}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", default=os.path.join(ROOT, "examples", "report_2025.docx"))
    ap.add_argument("--docs", nargs="*", default=None)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--files", type=int, default=240, help="files in the batch: the devset repeated up to this many (issue #28: 240)")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--before", help="root of an older checkout: its start and batch are measured too")
    a = ap.parse_args()
    one = os.path.abspath(a.file)  # the commands run in a folder of their own (common.neutral_dir)
    files = [os.path.abspath(f) for f in devset_files(a.docs)]
    batch = (files * (a.files // len(files) + 1))[:a.files]
    txt = [f for f in files if f.endswith(".txt")]
    py = sys.executable

    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; best of {a.repeat} runs")
    # start --------------------------------------------------------------------------------------
    base = best([py, "-c", READ_DOCX, one], a.repeat)
    chk = best(reportnlp_cmd() + ["check", one], a.repeat)
    chk_json = best(reportnlp_cmd() + ["check", "--format", "json", one], a.repeat)
    api = best([py, "-c", "import sys, reportnlp; reportnlp.check(sys.argv[1]).to_json()", one], a.repeat)
    old = best(reportnlp_cmd() + ["check", "--format", "json", one], a.repeat, src=a.before) if a.before else None
    print(f"\nstart: one .docx ({os.path.basename(one)}), end to end (wall, and CPU time of the same run)")
    print(f"  baseline python -c 'import docx; read':  {base.wall * 1000:7.0f} ms  cpu {base.cpu * 1000:5.0f} ms")
    for label, r in (("reportnlp check:", chk), ("reportnlp check --format json:", chk_json),
                     ("python -c 'reportnlp.check(f).to_json()':", api)):
        print(f"  {label:<41}{r.wall * 1000:7.0f} ms  cpu {r.cpu * 1000:5.0f} ms  = {r.wall / base.wall:4.2f} x baseline"
              f" (cpu {r.cpu / base.cpu:4.2f} x)")
    if old:
        print(f"  before ({a.before}) check --format json:  {old.wall * 1000:7.0f} ms  cpu {old.cpu * 1000:5.0f} ms"
              f"  = {old.wall / base.wall:4.2f} x baseline; this checkout {old.wall / chk_json.wall:4.2f} x faster"
              f" (cpu {old.cpu / chk_json.cpu:4.2f} x)")
    # batch --------------------------------------------------------------------------------------
    reps = max(1, a.repeat // 3)
    bbase = best([py, "-c", READ_DOCX, *batch], reps)
    bchk = best(reportnlp_cmd() + ["check", "--format", "json", *batch], reps)
    bone = best(reportnlp_cmd() + ["check", "--format", "json", "-j", "1", *batch], reps)
    print(f"\nbatch: {len(batch)} checks in one command ({len(files)} files, {len(files) - len(txt)} of them .docx, over and over)")
    print(f"  baseline python-docx/open() reading:     {bbase.wall:7.2f} s")
    # from 32 files the check shares them with worker processes (checkpool.py): their CPU is not the
    # command's own (forked from a server, not waited for), so only wall times compare
    print(f"  reportnlp check --format json:           {bchk.wall:7.2f} s  = {bchk.wall / bbase.wall:4.2f} x baseline"
          f" ({bchk.wall / len(batch) * 1000:.0f} ms a file; this process and its worker pool)")
    print(f"  reportnlp check --format json -j 1:      {bone.wall:7.2f} s  = {bone.wall / bbase.wall:4.2f} x baseline"
          f" (cpu {bone.cpu / bbase.cpu:4.2f} x; one process)")
    if a.before:
        bold = best(reportnlp_cmd() + ["check", "--format", "json", *batch], reps, src=a.before)
        print(f"  before ({a.before}):  {bold.wall:7.2f} s  = {bold.wall / bbase.wall:4.2f} x baseline;"
              f" this checkout {bold.wall / bchk.wall:4.2f} x faster (cpu {bold.cpu / bchk.cpu:4.2f} x)")
    # characters per second per core ------------------------------------------------------------
    from reportnlp.pipeline import analyse

    for f in files:
        analyse(f)  # warm: rules, data files, OpenCC, the classifier
    chars = sum(len(open(f, encoding="utf-8").read()) for f in txt)
    n, c0, w0 = 0, time.process_time(), time.perf_counter()
    while time.process_time() - c0 < 3.0 or n < 2:
        for f in txt:
            analyse(f)
        n += 1
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    read_c0 = time.process_time()
    for _ in range(n):
        for f in txt:
            open(f, encoding="utf-8").read()
    read_cpu = max(time.process_time() - read_c0, 1e-9)
    print(f"\nspeed on .txt ({len(txt)} reports, {chars:,} characters, warm, one process)")
    print(f"  baseline open().read():                  {n * chars / read_cpu:12,.0f} characters per CPU-second")
    print(f"  reportnlp analysis:                      {n * chars / cpu:12,.0f} characters per CPU-second"
          f"  ({n * chars / wall:,.0f} per wall second)")
    # memory -------------------------------------------------------------------------------------
    print("\nmemory: peak RSS")
    print(f"  baseline python -c 'import docx; read':  {mb(base.peak_rss):>8}")
    print(f"  reportnlp check (one report):            {mb(chk.peak_rss):>8}  = {chk.peak_rss / base.peak_rss:4.2f} x baseline")
    if a.no_profile:
        return
    # profile ------------------------------------------------------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        prof = os.path.join(tmp, "cold.prof")
        for _ in range(2):  # the second run reads cached bytecode
            run([py, "-m", "cProfile", "-o", prof, "-m", "reportnlp", "check", one])
        print_groups("\nprofile: where a cold single check spends its time (cProfile, own time by package)",
                     by_group(pstats.Stats(prof)))
    pr = cProfile.Profile()
    pr.enable()
    for f in files:
        analyse(f)
    pr.disable()
    print_groups("profile: a warm batch over the devset (own time by module)", by_group(pstats.Stats(pr)))
    with tempfile.TemporaryDirectory() as tmp:
        py_spy_summary(reportnlp_cmd() + ["check", "--format", "json", *(files * 3)], tmp)


if __name__ == "__main__":
    main()
