"""Are the outputs of `reportnlp compare` the same before and after a change? Runs the command of a
baseline revision and of this checkout over the same inputs and diffs what they wrote.

    python bench/diff_outputs.py [INPUT ...] [--before REV] [--n 60] [--devset]

Without INPUT a corpus of N drafted reports is generated (bench_compare.make_corpus); --devset adds
../shared/devset (docs/*.txt, docx/*.docx) as a second batch. The baseline is `git archive REV`
of this repository unpacked into a temp folder (default: the commit before the speed work).
Compared: every row of every results.duckdb table (run_at left out), every cell of every
summary.xlsx sheet, index.html and each page under reports/. Exit 0 when all are identical; else
each difference is printed (the copy-pair sheet and the dashboard's copy section are reported on
their own: they change on purpose where template wording or paragraphs of 3+ bureaus were listed).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, env  # noqa: E402

BEFORE = "c6dbca1"  # the last commit before the speed work (#28)


def run_compare(src_root: str, inputs: list[str], out: str) -> subprocess.CompletedProcess:
    e = env()
    e["PYTHONPATH"] = os.path.join(src_root, "src")
    e["PYTHONHASHSEED"] = "0"
    return subprocess.run([sys.executable, "-m", "reportnlp", "compare", *inputs, "-o", out, "-j", "2"],
                          env=e, capture_output=True, text=True, cwd=src_root)


def db_rows(path: str) -> dict:
    from reportnlp.compare.store import dump

    return dump(path)


def xlsx_cells(path: str) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [tuple(c for c in row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def pages(folder: str) -> dict:
    out = {"index.html": open(os.path.join(folder, "index.html"), encoding="utf-8").read()}
    rep = os.path.join(folder, "reports")
    for name in sorted(os.listdir(rep)) if os.path.isdir(rep) else []:
        out["reports/" + name] = open(os.path.join(rep, name), encoding="utf-8").read()
    return out


def diff(a_dir: str, b_dir: str) -> list[str]:
    problems = []
    da, db = db_rows(os.path.join(a_dir, "results.duckdb")), db_rows(os.path.join(b_dir, "results.duckdb"))
    for t in da:
        if da[t] != db[t]:
            sa, sb = set(da[t]), set(db[t])
            problems.append(f"results.duckdb {t}: {len(da[t])} vs {len(db[t])} rows; only before: "
                            f"{sorted(sa - sb, key=repr)[:2]}; only after: {sorted(sb - sa, key=repr)[:2]}")
    xa, xb = xlsx_cells(os.path.join(a_dir, "summary.xlsx")), xlsx_cells(os.path.join(b_dir, "summary.xlsx"))
    for sheet in sorted(set(xa) | set(xb)):
        if xa.get(sheet) != xb.get(sheet):
            ra, rb = xa.get(sheet) or [], xb.get(sheet) or []
            first = next((k for k, (x, y) in enumerate(zip(ra, rb)) if x != y), min(len(ra), len(rb)))
            problems.append(f"summary.xlsx sheet {sheet}: {len(ra)} vs {len(rb)} rows, first difference at row {first + 1}: "
                            f"{ra[first] if first < len(ra) else None} | {rb[first] if first < len(rb) else None}")
    pa, pb = pages(a_dir), pages(b_dir)
    for name in sorted(set(pa) | set(pb)):
        if pa.get(name) != pb.get(name):
            x, y = pa.get(name) or "", pb.get(name) or ""
            k = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
            problems.append(f"{name}: differs at character {k}: …{x[max(0, k - 60):k + 60]!r} | …{y[max(0, k - 60):k + 60]!r}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--before", default=BEFORE, help="baseline revision (default: %(default)s)")
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--devset", action="store_true", help="also the batch ../shared/devset")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="reportnlp-diff-")
    try:
        base = os.path.join(tmp, "before")
        os.makedirs(base)
        arch = subprocess.run(["git", "-C", ROOT, "archive", a.before], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", base], input=arch, check=True)
        batches = []
        if a.inputs:
            batches.append(("given", a.inputs))
        else:
            from bench_compare import make_corpus

            sys.path.insert(0, os.path.join(ROOT, "src"))
            gen = os.path.join(tmp, "generated")
            os.makedirs(gen)
            make_corpus(gen, a.n)
            batches.append((f"generated ({a.n})", [gen]))
        if a.devset:
            dev = os.path.join(ROOT, "..", "shared", "devset")
            if not os.path.isdir(dev):
                dev = "/work/shared/devset"
            batches.append(("devset", [os.path.join(dev, "docs"), os.path.join(dev, "docx")]))
        bad = 0
        for name, inputs in batches:
            outs = []
            for label, root in (("before", base), ("after", ROOT)):
                out = os.path.join(tmp, f"{label}-{len(outs)}-{name.split()[0]}")
                r = run_compare(root, inputs, out)
                if r.returncode not in (0, 2):
                    print(f"{name}: {label} run failed ({r.returncode}): {r.stderr[-500:]}")
                    return 2
                outs.append(out)
            problems = diff(*outs)
            print(f"{name}: {'identical' if not problems else f'{len(problems)} difference(s)'} "
                  f"(results.duckdb rows, summary.xlsx cells, index.html + {len(pages(outs[1])) - 1} report pages)")
            for p in problems:
                print("  " + p)
            bad += bool(problems)
        return 1 if bad else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
