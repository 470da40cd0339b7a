"""Page chrome: website navigation, metadata blocks and template-site boilerplate.

Step contract: needs normalised lines; adds the set of chrome line numbers and page metadata
(发布机构 / 成文日期 / publication date) that later feeds `org` and `year`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import reportnlp.recache as recache
from ..domain import load

_PAGE = load("page_chrome")
_SHORT_ONLY = set(_PAGE["short_only"])
# a line that starts with one of the labels is chrome (metadata block of a portal page)
_LABEL_RE = recache.compile(r"^\s*[•·\-\*|]?\s*(?:" + "|".join(re.escape(x) for x in _PAGE["labels"] if x not in _SHORT_ONLY) + ")")
_SHORT_RE = recache.compile(r"^\s*[•·\-\*]?\s*(?:" + "|".join(re.escape(x) for x in _PAGE["short_only"]) + ")")
_CONTAINS = recache.compile("(" + "|".join(re.escape(x) for x in _PAGE["contains"]) + ")")
SITE_TAGS = frozenset(_PAGE["site_tags"])
_BRACKET_CHROME = recache.compile(r"^\s*【[^】]{0,12}(?:打印|关闭|收藏|返回|字体|字号|顶部|分享|大\s*中\s*小)[^】]{0,12}】")
_PAGE_NO = recache.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
_ONLY_PUNCT = recache.compile(r"^[\s|\-–—_•·>»/\\*]*$")
_NAV = recache.compile(r"^\s*\S{2,8}(?:\s*[>»/]\s*\S{2,10}){1,}\s*$")  # 首页 > 结果公开 > 依法行政
# breadcrumbs: 您当前位置:首页 > 政务公开 > …, a bar starting with ">", 首页 > … of any length
_CRUMB = recache.compile(
    r"^\s*(?:您的?(?:当前|现在)?(?:所在)?的?(?:当前)?位置|当前(?:所在)?位置|所在位置|当前栏目)\s*[:>»]?"
    r"|^\s*[>»]\s*\S|^\s*(?:网站)?首页\s*[>»/]")
# site markers of portal/template pages (【导读预览】, 【摘要】): not headings, not content
SITE_MARK = recache.compile(r"^\s*【\s*(?:" + "|".join(re.escape(x) for x in _PAGE["site_marks"]) + r")\s*】")
_DATE_ONLY = recache.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_PUB_DATE = recache.compile(r"(?:发布日期|发布时间|日期|时间|成文日期|更新时间)\s*[:：]?\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_ORG = recache.compile(r"(?:发布机构|发文机关|发布单位|发文单位|发布部门|信息来源|来源|文章来源|发布者)\s*[:：|]?\s*([\u4e00-\u9fff*]{3,30})")


@dataclass
class Chrome:
    """Page chrome: the lines that are not the report (page numbers, publication lines) and their dates."""

    lines: set[int] = field(default_factory=set)
    pub_date: tuple[int, int, int] | None = None
    pub_org: str | None = None
    written_date: tuple[int, int, int] | None = None


def _is_nav_words(s: str) -> bool:
    """A navigation bar: many short space-separated words and no sentence punctuation."""
    parts = s.split()
    if all(len(p) == 1 for p in parts):
        return False  # a name set with spaces between its characters (梅 川 县 教 育 局), as signatures are
    return (len(parts) >= 5 and all(len(p) <= 6 for p in parts) and not recache.search(r"[。,;:|\d]", s)
            and sum(1 for p in parts if recache.search(r"[\u4e00-\u9fff]", p)) >= 4)


def is_breadcrumb(s: str) -> bool:
    """A navigation trail (您当前位置:首页 > 政务公开 > …): never a title, never content."""
    return bool(_CRUMB.match(s)) and len(s) < 160 and s.count("。") == 0


def find_chrome(lines: list[str]) -> Chrome:
    ch = Chrome()
    n = len(lines)
    after_label = False
    for i, raw in enumerate(lines, start=1):
        s = raw.strip()
        if not s:
            continue
        is_chrome = False
        if _LABEL_RE.match(s) or (_SHORT_RE.match(s) and (len(s) <= 24 or recache.match(r"^\S{2,4}\s*[:到]", s))) \
                or _NAV.match(s) and len(s) < 40 or _is_nav_words(s) or _BRACKET_CHROME.match(s) \
                or is_breadcrumb(s) or ((site := SITE_MARK.match(s)) is not None and not s[site.end():].strip()):
            is_chrome = True
        elif len(s) < 120 and _CONTAINS.search(s):
            is_chrome = True
        elif (_ONLY_PUNCT.match(s) and len(s) <= 3) or _PAGE_NO.match(s):
            is_chrome = True
        elif _DATE_ONLY.match(s) and i < n * 0.3:
            is_chrome = True
        elif after_label and len(s) <= 40 and not recache.search(r"[。,;]", s) and recache.match(r"^[\w\-/.:*]+$", s):
            # the value line of a 信息索引号/发文机关 block
            is_chrome = True
        if recache.match(r"^\s*[•·]?\s*(信息索引号|索引号|文件名称|发布机构|成文日期|公开方式)\s*:?\s*$", s):
            after_label = True
        elif s and not is_chrome:
            after_label = False
        if is_chrome:
            ch.lines.add(i)
            m = _PUB_DATE.search(s)
            if m and ch.pub_date is None and not s.startswith("今天是"):
                ch.pub_date = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
            m = _ORG.search(s)
            if m and recache.search(r"(局|委|府|院|室|办|厅|会)$", m.group(1)) and (ch.pub_org is None or "发布机构" in s
                                                                             or "发文机关" in s):
                ch.pub_org = m.group(1)
    # value lines following label-only lines (信息索引号:\n\n  1133.../2022-00444)
    labels = [i for i, raw in enumerate(lines, start=1)
              if recache.match(r"^\s*[•·]?\s*(信息索引号|索引号|文件名称|发布机构|成文日期|公开方式|发文机关)\s*:?\s*$", raw.strip())]
    for i in labels:
        j = i + 1
        while j <= n and not lines[j - 1].strip():
            j += 1
        if j <= n:
            val = lines[j - 1].strip()
            key = recache.sub(r"[•·:\s]", "", lines[i - 1])
            if key == "发布机构":
                ch.pub_org = val  # the publishing body outranks a 来源 line
            if key == "成文日期":
                m = recache.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", val)
                if m:
                    ch.written_date = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
                    ch.pub_date = ch.pub_date or ch.written_date
            if key != "文件名称":
                ch.lines.add(j)
            else:
                ch.lines.add(j)
    return ch
