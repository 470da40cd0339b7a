"""Relations between claims: total and parts, subsets, ratios, rectified ≤ found, table totals.

Step contract: needs claims (with units) and the normalised text; adds `Check` objects, the
consistent ones too. The rules in check/rules turn inconsistent checks into findings.
"""
from __future__ import annotations

import itertools
import re

from ..model import Check

_TOTAL_MARK = re.compile(r"(?:共计|合计|累计|总计|总共|共有|共|先后|总数|全年|总量|达到|达)[^,;。\d]{0,16}$")
_NEST_MARK = re.compile(r"(?:共计|合计|总计|共)\s*$")
_SUBSET_WORDS = re.compile(r"新增|新招|新聘|新任|新入|党员|女性|女教师|男|具有|取得|获得|已|占|达到|以上|通过|参加|持有|兼职|专职|在内")
_PARTITION_HINT = re.compile(r"其他|其余|另有|剩余|不合格|未|余下")
MONEY = {"元", "万元", "亿元"}
PEOPLE = {"人", "名", "位", "人次", "万人", "万人次"}


def _family(u: str | None) -> str:
    if u is None:
        return "none"
    if u in MONEY:
        return "money"
    if u == "%":
        return "pct"
    return "count"


def _to_base(value: float, unit: str | None) -> float:
    if unit in ("万元", "万人", "万人次", "万件", "万份", "万册", "万条", "万次", "万"):
        return value * 10000
    if unit == "亿元":
        return value * 1e8
    return value


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v - round(v)) > 1e-9 else str(int(round(v)))


def _decimals(c) -> int:
    m = re.search(r"\.(\d+)", c.text)
    return len(m.group(1)) if m else 0


def _sum_verdict(total, parts) -> tuple[str, float]:
    s = sum(_to_base(p.value, p.unit or total.unit) for p in parts)
    t = _to_base(total.value, total.unit)
    diff = s - t
    if abs(diff) < 1e-6:
        return "consistent", diff
    # money rounded to the last written digit (0.01万元): one unit of the last decimal per part at most
    dec = max([_decimals(total)] + [_decimals(p) for p in parts])
    if total.unit in MONEY and dec > 0:
        step = _to_base(10 ** -dec, total.unit)
        if abs(diff) <= step + 1e-6:  # one unit of the last written decimal
            return "rounding", diff
    return "inconsistent", diff


def _sentences(text: str, start: int, end: int):
    """Sentence boundaries (。!? and line ends) within [start, end)."""
    out = []
    s = start
    for m in re.finditer(r"[。!?\n]", text[start:end]):
        e = start + m.end()
        out.append((s, e))
        s = e
    if s < end:
        out.append((s, end))
    return out


def _sum_check(total, parts, marker, text, kind_hint=None) -> Check:
    verdict, diff = _sum_verdict(total, parts)
    return Check(
        kind="sum", verdict=verdict, nstart=total.nstart, nend=parts[-1].nend,
        data={"total": total.value, "parts": [p.value for p in parts], "sum_of_parts": round(total.value + diff / (_to_base(1, total.unit)), 6),
              "unit": total.unit, "marker": marker, "total_claim": total, "part_claims": parts,
              "difference": diff},
    )


def _is_subset_list(total, parts, text) -> bool:
    ctx = "".join(text[max(0, p.nstart - 8):p.nstart] for p in parts)
    if len(parts) == 1:
        return True
    if _SUBSET_WORDS.search(ctx) and not _PARTITION_HINT.search(ctx):
        return True
    return False


def _collect_qizhong(rep, claims, text) -> list[Check]:
    checks: list[Check] = []
    used_as_total: set[int] = set()
    for m in re.finditer(r"其中|分别为|包括", text):
        mpos = m.start()
        line_end = text.find("\n", mpos)
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, mpos) + 1
        # totals: claims in the clause before the marker (same sentence, or the previous one if the marker opens a sentence)
        sent_start = max(text.rfind("。", line_start, mpos), text.rfind(";", line_start, mpos), line_start - 1) + 1
        opens = not text[sent_start:mpos].strip(" ,")
        if opens:
            prev_end = sent_start - 1
            prev_start = max(text.rfind("。", line_start, prev_end), line_start - 1) + 1
            zone = (prev_start, prev_end)
        else:
            zone = (sent_start, mpos)
        tot_cands = [c for c in claims if zone[0] <= c.nstart < zone[1] and c.unit not in (None, "%") and not c.in_table]
        if not tot_cands:
            continue
        if m.group(0) == "分别为" and not _TOTAL_MARK.search(text[max(line_start, tot_cands[-1].nstart - 20):tot_cands[-1].nstart]):
            continue
        # several totals with different units (人次 and 万元) share one 其中 list
        totals = []
        seen_units = set()
        for c in reversed(tot_cands):
            if c.unit in seen_units:
                break
            totals.append(c)
            seen_units.add(c.unit)
            if len(totals) == 1 and not opens:
                break
        totals.reverse()
        if len(totals) > 1 and len({_family(t.unit) for t in totals}) == 1 and len(totals) != len({t.unit for t in totals}):
            totals = totals[-1:]
        if any(id(t) in used_as_total for t in totals):
            continue
        # parts: claims after the marker until the list is complete or the paragraph ends
        after = [c for c in claims if mpos < c.nstart < line_end and not c.in_table][:MAX_LIST_PARTS]
        groups: dict[int, list] = {id(t): [] for t in totals}
        nested_checks: list[Check] = []
        clause_buf: list = []
        last_end = mpos
        for c in after:
            gap = text[last_end:c.nstart]
            if re.search(r"[。]", gap) and len(totals) == 1:
                # the list ends at the sentence end unless the marker opened this sentence list (multi-total)
                break
            if re.search(r"[;。]", gap):
                clause_buf = []
                # stop when every total is complete
                if all(_complete(t, groups[id(t)]) for t in totals):
                    break
            gap_text = text[last_end:c.nstart]
            if c.unit == "%":
                last_end = c.nend
                continue
            if re.search(r"[;]", gap) and len(totals) == 1 and groups[id(totals[0])]:
                # a new clause continues the list only with parts of the same kind
                prev_units = {p.unit for p in groups[id(totals[0])]}
                if c.unit not in prev_units and c.unit != totals[0].unit:
                    break
            if len(totals) == 1 and abs(c.value - totals[0].value) < 1e-9 and re.search(r"共计|合计|总计|共", gap_text) \
                    and groups[id(totals[0])]:
                break  # the total restated (`……共计1019件`)
            if re.search(r"共计|合计|累计|总计|[,;、]\s*共", gap_text):
                if clause_buf and abs(sum(p.value for p in clause_buf) - c.value) < 1e-6:
                    # a nested total over the parts of this clause
                    if len(clause_buf) >= 2:
                        nested_checks.append(_sum_check(c, list(clause_buf), "nested", text))
                    tgt = groups[id(_target(totals, c) or totals[0])]
                    for p in clause_buf:
                        if p in tgt:
                            tgt.remove(p)
                    tgt.append(c)
                    clause_buf = []
                    last_end = c.nend
                    continue
                if len(totals) == 1:
                    break  # a new total starts: `,共发现问题41个`
            t = _target(totals, c)
            if t is None:
                break
            if c.inferred_unit and c.unit is None:
                c.unit = t.unit
            groups[id(t)].append(c)
            clause_buf.append(c)
            last_end = c.nend
            if len(totals) == 1 and _complete(t, groups[id(t)]):
                nxt = text[c.nend:c.nend + 3]
                if re.match(r"\s*[;。]", nxt) or re.match(r"\s*$", text[c.nend:line_end]):
                    break
        for t in totals:
            parts = groups[id(t)]
            if not parts:
                continue
            used_as_total.add(id(t))
            checks.extend(nested_checks)
            nested_checks = []
            chk = classify_list(t, parts, text, "其中" if m.group(0) != "分别为" else "分别为")
            if chk is not None:
                checks.append(chk)
    return checks


UNIT_CLASSES = [
    {"人", "名", "位", "人次", "万人", "万人次", "人员"},
    {"件", "项", "宗", "起", "个", "条", "份", "篇", "本", "部", "套", "件次"},
    {"所", "家", "个", "户", "处", "间", "座"},
    {"次", "场", "场次", "期", "轮", "批", "批次", "家次", "户次", "人天", "期次"},
    {"元", "万元", "亿元"},
]


def same_class(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return any(a in c and b in c for c in UNIT_CLASSES)


def _subset_check(t, parts) -> Check:
    # a subset: every part is within the whole (categories may overlap)
    holds = all(_to_base(p.value, p.unit or t.unit) <= _to_base(t.value, t.unit) + 1e-6 for p in parts)
    return Check(kind="subset", verdict="consistent" if holds else "inconsistent", nstart=t.nstart, nend=parts[-1].nend,
                 data={"total": t.value, "parts": [p.value for p in parts], "unit": t.unit,
                       "total_claim": t, "part_claims": parts})


def classify_list(t, parts, text, marker) -> Check | None:
    """A 其中 list: a partition (sum check), a subset (parts within the whole), or nothing to check."""
    tot = _to_base(t.value, t.unit)
    s = sum(_to_base(p.value, p.unit or t.unit) for p in parts)
    ratio = s / tot if tot else float("inf")
    ctx = "".join(text[max(0, p.nstart - 8):p.nstart] for p in parts)
    compatible = all(same_class(p.unit, t.unit) for p in parts)
    if not compatible:
        # parts counted in another kind of unit (检查122次，其中抽查7家……): a partition only when the
        # figures nearly add up; otherwise nothing can be said
        if len(parts) >= 2 and abs(ratio - 1) <= 0.15:
            return _sum_check(t, parts, marker, text)
        return None
    if len(parts) == 1:
        return _subset_check(t, parts)
    if _is_subset_list(t, parts, text) and abs(ratio - 1) > 1e-9:
        return _subset_check(t, parts)
    if ratio < 1 - 1e-9 and ratio < 0.85 and not _PARTITION_HINT.search(ctx):
        return _subset_check(t, parts)
    if ratio > 1.15 and not _PARTITION_HINT.search(ctx):
        return _subset_check(t, parts)  # far more than the whole: overlapping categories, not a typo
    return _sum_check(t, parts, marker, text)


def _target(totals, c):
    if len(totals) == 1:
        t = totals[0]
        if _family(t.unit) == "money" and _family(c.unit) not in ("money", "none"):
            return None
        if _family(t.unit) == "count" and _family(c.unit) == "money":
            return None
        return t
    for t in totals:
        if c.unit == t.unit:
            return t
    for t in totals:
        if _family(c.unit) == _family(t.unit) and (c.unit in PEOPLE) == (t.unit in PEOPLE):
            return t
    return None


MAX_LIST_PARTS = 60  # a list is checked on its first 60 parts; a restatement is looked for
# among the next 60 figures (real lists are far shorter; keeps hostile texts linear)


def _complete(t, parts) -> bool:
    if not parts:
        return False
    s = sum(_to_base(p.value, p.unit or t.unit) for p in parts)
    return abs(s - _to_base(t.value, t.unit)) < 1e-6 or (t.unit in MONEY and abs(s - _to_base(t.value, t.unit)) <= _to_base(0.011, t.unit))


def _implicit_lists(claims, text, covered: set[int]) -> list[Check]:
    """`保留事项515项,行政许可事项218项,公共服务等其他事项297项`: parts follow, the last is 其他."""
    checks = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or id(c) in covered:
            continue
        s_end = min([x for x in (text.find("。", c.nend), text.find("\n", c.nend)) if x >= 0] or [len(text)])
        seq = []
        for d in itertools.islice(claims, i + 1, None):  # claims are in text order
            if d.nstart >= s_end or len(seq) >= MAX_LIST_PARTS:
                break
            if not d.in_table:
                seq.append(d)
        parts = []
        for d in seq:
            if d.unit != c.unit or id(d) in covered:
                break
            parts.append(d)
            gap = text[parts[-2].nend if len(parts) > 1 else c.nend: d.nstart]
            if re.search(r"其他|其余", gap):
                break
        if len(parts) >= 2:
            gap = text[parts[-2].nend:parts[-1].nstart]
            ratio = sum(_to_base(p.value, p.unit) for p in parts) / max(_to_base(c.value, c.unit), 1e-9)
            # without a marker the first figure is a total only if the rest nearly add up to it
            if re.search(r"等?其他|其余", gap) and not re.search(r"[;]", text[c.nend:parts[-1].nstart]) \
                    and abs(ratio - 1) <= 0.15:
                checks.append(_sum_check(c, parts, "implicit", text))
                covered.update(id(p) for p in parts)
                covered.add(id(c))
    return checks


def _table_totals(rep, claims) -> list[Check]:
    checks = []
    by_table: dict[int, list] = {}
    for ln, (tno, rno, cells, _hu) in rep.tables.items():
        by_table.setdefault(tno, []).append((rno, ln, cells))
    cl_at = {(c.table, c.row, c.col): c for c in claims if c.in_table}
    for tno, rows in by_table.items():
        rows.sort()
        for rno, ln, cells in rows:
            first = cells[0][2].strip() if cells else ""
            if not re.match(r"^(合计|总计|小计|总数|共计)", first):
                continue
            # the rows above, up to the header (or the previous subtotal)
            body = []
            for r2, _l2, c2 in reversed([r for r in rows if r[0] < rno]):
                f2 = c2[0][2].strip() if c2 else ""
                if re.match(r"^(合计|总计|小计)", f2):
                    break
                body.append(r2)
            for col in range(1, len(cells)):
                tot = cl_at.get((tno, rno, col))
                if tot is None:
                    continue
                parts = [cl_at[(tno, r2, col)] for r2 in sorted(body) if (tno, r2, col) in cl_at]
                if len(parts) < 2:
                    continue
                chk = _sum_check(tot, parts, "table 合计", rep.norm.text)
                chk.data["in_table"] = True
                checks.append(chk)
    return checks


def _ratios(claims, text) -> list[Check]:
    checks = []
    for i, c in enumerate(claims):
        if c.unit != "%" or c.in_table:
            continue
        ls = max(text.rfind("。", 0, c.nstart), text.rfind("\n", 0, c.nstart)) + 1
        prev_s = max(text.rfind("。", 0, max(ls - 1, 0)), text.rfind("\n", 0, max(ls - 1, 0))) + 1
        window = [d for d in claims[:i] if prev_s <= d.nstart and d.unit not in (None, "%") and not d.in_table]
        label = text[max(ls, c.nstart - 8):c.nstart]
        if not re.search(r"率", label) or re.search(r"增长|提高|下降|同比|环比|降低|提升", label):
            continue
        if c.value > 100 or c.value < 0:
            checks.append(Check("ratio", "inconsistent", c.nstart, c.nend,
                                {"stated": c.value, "numerator": None, "denominator": None, "computed": None,
                                 "reason": "range", "claim": c}))
            continue
        dec = _decimals(c)
        tol = 0.5 * 10 ** -dec
        pairs = []
        for a in range(len(window)):
            for b in range(a + 1, len(window)):
                den, num = window[a], window[b]
                if den.unit != num.unit and not ({den.unit, num.unit} <= PEOPLE or {den.unit, num.unit} <= {"件", "项", "宗", "起", "个"}):
                    continue
                if den.value <= 0 or num.value > den.value:
                    continue
                pairs.append((num, den))
        if not pairs:
            continue
        match = next(((n, d) for n, d in pairs if abs(100 * n.value / d.value - c.value) <= tol + 1e-9), None)
        if match:
            n, d = match
            checks.append(Check("ratio", "consistent", c.nstart, c.nend,
                                {"stated": c.value, "numerator": n.value, "denominator": d.value,
                                 "computed": round(100 * n.value / d.value, 3), "claim": c}))
        elif len(pairs) == 1 and re.search(r"(成功|办结|结案|整改|合格|通过|完成|调处|化解|受理|答复|回复)率", label):
            n, d = pairs[0]
            checks.append(Check("ratio", "inconsistent", c.nstart, c.nend,
                                {"stated": c.value, "numerator": n.value, "denominator": d.value,
                                 "computed": round(100 * n.value / d.value, 3), "claim": c}))
    return checks


_FOUND = re.compile(r"(?:发现|排查|查出|梳理)[^。;]{0,12}?(?:问题|隐患)[^。;\d]{0,6}$")
_FIXED = re.compile(r"(?:整改到位|已整改|整改完成|完成整改|整改|已办结|化解)[^。;\d]{0,6}$")


def _rectified(claims, text) -> list[Check]:
    checks = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%"):
            continue
        if not _FOUND.search(text[max(0, c.nstart - 24):c.nstart]):
            continue
        end = min([x for x in (text.find("。", c.nend), text.find("\n", c.nend)) if x >= 0] or [len(text)])
        for d in claims[i + 1:]:
            if d.nstart >= end:
                break
            if d.unit == c.unit and _FIXED.search(text[max(c.nend, d.nstart - 12):d.nstart]):
                checks.append(Check("rectified", "consistent" if d.value <= c.value else "inconsistent",
                                    c.nstart, d.nend, {"found": c.value, "rectified": d.value, "unit": c.unit,
                                                       "found_claim": c, "rectified_claim": d}))
                break
    return checks


_RESTATE = re.compile(r"(?:共计|合计|总计|累计|共)[^,;。\d]{0,4}$")


def _same_quantity(claims, text) -> list[Check]:
    """A figure restated later in its paragraph (`……1019次。……共计1019件`)."""
    checks = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or c.value is None or c.value < 10:
            continue
        end = text.find("\n", c.nend)
        end = len(text) if end < 0 else end
        for d in itertools.islice(claims, i + 1, i + 1 + MAX_LIST_PARTS):
            if d.nstart >= end:
                break
            if d.in_table or d.value != c.value or d.unit in (None, "%") or _family(d.unit) != _family(c.unit):
                continue
            if not _RESTATE.search(text[max(c.nend, d.nstart - 6):d.nstart]):
                continue
            checks.append(Check("same_quantity", "consistent", c.nstart, d.nend,
                                {"value": c.value, "units": [c.unit, d.unit], "first_claim": c, "second_claim": d,
                                 "unit_differs": c.unit != d.unit}))
            break
    return checks


_CN_COUNT = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)}
_LIST_END = re.compile(r"等\s*([0-9]+|[一二两三四五六七八九十]+)\s*(所|家|个|名|项|位)")
_NOUN_END = {"所": r"(?:学|校|园|中|小|院)$", "家": r"(?:园|校|机构|公司|中心|所|店|馆)$",
             "个": r"(?:镇|乡|村|社区|街道|部门|单位|科室|中心|站|组)$", "名": r"[\u4e00-\u9fff]$", "位": r"[\u4e00-\u9fff]$",
             "项": r"(?:事项|工程|项目|行动|制度|工作)$"}
_ANNOUNCE = re.compile(r"(?:以下|如下)\s*([0-9]+|[一二两三四五六七八九十]+)\s*(?:个)?(?:方面|项|点|条)")


def _cn_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    s = s.replace("两", "二")
    if s == "十":
        return 10
    if len(s) == 1:
        return _CN_COUNT.get(s)
    if s.startswith("十"):
        return 10 + _CN_COUNT.get(s[1], 0)
    if len(s) == 2 and s[1] == "十":
        return _CN_COUNT.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_COUNT.get(s[0], 0) * 10 + _CN_COUNT.get(s[2], 0)
    return None


def _announced(text, line_starts) -> list[Check]:
    """`……西新小学、龙泉一中等6所学校` and `重点做好以下五方面工作：` followed by items."""
    checks = []
    for m in _LIST_END.finditer(text):
        n, unit = _cn_int(m.group(1)), m.group(2)
        if not n or n < 2:
            continue
        ls = max(text.rfind(ch, 0, m.start()) for ch in "。;:\n") + 1
        items = [x.strip() for x in re.split(r"[,、，和及与]", text[ls:m.start()])]
        rx = re.compile(_NOUN_END[unit])
        count = 0
        for it in reversed(items):
            if 2 <= len(it) <= 16 and rx.search(it):
                count += 1
            else:
                break
        if count >= 2:
            checks.append(Check("announced_count", "consistent" if count == n else "inconsistent", m.start(), m.end(),
                                {"announced": n, "listed": count, "what": unit}))
    for m in _ANNOUNCE.finditer(text):
        n = _cn_int(m.group(1))
        if not n or n < 2:
            continue
        rest = text[m.end():m.end() + 4000]
        labels = None
        for rx in (r"(?m)^\s*\(([一二三四五六七八九十]+)\)", r"(?m)^\s*(\d{1,2})[.、](?!\d)", r"([一二三四五六七八九十]+)是"):
            found = [_cn_int(x) for x in re.findall(rx, rest)]
            seq = 0
            for v in found:
                if v == seq + 1:
                    seq = v
                elif seq and v == 1:
                    break
            if seq >= 2:
                labels = seq
                break
        if labels:
            checks.append(Check("announced_count", "consistent" if labels == n else "inconsistent", m.start(), m.end(),
                                {"announced": n, "listed": labels, "what": "方面"}))
    return checks


def find_relations(rep) -> list[Check]:
    text = rep.norm.text
    claims = rep.claims
    checks = _collect_qizhong(rep, claims, text)
    covered = set()
    for ch in checks:
        covered.add(id(ch.data.get("total_claim")))
        covered.update(id(p) for p in ch.data.get("part_claims", []))
    checks += _implicit_lists(claims, text, covered)
    checks += _table_totals(rep, claims)
    checks += _ratios(claims, text)
    checks += _rectified(claims, text)
    checks += _same_quantity(claims, text)
    checks += _announced(text, rep.norm.line_starts)
    checks.sort(key=lambda ch: (ch.nstart if ch.nstart is not None else -1))
    return checks
