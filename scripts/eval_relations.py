"""Score the arithmetic checks (RN201–RN207) on tests/fixtures/relations_real/ (issue 25).

    PYTHONPATH=src python scripts/eval_relations.py [--verbose]

Prints, over the passages written from real reports of many kinds of bureau:
  relations   labelled relations (`total` / `rate`) found with a consistent verdict / labelled
  mutants     one-figure mutants flagged by an RN201–RN207 error or warning / mutants (an alarm the
              consistent text raises too does not flag its mutant)
  false       consistent texts and must-not texts with an RN201–RN207 error or warning (those marked
              `known_false_alarm` included)
The last line is `EVAL {json}`.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "relations_real"
CODES = {f"RN20{i}" for i in range(1, 8)}


def load_cases() -> list[dict]:
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            out.append(dict(case, kind=data["kind"], id=f"{path.stem}-{i}"))
    return out


def mutate(case: dict) -> str:
    old, new = (str(x) for x in case["mutant"])
    text = case["text"]
    if text.count(old) != 1:
        raise ValueError(f"{case['id']}: `{old}` must occur once in the text")
    return text.replace(old, new)


def analyse(text: str):
    from reportnlp.cli import Config
    from reportnlp.pipeline import analyse_source
    from reportnlp.read import Source

    return analyse_source(Source(path="case.txt", format="txt", text=text), config=Config(year=2024))


def alarms(rep) -> list:
    return [f for f in rep.findings if f.code in CODES and f.severity in ("error", "warning")]


def new_alarms(rep, mrep) -> list:
    """The mutant's alarms that the consistent text does not raise (its known false alarm flags nothing)."""
    seen = {(f.code, f.message) for f in alarms(rep)}
    return [f for f in alarms(mrep) if (f.code, f.message) not in seen]


def found(case: dict, rep) -> bool:
    if "rate" in case:
        return any(ch.kind == "ratio" and abs(ch.rate.value - float(case["rate"])) < 1e-9 and ch.verdict == "consistent"
                   for ch in rep.checks)
    t = float(case["total"])
    return any(ch.kind == "sum" and abs(ch.total.value - t) < 1e-9 and ch.verdict in ("consistent", "rounding")
               for ch in rep.checks)


def _known(case: dict) -> str:
    return " (known_false_alarm)" if case.get("known_false_alarm") else ""


def evaluate(verbose: bool = False, files: set[str] | None = None) -> dict:
    """The figures over the fixtures (of the files whose stems are in `files`, when given)."""
    cases = [c for c in load_cases() if files is None or c["id"].rsplit("-", 1)[0] in files]
    res = {"labelled": 0, "found": 0, "mutants": 0, "flagged": 0, "consistent": 0, "consistent_false": 0,
           "must_not": 0, "must_not_false": 0, "kinds": sorted({c["kind"] for c in cases})}
    misses = []
    for case in cases:
        rep = analyse(case["text"])
        bad = alarms(rep)
        if case.get("must_not"):
            res["must_not"] += 1
            if bad:
                res["must_not_false"] += 1
                misses.append((case["id"], "must-not alarm" + _known(case), [f.message for f in bad]))
            continue
        res["consistent"] += 1
        if bad:
            res["consistent_false"] += 1
            misses.append((case["id"], "false alarm" + _known(case), [f.message for f in bad]))
        if "total" in case or "rate" in case:
            res["labelled"] += 1
            if found(case, rep):
                res["found"] += 1
            else:
                misses.append((case["id"], "relation not found", [(c.kind, c.verdict, c.json_fields()) for c in rep.checks]))
        if "mutant" in case:
            res["mutants"] += 1
            if new_alarms(rep, analyse(mutate(case))):
                res["flagged"] += 1
            else:
                misses.append((case["id"], "mutant missed", case["mutant"]))
    if verbose:
        for m in misses:
            print(*m, sep="  ")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    ap.add_argument("--by-file", action="store_true", help="a line of figures per fixture file (kind of bureau)")
    ap.add_argument("files", nargs="*", help="fixture file stems to measure (gongan shenji …); default all")
    args = ap.parse_args()
    if args.by_file:
        for stem in sorted(p.stem for p in FIXTURES.glob("*.yaml")):
            if args.files and stem not in args.files:
                continue
            f = evaluate(False, {stem})
            print(f"{stem:<14} mutants {f['flagged']}/{f['mutants']}  relations {f['found']}/{f['labelled']}  "
                  f"false alarms {f['consistent_false']}/{f['consistent']} consistent, {f['must_not_false']}/{f['must_not']} must-not")
    r = evaluate(args.verbose, set(args.files) or None)
    print(f"kinds of bureau: {len(r['kinds'])} ({'、'.join(r['kinds'])})")
    print(f"relations found with the right verdict: {r['found']}/{r['labelled']}")
    print(f"mutants flagged (RN201–RN207 error or warning): {r['flagged']}/{r['mutants']}")
    print(f"false alarms on consistent texts: {r['consistent_false']}/{r['consistent']}")
    print(f"false alarms on must-not texts: {r['must_not_false']}/{r['must_not']}")
    print("EVAL " + json.dumps({k: v for k, v in r.items() if k != "kinds"}))


if __name__ == "__main__":
    sys.path.append(str(ROOT / "src"))  # after PYTHONPATH: another checkout's code can be measured
    main()
