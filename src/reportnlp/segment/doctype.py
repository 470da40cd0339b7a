"""Document type as a decision with evidence and confidence, and the period a multi-year review covers.

The kinds and their cue patterns live in domain/data/doc_types.yaml. Every kind is scored on four
kinds of evidence: the title (3; the first kind in the data's order whose title pattern matches),
the opening lines (2: …工作情况报告如下), its top-level headings (1.5 each, at most 4.5) and words of
the opening 1500 characters (1 each, at most 3). The best kind wins; the decision is certain when the
title decides it (a kind the title names wins over any score) or when it scores at least 2 and leads
the next kind by at least 1.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import reportnlp.recache as recache
from ..domain import load
from ..domain.calendar import five_year_start
from .chrome import SITE_MARK, SITE_TAGS
from .evidence import Evidence

W_TITLE, W_OPENING, W_HEADING, W_BODY = 3.0, 2.0, 1.5, 1.0
CAP_HEADING, CAP_BODY = 4.5, 3.0
_TOP_HEADING = recache.compile(r"^\s*(?:\|\s*)?[一二三四五六七八九十]{1,3}\s*[、.]\s*(.{2,40})")


class DocKind(NamedTuple):
    name: str
    statutory: bool
    multi_year: bool
    title: tuple[re.Pattern, ...]
    opening: tuple[re.Pattern, ...]
    headings: tuple[re.Pattern, ...]
    body: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def kinds() -> tuple[DocKind, ...]:
    out = []
    for t in load("doc_types")["types"]:
        out.append(DocKind(name=t["name"], statutory=t["statutory"], multi_year=bool(t.get("multi_year")),
                           title=tuple(recache.compile(p) for p in t["title"]),
                           opening=tuple(recache.compile(p) for p in t["opening"]),
                           headings=tuple(recache.compile(p) for p in t["headings"]),
                           body=tuple(recache.compile(p) for p in t["body"])))
    return tuple(out)


def kind(name: str | None) -> DocKind | None:
    return next((k for k in kinds() if k.name == name), None)


def statutory_kinds() -> set[str]:
    return {k.name for k in kinds() if k.statutory}


def decide_type(title: str, title_line: int | None, content: list[tuple[int, str]]) -> Evidence:
    """The document type with its evidence: decision, source (title | body | default), the deciding cue,
    the score, and the other cues (with the runner-up and its score)."""
    first = content[0][1] if content else ""
    tag = recache.match(r"^\s*【([^】]{2,12})】", first)
    if tag and not SITE_MARK.match(first) and tag.group(1) not in SITE_TAGS and not title:
        # a yearbook entry opens with its topic in brackets: 【人民调解】2020年，……
        return Evidence(decision="年鉴条目", source="body", line=content[0][0], cue=first[:12], score=2)
    opening = content[:3]
    tops = [(i, m.group(1)) for i, s in content for m in [_TOP_HEADING.match(s)] if m]
    wide = " ".join(s for _, s in content[:12])[:1500]
    title_kind = None
    scores: list[tuple[float, DocKind, list[tuple[str, int | None]]]] = []
    for k in kinds():
        score, cues = 0.0, []
        if title and title_kind is None:
            m = next((m for rx in k.title for m in [rx.search(title)] if m), None)
            if m:
                title_kind = k.name
                score += W_TITLE
                cues.append((m.group(0), title_line))
        for rx in k.opening:
            hit = next(((i, m) for i, s in opening for m in [rx.search(s)] if m), None)
            if hit:
                score += W_OPENING
                cues.append((hit[1].group(0), hit[0]))
                break
        h = 0.0
        for i, s in tops:
            m = next((m for rx in k.headings for m in [rx.search(s)] if m), None)
            if m and h < CAP_HEADING:
                h += W_HEADING
                cues.append((m.group(0), i))
        score += min(h, CAP_HEADING)
        b = 0.0
        for rx in k.body:
            m = rx.search(wide)
            if m and b < CAP_BODY:
                b += W_BODY
                cues.append((m.group(0), None))
        score += min(b, CAP_BODY)
        if score > 0:
            scores.append((score, k, cues))
    if not scores:
        return Evidence(decision=None, source="default", cue="标题、开头和标题结构都没有表明文件类型", score=0)
    # the title decides when it names a kind; otherwise the best score
    scores.sort(key=lambda x: (x[1].name != title_kind, -x[0]))
    best, k, cues = scores[0]
    second = max(scores[1:], key=lambda x: x[0], default=None)
    by_title = title_kind == k.name
    others = [c for c, _ in cues[1:]][:5]
    if second:
        others.append(f"次选{second[1].name}（得分{second[0]:g}）")
    certain = by_title or (best >= 2 and best - (second[0] if second else 0) >= 1)
    if not certain:
        others.append("把握不大")
    return Evidence(decision=k.name, source="title" if by_title else "body", line=cues[0][1], cue=cues[0][0],
                    score=round(best, 2), cues=others)


def is_certain(ev: Evidence) -> bool:
    return ev.decision is not None and "把握不大" not in ev.cues


_RANGE = recache.compile(r"(20\d{2})\s*年?\s*[—–\-－~至到]+\s*(20\d{2})\s*年")
_IN_NAME = recache.compile(r"[《(（][^《》()（）]*$")


def find_period(title: str, year: int | None, content: list[tuple[int, str]],
                review: bool = False) -> tuple[tuple[int, int] | None, str | None]:
    """The years a multi-year review covers, with the words that say so: a year range in the title
    (2019—2023年, not one inside a document name 《…（2021—2025年）》), or an opening that looks back
    over five years (五年来) or over the five-year plan (十四五以来) from the report's year."""
    for m in _RANGE.finditer(title or ""):
        if _IN_NAME.search(title[: m.start()]):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + 10:
            return (a, b), m.group(0)
    if year is None:
        return None, None
    if review:  # a review by its kind (区五年法治政府建设工作情况报告): the five years to the report's year
        plan = recache.search(r"十([三四五])五|五年", title + " ".join(s for _, s in content[:4]))
        if plan and plan.group(0) != "五年":
            start = five_year_start(plan.group(0))
            if start is not None and start < year:
                return (start, year), plan.group(0)
        elif plan:
            return (year - 4, year), plan.group(0)
    for _i, s in content[1:3]:
        back = recache.match(r"^\s*(?:近)?五年来", s)
        if back:
            return (year - 4, year), back.group(0).strip()
        since = recache.match(r"^\s*(?:自?“?十([三四五])五”?(?:时期)?以来)", s)
        if since:
            start = five_year_start(f"十{since.group(1)}五")
            if start is not None and start < year:
                return (start, year), since.group(0).strip()
    return None, None
