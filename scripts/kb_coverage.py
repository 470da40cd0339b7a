"""Counts of the domain knowledge base per file, and a check that every entry names its source.

Usage: PYTHONPATH=src python scripts/kb_coverage.py [--markdown] [--reference ../shared/reference/law_titles.tsv]

The laws section also measures how much of the reference table of national titles (shared/, read only here
and in the tests, never copied into the project) the laws table covers; without it that line is left out.

One function per data file (`section_<name>`), each returning a Section; a new file adds one function
and one line in SECTIONS. Exit status 1 when an entry has no source.
"""
from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from pathlib import Path
from dataclasses import dataclass, field

from reportnlp import domain


@dataclass
class Section:
    file: str
    total: int
    counts: dict[str, int] = field(default_factory=dict)  # by kind
    unsourced: list[str] = field(default_factory=list)  # ids of entries without a source


def _unsourced(entries, key="id") -> list[str]:
    return [str(e.get(key, i)) for i, e in enumerate(entries) if not str(e.get("source") or "").strip()]


def _by(entries, key) -> dict[str, int]:
    return dict(sorted(Counter(str(e.get(key)) for e in entries).items()))


def section_plans() -> Section:
    plans = domain.load("calendar/plans")["plans"]
    return Section("calendar/plans.yaml", len(plans), _by(plans, "kind"), _unsourced(plans))


def section_congresses() -> Section:
    data = domain.load("calendar/congresses")
    congresses, plenums = data["congresses"], data["plenums"]
    per = Counter(f"{p['congress']}届" for p in plenums)
    counts = {"congresses": len(congresses), "plenums": len(plenums), **dict(sorted(per.items()))}
    return Section("calendar/congresses.yaml", len(congresses) + len(plenums), counts,
                   _unsourced(congresses, "number") + _unsourced(plenums, "date"))


def section_campaigns() -> Section:
    entries = domain.load("calendar/campaigns")["campaigns"]
    return Section("calendar/campaigns.yaml", len(entries), _by(entries, "kind"), _unsourced(entries))


def section_terms() -> Section:
    entries = domain.load("calendar/terms")["terms"]
    counts = {"RN301": sum(1 for e in entries if e.get("unit", "RN301") == "RN301"),
              "RN314": sum(1 for e in entries if e.get("unit") == "RN314")}
    return Section("calendar/terms.yaml", len(entries), counts, _unsourced(entries))


def section_bodies() -> Section:
    entries = domain.load("calendar/bodies")["bodies"]
    counts = {"renamed or merged (until by level)": sum(1 for e in entries if "until" in e),
              "created (since by level)": sum(1 for e in entries if "since" in e)}
    return Section("calendar/bodies.yaml", len(entries), counts, _unsourced(entries))


def section_anniversaries() -> Section:
    entries = domain.load("calendar/anniversaries")["anniversaries"]
    return Section("calendar/anniversaries.yaml", len(entries), {"names": sum(len(e["names"]) for e in entries)},
                   _unsourced(entries))


def section_formulas() -> Section:
    entries = domain.load("calendar/formulas")["formulas"]
    counts = {"with members": sum(1 for e in entries if e.get("members")),
              "dated (since or until)": sum(1 for e in entries if e.get("since") or e.get("until")),
              "with until": sum(1 for e in entries if e.get("until")),
              "expected from a year (RN307)": sum(1 for e in entries if e.get("expected")),
              "with scope (RN311)": sum(1 for e in entries if e.get("scope")),
              "near_miss: false": sum(1 for e in entries if e.get("near_miss") is False)}
    return Section("calendar/formulas.yaml", len(entries), counts, _unsourced(entries, "form"))


def section_placeholders() -> Section:
    entries = domain.load("placeholders")["entries"]
    counts = {**_by(entries, "code"),
              "examples": sum(len(e["examples"]) for e in entries),
              "must-not look-alikes": sum(len(e["must_not"]) for e in entries)}
    return Section("placeholders.yaml", len(entries), counts, _unsourced(entries))


def section_laws() -> Section:
    laws = domain.load("calendar/laws")["laws"]
    counts = {**_by(laws, "kind"), "with adoption date": sum(1 for e in laws if e["adopted"]),
              "with in-force date": sum(1 for e in laws if e["in_force"]),
              "repealed": sum(1 for e in laws if e["repealed"]),
              "repealed since 2015": sum(1 for e in laws if (e["repealed"] or "") >= "2015"),
              "repealed with successor": sum(1 for e in laws if e["replaced_by"])}
    return Section("calendar/laws.yaml", len(laws), counts, _unsourced(laws, "title"))


def reference_coverage(path: Path) -> str | None:
    """National laws and administrative regulations of the reference table covered by laws.yaml (by title)."""
    if not path.is_file():
        return None
    with open(path, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["level"] in ("法律", "行政法规")]
    names = {r["name"].split(" ")[0] for r in rows}  # 民法典 总则, 民法典 合同编 … are parts of one code
    titles = {e["title"] for e in domain.load("calendar/laws")["laws"]}
    got = len(names & titles)
    return f"reference laws and administrative regulations covered: {got}/{len(names)} ({got / len(names):.1%})"


SECTIONS = [section_laws, section_plans, section_congresses, section_campaigns, section_anniversaries, section_terms,
            section_bodies, section_formulas, section_placeholders]


def main(argv: list[str]) -> int:
    md = "--markdown" in argv
    bad = 0
    if md:
        print("| file | entries | by kind | without source |\n|---|---|---|---|")
    for fn in SECTIONS:
        s = fn()
        bad += len(s.unsourced)
        kinds = ", ".join(f"{k} {v}" for k, v in s.counts.items())
        if md:
            print(f"| `{s.file}` | {s.total} | {kinds} | {len(s.unsourced)} |")
        else:
            print(f"{s.file}: {s.total} entries ({kinds}); without source: {len(s.unsourced)}"
                  + (f" {s.unsourced}" if s.unsourced else ""))
    if not md:
        print("every entry names its source" if not bad else f"{bad} entries without a source")
        ref = Path(argv[argv.index("--reference") + 1]) if "--reference" in argv else \
            Path(os.environ.get("REPORTNLP_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "reference" / "law_titles.tsv"
        print(reference_coverage(ref) or f"reference table not found ({ref}): coverage not measured")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
