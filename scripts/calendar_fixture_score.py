"""Pass share of tests/fixtures/calendar/*.yaml per file (flag side and ok side), through the real check.

Usage: PYTHONPATH=src python scripts/calendar_fixture_score.py [-v]
Runs with any version of reportnlp on the path (it needs only the pipeline), so the same fixtures can be
scored on an older checkout to measure what a knowledge change gained. Pairs marked `known_miss` /
`known_false_alarm` still count as failures; the summary line says how many of the failures are known.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

from reportnlp.cli import Config
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

FIX = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "calendar"
CODES = ("RN301", "RN302", "RN303", "RN304", "RN305", "RN310", "RN311", "RN312", "RN313", "RN314")


def findings(text: str, year: int):
    rep = analyse_source(Source(path="case.txt", format="txt", text=text), config=Config(select=list(CODES), year=year))
    return [f for f in rep.findings if f.code in CODES]


def main(verbose: bool) -> None:
    stats = defaultdict(lambda: [0, 0, 0, 0])
    known = defaultdict(int)
    fails = []
    for path in sorted(FIX.glob("*.yaml")):
        if path.name == "laws.yaml":
            continue
        for i, p in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]):
            s = stats[path.stem]
            got = {f.code for f in findings(p["flag"], p["year"])}
            okf = findings(p.get("ok", p["flag"]), p.get("ok_year", p["year"]))
            s[0] += 1
            s[1] += p["code"] in got
            s[2] += 1
            s[3] += not okf
            if p["code"] not in got:
                known[path.stem] += "known_miss" in p
                fails.append((path.stem, i, "flag", p["code"], p["flag"], sorted(got), p.get("known_miss")))
            if okf:
                known[path.stem] += "known_false_alarm" in p
                fails.append((path.stem, i, "ok", None, p.get("ok", p["flag"]), [(f.code, f.message[:60]) for f in okf],
                              p.get("known_false_alarm")))
    tot = [sum(s[k] for s in stats.values()) for k in range(4)]
    for k, s in sorted(stats.items()):
        print(f"{k:14s} flag {s[1]}/{s[0]}  ok {s[3]}/{s[2]}" + (f"  (known failures {known[k]})" if known[k] else ""))
    nk = sum(known.values())
    print(f"{'total':14s} flag {tot[1]}/{tot[0]}  ok {tot[3]}/{tot[2]}" + (f"  (known failures {nk})" if nk else ""))
    if verbose:
        for *x, why in fails:
            print(repr(tuple(x)) + (f"  known: {why}" if why else ""))


if __name__ == "__main__":
    main("-v" in sys.argv)
