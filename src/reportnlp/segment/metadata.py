"""Report metadata: title lines, year reported on, author org, document type, applicability.

Step contract: needs normalised lines, chrome (publication date, 发布机构) and .docx hints;
adds `title_lines`, `year`, `org`, `doc_type`, `statutory_applicable`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .chrome import SITE_MARK, is_breadcrumb
from .evidence import Evidence

_ORG_SUFFIX = r"(?:教育和体育局|教育体育局|教育局|教体局|教育委员会|教委|司法局|人民政府|政府|委员会|街道办事处|办事处|管委会|局|委|办公室|厅)"
_ORG_RE = re.compile(r"([\u4e00-\u9fffX*xＸ]{0,14}?(?:省|市|县|区|旗|州|盟)?[\u4e00-\u9fffX*x]{0,8}?" + _ORG_SUFFIX + ")")
_TITLE_WORDS = re.compile(r"(报告|总结|情况|工作要点|年报)")
_YEAR_IN_TITLE = re.compile(r"(?<!\d)(20\d{2})\s*年")

DOC_TYPES = [
    (re.compile(r"工作要点|实施方案|工作计划|工作方案"), "工作计划或方案", False),
    (re.compile(r"网络问政|问政平台.{0,6}(?:回复|答复)"), "网络问政", False),
    # (pattern on title / opening, doc_type, statutory parts apply)
    (re.compile(r"行政许可.{0,6}(?:年报|报告)"), "行政许可年度报告", False),
    (re.compile(r"行政复议.{0,6}报告"), "行政复议工作报告", False),
    (re.compile(r"(?:建议|提案)(?:的)?(?:答复|办理)"), "建议提案答复", False),
    (re.compile(r"督导(?:反馈|报告)"), "督导反馈", False),
    (re.compile(r"行政执法工作(?:情况)?(?:报告|年报)|行政执法(?:情况)?(?:统计)?年报"), "行政执法工作报告", False),
    (re.compile(r"法治政府建设.{0,14}(?:报告|总结)|法治建设.{0,8}(?:报告|总结)|依法行政.{0,8}(?:报告|总结)|法治政府建设情况"),
     "法治政府建设年度报告", True),
    (re.compile(r"行政执法工作总结|依法治校.{0,6}(?:报告|总结)"), "法治政府建设年度报告", True),
    # checked after the rule-of-law report: a 法治政府建设 title that also names 政务公开 stays a 法治 report
    (re.compile(r"政府信息公开|政务公开"), "政府信息公开工作年度报告", False),
]
_LAW_TYPE = "法治政府建设年度报告"
_DISCLOSURE_TYPE = "政府信息公开工作年度报告"
# cues that weigh a body for one type or the other when the title does not decide
_DISCLOSURE_CUES = [
    (re.compile(r"政府信息公开条例"), 1), (re.compile(r"主动公开政府信息|主动公开情况"), 1),
    (re.compile(r"依申请公开"), 1), (re.compile(r"政府信息公开(?:工作)?(?:\d{4}年?)?年度报告"), 2),
    (re.compile(r"政府信息管理|政府信息公开平台"), 1), (re.compile(r"政府信息公开"), 1), (re.compile(r"政务公开"), 1),
]
_LAW_CUES = [
    (re.compile(r"法治政府建设"), 1), (re.compile(r"依法行政"), 1), (re.compile(r"法治建设"), 1),
    (re.compile(r"第一责任人"), 1), (re.compile(r"依法治(?:县|区|市|校|教|乡|镇|街)"), 1),
]
# an organisation name that is a template placeholder, not a bureau
_PLACEHOLDER_ORG = re.compile(r"[XxＸｘ×*＊]|某|_{2,}|○○|〇〇|\?\?")
_SHORT_ORG = re.compile(r"^(?:本|我)?(?:省|市|县|区|州|旗|盟|乡|镇)")
_ORG_BODY = re.compile(r"([\u4e00-\u9fff]{2,16}?" + _ORG_SUFFIX + r")(?:\(以下简称[^)]{0,10}\))?"
                       r"(?:党组|党委)?(?:坚持|高度|深入|紧紧|认真|始终|围绕|在|以|全面|积极|扎实|持续|按照|严格|不断|切实|聚焦|立足|紧扣|着力)")
_BODY_TYPES = [
    (re.compile(r"行政执法工作(?:情况)?报告如下"), "行政执法工作报告", False),
    (re.compile(r"行政许可.{0,10}(?:情况|工作)(?:报告|汇报)如下"), "行政许可年度报告", False),
    (re.compile(r"行政复议.{0,10}(?:情况|工作)(?:报告|汇报)如下"), "行政复议工作报告", False),
    (re.compile(r"(?:建议|提案)(?:收悉|办理|答复如下)"), "建议提案答复", False),
    (re.compile(r"督导(?:意见|反馈|发现)"), "督导反馈", False),
    (re.compile(r"政府信息公开|政务公开工作"), "政府信息公开工作年度报告", False),
    (re.compile(r"法治政府建设|法治建设|依法行政"), "法治政府建设年度报告", True),
]


@dataclass
class Meta:
    title_lines: list[int] = field(default_factory=list)
    title: str | None = None
    year: int | None = None
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
    return re.sub(r"([〇零○O一二三四五六七八九]{4})(?=\s*年)", lambda m: "".join(_CN_DIGIT[c] for c in m.group(1)), s)


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
        if k >= 4 and not (re.search(r"20\d{2}|法治|依法行政", s) and re.search(r"报告|总结|年报", s)):
            continue  # below a portal's header lines only a line that reads like a report title
        if is_breadcrumb(s) or SITE_MARK.match(s) or re.search(r"\s[>»]\s", s):
            continue
        if 8 <= len(s) <= 60 and _TITLE_WORDS.search(s) and not re.match(r"^\s*[一二三四五六七八九十]+、", s) \
                and not re.search(r"[。:]$", s) and "现将" not in s:
            prev = next(((j, t) for j, t in reversed(content) if j < i), None)
            if prev and i - prev[0] <= 2 and 4 <= len(prev[1]) <= 30 and not re.search(r"[。,:]", prev[1]) \
                    and re.search(r"关于|20\d{2}\s*年|法治|" + _ORG_SUFFIX + "$", prev[1]) \
                    and re.match(r"^(?:的|建设|工作|情况|年度|法治)", s) and not is_breadcrumb(prev[1]):
                out.append(prev[0])  # a title set over two lines: …关于2023年法治政府 / 建设工作情况的报告
            out.append(i)
            nxt = next(((j, t) for j, t in content if j > i), None)
            if nxt and nxt[0] - i <= 2 and len(nxt[1]) <= 30 and re.search(r"(?:报告|总结|年报)$", nxt[1]) \
                    and not re.search(r"(?:报告|总结|年报)$", s) and not re.search(r"[。,:]", nxt[1]):
                out.append(nxt[0])  # a title set over two lines: …法治政府 / 建设工作情况的报告
            # a repeated title further down (portal pages repeat it)
            for j, t in content[:8]:
                if j != i and t == s:
                    out.append(j)
            break
    return sorted(set(out))


def _org_from(s: str) -> str | None:
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^关于", "", s)
    s = re.sub(r"^\d{4}\s*年度?", "", s)
    m = re.match(r"^(.{2,30}?" + _ORG_SUFFIX + r")(?:关于|20\d{2}|(?:年度)?法治|行政|依法|政府信息)", s)
    if m:
        org = m.group(1)
        return org if len(org) > 3 else None
    return None


_APPLICABLE = {t for _rx, t, appl in DOC_TYPES if appl} | {t for _rx, t, appl in _BODY_TYPES if appl}


def _cue_score(text: str, table) -> tuple[int, list[str]]:
    score, cues = 0, []
    for rx, w in table:
        m = rx.search(text)
        if m:
            score += w
            cues.append(m.group(0))
    return score, cues


def decide_type(title: str, title_line: int | None, content: list[tuple[int, str]]) -> Evidence:
    """The document type: the title decides when it names one; otherwise the opening's cues are weighed
    (a 法治政府建设 report that mentions 政府信息公开 stays a 法治 report)."""
    for rx, dtype, _appl in DOC_TYPES:
        m = rx.search(title or "")
        if m:
            return Evidence(decision=dtype, source="title", line=title_line, cue=m.group(0), score=3)
    if content and re.match(r"^\s*【[^】]{2,12}】", content[0][1]) and not SITE_MARK.match(content[0][1]):
        return Evidence(decision="年鉴条目", source="body", line=content[0][0], cue=content[0][1][:12], score=2)
    opening = " ".join(s for _, s in content[:3])[:600]
    for rx, dtype, _appl in _BODY_TYPES[:-2]:
        m = rx.search(opening)
        if m:
            line = next((i for i, s in content[:3] if m.group(0) in s), None)
            return Evidence(decision=dtype, source="body", line=line, cue=m.group(0), score=2)
    wide = " ".join(s for _, s in content[:8])[:1500]
    dis, dis_cues = _cue_score(wide, _DISCLOSURE_CUES)
    law, law_cues = _cue_score(wide, _LAW_CUES)
    if dis >= 2 and dis > law:
        line = next((i for i, s in content[:8] if dis_cues[0] in s), None)
        return Evidence(decision=_DISCLOSURE_TYPE, source="body", line=line, cue=dis_cues[0], score=dis,
                        cues=dis_cues[1:] + [f"法治线索{law}"])
    if law >= 1:
        line = next((i for i, s in content[:8] if law_cues[0] in s), None)
        return Evidence(decision=_LAW_TYPE, source="body", line=line, cue=law_cues[0], score=law,
                        cues=law_cues[1:] + ([f"公开线索{dis}"] if dis else []))
    return Evidence(decision=None, source="default", cue="标题和开头都没有表明文件类型", score=0)


def _bureau_word(org: str) -> str:
    """The bureau part of a name: 元谋县卫生健康局 -> 卫生健康局."""
    m = re.search(r"(?:省|市|县|区|州|旗|盟|乡|镇)([^省市县区州旗盟乡镇]+)$", org)
    return m.group(1) if m else org


def decide_org(title: str, title_line: int | None, content: list[tuple[int, str]], chrome) -> Evidence:
    """Who wrote the report: the full name in the title or the body outranks a portal's short name
    (县卫生健康局); template placeholders (XX市教育局, 某县教育局) are not an organisation."""
    cands: list[Evidence] = []
    org = _org_from(title) if title else None
    if org:
        cands.append(Evidence(decision=org, source="title", line=title_line, cue=org, score=3))
    m = re.match(r"^(?:关于)?(?:20\d{2}年度?)?([\u4e00-\u9fff]{1,8}(?:省|市|县|区|旗|乡|镇))(?:20\d{2}年度?)?(?:法治政府建设|依法行政)",
                 re.sub(r"\s+", "", title or ""))
    if not org and m:
        # a government's own report: 2020年静海区法治政府建设情况报告 -> 静海区人民政府
        cands.append(Evidence(decision=m.group(1) + "人民政府", source="title", line=title_line, cue=m.group(0),
                              score=2, cues=["标题以地名开头：地方政府的报告"]))
    for i, s in content[-4:]:
        if len(s) <= 30 and re.search(_ORG_SUFFIX + "$", s) and not re.search(r"[。,]", s):
            cands.append(Evidence(decision=re.sub(r"\s+", "", s), source="signature", line=i, cue=s, score=2.5))
            break
    for i, s in content[:8]:
        # the subject of an opening clause: …指导下,前进区教育局深入开展…
        for seg in re.split(r"[,。;:!?]", re.sub(r"\s+", "", s)):
            m = _ORG_BODY.match(re.sub(r"^(?:20\d{2}年度?(?:以来|来)?|一年来|今年以来)", "", seg))
            if m and len(m.group(1)) >= 3 and not re.match(r"^(?:全|各|我|本|该|由|对|经|向|与|在|为|按照)", m.group(1)):
                cands.append(Evidence(decision=m.group(1), source="body", line=i, cue=m.group(0)[:24], score=2))
    if chrome.pub_org:
        cands.append(Evidence(decision=chrome.pub_org, source="chrome", cue=chrome.pub_org, score=1))
    rejected = [c.decision for c in cands if _PLACEHOLDER_ORG.search(c.decision)]
    cands = [c for c in cands if not _PLACEHOLDER_ORG.search(c.decision)]
    if not cands:
        note = f"占位符不作单位：{'、'.join(rejected)}" if rejected else "标题、正文和页面信息都没有单位名称"
        return Evidence(decision=None, source="default", cue=note, score=0)
    best = max(cands, key=lambda c: c.score)
    if _SHORT_ORG.match(best.decision):
        # a short portal name (县卫生健康局): take a full name of the same bureau from the other candidates
        word = _bureau_word(best.decision)
        full = [c for c in cands if not _SHORT_ORG.match(c.decision) and c.decision.endswith(word)]
        if full:
            best = Evidence(decision=full[0].decision, source=full[0].source, line=full[0].line,
                            cue=full[0].cue, score=full[0].score, cues=[f"简称“{best.decision}”"])
    best.cues = best.cues + [f"{c.source}:{c.decision}" for c in cands if c.decision != best.decision][:3]
    if rejected:
        best.cues.append("占位符不作单位：" + "、".join(rejected))
    return best


def extract_meta(lines: list[str], chrome, meta_hints: dict, sections_hint=None) -> Meta:
    md = Meta()
    md.title_lines = find_title(lines, chrome.lines, meta_hints)
    tl = md.title_lines
    two = len(tl) > 1 and tl[1] - tl[0] <= 2 and lines[tl[1] - 1].strip() != lines[tl[0] - 1].strip()
    title = _cn_years("".join(lines[i - 1].strip() for i in tl[:2 if two else 1]))
    md.title = title or None
    content = [(i, s.strip()) for i, s in enumerate(lines, start=1) if s.strip() and i not in chrome.lines]
    opening = " ".join(s for _, s in content[:3])[:600]

    # document type and applicability
    ev = decide_type(title, md.title_lines[0] if md.title_lines else None, content)
    md.doc_type = ev.decision
    md.statutory_applicable = ev.decision is None or ev.decision in _APPLICABLE
    md.type_certain = ev.decision is not None and ev.source in ("title", "body") and (ev.score or 0) >= 2
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
            mm = re.match(r"^\s*(?:[一二三四五六七八九十]+、)?(?:关于)?(20\d{2})\s*年度?(?!\s*\d{1,2}\s*月)", s) or \
                re.search(r"(?:对|关于|现将|扎实开展|回顾)(20\d{2})\s*年度?(?!\s*\d{1,2}\s*月)", s)
            if mm:
                year = int(mm.group(1))
                break
    if year is None:
        for _, s in content:
            mm = re.match(r"^\s*(?:[一二三四五六七八九十]+、)?(20\d{2})\s*年度?(?:推进)?.{0,12}(?:举措|成效|做法|情况)", s)
            if mm:
                year = int(mm.group(1))
                break
    if year is None:
        for _, s in content:
            mm = re.match(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、])?\s*(20\d{2})\s*年.{0,10}(?:工作)?(?:安排|打算|计划|思路|重点)", s)
            if mm:
                year = int(mm.group(1)) - 1
                break
    if year is None and chrome.pub_date:
        y, mo, _d = chrome.pub_date
        year = y - 1 if mo <= 6 else y
    if year is None:
        body = " ".join(s for _, s in content)
        yrs = Counter(int(y) for y in re.findall(r"(?<![\d〔\[(])(20\d{2})\s*年(?!\d)", body))
        if yrs:
            year = yrs.most_common(1)[0][0]
    md.year = year

    # author
    ev = decide_org(title, md.title_lines[0] if md.title_lines else None, content, chrome)
    md.org = ev.decision
    md.evidence["org"] = ev
    md.org_as_written = md.org or next((c[len("占位符不作单位："):].split("、")[0] for c in [ev.cue or ""] + ev.cues
                                        if c.startswith("占位符不作单位：")), None)
    return md
