"""Formulations current for a report year, used by the drafter and by --previous.

Every year and name comes from the calendar (domain/data/calendar/): the congress and its plenums,
the 普法 plan, the edition of the 纲要, the year 习近平法治思想 was named. Nothing here knows a date.
"""
from __future__ import annotations

import re
from functools import lru_cache

import reportnlp.recache as recache
from ..domain import calendar as C


def congress(year: int) -> str:
    """党的二十大精神 in the year of the congress, 党的二十大和二十届历次全会精神 after it."""
    c = C.current_congress(year)
    if c is None:
        return "党中央决策部署"
    if c.year == year:
        return f"{c.name}精神"
    return f"{c.name}和{c.ordinal}届历次全会精神"


def pufa(year: int) -> str:
    """The 普法 plan current for `year` (calendar/plans.yaml, kind pufa)."""
    p = C.current_plan("pufa", year)
    return p["name"] if p else "普法"


def _outline_editions() -> list[dict]:
    return [p for p in C.plans() if p.get("role") == "government_outline"]


def outline(year: int) -> str:
    """The edition of the 纲要 whose period holds `year`, else a generic wording (no edition is current)."""
    for p in _outline_editions():
        a, b = p["period"]
        if a <= year <= b and year >= p["since"]:
            return f"《{p['name']}》"
    return "法治政府建设各项部署"


def guiding_thought(year: int) -> str:
    thought = "习近平新时代中国特色社会主义思想为指导"
    # a formula required from some year on is written from the year it was named (since)
    expected = [f for f in C.formulas() if f.get("expected") and f.get("since") is not None and year >= f["since"]]
    for f in expected:
        thought += f"，深入学习贯彻{f['form']}"
    return thought


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    from ..check.lexicon import literal_rx

    pufa_names = [n for p in C.plans() if p["kind"] == "pufa" for n in p.get("names", ())]
    pufa_rx = recache.compile("|".join(literal_rx(n) for n in sorted(pufa_names, key=len, reverse=True)))
    stems = sorted({p["stem"] for p in _outline_editions()}, key=lambda s: (-len(s), s))
    outline_rx = recache.compile(r"《?(?:" + "|".join(map(re.escape, stems)) +
                            r")\s*[(（]\s*20\d{2}\s*[-—–－~至]+\s*20\d{2}\s*年?\s*[)）]》?")
    ords = "|".join(sorted((c.ordinal for c in C.congresses()), key=len, reverse=True))
    congress_rx = recache.compile(f"党的(?:{ords})大(?:和(?:{ords})届[一二三四五六七八九、中]*全会)?(?:精神)?")
    return pufa_rx, outline_rx, congress_rx


def modernise(text: str, year: int) -> tuple[str, list[str]]:
    """Move formulations of an older report to those current for `year`; returns (text, changes)."""
    changes = []
    pufa_rx, outline_rx, congress_rx = _patterns()

    def sub(rx, repl, s):
        def f(m):
            new = repl(m)
            if new != m.group(0):
                changes.append(f"{m.group(0)} → {new}")
            return new
        return rx.sub(f, s)

    text = sub(pufa_rx, lambda m: pufa(year), text)
    if outline(year).startswith("《"):
        text = sub(outline_rx, lambda m: outline(year), text)
    if C.current_congress(year) is not None:
        text = sub(congress_rx, lambda m: congress(year) if m.group(0).endswith("精神") else congress(year).replace("精神", ""), text)
    return text, changes
