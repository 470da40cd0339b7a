"""Report metadata: title lines, year reported on, author org, document type, applicability.

Step contract: needs normalised lines, chrome (publication date, 发布机构) and .docx hints;
adds `title_lines`, `year`, `org`, `doc_type`, `statutory_applicable`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_ORG_SUFFIX = r"(?:教育和体育局|教育体育局|教育局|教体局|教育委员会|教委|司法局|人民政府|政府|委员会|局|委|办公室|厅)"
_ORG_RE = re.compile(r"([\u4e00-\u9fffX*xＸ]{0,14}?(?:省|市|县|区|旗|州|盟)?[\u4e00-\u9fffX*x]{0,8}?" + _ORG_SUFFIX + ")")
_TITLE_WORDS = re.compile(r"(报告|总结|情况|工作要点|年报)")
_YEAR_IN_TITLE = re.compile(r"(?<!\d)(20\d{2})\s*年")

DOC_TYPES = [
    (re.compile(r"工作要点|实施方案|工作计划|工作方案"), "工作计划或方案", False),
    (re.compile(r"网络问政|问政平台.{0,6}(?:回复|答复)"), "网络问政", False),
    # (pattern on title / opening, doc_type, statutory parts apply)
    (re.compile(r"政府信息公开|政务公开"), "政府信息公开工作年度报告", False),
    (re.compile(r"行政许可.{0,6}(?:年报|报告)"), "行政许可年度报告", False),
    (re.compile(r"行政复议.{0,6}报告"), "行政复议工作报告", False),
    (re.compile(r"(?:建议|提案)(?:的)?(?:答复|办理)"), "建议提案答复", False),
    (re.compile(r"督导(?:反馈|报告)"), "督导反馈", False),
    (re.compile(r"行政执法工作(?:情况)?(?:报告|年报)|行政执法(?:情况)?(?:统计)?年报"), "行政执法工作报告", False),
    (re.compile(r"法治政府建设.{0,8}(?:报告|总结)|法治建设.{0,8}(?:报告|总结)|依法行政.{0,8}(?:报告|总结)|法治政府建设情况"),
     "法治政府建设年度报告", True),
    (re.compile(r"行政执法工作总结|依法治校.{0,6}(?:报告|总结)"), "法治政府建设年度报告", True),
]
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
    for i, s in content[:4]:
        if 8 <= len(s) <= 60 and _TITLE_WORDS.search(s) and not re.match(r"^\s*[一二三四五六七八九十]+、", s) \
                and not re.search(r"[。:]$", s) and "现将" not in s:
            out.append(i)
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


def extract_meta(lines: list[str], chrome, meta_hints: dict, sections_hint=None) -> Meta:
    md = Meta()
    md.title_lines = find_title(lines, chrome.lines, meta_hints)
    title = _cn_years(" ".join(lines[i - 1].strip() for i in md.title_lines[:1]))
    md.title = title or None
    content = [(i, s.strip()) for i, s in enumerate(lines, start=1) if s.strip() and i not in chrome.lines]
    opening = " ".join(s for _, s in content[:3])[:600]

    # document type and applicability
    probe = title or ""
    for rx, dtype, appl in DOC_TYPES:
        if rx.search(probe):
            md.doc_type, md.statutory_applicable = dtype, appl
            break
    else:
        if content and re.match(r"^\s*【[^】]{2,12}】", content[0][1]):
            md.doc_type, md.statutory_applicable = "年鉴条目", False
        else:
            for rx, dtype, appl in _BODY_TYPES:
                if rx.search(opening):
                    md.doc_type, md.statutory_applicable = dtype, appl
                    break
            else:
                md.doc_type, md.statutory_applicable = None, True

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
    org = _org_from(title) if title else None
    if not org and chrome.pub_org:
        org = chrome.pub_org
    if not org:
        for _, s in content[-4:]:
            if len(s) <= 30 and re.search(_ORG_SUFFIX + "$", s) and not re.search(r"[。,]", s):
                org = s
                break
    if not org:
        mm = re.search(r"(?:^|[,，。])\s*([\u4e00-\u9fff*]{2,14}?" + _ORG_SUFFIX + r")(?:坚持|高度|深入|紧紧|认真|始终|围绕|在|以)", opening)
        if mm:
            org = mm.group(1)
    md.org = org
    return md
