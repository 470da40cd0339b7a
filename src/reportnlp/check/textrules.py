"""Generic rule types for text rules kept as data: data/formulations.yaml (wording rules) and the
domain file domain/data/placeholders.yaml (placeholders, debris and broken wording: RN302/RN304/RN305).

existence: a pattern that must not occur; substitution: wrong -> right. A rule unit (RN301 …) runs
the entries with its code. Title lines and headings are scanned like any other line; only page
chrome (portal navigation, metadata blocks) is skipped unless an entry says `scan_chrome`.
Fixed formulas, titles and dated formulations are the lexicon's (check/lexicon.py).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

import reportnlp.recache as recache
from ..resources import load_yaml, package_data
from .registry import Rule


@lru_cache(maxsize=1)
def load_entries() -> list[dict]:
    from ..domain import load

    entries = [*cast("list[dict]", load_yaml(package_data("formulations.yaml"))),
               *(dict(e) for e in load("placeholders")["entries"])]
    for e in entries:
        if e["type"] not in ("existence", "substitution"):
            raise ValueError(f"formulations.yaml {e.get('id')}: unknown type {e['type']!r}")
        if e["type"] == "substitution":
            keys = sorted(e["swap"], key=len, reverse=True)
            e["_rx"] = recache.compile("|".join(re.escape(k) for k in keys))
        else:
            e["_rx"] = recache.compile(e["pattern"])
    return entries


def _skip_spans(rep) -> list[tuple[int, int]]:
    """Normalised spans not to scan: page chrome lines."""
    out = []
    ls = rep.norm.line_starts
    text = rep.norm.text
    for ln in rep.chrome.lines:
        s = ls[ln - 1]
        e = text.find("\n", s)
        out.append((s, len(text) if e < 0 else e))
    return out


class TextRuleSet(Rule):
    """Base of the data-driven rule units; subclasses set `code`, `name`, `severity`."""

    def entries(self) -> list[dict]:
        return [e for e in load_entries() if e["code"] == self.code]

    def check(self, rep):
        text = rep.norm.text
        skips = _skip_spans(rep)
        year = rep.meta.year
        out = []
        for e in self.entries():
            for m in e["_rx"].finditer(text):
                s, t = m.start(), m.end()
                if not e.get("scan_chrome") and any(a <= s < b for a, b in skips):
                    continue
                found = m.group(0)
                msg = e["message"].format(text=found, year=year, right=e.get("swap", {}).get(found, ""))
                out.append(self.finding(msg, s, t, severity=e.get("severity"), entry=e["id"],
                                        suggestion=e.get("swap", {}).get(found)))
        return keep_widest(out)


def keep_widest(out):
    """One finding per place: drop a finding that lies inside a longer one of the same unit."""
    out.sort(key=lambda f: (f.nstart, -(f.nend - f.nstart)))
    kept = []
    for f in out:
        if kept and f.nstart < kept[-1].nend and f.nend <= kept[-1].nend:
            continue
        kept.append(f)
    return kept


def fixture_entries(code: str) -> list[str]:
    return [e["id"] for e in load_entries() if e["code"] == code]
