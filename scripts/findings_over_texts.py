"""Every RN2xx/RN3xx finding over the project's texts, to see what a change adds or removes elsewhere.

    PYTHONPATH=src python scripts/findings_over_texts.py OUT.json [--year 2024]
    python scripts/findings_over_texts.py --diff BEFORE.json AFTER.json

The texts: the devset and seed reports (../shared, when beside the checkout), examples/*.txt, and
every string of Chinese text longer than 12 characters in corpora/**/*.yaml and tests/fixtures/**/*.y*ml
(fixture passages, must-not twins, rule examples). Each is checked as a report of `--year` (the
devset and seeds too: this is about what a rule change does to text, not about their gold).
Run it on a checkout before a change (PYTHONPATH=<old>/src) and after, then `--diff`: every finding
that appears or disappears is printed with the start of its text. The mechanisms of issue #28's round
(shares, unit classes, named breakdowns, attributes, …) were each checked this way.
"""
from __future__ import annotations

import argparse
import glob
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def texts() -> list[tuple[str, str]]:
    out = []
    shared = ROOT.parent / "shared"
    for f in sorted([*glob.glob(str(shared / "devset" / "docs" / "*.txt")), *glob.glob(str(shared / "seeds" / "*.txt")),
                     *glob.glob(str(ROOT / "examples" / "*.txt"))]):
        out.append((Path(f).name, Path(f).read_text(encoding="utf-8")))

    def walk(x, src: str) -> None:
        if isinstance(x, str):
            if len(x) > 12 and re.search(r"[\u4e00-\u9fff]", x):
                out.append((src, x))
        elif isinstance(x, dict):
            for v in x.values():
                walk(v, src)
        elif isinstance(x, list):
            for v in x:
                walk(v, src)

    import yaml

    for f in sorted([*ROOT.glob("corpora/**/*.yaml"), *ROOT.glob("tests/fixtures/**/*.y*ml")]):
        try:
            walk(yaml.safe_load(f.read_text(encoding="utf-8")), str(f.relative_to(ROOT)))
        except yaml.YAMLError:
            continue
    return out


def dump(path: str, year: int) -> None:
    from reportnlp.api import check_text

    found = []
    all_texts = texts()
    for src, t in all_texts:
        for f in check_text(t, year=year).findings:  # a text, even one that ends like a file name
            if f.code.startswith(("RN2", "RN3")):
                found.append([src, f.code, f.span.text if f.span else "", f.message, t[:60]])
    Path(path).write_text(json.dumps({"texts": len(all_texts), "findings": found}, ensure_ascii=False), encoding="utf-8")
    print(f"{len(all_texts)} texts, {len(found)} findings -> {path}")


def diff(before: str, after: str) -> int:
    a = {tuple(x) for x in json.loads(Path(before).read_text(encoding="utf-8"))["findings"]}
    b = {tuple(x) for x in json.loads(Path(after).read_text(encoding="utf-8"))["findings"]}
    for title, rows in (("disappeared", sorted(a - b)), ("appeared", sorted(b - a))):
        print(f"{title}: {len(rows)}")
        for src, code, span, msg, head in rows:
            print(f"  {Path(src).name} {code} {span} | {msg[:70]} | {head}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--diff", nargs=2, metavar=("BEFORE", "AFTER"))
    a = ap.parse_args()
    if a.diff:
        return diff(*a.diff)
    if not a.out:
        ap.error("give OUT.json, or --diff BEFORE.json AFTER.json")
    dump(a.out, a.year)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
