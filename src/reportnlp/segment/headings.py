"""Headings with structural levels (GB/T 9704: 一、 → （一） → 1. → （1） → ①).

Step contract: needs normalised lines, chrome lines, title lines and (for .docx) line hints;
adds `Heading` objects: label kind, structural level, text span (run-in headings end at the
first 。), `run_in` / `inline` flags. Numbered data items (`1、2022年度共作出…1547项`) and
viewer page markers are not headings.
"""
from __future__ import annotations

from dataclasses import dataclass

import reportnlp.recache as recache
from ..extract.claims import unit_pattern
from .chrome import SITE_MARK
from .partwords import match_part

_CN = "一二三四五六七八九十"
LABELS = [
    ("cn", 1, recache.compile(rf"^\s*[{_CN}]{{1,3}}\s*[、.](?![{_CN}]、)")),
    ("pcn", 2, recache.compile(rf"^\s*\(\s*[{_CN}]{{1,3}}\s*\)\s*")),
    ("num", 3, recache.compile(r"^\s*\d{1,2}\s*[.、](?!\d)\s*")),
    ("pnum", 4, recache.compile(r"^\s*\(\s*\d{1,2}\s*\)\s*")),
    ("circ", 5, recache.compile(r"^\s*[\u2460-\u2473]\s*")),
    ("tag", 1, recache.compile(r"^\s*【[^】]{2,12}】")),
]
RANK = {k: r for k, r, _ in LABELS}
_INLINE = recache.compile(rf"(?:(?<=\s)|(?<=:))((?:[{_CN}]{{1,3}}、|\([{_CN}]{{1,3}}\))[^\s]{{2,90}}?)(?=\s)")
_YEARS = recache.compile(r"\d{4}\s*[-—–~至]+\s*\d{4}年?|\d{4}\s*年度?|\d{1,2}\s*月份?|\d{1,2}\s*日|[“\"][^”\"]{0,12}[”\"]")
_SIGNATURE = recache.compile(r"(局|委|委员会|政府|办公室|司法局|教体局|教育局|教委)$")
_SENT_PUNCT = recache.compile(r"[。,;:!?]")
_CN_VAL = {c: i for i, c in enumerate(_CN, start=1)}
# a (二) label run into a paragraph: …凝聚法治共识(一)强化理论武装。… (not 第(一)项 / 条例第二十条第(五)项)
_RUN_IN_PCN = recache.compile(rf"(?<![第条款项])\(\s*([{_CN}]{{1,3}})\s*\)(?![项款条目])")


def _cn_value(t: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20."""
    if not t:
        return 0
    if len(t) == 1:
        return _CN_VAL.get(t, 0)
    if t[0] == "十":
        return 10 + _CN_VAL.get(t[1], 0)
    if len(t) >= 2 and t[1] == "十":
        return _CN_VAL.get(t[0], 0) * 10 + (_CN_VAL.get(t[2], 0) if len(t) > 2 else 0)
    return 0


def _body_sentence(kind: str, head: str, run_in: bool) -> bool:
    """A numbered item that is a body sentence, not a heading: `1.` / `(1)` items whose first sentence is
    long and made of clauses (组织全体干部参加学法考试,参考率100%,…), or that run on without a full stop."""
    if kind not in ("num", "pnum", "circ"):
        return False
    h = head.rstrip("。")
    if _names_part(h):
        return False
    sentence = head.endswith("。") or run_in
    return (sentence and len(h) > 30 and bool(recache.search(r"[,;]", h))) or (run_in and not head.endswith("。") and len(h) >= 20)


@dataclass
class Heading:
    """A heading line, its numbering kind and level, and its place."""

    line: int  # 1-based
    kind: str  # cn | pcn | num | pnum | circ | tag | style | bold | plain
    label: str
    nstart: int  # normalised offsets of the heading text (label included)
    nend: int
    text: str = ""  # normalised heading text with label
    level: int = 1
    run_in: bool = False
    inline: bool = False
    canonical: str | None = None
    outline: int | None = None


def _head_of(rest: str, bold: str | None) -> tuple[str, bool]:
    """The heading text of a labelled line after its label, and whether a body follows it."""
    if bold:
        return bold, len(bold.strip()) < len(rest.strip())
    p = rest.find("。")
    if 0 <= p <= 60:
        head = rest[: p + 1]
        return head, bool(rest[p + 1 :].strip())
    if len(rest) <= 60:
        return rest.rstrip(), False
    # long run-in heading without punctuation: the first clause
    q = recache.search(r"[,;:]", rest)
    cut = q.start() if q and q.start() <= 40 else min(len(rest), 20)
    return rest[:cut], True


def is_data_item(head: str) -> bool:
    """A numbered sentence that reports figures (`作出行政处罚0宗`, `共作出…1547项`) is a data item,
    not a heading; a number that is part of a name (`推进5G校园建设`) does not make one."""
    stripped = _YEARS.sub("", head)
    return bool(recache.search(r"\d+(?:\.\d+)?\s?(?:余|多)?(?:万|亿)?(?:余|多)?(?:" + unit_pattern() + r"|%)|为\s*\d|\d{3,}", stripped))


def find_headings(lines: list[str], line_starts: list[int], skip: set[int], title_lines: set[int],
                  meta: dict | None = None) -> list[Heading]:
    meta = meta or {}
    out: list[Heading] = []
    seen_labelled = False
    n = len(lines)
    content_lines = [i for i in range(1, n + 1) if lines[i - 1].strip() and i not in skip]
    last_lines = set(content_lines[-3:])
    pcn_next = 1  # the (N) label expected next, for labels run into a paragraph
    num_seen: set[int] = set()  # the 1. / 1、 numbers met since the last 一、/（一） label
    last_num = 0  # the last of them anywhere: a list numbered through its sections (（二） 3.) continues
    top_last = 0  # the value of the last 一、 label read as a heading
    table_resume = 0  # inside a one-cell-a-line table whose row labels restart at 一、: the number that ends it
    for i, raw in enumerate(lines, start=1):
        if i in skip or i in title_lines or not raw.strip():
            continue
        m_meta = meta.get(i)
        if (m_meta is not None and m_meta.table is not None) or raw.count("|") >= 2:
            cells = [c for c in raw.split("|") if c.strip()]
            if len(cells) != 1 or not any(rx.match(cells[0]) for _k, _r, rx in LABELS[:2]):
                continue  # a table row; a one-cell row holding a 一、/（一） heading is a heading set in a table
            raw = raw.replace("|", " ")
        mk = SITE_MARK.match(raw)
        if mk:  # 【导读预览】 and other site markers are page furniture: read the line after them
            raw = " " * mk.end() + raw[mk.end():]
            if not raw.strip():
                continue
        base = line_starts[i - 1]
        lead = len(raw) - len(raw.lstrip())
        s = raw.strip()
        bold = m_meta.bold_prefix.strip() if m_meta is not None and m_meta.bold_prefix else None
        found = None
        for kind, _rank, rx in LABELS:
            m = rx.match(raw)
            if m:
                found = (kind, m)
                break
        if found and found[0] == "cn":
            val = _cn_value(recache.sub(r"[、.\s]", "", found[1].group(0)))
            if table_resume and val != table_resume:
                continue  # a row label of a table laid out one cell a line (一、本年新收…申请数量 / 5 / 1 / 6)
            if table_resume:
                table_resume = 0
            elif val == 1 and top_last >= 2 and _cells_follow(lines, i, skip):
                table_resume = top_last + 1  # headings resume with the next number of the outer list
                continue
            top_last = val
        elif found and table_resume:
            continue  # （一）予以公开 and other row labels inside that table
        if found and found[0] in ("cn", "pcn", "tag"):
            num_seen = set()
        if found and found[0] in ("num", "pnum") and _page_chunk(lines, i, skip, title_lines, out):
            continue  # a viewer's page number (3、) in front of a sentence cut by the page break
        if found and found[0] == "num":
            val = int(recache.sub(r"\D", "", found[1].group(0)))
            if val >= 2 and val - 1 not in num_seen and val - 1 != last_num:
                continue  # 4、 with no 3、 before it (since the last 一、/（一）, or just before): a page number
            num_seen.add(val)
            last_num = val
        if found:
            kind, m = found
            label = m.group(0).strip()
            rest = raw[m.end():]
            b = bold[len(label):].lstrip() if bold and bold.startswith(label) else None
            head, run_in = _head_of(rest, b)
            if kind == "tag":
                head, run_in = "", bool(rest.strip())
            if kind != "tag" and not head.strip():
                continue
            styled = m_meta is not None and (m_meta.outline or (bold and len(bold) >= len(label) + 2))
            if kind != "tag" and is_data_item(head) and not styled:
                continue
            if kind != "tag" and len(s) > 400 and not run_in and not styled:
                continue
            if not styled and _body_sentence(kind, head, run_in):
                continue
            if kind == "cn":
                pcn_next = 1
            if kind == "pcn":
                pcn_next = _cn_value(recache.sub(r"[()\s]", "", label)) + 1
            cut = _first_run_in(raw, m.end(), m.end() + len(head), pcn_next) if kind == "cn" else None
            if cut is not None:  # 一、深化法治宣传,凝聚法治共识(一)强化理论武装。…: the heading ends at the label
                head, run_in = raw[m.end():cut].rstrip(), True
            hs = base + lead
            he = base + m.end() + len(head.rstrip()) if kind != "tag" else base + m.end()
            out.append(Heading(line=i, kind=kind, label=label, nstart=hs, nend=he,
                               text=raw[lead: he - base], run_in=run_in,
                               outline=m_meta.outline if m_meta else None))
            seen_labelled = True
            pcn_next = _inline_pcn(out, raw, he - base, i, base, pcn_next)
            continue
        # unlabelled headings: Word heading styles, whole-bold short paragraphs, short plain lines
        if m_meta is not None and m_meta.outline and not m_meta.is_title and len(s) <= 80:
            out.append(Heading(line=i, kind="style", label="", nstart=base + lead, nend=base + len(raw.rstrip()),
                               text=s, outline=m_meta.outline))
            continue
        if bold and bold == s and len(s) <= 40 and seen_labelled and not _SENT_PUNCT.search(s):
            out.append(Heading(line=i, kind="bold", label="", nstart=base + lead, nend=base + len(raw.rstrip()), text=s))
            continue
        names_part = (4 <= len(s) <= 30 and not recache.search(r"(?:报告|总结)$", s) and not _SENT_PUNCT.search(s.rstrip(":")) and (len(s) <= 10 or not s.endswith(":"))
                      and _names_part(s))
        if ((seen_labelled or names_part) and 4 <= len(s) <= 30 and not _SENT_PUNCT.search(s.rstrip(":"))
                and (not recache.search(r"\d", s) or names_part) and (i not in last_lines or names_part and i != content_lines[-1])
                and not _SIGNATURE.search(s)):
            nxt = next((lines[j - 1].strip() for j in range(i + 1, min(n, i + 4) + 1) if lines[j - 1].strip()), "")
            if (len(nxt) > 40 or names_part and nxt) and not any(rx.match(nxt) for _k, _r, rx in LABELS[:1]):
                # an unnumbered heading; one that names a statutory part is a top-level heading
                out.append(Heading(line=i, kind="plain", label="", nstart=base + lead,
                                   nend=base + len(raw.rstrip()), text=s, outline=1 if names_part else None))
                continue
        if seen_labelled:
            pcn_next = _inline_pcn(out, raw, lead, i, base, pcn_next)
        # inline headings inside a one-line body (template sites)
        if len(s) > 200:
            for mm in _INLINE.finditer(raw):
                txt = mm.group(1)
                kind = "cn" if txt[0] in _CN else "pcn"
                lm = recache.match(r"[^、)]*[、)]", txt)
                if lm is None:
                    continue
                label = lm.group(0)
                if is_data_item(txt[len(label):]) or any(h.line == i and h.nstart == base + mm.start(1) for h in out):
                    continue
                out.append(Heading(line=i, kind=kind, label=label, nstart=base + mm.start(1),
                                   nend=base + mm.end(1), text=txt, inline=True))
    assign_levels(out)
    return out


_CELL = recache.compile(r"^\s*[\d.,%\-—/]+\s*$")


def _cells_follow(lines: list[str], i: int, skip: set[int]) -> bool:
    """Whether a bare figure line (5, 0, 100%) follows within four lines: the cells of a flattened table."""
    nxt = [lines[j - 1] for j in range(i + 1, min(len(lines), i + 8) + 1) if lines[j - 1].strip() and j not in skip][:4]
    return any(_CELL.match(t) for t in nxt)


_OPEN_END = recache.compile(r"[\u4e00-\u9fff\w]$")


def _page_chunk(lines: list[str], i: int, skip: set[int], title_lines: set[int], out: list[Heading]) -> bool:
    """A numbered line that continues a sentence the line before left open (…全年接待 / 3、来访群众的…):
    the number is a page marker of a viewer or document mill, not a heading."""
    j = i - 1
    while j >= 1 and (not lines[j - 1].strip() or j in skip):
        j -= 1
    if j < 1 or j in title_lines or any(h.line == j and not h.run_in for h in out):
        return False
    prev = lines[j - 1].strip()
    return len(prev) >= 20 and bool(_OPEN_END.search(prev)) and not recache.search(r"[,;:。]", prev[-3:])


def _names_part(s: str) -> bool:
    return match_part(s, None) is not None


def _first_run_in(raw: str, start: int, end: int, expect: int) -> int | None:
    """Offset of the expected (N) label run into raw[start:end], if any."""
    for mm in _RUN_IN_PCN.finditer(raw, start, end):
        if _cn_value(mm.group(1)) == expect and mm.start() - start >= 4:
            return mm.start()
    return None


def _inline_pcn(out: list[Heading], raw: str, start: int, line: int, base: int, expect: int) -> int:
    """Headings run into a paragraph: (一)强化理论武装。 after other words on the same line, in sequence."""
    for mm in _RUN_IN_PCN.finditer(raw, start):
        if _cn_value(mm.group(1)) != expect or mm.start() == len(raw) - len(raw.lstrip()):
            continue
        rest = raw[mm.end():]
        p = rest.find("。")
        head = rest[: p + 1] if 0 <= p <= 30 else ""
        if not head.strip() or recache.search(r"[,;]", head) or is_data_item(head):
            continue
        label = raw[mm.start():mm.end()]
        out.append(Heading(line=line, kind="pcn", label=label, nstart=base + mm.start(),
                           nend=base + mm.end() + len(head), text=label + head, run_in=True, inline=True))
        expect += 1
    return expect


def assign_levels(headings: list[Heading]) -> None:
    stack: list[tuple[str, int]] = []
    for h in headings:
        if h.kind in ("style", "bold", "plain"):
            if h.kind in ("style", "plain") and h.outline:
                rank = h.outline
            else:
                rank = (stack[-1][1] + 1) if stack else 1
            kind = f"u{rank}"
        else:
            kind, rank = h.kind, RANK[h.kind]
        kinds = [k for k, _ in stack]
        if kind in kinds:
            while stack[-1][0] != kind:
                stack.pop()
        else:
            while stack and stack[-1][1] >= rank:
                stack.pop()
            stack.append((kind, rank))
        h.level = min(len(stack), 5)
