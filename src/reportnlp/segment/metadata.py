"""Report metadata: title lines, year reported on, author org, document type, applicability.

Step contract: needs normalised lines, chrome (publication date, 发布机构) and .docx hints;
adds `title_lines`, `year`, `org`, `doc_type`, `statutory_applicable`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import reportnlp.recache as recache
from .chrome import SITE_MARK, is_breadcrumb
from .doctype import decide_type, find_period, is_certain, kind, kinds
from .evidence import Evidence
from .org import Candidate, decide_org

_ORG_SUFFIX = r"(?:局|委|委员会|政府|办事处|管委会|办公室|厅)"
_TITLE_WORDS = recache.compile(r"(报告|总结|情况|工作要点|年报|分析)")
_YEAR_IN_TITLE = recache.compile(r"(?<!\d)(20\d{2})\s*年")


@dataclass
class Meta:
    """The report's title, year, organisation, document type and the evidence for each."""

    title_lines: list[int] = field(default_factory=list)
    title: str | None = None
    year: int | None = None
    period: tuple[int, int] | None = None  # the years a multi-year review covers (meta.year is its end)
    org: str | None = None
    doc_type: str | None = None
    statutory_applicable: bool = True
    org_as_written: str | None = None  # the name as the text writes it, placeholders included (某县教育局)
    type_certain: bool = False  # the type was read from the title or strong body cues, not assumed
    evidence: dict[str, Evidence] = field(default_factory=dict)  # title / doc_type / org / completeness -> why

    @property
    def complete(self) -> bool:
        """False when the text looks like a fragment (see sections.judge_completeness)."""
        ev = self.evidence.get("completeness")
        return ev is None or ev.decision != "incomplete"


_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGIT["零"] = "0"
_CN_DIGIT["○"] = "0"
_CN_DIGIT["O"] = "0"


def _cn_years(s: str) -> str:
    """二〇二三年 -> 2023年."""
    return recache.sub(r"([〇零○O一二三四五六七八九]{4})(?=\s*年)", lambda m: "".join(_CN_DIGIT[c] for c in m.group(1)), s)


def find_title(lines: list[str], chrome: set[int], meta_hints: dict) -> list[int]:
    out = []
    for i, s in enumerate(lines, start=1):
        m = meta_hints.get(i)
        if m is not None and m.is_title:
            out.append(i)
    if out:
        return out
    content = [(i, s.strip()) for i, s in enumerate(lines, start=1) if s.strip() and i not in chrome]
    for k, (i, s) in enumerate(content[:10]):
        if k >= 4 and not (recache.search(r"20\d{2}|法治|依法行政", s) and recache.search(r"报告|总结|年报", s)):
            continue  # below a portal's header lines only a line that reads like a report title
        if is_breadcrumb(s) or SITE_MARK.match(s) or recache.search(r"\s[>»]\s", s):
            continue
        if 8 <= len(s) <= 60 and _TITLE_WORDS.search(s) and not recache.match(r"^\s*[一二三四五六七八九十]+、", s) \
                and not recache.search(r"[。:]$", s) and "现将" not in s:
            prev = next(((j, t) for j, t in reversed(content) if j < i), None)
            if prev and i - prev[0] <= 2 and 4 <= len(prev[1]) <= 30 and not recache.search(r"[。,:]", prev[1]) \
                    and recache.search(r"关于|20\d{2}\s*年|法治|" + _ORG_SUFFIX + "$", prev[1]) \
                    and recache.match(r"^(?:的|建设|工作|情况|年度|度|法治)", s) and not is_breadcrumb(prev[1]):
                out.append(prev[0])  # a title set over two lines: …关于2023年法治政府 / 建设工作情况的报告
            out.append(i)
            nxt = next(((j, t) for j, t in content if j > i), None)
            if nxt and nxt[0] - i <= 2 and len(nxt[1]) <= 30 and recache.search(r"(?:报告|总结|年报)$", nxt[1]) \
                    and not recache.search(r"(?:报告|总结|年报)$", s) and not recache.search(r"[。,:]", nxt[1]):
                out.append(nxt[0])  # a title set over two lines: …法治政府 / 建设工作情况的报告
            # a repeated title further down (portal pages repeat it)
            for j, t in content[:8]:
                if j != i and t == s:
                    out.append(j)
            break
    return sorted(set(out))


def extract_meta(lines: list[str], chrome, meta_hints: dict, sections_hint=None,
                 data_orgs: list[str] | None = None) -> Meta:
    """`data_orgs`: the organisations of a data sheet given with the report (one is a weak candidate for
    the author and completes a short name; of several, only those the text names count)."""
    md = Meta()
    md.title_lines = find_title(lines, chrome.lines, meta_hints)
    tl = md.title_lines
    two = len(tl) > 1 and tl[1] - tl[0] <= 2 and lines[tl[1] - 1].strip() != lines[tl[0] - 1].strip()
    title = _cn_years("".join(lines[i - 1].strip() for i in tl[:2 if two else 1]))
    md.title = title or None
    content = [(i, s.strip()) for i, s in enumerate(lines, start=1) if s.strip() and i not in chrome.lines]

    # document type and applicability
    ev = decide_type(title, md.title_lines[0] if md.title_lines else None, content)
    md.doc_type = ev.decision
    md.type_certain = is_certain(ev)
    k = kind(ev.decision)
    # a type decided with low confidence never turns the statutory check off: it runs, with warnings
    md.statutory_applicable = k is None or k.statutory or not md.type_certain
    md.evidence["doc_type"] = ev
    if md.title_lines:
        md.evidence["title"] = Evidence(decision=md.title, source="title", line=md.title_lines[0],
                                        cue=(_TITLE_WORDS.search(md.title or "") or [None])[0])
    else:
        md.evidence["title"] = Evidence(decision=None, source="default", cue="前几行没有像标题的行")

    # year reported on
    year = None
    m = _YEAR_IN_TITLE.search(title)
    if m:
        year = int(m.group(1))
    if year is None:
        for i, s in content[:6]:
            mm = recache.match(r"^\s*(?:[一二三四五六七八九十]+、)?(?:关于)?(20\d{2})\s*年度?(?!\s*\d{1,2}\s*月)", s) or \
                recache.search(r"(?:对|关于|现将|扎实开展|回顾)(20\d{2})\s*年度?(?!\s*\d{1,2}\s*月)", s)
            if mm:
                year = int(mm.group(1))
                break
    if year is None:
        for _, s in content:
            mm = recache.match(r"^\s*(?:[一二三四五六七八九十]+、)?(20\d{2})\s*年度?(?:推进)?.{0,12}(?:举措|成效|做法|情况)", s)
            if mm:
                year = int(mm.group(1))
                break
    if year is None:
        for _, s in content:
            mm = recache.match(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、])?\s*(20\d{2})\s*年.{0,10}(?:工作)?(?:安排|打算|计划|思路|重点)", s)
            if mm:
                year = int(mm.group(1)) - 1
                break
    if year is None and chrome.pub_date:
        y, mo, _d = chrome.pub_date
        year = y - 1 if mo <= 6 else y
    if year is None:
        body = " ".join(s for _, s in content)
        yrs = Counter(int(y) for y in recache.findall(r"(?<![\d〔\[(])(20\d{2})\s*年(?!\d)", body))
        if yrs:
            year = yrs.most_common(1)[0][0]
    md.year = year

    # a review of several years: its period, and its year is the period's end
    k = kind(md.doc_type)
    period, cue = find_period(title, year, content, review=bool(k and k.multi_year))
    if period:
        md.period, md.year = period, period[1]
        k = kind(md.doc_type)
        if k is None or not k.multi_year:
            multi = next((x for x in kinds() if x.multi_year), None)
            if multi is not None:
                md.evidence["doc_type"] = Evidence(decision=multi.name, source="body", line=md.title_lines[0] if md.title_lines else None,
                                                   cue=cue, score=3, cues=[f"原判断：{md.doc_type}"])
                md.doc_type, md.statutory_applicable, md.type_certain = multi.name, multi.statutory, True
        md.evidence["period"] = Evidence(decision=f"{period[0]}—{period[1]}", source="title" if cue and cue in title else "body",
                                         cue=cue, score=1)

    # author
    extra: list[Candidate] = []
    orgs = [o for o in dict.fromkeys(recache.sub(r"\s+", "", o) for o in data_orgs or []) if o]
    text = "".join(s for _, s in content)
    for o in orgs if len(orgs) == 1 else [o for o in orgs if o in text]:
        extra.append(Candidate(decision=o, source="data", cue=o, score=1.2, cues=["数据表中的单位"]))
    ev = decide_org(title, md.title_lines, content, chrome, extra=extra)
    md.org = ev.decision
    md.evidence["org"] = ev
    md.org_as_written = md.org or next((c[len("占位符不作单位："):].split("、")[0] for c in [ev.cue or ""] + ev.cues
                                        if c.startswith("占位符不作单位：")), None)
    return md
