"""Statutory parts (measures, shortcomings, first_responsible, next_year, other).

Step contract: needs headings (with levels), normalised lines, the report year and whether the
statutory parts apply; adds `canonical` on headings, the list of parts found (headed or present
only as unheaded paragraphs) and the parts missing. Rules first; where they run out on a
top-level heading, the small classifier in models/ (trained on corpora/sections/) decides.
"""
from __future__ import annotations

from dataclasses import dataclass

import reportnlp.recache as recache
from ..domain import parts as domain_parts
from .evidence import Evidence
from .headings import Heading
from .partwords import _NEXT, match_part

# unheaded parts
_P_NEXT_CUE = recache.compile(
    r"(?:下一步|下一年度?|今后|新的一年|明年|(?P<y>\d{4})年)[,]?(?:的工作中)?[,]?\s*(?:我局|我们|我委|本局|局党组|全局|我县|我区|我市)?"
    r"(?:将|要|计划|继续|拟)")
_P_NEXT_ANY = recache.compile(r"在今后的工作中|重点(?:做好|抓好)以下.{1,3}(?:方面|项)?工作")
# The first-responsible part is decided from its content, the same way for a heading's body and for an
# unheaded paragraph: the duty itself (outside the name of the 规定), the leader, and what the leader did.
_RULE_TITLE = recache.compile(r"《?(?:党政主要负责人)?履行推进法治(?:政府)?建设第一责任人职责(?:规定|清单|工作清单|履职清单)》?")
_DUTY = recache.compile(r"第一责任人|第一责任|(?:党政|部门|单位)?主要负责(?:人|同志).{0,12}(?:履行|履职|职责|述法)"
                   r"|一把手.{0,6}(?:职责|责任|履职|工程)")
_LEADER = recache.compile(r"主要负责(?:人|同志)|党组书记|党委书记|党工委书记|局长|主任|书记|一把手|主要领导|乡长|镇长|县长|区长")
_ACTIONS = {
    "学法": recache.compile(r"学法|讲法|法治课|中心组.{0,8}学习|学习.{0,10}法治思想|尊法"),
    "述法": recache.compile(r"述法"),
    "专题研究": recache.compile(r"专题研究|研究部署|听取.{0,12}汇报|主持召开|专门批示|审议.{0,12}(?:议题|事项|报告)"
                       r"|(?:常务|党组|局务|局长办公|主任办公)会议?.{0,8}研究"),
    "亲自": recache.compile(r"亲自(?:部署|过问|协调|督办|抓)"),
}


def first_responsible_cues(topic: str, body: str) -> Evidence | None:
    """Evidence that a passage reports the leaders' first-responsible duty: the duty in its topic
    (heading or first sentence), a leader and at least one of the leader's actions (学法, 述法,
    专题研究, 亲自部署 …, or acting on the 规定). A passing mention of the 规定 is not the part."""
    t = _RULE_TITLE.sub("", topic)
    duty = _DUTY.search(t)
    if not duty:
        return None
    rest = _RULE_TITLE.sub("", body)
    leader = _LEADER.search(rest) or _LEADER.search(t)
    acts = [name for name, rx in _ACTIONS.items() if rx.search(rest)]
    if _RULE_TITLE.search(body) or _RULE_TITLE.search(topic):
        acts.append("规定")
    if not leader or not acts:
        return None
    return Evidence(decision="first_responsible", source="paragraph", cue=duty.group(0), score=2 + len(acts),
                    cues=[leader.group(0)] + acts)
_P_SHORT = recache.compile(
    r"(?:存在|还有|面临)(?:着)?(?:一些|以下|不少)?(?:不足|问题|困难|短板)[^。]{0,12}[:](?=.{0,6}一是)|主要(?:表现在|有以下)"
    r"|(?:存在|还有|仍有|仍然存在|也有)[^。]{0,10}(?:不足|问题|差距|短板|困难)[^。]{0,6}(?:主要)?(?:是|表现在|体现在)[:,]?[^。]{4,}")


@dataclass
class Section:
    """A statutory part of the report: where it starts and its heading, if any."""

    canonical: str
    line: int
    nstart: int
    heading: Heading | None
    evidence: Evidence | None = None


def _heading_body(h: Heading, headings: list[Heading], lines: list[str], line_starts: list[int],
                  skip: set[int]) -> tuple[str, int]:
    """The text a heading introduces: the rest of its line, then the lines up to the next heading."""
    first = lines[h.line - 1][h.nend - line_starts[h.line - 1]:]
    nxt = min((g.line for g in headings if g.line > h.line), default=len(lines) + 1)
    more = [lines[i - 1] for i in range(h.line + 1, min(nxt, h.line + 6)) if i not in skip and lines[i - 1].strip()]
    return (first + "".join(more)).strip(), h.line


def _first_sentence(text: str) -> str:
    return recache.split(r"(?<=[。;!?])", text.strip(), maxsplit=1)[0]


_WEAK_NEXT = recache.compile(r"将|要|继续|进一步|计划|着力|力争")
_WEAK_SHORT = recache.compile(r"不足|问题|短板|差距|薄弱|有待|不够|滞后")


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
        ev = Evidence(decision=part, source="heading", line=h.line, cue=h.text.strip()[:40], score=1.0) if part else None
        if part is None and classifier is not None and h.level == top and not h.inline:
            part = classifier(h.text)
            if part:
                ev = Evidence(decision=part, source="classifier", line=h.line, cue=h.text.strip()[:40],
                              cues=["分类器（corpora/sections 训练）"])
        if part is not None:
            if part == current and h.level >= current_level:
                part = None  # a sub-topic that repeats its part's wording
            elif part == "measures" and current not in (None, "measures") and h.level > current_level:
                part = None
        if part is None and h.level == top and current in (None, "measures") \
                and not (seen - {"measures"}) and not h.inline:
            part = "measures"  # topical top-level headings before the later parts are achievements
            ev = Evidence(decision=part, source="position", line=h.line, cue=h.text.strip()[:40],
                          cues=["后续法定部分之前的顶层专题标题"])
        h.canonical = part
        if part:
            current, current_level = part, h.level
            seen.add(part)
            sections.append(Section(part, h.line, h.nstart, h, ev))
            if part == "shortcomings" and _NEXT.search(recache.sub(r"\s+", "", h.text)):
                # 存在的问题及下一步打算: one heading for two parts
                sections.append(Section("next_year", h.line, h.nstart, None,
                                        Evidence(decision="next_year", source="heading", line=h.line,
                                                 cue=h.text.strip()[:40], cues=["一个标题含两部分"])))
                seen.add("next_year")
    if "first_responsible" not in seen:
        # a numbered item whose body opens with the duty (压实法治责任。严格落实党政主要负责人…第一责任人职责…)
        for h in headings:
            if h.canonical is not None or h.inline:
                continue
            within = max((x for x in sections if x.line <= h.line), key=lambda x: x.line, default=None)
            if within is not None and within.canonical != "measures":
                continue  # an item of the plans or shortcomings is not the leaders' record
            body, _ = _heading_body(h, headings, lines, line_starts, skip)
            ev = first_responsible_cues(h.text + _first_sentence(body), body)
            if ev and (_DUTY.search(_RULE_TITLE.sub("", _first_sentence(body))) or _DUTY.search(h.text)):
                ev.source, ev.line = "heading-body", h.line
                h.canonical = "first_responsible"
                sections.append(Section("first_responsible", h.line, h.nstart, h, ev))
                seen.add("first_responsible")
                break
    # parts present only as unheaded paragraphs
    heading_lines = {h.line for h in headings if not h.inline}
    n = len(lines)
    paragraphs = [(i, lines[i - 1]) for i in range(1, n + 1)
            if lines[i - 1].strip() and i not in heading_lines and i not in skip]
    if "first_responsible" not in seen:
        # a paragraph about the duty: the duty in its first sentence, a leader and the leader's actions
        for i, s in paragraphs:
            ev = first_responsible_cues(_first_sentence(s), s)
            if ev:
                ev.line = i
                sections.append(Section("first_responsible", i, line_starts[i - 1], None, ev))
                seen.add("first_responsible")
                break
    if "next_year" not in seen:
        tail = [(i, s) for i, s in paragraphs if i >= n * 0.5]
        closing = {i for i, _s in paragraphs[-2:]}
        for i, s in tail:
            m = _P_NEXT_CUE.match(s.strip()) or (_P_NEXT_CUE.search(s) if i in closing else None)
            ok = m is not None and (not m.group("y") or bool(year and int(m.group("y")) == year + 1))
            m2 = _P_NEXT_ANY.search(s)
            cue = m or m2  # the opening cue when there is one, else the phrase anywhere
            if (ok or m2 is not None) and cue is not None:
                sections.append(Section("next_year", i, line_starts[i - 1], None,
                                        Evidence(decision="next_year", source="paragraph", line=i,
                                                 cue=cue.group(0), score=1.0)))
                seen.add("next_year")
                break
        else:
            if classifier is not None:
                for i, s in paragraphs[-2:]:
                    weak = _WEAK_NEXT.search(_first_sentence(s))
                    if i >= n * 0.5 and weak is not None and classifier(s) == "next_year":
                        sections.append(Section("next_year", i, line_starts[i - 1], None,
                                                Evidence(decision="next_year", source="classifier", line=i,
                                                         cue=weak.group(0),
                                                         cues=["结尾段落，分类器判为下一年度安排"])))
                        seen.add("next_year")
                        break
    if "shortcomings" not in seen:
        for i, s in paragraphs:
            m = _P_SHORT.search(s)
            if m:
                sections.append(Section("shortcomings", i, line_starts[i - 1], None,
                                        Evidence(decision="shortcomings", source="paragraph", line=i,
                                                 cue=m.group(0)[:30], score=1.0)))
                seen.add("shortcomings")
                break
    sections.sort(key=lambda s: (s.line, s.nstart))
    missing = [p for p in domain_parts.required_ids() if p not in seen]
    return sections, missing


_TERMINAL = "。!?！？”\"』」)）…;；"
_CUT_MARK = recache.compile(r"(?:\.{3,}|…+|展开全文|查看全文|阅读全文|点击查看|未完待续|\(未完)\s*$")
# a date line closes a report even when its figures are still blanks (20__年1月15日, 2026年　月　日)
_CLOSING = recache.compile(r"^\s*(?:特此报告|特此汇报|以上报告)|(?:20\d{2}|20[_＿Xx×*]{1,2}|[_＿]{2,4}|[〇零一二三四五六七八九○]{4})\s*年"
                      r"\s*[\d一二三四五六七八九十_＿Xx×\u3000 ]{0,3}\s*月"
                      r"(?:\s*[\d一二三四五六七八九十_＿Xx×\u3000 ]{0,3}\s*日)?\s*$|^\s*20\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s*$")


def judge_completeness(lines: list[str], skip: set[int], headings: list[Heading], sections: list[Section],
                       missing: list[str]) -> Evidence:
    """Whether the text looks like a whole report or a fragment (a page cut mid-sentence or after its
    first part), with the reason; missing parts of a fragment are only hints."""
    content = [(i, lines[i - 1].strip()) for i in range(1, len(lines) + 1)
               if lines[i - 1].strip() and i not in skip and lines[i - 1].count("|") < 2]
    if not content:
        return Evidence(decision="incomplete", source="body", cue="没有正文", score=1)
    last_i, last = content[-1]
    heading_lines = {h.line for h in headings if not h.inline and not h.run_in}
    reasons: list[str] = []
    closed = bool(_CLOSING.search(last)) or any(_CLOSING.search(s) for _i, s in content[-3:])
    signature = len(last) <= 30 and recache.search(r"(?:局|委|委员会|政府|办公室|办事处|中心)$", last)
    cut = _CUT_MARK.search(last)
    if cut is not None:
        reasons.append(f"结尾有截断标记“{cut.group(0).strip()}”")
    elif last_i in heading_lines:
        reasons.append("最后一个标题之后没有正文")
    elif not closed and not signature and last[-1] not in _TERMINAL and len(last) > 6:
        reasons.append(f"结尾在句子中间断开（“…{last[-12:]}”）")
    headed = {s.canonical for s in sections if s.heading is not None}
    if not reasons and not closed and headed == {"measures"} and len([p for p in missing if p != "other"]) >= 3:
        reasons.append(f"只写到第一部分（{domain_parts.part('measures').short}），后面的部分都没有出现")
    if reasons:
        return Evidence(decision="incomplete", source="body", line=last_i, cue=reasons[0], score=len(reasons),
                        cues=reasons[1:])
    return Evidence(decision="complete", source="body", line=last_i,
                    cue="结尾完整" + ("（落款或日期）" if closed or signature else "（句末标点）"), score=0)
