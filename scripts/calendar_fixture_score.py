"""Pass share of tests/fixtures/calendar/*.yaml per file (flag side and ok side), run through the real check.

Usage: PYTHONPATH=src python scripts/calendar_fixture_score.py [-v]
"""
import sys, collections
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import test_calendar as T
stats = collections.defaultdict(lambda: [0, 0, 0, 0])
fails = []
for stem, i, p in T._pairs():
    f = T.findings(p["flag"], p["year"])
    okf = T.findings(p.get("ok", p["flag"]), p.get("ok_year", p["year"]))
    s = stats[stem]
    s[0] += 1; s[1] += p["code"] in {x.code for x in f}
    s[2] += 1; s[3] += not okf
    if p["code"] not in {x.code for x in f}: fails.append((stem, i, "flag", p["code"], p["flag"], [(x.code) for x in f]))
    if okf: fails.append((stem, i, "ok", None, p.get("ok", p["flag"]), [(x.code, x.message[:60]) for x in okf]))
tot = [sum(s[k] for s in stats.values()) for k in range(4)]
for k, s in sorted(stats.items()):
    print(f"{k:14s} flag {s[1]}/{s[0]}  ok {s[3]}/{s[2]}")
print(f"{'total':14s} flag {tot[1]}/{tot[0]}  ok {tot[3]}/{tot[2]}")
if "-v" in sys.argv:
    for x in fails: print(x)
