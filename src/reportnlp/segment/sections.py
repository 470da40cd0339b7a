"""Statutory parts (measures, shortcomings, first_responsible, next_year, other).

Step contract: needs headings (with levels), normalised lines, the report year and whether the
statutory parts apply; adds `canonical` on headings, the list of parts found (headed or present
only as unheaded paragraphs) and the parts missing. Rules first; where they run out on a
top-level heading, the small classifier in models/ (trained on corpora/sections/) decides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import Heading

PARTS = ("measures", "shortcomings", "first_responsible", "next_year", "other")
REQUIRED = ("measures", "shortcomings", "first_responsible", "next_year")
STATUTORY_TITLES = {
    "measures": "上一年度推进法治政府建设的主要举措和成效",
    "shortcomings": "上一年度推进法治政府建设存在的不足和原因",
    "first_responsible": "上一年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    "next_year": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}

_FIRST = re.compile(r"第一责任|(?:党政|部门|单位)?主要负责人.{0,12}(?:履行|履职|职责|述法)|一把手.{0,6}(?:职责|责任|履职)")
_SHORT = re.compile(
    r"存在.{0,6}(?:不足|问题|困难|短板|差距|薄弱)|(?:不足|问题|困难|短板)(?:和|与|及)(?:原因|困难|不足|差距|建议|问题|短板)"
    r"|^(?:主要)?(?:问题|不足)(?:与|和|及)?|^工作中的?(?:不足|问题)|^(?:存在的?)?薄弱环节"
)
_NEXT = re.compile(
    r"下一(?:年度?|步)|下步|下一?阶段|(?:今后|明年|未来|新的一年|来年).{0,8}(?:工作|打算|安排|计划|思路|方向|措施|重点)"
    r"|努力(?:的)?方向|(?:工作|主要)(?:思路|打算|计划|安排|展望|设想|谋划)|(?:安排|打算|计划|思路|展望|设想|谋划)$"
)
_NEXT_YEAR_NUM = re.compile(r"(\d{4})\s*年度?")
_MEASURES = re.compile(
    r"(?:主要)?(?:举措|做法|措施|工作)(?:和|与|及)?(?:成效|成绩|亮点)|主要举措|工作(?:开展|推进|进展|落实)?(?:情况|状况)"
    r"|工作成效|取得的?成(?:效|绩)|主要成(?:效|绩)|前段工作|主要工作|工作回顾|工作进展|工作(?:完成|开展)情况"
)
_OTHER = re.compile(r"其他需要报告|其他(?:有关)?(?:事项|情况)$|需要报告的其他")

# unheaded parts
_P_NEXT_CUE = re.compile(
    r"(?:下一步|下一年度?|今后|新的一年|明年|(?P<y>\d{4})年)[,]?(?:的工作中)?[,]?\s*(?:我局|我们|我委|本局|局党组|全局|我县|我区|我市)?"
    r"(?:将|要|计划|继续|拟)")
_P_NEXT_ANY = re.compile(r"在今后的工作中|重点(?:做好|抓好)以下.{1,3}(?:方面|项)?工作")
_P_FIRST_OTHER = re.compile(r"主要负责人|党组书记|党委书记|局长|主任|一把手|亲自(?:部署|过问|协调|督办)|述法|带头(?:学法|讲法|尊法)")
_P_FIRST = re.compile(r"第一责任人.{0,20}(?:职责|责任)|(?:履行|落实).{0,15}第一责任人")
_P_SHORT = re.compile(
    r"(?:存在|还有|面临)(?:着)?(?:一些|以下|不少)?(?:不足|问题|困难|短板)[^。]{0,12}[:](?=.{0,6}一是)|主要(?:表现在|有以下)"
    r"|(?:存在|还有|仍有|仍然存在|也有)[^。]{0,10}(?:不足|问题|差距|短板|困难)[^。]{0,6}(?:主要)?(?:是|表现在|体现在)[:,]?[^。]{4,}")


@dataclass
class Section:
    canonical: str
    line: int
    nstart: int
    heading: Heading | None


def match_part(text: str, year: int | None) -> str | None:
    """Which statutory part a heading names, by its wording (None for a topic heading)."""
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、]|【|】)", "", t)
    if _OTHER.search(t):
        return "other"
    if _FIRST.search(t):
        return "first_responsible"
    ys = [int(y) for y in _NEXT_YEAR_NUM.findall(t)]
    nx, sh = _NEXT.search(t), _SHORT.search(t)
    if nx and sh and sh.start() < nx.start():
        return "shortcomings"  # 存在的问题及下一步打算
    if nx and not _MEASURES.search(t):
        return "next_year"
    if year and ys and max(ys) == year + 1 and re.search(r"(?:工作|安排|打算|计划|思路|重点|目标|任务)", t) \
            and not _MEASURES.search(t):
        return "next_year"
    if _SHORT.search(t):
        return "shortcomings"
    if _MEASURES.search(t):
        if year and ys and max(ys) > year:
            return "next_year"
        return "measures"
    return None


def assign_parts(headings: list[Heading], lines: list[str], line_starts: list[int], year: int | None,
                 applicable: bool, classifier=None, skip: set[int] | None = None) -> tuple[list[Section], list[str]]:
    skip = skip or set()
    if not applicable:
        for h in headings:
            h.canonical = None
        return [], []
    current: str | None = None
    current_level = 0
    seen: set[str] = set()
    sections: list[Section] = []
    top = min((h.level for h in headings), default=1)
    for h in headings:
        part = match_part(h.text, year)
        if part is None and classifier is not None and h.level == top and not h.inline:
            part = classifier(h.text)
        if part is not None:
            if part == current and h.level >= current_level:
                part = None  # a sub-topic that repeats its part's wording
            elif part == "measures" and current not in (None, "measures") and h.level > current_level:
                part = None
        if part is None and h.level == top and current in (None, "measures") \
                and not (seen - {"measures"}) and not h.inline:
            part = "measures"  # topical top-level headings before the later parts are achievements
        h.canonical = part
        if part:
            current, current_level = part, h.level
            seen.add(part)
            sections.append(Section(part, h.line, h.nstart, h))
            if part == "shortcomings" and _NEXT.search(re.sub(r"\s+", "", h.text)):
                # 存在的问题及下一步打算: one heading for two parts
                sections.append(Section("next_year", h.line, h.nstart, None))
                seen.add("next_year")
    # parts present only as unheaded paragraphs
    heading_lines = {h.line for h in headings if not h.inline}
    n = len(lines)
    body = [(i, lines[i - 1]) for i in range(1, n + 1)
            if lines[i - 1].strip() and i not in heading_lines and i not in skip]
    if "first_responsible" not in seen:
        # a paragraph about the duty: 第一责任人 in its first sentence, and a leader's action in it
        for i, s in body:
            first = s.strip().split("。")[0]
            if _P_FIRST.search(first) and _P_FIRST_OTHER.search(s):
                sections.append(Section("first_responsible", i, line_starts[i - 1], None))
                seen.add("first_responsible")
                break
    if "next_year" not in seen:
        tail = [(i, s) for i, s in body if i >= n * 0.5]
        closing = {i for i, _s in body[-2:]}
        for i, s in tail:
            m = _P_NEXT_CUE.match(s.strip()) or (i in closing and _P_NEXT_CUE.search(s))
            ok = bool(m) and (not m.group("y") or (year and int(m.group("y")) == year + 1))
            if ok or _P_NEXT_ANY.search(s):
                sections.append(Section("next_year", i, line_starts[i - 1], None))
                seen.add("next_year")
                break
    if "shortcomings" not in seen:
        for i, s in body:
            if _P_SHORT.search(s):
                sections.append(Section("shortcomings", i, line_starts[i - 1], None))
                seen.add("shortcomings")
                break
    sections.sort(key=lambda s: (s.line, s.nstart))
    missing = [p for p in REQUIRED if p not in seen]
    return sections, missing
