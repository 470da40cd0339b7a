"""Start-up of a plain check: import time and regex compilation, against `python -c "import docx"`.

    python bench/bench_import.py [--file one.docx] [--repeat 7] [--top 15]

Printed, each the best of --repeat runs (fresh processes, bytecode cached):
  * `python -c "import docx"` (baseline), `import reportnlp._entry`, `import reportnlp.pipeline`
    and `reportnlp check --format json FILE`, wall time and ratio to the baseline;
  * the script that opens and reads FILE with python-docx, and the check of it (issue #28 target:
    the check at most 1.5 x the script);
  * regular expressions compiled while importing the pipeline and then during the first check
    (count and milliseconds) and the modules that compile the most, measured in one process by
    wrapping re's compile;
  * the modules whose own import time is largest (python -X importtime).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, best, env, reportnlp_cmd  # noqa: E402

READ = ("import sys, docx\nd = docx.Document(sys.argv[1]); t = '\\n'.join(p.text for p in d.paragraphs)\n")

REGEX_PROBE = r"""
import re, sys, time, collections
orig = re._compile
stats = collections.defaultdict(lambda: [0, 0.0])
seen = set()
def timed(pattern, flags):
    key = (type(pattern), pattern, flags)
    t = time.perf_counter()
    r = orig(pattern, flags)
    dt = time.perf_counter() - t
    if key not in seen and isinstance(pattern, (str, bytes)):
        seen.add(key)
        f = sys._getframe(1)
        while f and f.f_code.co_filename.endswith(("re/__init__.py", "re.py")):
            f = f.f_back
        mod = f.f_globals.get("__name__", "?") if f else "?"
        stats[mod][0] += 1
        stats[mod][1] += dt
    return r
re._compile = timed
def report(tag, total):
    n = sum(v[0] for v in stats.values()); ms = sum(v[1] for v in stats.values()) * 1000
    print(f"{tag} {total * 1000:.0f} REGEX {n} {ms:.0f}")
    for mod, (k, s) in sorted(stats.items(), key=lambda kv: -kv[1][1])[:int(sys.argv[1])]:
        print(f"MOD{tag} {mod} {k} {s * 1000:.1f}")
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

    r = subprocess.run([py, "-c", REGEX_PROBE, str(a.top), a.file], capture_output=True, text=True, env=env())
    lines = r.stdout.splitlines()
    for tag, what in (("IMPORT", "importing reportnlp.pipeline"), ("CHECK", "the first check of FILE after it")):
        head = next((x for x in lines if x.startswith(tag + " ")), None)
        if not head:
            print("regex probe failed:", r.stderr[-400:])
            break
        _t, total, _r, n, ms = head.split()
        print(f"\nregex compilation while {what} (one process): {n} patterns, {ms} ms of {total} ms")
        for x in lines:
            if x.startswith("MOD" + tag + " "):
                _m, mod, k, s_ = x.split()
                print(f"  {mod:<44} {k:>4} patterns {float(s_):7.1f} ms")

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
