"""Generic rule types for text rules kept as data (data/formulations.yaml).

existence: a pattern that must not occur; substitution: wrong -> right; year: a formulation
current only for report years in a range. A rule unit (RN301 …) runs the entries with its code.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import yaml

from ..resources import package_data
from .registry import Rule


@lru_cache(maxsize=1)
def load_entries() -> list[dict]:
    with open(package_data("formulations.yaml"), encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)
    for e in entries:
        if e["type"] == "substitution":
            keys = sorted(e["swap"], key=len, reverse=True)
            e["_rx"] = re.compile("|".join(re.escape(k) for k in keys))
        elif e["type"] == "near_miss":
            e["_phrases"] = [str(p) for p in e["phrases"]]
        else:
            e["_rx"] = re.compile(e["pattern"])
        if e.get("ok_context"):
            e["_ok"] = re.compile(e["ok_context"])
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
            if e["type"] == "year" and year is None:
                continue
            if e["type"] == "near_miss":
                for s, t, right in near_misses(text, e["_phrases"]):
                    if any(a <= s < b for a, b in skips):
                        continue
                    msg = e["message"].format(text=text[s:t], year=year, right=right)
                    out.append(self.finding(msg, s, t, severity=e.get("severity"), entry=e["id"], suggestion=right))
                continue
            for m in e["_rx"].finditer(text):
                s, t = m.start(), m.end()
                if not e.get("scan_chrome") and any(a <= s < b for a, b in skips):
                    continue
                found = m.group(0)
                if e["type"] == "year":
                    lo, hi = e["valid"]
                    if lo <= year <= hi:
                        continue
                    ok = e.get("_ok")
                    if ok and ok.search(text[max(0, s - 12):t + 12]):
                        continue
                    if year > hi and rep.part_at(s) == "next_year" and e["id"].startswith("pufa"):
                        continue
                msg = e["message"].format(text=found, year=year, right=e.get("swap", {}).get(found, ""))
                out.append(self.finding(msg, s, t, severity=e.get("severity"), entry=e["id"],
                                        suggestion=e.get("swap", {}).get(found)))
        # one finding per place: drop a finding that lies inside a longer one of this unit
        out.sort(key=lambda f: (f.nstart, -(f.nend - f.nstart)))
        kept = []
        for f in out:
            if kept and f.nstart < kept[-1].nend and f.nend <= kept[-1].nend:
                continue
            kept.append(f)
        return kept


def _edit_distance(a: str, b: str, cap: int = 2) -> int:
    """Levenshtein distance, stopping early above `cap`."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > cap:
            return cap + 1
        prev = cur
    return prev[-1]


def near_misses(text: str, phrases: list[str]):
    """(start, end, phrase) for passages one edit away from a fixed formula.

    Candidates are found by a shared head or tail of the formula (so one wrong character
    anywhere is caught), then compared by edit distance; a passage that is itself one of the
    formulas, or overlaps an exact occurrence, is not flagged."""
    exact = set()
    for p in phrases:
        for m in re.finditer(re.escape(p), text):
            exact.add((m.start(), m.end()))
    # exact spans sorted, with the running maximum of their ends: overlap test by bisect
    ex_sorted = sorted(exact)
    ex_starts = [a for a, _b in ex_sorted]
    ex_reach = []
    for _a, b in ex_sorted:
        ex_reach.append(max(b, ex_reach[-1]) if ex_reach else b)

    def overlaps_exact(s, e):
        k = bisect_left(ex_starts, e)
        return k > 0 and ex_reach[k - 1] > s

    found = []
    for p in phrases:
        n = len(p)
        k = max(2, n // 3)
        starts = set()
        for m in re.finditer(re.escape(p[:k]), text):
            starts.add(m.start())
        for m in re.finditer(re.escape(p[-k:]), text):
            for L in (n - 1, n, n + 1):
                starts.add(m.end() - L)
        best = {}
        for s in starts:
            if s < 0:
                continue
            for L in (n - 1, n, n + 1):
                w = text[s:s + L]
                if len(w) != L or "\n" in w or w in phrases:
                    continue
                if overlaps_exact(s, s + L):
                    continue
                if _edit_distance(w, p, 1) == 1 and (s not in best or L == n):
                    best[s] = (s, s + L, p)
        found.extend(best.values())
    # one finding per place: the longest formula wins
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out


def fixture_entries(code: str) -> list[str]:
    return [e["id"] for e in load_entries() if e["code"] == code]
