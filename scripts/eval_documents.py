#!/usr/bin/env python3
"""Measure document understanding over tests/fixtures/documents: org, type, year/period, headings, parts.

Usage: python scripts/eval_documents.py [--verbose]
Prints one line per document when --verbose, then the totals: org right (documents and org cases),
type right, statutory right, year right, period right, heading precision/recall/F1 (a predicted heading
counts when its line is an expected heading's line), heading level+part right, parts right.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "documents"


def analyse_text(text: str, name: str = "case.txt"):
    from reportnlp.pipeline import analyse_source
    from reportnlp.read import Source

    return analyse_source(Source(path=name, format="txt", text=text))


def expected_lines(text: str, headings: list) -> list[tuple[int, int, str | None]]:
    """(line, level, canonical) of each expected heading: the first line after the previous one that
    contains the heading's start."""
    lines = text.split("\n")
    out, after = [], 0
    for start, level, canonical in headings:
        line = next((i for i in range(after + 1, len(lines) + 1) if start in lines[i - 1]), None)
        if line is None:
            raise ValueError(f"heading {start!r} not in the text")
        out.append((line, level, canonical))
        after = line
    return out


def score_document(doc: dict) -> dict:
    text = (FIX / doc["file"]).read_text(encoding="utf-8")
    rep = analyse_text(text, doc["file"])
    m = rep.meta
    exp = expected_lines(text, doc["headings"])
    got = [(h.line, h.level, h.canonical) for h in rep.headings]
    exp_lines, got_lines = {e[0] for e in exp}, {g[0] for g in got}
    parts = sorted({s.canonical for s in rep.sections})
    period = getattr(m, "period", None)
    return {
        "file": doc["file"],
        "org": m.org, "org_ok": m.org == doc["org"],
        "doc_type": m.doc_type, "type_ok": m.doc_type == doc["doc_type"],
        "statutory_ok": m.statutory_applicable == doc["statutory"],
        "year_ok": m.year == doc["year"],
        "period": list(period) if period else None,
        "period_ok": (list(period) if period else None) == doc.get("period"),
        "tp": len(exp_lines & got_lines), "n_exp": len(exp_lines), "n_got": len(got_lines),
        "exact": sum(1 for g in got if g in set(exp)),
        "parts_ok": parts == sorted(doc["parts"]) and list(rep.missing) == doc["missing"],
        "extra": sorted(got_lines - exp_lines), "lost": sorted(exp_lines - got_lines),
    }


def score_org_case(case: dict) -> dict:
    rep = analyse_text(case["text"])
    ev = rep.meta.evidence.get("org")
    why = " ".join([ev.cue or "", *ev.cues]) if ev is not None else ""
    ok = rep.meta.org == case["org"] and rep.meta.org not in (case.get("not") or [])
    if case["org"] is None and case.get("reason"):
        ok = ok and case["reason"] in why
    return {"name": case["name"], "org": rep.meta.org, "ok": ok, "why": why}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    docs = yaml.safe_load((FIX / "expected.yaml").read_text(encoding="utf-8"))["documents"]
    cases = yaml.safe_load((FIX / "org_cases.yaml").read_text(encoding="utf-8"))
    rows = [score_document(d) for d in docs]
    orgs = [score_org_case(c) for c in cases]
    if args.verbose:
        for r in rows:
            flags = [k[:-3] for k in ("org_ok", "type_ok", "statutory_ok", "year_ok", "period_ok", "parts_ok") if not r[k]]
            print(f"{r['file']:22} org={r['org']} type={r['doc_type']} period={r['period']} "
                  f"headings {r['tp']}/{r['n_exp']} (got {r['n_got']}, extra {r['extra']}, lost {r['lost']})"
                  + (f"  WRONG: {','.join(flags)}" if flags else ""))
        for o in orgs:
            if not o["ok"]:
                print(f"org case wrong: {o['name']}: got {o['org']} ({o['why'][:60]})")
    tp = sum(r["tp"] for r in rows)
    n_exp = sum(r["n_exp"] for r in rows)
    n_got = sum(r["n_got"] for r in rows)
    p = tp / n_got if n_got else 0.0
    rc = tp / n_exp if n_exp else 0.0
    total = {
        "documents": len(rows),
        "org_right": sum(r["org_ok"] for r in rows), "org_cases_right": sum(o["ok"] for o in orgs),
        "org_cases": len(orgs),
        "type_right": sum(r["type_ok"] for r in rows), "statutory_right": sum(r["statutory_ok"] for r in rows),
        "year_right": sum(r["year_ok"] for r in rows), "period_right": sum(r["period_ok"] for r in rows),
        "heading_p": round(p, 3), "heading_r": round(rc, 3),
        "heading_f1": round(2 * p * rc / (p + rc), 3) if p + rc else 0.0,
        "heading_level_part_right": f"{sum(r['exact'] for r in rows)}/{n_exp}",
        "parts_right": sum(r["parts_ok"] for r in rows),
    }
    for k, v in total.items():
        print(f"{k:>26}: {v}")
    print("EVAL " + json.dumps(total, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
