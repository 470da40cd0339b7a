"""The wording of statutory-part headings: which part a heading names (None for a topic heading).

Shared by headings.py (an unnumbered line that names a part is a heading) and sections.py (which
part a heading opens); neither imports the other for it.
"""
from __future__ import annotations

import reportnlp.recache as recache

_FIRST = recache.compile(r"第一责任|(?:党政|部门|单位)?主要负责人.{0,12}(?:履行|履职|职责|述法)|一把手.{0,6}(?:职责|责任|履职)")
_SHORT = recache.compile(
    r"存在.{0,6}(?:不足|问题|困难|短板|差距|薄弱)|(?:不足|问题|困难|短板)(?:和|与|及)(?:原因|困难|不足|差距|建议|问题|短板)"
    r"|^(?:主要)?(?:问题|不足)(?:与|和|及)?|^工作中的?(?:不足|问题)|^(?:存在的?)?薄弱环节"
)
_NEXT = recache.compile(
    r"下一(?:年度?|步)|下步|下一?阶段|(?:今后|明年|未来|新的一年|来年).{0,8}(?:工作|打算|安排|计划|思路|方向|措施|重点)"
    r"|努力(?:的)?方向|(?:工作|主要)(?:思路|打算|计划|安排|展望|设想|谋划)|(?:安排|打算|计划|思路|展望|设想|谋划)$"
)
_NEXT_YEAR_NUM = recache.compile(r"(\d{4})\s*年度?")
_MEASURES = recache.compile(
    r"(?:主要)?(?:举措|做法|措施|工作)(?:和|与|及)?(?:成效|成绩|亮点)|主要举措|工作(?:开展|推进|进展|落实)?(?:情况|状况)"
    r"|工作成效|取得的?成(?:效|绩)|主要成(?:效|绩)|前段工作|主要工作|工作回顾|工作进展|工作(?:完成|开展)情况"
)
_OTHER = recache.compile(r"其他需要报告|其他(?:有关)?(?:事项|情况)$|需要报告的其他")


def match_part(text: str, year: int | None) -> str | None:
    """Which statutory part a heading names, by its wording (None for a topic heading)."""
    t = recache.sub(r"\s+", "", text)
    t = recache.sub(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、]|【|】)", "", t)
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
    if year and ys and max(ys) == year + 1 and recache.search(r"(?:工作|安排|打算|计划|思路|重点|目标|任务)", t) \
            and not _MEASURES.search(t):
        return "next_year"
    if _SHORT.search(t):
        return "shortcomings"
    if _MEASURES.search(t):
        if year and ys and max(ys) > year:
            return "next_year"
        return "measures"
    return None
