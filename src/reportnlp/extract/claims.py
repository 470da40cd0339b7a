"""Numeric claims: number + unit spans with values, approximation flags and table cells.

Step contract: needs the normalised text and the lines that are chrome or headings' labels;
adds `Claim` objects (normalised spans; mapped to the original file by the pipeline).
Not claims: dates, years, document numbers (〔2020〕14号), ordinals (第三中学), names inside
quotes (“11个坚持”), hotlines, periods (2021-2025), heading labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import reportnlp.recache as recache
from ..numbers import parse_number, units


def unit_pattern() -> str:
    """The alternation of every unit a figure may carry (domain/data/units.yaml), longest first."""
    return _alternation(units().units)


@lru_cache(maxsize=4)
def _alternation(words: tuple[str, ...]) -> str:
    # built once per unit table, not for every line a heading or table cell test looks at
    return "|".join(re.escape(u) for u in words)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """The Arabic and Chinese figure patterns, compiled on first use from the unit table."""
    unit_rx = unit_pattern()
    cn_units = "".join(units().chinese_numeral_units)
    num_re = recache.compile(
        r"(?P<neg>-)?(?P<num>\d{1,3}(?:,\d{3})+(?=\s?(?:余|多)?(?:万|亿)?(?:余|多)?(?:" + unit_rx + r"|%))(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"(?P<sp>\s?)(?P<approx1>余|多)?(?P<mag>万|亿)?(?P<approx2>余|多)?"
        r"(?:(?P<unit>" + unit_rx + r")|(?P<pct>%))?"
    )
    cn_re = recache.compile(r"(?P<pre>百分之)?(?P<num>[" + _CN_NUM + r"]{1,6})(?P<approx>余|多)?(?P<unit>[" + cn_units + r"]|%)?")
    return num_re, cn_re


_CN_NUM = "零〇一二两三四五六七八九十百千万点"
_APPROX_BEFORE = recache.compile(r"(约|近|超过|逾|超|将近|大约)\s*$")
_APPROX_AFTER = recache.compile(r"^(以上|左右|多|余)")
_CN_SKIP_AFTER = recache.compile(r"^(是|来|线|级|体|流|化|致|同|起|道|切|直|定|些|般|律|并|方面|年|月|日|届|中|小|大)")
_CN_SKIP_WORDS = ("一次性", "一站式", "一对一", "一校一", "一网通", "一件事", "一单两库", "两库一", "四个自信", "两个维护",
                  "四个意识", "三重一大", "一把手", "一盘棋", "一体化", "两学一做", "三会一课", "一岗双责", "五清", "双减",
                  "一家一", "一人一", "三个部门", "八统一", "一次办", "三项制度")


@dataclass
class Claim:
    """A figure of the report with its unit, value and place (normalised offsets)."""

    nstart: int
    nend: int
    text: str
    value: float | None
    unit: str | None
    approx: bool = False
    in_table: bool = False
    inferred_unit: bool = False
    # a measure word right after a figure that the unit table does not know (棉被4200床、): the figure is
    # counted in its own measure, so it takes the base of the total's unit, never its 万/亿 scale
    own_measure: bool = False
    metric: str | None = None
    line: int = 0
    row: int | None = None  # table row index within its table
    col: int | None = None
    table: int | None = None


def _in_quotes(text: str, pos: int) -> bool:
    left = text.rfind("“", max(0, pos - 14), pos)
    if left < 0:
        return False
    close = text.rfind("”", left, pos)
    if close >= 0:
        return False
    right = text.find("”", pos, pos + 14)
    return right >= 0


def _in_title(text: str, pos: int) -> bool:
    left = text.rfind("《", max(0, pos - 40), pos)
    return left >= 0 and text.rfind("》", left, pos) < 0 and text.find("》", pos, pos + 40) >= 0


def _is_date_or_code(text: str, s: int, e: int) -> bool:
    before = text[max(0, s - 2):s]
    after = text[e:e + 2]
    if before.endswith(("第", "〔", "[", "·", "No", "编号", "号")) or after.startswith(("〕", "]", "·", "号", "年", "月", "日", "时", "届", "级", "版", "G", "K", "M")):
        return True
    if recache.match(r"^[-—–~至]\s*\d", after) or recache.search(r"\d\s*[-—–~至]$", before) and not text[max(0, s - 1):s] == "-":
        return True
    if recache.match(r"^[:/.]\d", after) or recache.search(r"\d[:/]$", before):
        return True
    if recache.match(r"^[A-Za-z]", after) or recache.search(r"[A-Za-z]$", before):
        return True
    return False


def _num_value(num: str) -> float | None:
    return parse_number(num)


_QIZHONG = recache.compile(r"其中|包括|含")


def extract_claims(text: str, line_starts: list[int], skip_lines: set[int], table_rows: dict[int, tuple] | None = None,
                   label_spans: list[tuple[int, int]] | None = None) -> list[Claim]:
    """Every numeric claim in document order (normalised offsets)."""
    from bisect import bisect_right

    table_rows = table_rows or {}
    label_spans = label_spans or []
    claims: list[Claim] = []
    taken = [False] * (len(text) + 1)

    def line_of(pos):
        return bisect_right(line_starts, pos)

    # label spans sorted, with the running maximum of their ends: one bisect per number
    label_spans = sorted(label_spans)
    label_starts = [a for a, _b in label_spans]
    label_reach: list[int] = []
    for _a, b in label_spans:
        label_reach.append(max(b, label_reach[-1]) if label_reach else b)

    def in_label(pos):
        k = bisect_right(label_starts, pos)
        return k > 0 and label_reach[k - 1] > pos

    num_re, cn_re = _patterns()
    for m in num_re.finditer(text):
        s, e = m.start("num"), m.end()
        ln = line_of(s)
        if ln in skip_lines or in_label(s):
            continue
        if ln in table_rows:
            continue  # table cells handled below
        if s > 0 and (text[s - 1].isdigit() or text[s - 1] == "."):
            continue
        unit = m.group("unit")
        pct = m.group("pct")
        mag = m.group("mag")
        approx = bool(m.group("approx1") or m.group("approx2"))
        if text[max(0, s - 1):s] in ("第", "〔", "[", "·", "№") or text[m.end("num"):m.end("num") + 1] in ("·", "〕", "]"):
            continue  # ordinals, document numbers, 12·4
        if _is_date_or_code(text, s, m.end("num")) and not (unit or pct):
            continue
        if _in_quotes(text, s) or _in_title(text, s):
            continue
        value = _num_value(m.group("num"))
        if pct:
            u = "%"
        elif unit:
            u = (mag or "") + unit
        elif mag:
            u = mag
            # `2.3万` with no unit
        else:
            u = None
        if u is None:
            # unitless numbers are claims only in list/measure contexts: 其中检查合格50不合格1, 数量为0
            before = text[max(0, s - 12):s]
            after = text[m.end("num"):m.end("num") + 1]
            if m.group("sp") or (after and recache.match(r"[\d.]", after)):
                continue
            if recache.search(r"[\u4e00-\u9fff]$", before) and (not after or recache.match(r"[\u4e00-\u9fff,。;、)]", after)):
                if recache.search(r"为$", before) or _QIZHONG.search(text[max(0, s - 30):s]) or recache.search(r"(合格|不合格|新增|减少|增加)$", before):
                    e = m.end("num")
                    c = Claim(s, e, text[s:e], value, None, approx, line=ln)
                    c.inferred_unit = True
                    c.own_measure = bool(recache.match(r"[\u4e00-\u9fff](?:[、,，。;；)）]|$)", text[e:e + 2]))
                    claims.append(c)
                continue
            continue
        e = m.end()
        if recache.match(r"^(以上|左右)", text[e:e + 2]):
            approx = True
        if _APPROX_BEFORE.search(text[max(0, s - 4):s]):
            approx = True
        c = Claim(s, e, text[s:e], value, u, approx, line=ln)
        for i in range(s, e):
            taken[i] = True
        claims.append(c)

    for m in cn_re.finditer(text):
        s, e = m.start(), m.end()
        if taken[s] or line_of(s) in skip_lines or in_label(s):
            continue
        unit = m.group("unit")
        num = m.group("num")
        if m.group("pre"):
            unit = "%"
        if not unit:
            continue
        if num in ("一", "两", "二") and not m.group("pre"):
            continue
        if num in ("万", "千", "百") and not (m.group("pre") or m.group("approx")):
            continue  # 百余场 is a figure, 百年 is not
        if num == "十" and not m.group("approx"):
            continue
        if not recache.search(r"[二两三四五六七八九十百千万]", num) and not m.group("pre"):
            continue
        ctx = text[max(0, s - 3):e + 3]
        if any(w in ctx for w in _CN_SKIP_WORDS):
            continue
        if text[max(0, s - 1):s] in ("第", "星", "周", "初", "十", "届") or _CN_SKIP_AFTER.match(text[e:e + 2]):
            continue
        if _in_quotes(text, s) or _in_title(text, s):
            continue
        if recache.search(r"[\u4e00-\u9fff]$", text[max(0, s - 1):s]) and text[max(0, s - 1):s] in "一二三四五六七八九十":
            continue
        mag = ""
        if len(num) > 1 and num[-1] in "万亿" and unit != "%":
            num, mag = num[:-1], num[-1]  # 一万多人: 1 with unit 万人, as written
        value = _num_value(num)
        if value is None:
            continue
        approx = bool(m.group("approx"))
        claims.append(Claim(s, e, text[s:e], value, mag + unit, approx, line=line_of(s)))

    # table cells
    for ln, (tno, rno, cells, header_units) in table_rows.items():
        if ln in skip_lines:
            continue
        for cno, (cs, ce, ctext) in enumerate(cells):
            t = ctext.strip()
            mm = recache.fullmatch(r"(-?\d+(?:\.\d+)?)\s*(%|" + unit_pattern() + r")?", t)
            if not mm:
                # a number followed by its unit inside a longer cell
                continue
            off = cs + ctext.find(t)
            unit = mm.group(2) or (header_units[cno] if cno < len(header_units) else None)
            c = Claim(off, off + len(t), t, float(mm.group(1)), unit, False, in_table=True, line=ln,
                      row=rno, col=cno, table=tno)
            claims.append(c)
    claims.sort(key=lambda c: c.nstart)
    # 【待核实：原文2024年数值为30次】 (a draft from last year's report) quotes last year's figure for
    # someone to check: it is no claim of this report (RN304 reports the marker itself)
    marked = [(m.start(), m.end()) for m in _TO_VERIFY.finditer(text)]
    if marked:
        claims = [c for c in claims if not any(a <= c.nstart < b for a, b in marked)]
    # a run of 16+ digits (an ID, a pasted serial, a hostile 400-digit number) is not a figure;
    # keeping it would turn sums into inf/NaN
    return [c for c in claims if c.value is None or abs(c.value) < MAX_FIGURE]


MAX_FIGURE = 1e15
_TO_VERIFY = recache.compile(r"【\s*待(?:核实|核对|确认|填写|补充)[^】\n]*】")


def parse_tables(lines: list[str], line_starts: list[int], skip: set[int]) -> tuple[dict[int, tuple], list[list[int]]]:
    """Pipe tables (`a | b | c`, one row a line). Returns line -> (table, row, cells, header_units) and tables' lines."""
    rows: dict[int, tuple] = {}
    tables: list[list[int]] = []
    cur: list[int] = []
    for i, s in enumerate(lines, start=1):
        if i not in skip and s.count("|") >= 1 and len([c for c in s.split("|") if c.strip()]) >= 2:
            cur.append(i)
        else:
            if cur:
                tables.append(cur)
            cur = []
    if cur:
        tables.append(cur)
    for tno, tl in enumerate(tables):
        header_units: list[str | None] = []
        for rno, ln in enumerate(tl):
            s = lines[ln - 1]
            base = line_starts[ln - 1]
            cells = []
            pos = 0
            for part in s.split("|"):
                cells.append((base + pos, base + pos + len(part), part))
                pos += len(part) + 1
            if rno == 0:
                for _cs, _ce, ctext in cells:
                    um = recache.search(r"[(（]\s*(" + unit_pattern() + r"|%)\s*[)）]\s*$", ctext.strip())
                    header_units.append(um.group(1) if um else None)
            rows[ln] = (tno, rno, cells, header_units)
    return rows, tables
