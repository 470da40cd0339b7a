"""Start-up of a plain check: import time and regex compilation, against `python -c "import docx"`.

    python bench/bench_import.py [--file one.docx] [--repeat 7] [--top 15]

Printed, each the best of --repeat runs (fresh processes, bytecode cached):
  * `python -c "import docx"` (baseline), `import reportnlp._entry`, `import reportnlp.pipeline`
    and `reportnlp check --format json FILE`, wall time and ratio to the baseline;
  * the script that opens and reads FILE with python-docx, and the check of it (issue #28 target:
    the check at most 1.5 x the script);
  * regular expressions made while importing the pipeline and then during the first check: how
    many `re` compiled and how many recache built from its stored programs (count and
    milliseconds), by module, measured in one process by wrapping both; run twice, since the
    first run on a machine fills the cache;
  * the modules whose own import time is largest (python -X importtime).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, best, env, neutral_dir, reportnlp_cmd  # noqa: E402

READ = ("import sys, docx\nd = docx.Document(sys.argv[1]); t = '\\n'.join(p.text for p in d.paragraphs)\n")

REGEX_PROBE = r"""
import re, sys, time, collections
from reportnlp import recache
stats = collections.defaultdict(lambda: [0, 0.0])
seen = set()
def caller():
    f = sys._getframe(2)
    while f and f.f_code.co_filename.endswith(("re/__init__.py", "re.py", "recache.py")):
        f = f.f_back
    return f.f_globals.get("__name__", "?") if f else "?"
def wrap(fn, how):
    def timed(pattern, flags_or_program):
        key = (type(pattern), pattern, str(flags_or_program)[:40])
        t = time.perf_counter()
        r = fn(pattern, flags_or_program)
        dt = time.perf_counter() - t
        if key not in seen and isinstance(pattern, (str, bytes)):
            seen.add(key)
            stats[(how, caller())][0] += 1
            stats[(how, caller())][1] += dt
        return r
    return timed
re._compile = wrap(re._compile, "compiled")  # by re: a pattern the cache does not have yet, or not ours
recache._built = wrap(recache._built, "built")  # from a program: recache's stored one (or a new one, to check it)
def report(tag, total):
    for how in ("compiled", "built"):
        mine = {mod: v for (h, mod), v in stats.items() if h == how}
        n = sum(v[0] for v in mine.values()); ms = sum(v[1] for v in mine.values()) * 1000
        print(f"{tag} {total * 1000:.0f} {how.upper()} {n} {ms:.1f}")
        for mod, (k, s) in sorted(mine.items(), key=lambda kv: -kv[1][1])[:int(sys.argv[1])]:
            print(f"MOD{tag} {how} {mod} {k} {s * 1000:.1f}")
    stats.clear()
t0 = time.perf_counter()
import reportnlp.pipeline
report("IMPORT", time.perf_counter() - t0)
import reportnlp
t0 = time.perf_counter()
reportnlp.check(sys.argv[2]).to_json()
report("CHECK", time.perf_counter() - t0)
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", default=os.path.join(ROOT, "examples", "report_2025.docx"))
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    a.file = os.path.abspath(a.file)  # the commands run in a folder of their own (common.neutral_dir)
    py = sys.executable
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}; "
          f"best of {a.repeat} runs")
    base = best([py, "-c", "import docx"], a.repeat)
    rows = [("python -c 'import docx' (baseline)", base),
            ("import reportnlp._entry", best([py, "-c", "import reportnlp._entry"], a.repeat)),
            ("import reportnlp.pipeline", best([py, "-c", "import reportnlp.pipeline"], a.repeat)),
            ("python-docx script: open and read FILE", best([py, "-c", READ, a.file], a.repeat)),
            ("reportnlp check --format json FILE", best(reportnlp_cmd() + ["check", "--format", "json", a.file], a.repeat)),
            ("reportnlp check FILE", best(reportnlp_cmd() + ["check", a.file], a.repeat))]
    script = rows[3][1]
    print(f"\nstart-up (wall; FILE = {os.path.relpath(a.file, ROOT)})")
    for label, r in rows:
        print(f"  {label:<42} {r.wall * 1000:6.0f} ms  = {r.wall / base.wall:5.2f} x import docx"
              f"  = {r.wall / script.wall:5.2f} x the python-docx script")

    # twice on an empty data cache: the first run is a first start on a machine (re compiles every
    # pattern, recache stores the programs), the second reads them
    import tempfile

    cold = tempfile.mkdtemp(prefix="reportnlp-bench-cache-")
    for rnd in (" (empty cache: a first start)", " (again: patterns from the cache)"):
        r = subprocess.run([py, "-c", REGEX_PROBE, str(a.top), a.file], capture_output=True, text=True,
                           env={**env(), "REPORTNLP_CACHE": cold}, cwd=neutral_dir())
        lines = r.stdout.splitlines()
        for tag, what in (("IMPORT", "importing reportnlp.pipeline"), ("CHECK", "the first check of FILE after it")):
            heads = [x.split() for x in lines if x.startswith(tag + " ")]
            if len(heads) != 2:
                print("regex probe failed:", r.stderr[-400:])
                return
            total = heads[0][1]
            print(f"\nregular expressions while {what}{rnd} (one process, {total} ms): "
                  + "; ".join(f"{h[3]} {'compiled by re' if h[2] == 'COMPILED' else 'built from programs'} in {h[4]} ms"
                              for h in heads))
            for x in lines:
                if x.startswith("MOD" + tag + " "):
                    _m, how, mod, k, s_ = x.split()
                    print(f"  {how:<9}{mod:<44} {k:>4} patterns {float(s_):7.1f} ms")

    r = subprocess.run([py, "-X", "importtime", "-c", "import reportnlp._entry, reportnlp.pipeline"],
                       capture_output=True, text=True, env=env())
    own = []
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = [p.strip() for p in line[len("import time:"):].split("|")]
            if parts[0].isdigit():
                own.append((int(parts[0]), parts[2].strip()))
    ours = sum(us for us, m in own if m.startswith("reportnlp"))
    print(f"\nimport time by module (own time, -X importtime): reportnlp modules {ours / 1000:.0f} ms of "
          f"{sum(us for us, _m in own) / 1000:.0f} ms")
    for us, m in sorted(own, reverse=True)[:a.top]:
        print(f"  {m:<44} {us / 1000:7.1f} ms")


if __name__ == "__main__":
    main()
