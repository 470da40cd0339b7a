"""Formulations current for a report year (DOMAIN.md), used by the drafter and by --previous."""
from __future__ import annotations

import re


def congress(year: int) -> str:
    if year >= 2023:
        return "党的二十大和二十届历次全会精神"
    if year == 2022:
        return "党的二十大精神"
    if year >= 2018:
        return "党的十九大和十九届历次全会精神"
    return "党的十八大和十八届历次全会精神"


def pufa(year: int) -> str:
    """The 普法 period current for `year`, from the lexicon's dated periods (corpora/formulas/periods.yaml)."""
    from ..check.lexicon import lexicon

    plans = sorted((p for p in lexicon().periods if p.kind == "pufa"), key=lambda p: p.since or 0, reverse=True)
    for p in plans:
        if p.since is not None and year >= p.since:
            return p.name
    return "普法"


def outline(year: int) -> str:
    if 2021 <= year <= 2025:
        return "《法治政府建设实施纲要（2021—2025年）》"
    if 2016 <= year <= 2020:
        return "《法治政府建设实施纲要（2015—2020年）》"
    return "法治政府建设各项部署"


def guiding_thought(year: int) -> str:
    if year >= 2020:
        return "习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想"
    return "习近平新时代中国特色社会主义思想为指导"


_PUFA = re.compile(r"[“\"]?([六七八九])五[”\"]?\s*普法")
_OUTLINE = re.compile(r"《?法治政府建设实施纲要\s*[(（]\s*20\d{2}\s*[-—–－~至]+\s*20\d{2}\s*年?\s*[)）]》?")
_CONGRESS = re.compile(r"党的十[八九]大(?:和十[八九]届[一二三四五六七八九、中]*全会)?(?:精神)?")


def modernise(text: str, year: int) -> tuple[str, list[str]]:
    """Move formulations of an older report to those current for `year`; returns (text, changes)."""
    changes = []

    def sub(rx, repl, s):
        def f(m):
            new = repl(m)
            if new != m.group(0):
                changes.append(f"{m.group(0)} → {new}")
            return new
        return rx.sub(f, s)

    text = sub(_PUFA, lambda m: pufa(year), text)
    if 2016 <= year <= 2025:
        text = sub(_OUTLINE, lambda m: outline(year), text)
    if year >= 2022:
        text = sub(_CONGRESS, lambda m: congress(year) if m.group(0).endswith("精神") else congress(year).replace("精神", ""), text)
    return text, changes
