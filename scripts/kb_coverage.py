"""What the table of laws and regulations (src/reportnlp/domain/data/calendar/laws.yaml) holds and how much of
the reference table of national titles it covers.

    python scripts/kb_coverage.py [--reference ../shared/reference/law_titles.tsv]

Prints counts by kind (with an adoption date, with an in-force date, repealed), the share of the reference's
national laws and administrative regulations (by title) the table covers, and whether every entry names its
source; exits 1 when an entry has no source. The reference table is read only here and in the tests, never
copied into the project; without it the coverage lines are left out.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportnlp import domain  # noqa: E402


def main(argv=None) -> int:
    default_ref = Path(os.environ.get("REPORTNLP_SHARED") or ROOT.parent / "shared") / "reference" / "law_titles.tsv"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, default=default_ref)
    args = ap.parse_args(argv)

    laws = domain.load("calendar/laws")["laws"]
    kinds = Counter(e["kind"] for e in laws)
    print(f"entries: {len(laws)}")
    print(f"{'kind':<8} {'entries':>7} {'adopted':>7} {'in_force':>8} {'repealed':>8} {'repealed since 2015':>19}")
    for kind in ("宪法", "法律", "行政法规", "部门规章", "党内法规", "司法解释"):
        if not kinds[kind]:
            continue
        es = [e for e in laws if e["kind"] == kind]
        print(f"{kind:<8} {len(es):>7} {sum(1 for e in es if e['adopted']):>7} "
              f"{sum(1 for e in es if e['in_force']):>8} {sum(1 for e in es if e['repealed']):>8} "
              f"{sum(1 for e in es if (e['repealed'] or '') >= '2015'):>19}")
    with_successor = sum(1 for e in laws if e["replaced_by"])
    print(f"repealed with the text that replaced them: {with_successor}")
    hand = [e["title"] for e in laws if not e["source"].startswith("LawRefBook/Laws")]
    print(f"entries written by hand (other sources): {len(hand)} ({'、'.join(hand)})")
    missing = [e["title"] for e in laws if not str(e.get("source") or "").strip()]
    print(f"every entry names its source: {'yes' if not missing else 'NO: ' + '、'.join(missing)}")

    if args.reference.is_file():
        with open(args.reference, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["level"] in ("法律", "行政法规")]
        for r in rows:  # 民法典 总则, 民法典 合同编 … are parts of one code
            r["name"] = r["name"].split(" ")[0]
        titles = {e["title"] for e in laws}
        for label, names in (("all", {r["name"] for r in rows}),
                             ("in force", {r["name"] for r in rows if r["expired"] == "0"})):
            for level in ("法律", "行政法规"):
                ns = {r["name"] for r in rows if r["level"] == level} & names
                got = len(ns & titles)
                print(f"reference {level} ({label}): {got}/{len(ns)} covered ({got / len(ns):.1%})")
        ns = {r["name"] for r in rows}
        print(f"reference laws and administrative regulations: {len(ns & titles)}/{len(ns)} covered "
              f"({len(ns & titles) / len(ns):.1%})")
    else:
        print(f"reference table not found ({args.reference}): coverage not measured")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
