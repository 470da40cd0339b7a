"""Matching the report's claims to the bureau's data rows (used by rules RN401–RN405).

Each data row is matched to the report in order of evidence: its own label (or the label's
head words) written in the report next to a figure of a fitting unit, or in a row or header of a
table of the report; the claims tagged with its catalogue metric; then, as weak evidence only,
the catalogue name nearest the label and report phrases like the label. Values are compared with units converted
(元/万元/亿元, 人次/万人次), approximate claims taken as ranges (40余 → 40–50, 近9000,
超过/以上, 约). A row that some claim matches is confirmed; otherwise the main claim (a total,
not a part of a list) is a mismatch; several candidates that all disagree are reported as an
ambiguous mapping, not guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import reportnlp.recache as recache
from ..extract.claims import Claim
from ..extract.metrics import units_of
from ..model import DataRow
from ..numbers import base_unit, same_class, to_base, units
from .figures import claim_range

# how a row was matched (shown by `data-labels` and in messages)
HOW_CATALOGUE, HOW_TEXT, HOW_TABLE, HOW_NEAR = "目录指标", "报告原文", "报告表格", "相近表述"


@dataclass
class Match:
    row: DataRow
    claims: list[Claim] = field(default_factory=list)  # candidates, strongest evidence first
    matched: Claim | None = None
    main: list[Claim] = field(default_factory=list)  # claims that should carry the figure
    how: str = ""  # HOW_* of the evidence, "" when nothing in the report answers the row
    phrase: str | None = None  # the report's words that led to the candidates
    strong: bool = False  # evidence firm enough to call a different figure a mismatch
    suggestion: str | None = None  # nearest catalogue name, for rows nothing answers


def _unit_ok(row, c) -> bool:
    """A claim can carry the row's figure: units of one kind (a row without a unit takes the
    catalogue's units, else any unit but %)."""
    if c.value is None:
        return False
    if row.unit == "%" or c.unit == "%":
        return row.unit == "%" and c.unit == "%"
    if row.unit and c.unit:
        return same_class(base_unit(c.unit), base_unit(row.unit)) or base_unit(c.unit) == base_unit(row.unit)
    if row.unit is None and row.metric and c.unit:

        units = units_of(row.metric)
        return not units or any(same_class(base_unit(c.unit), base_unit(u)) for u in units)
    return True


_CLAUSE_END = recache.compile(r"[。；;！？!?\n]")
_JOINT = recache.compile(r"和|及|与|、")
_CHANGE = recache.compile(r"增加|减少|增长|下降|提高|降低|同比|环比|较上年|比上年|较去年")


class _Index:
    """Claims of one report by position, and its table cells by line."""

    def __init__(self, rep):
        from bisect import bisect_left

        self.rep = rep
        self.text = rep.norm.text
        self.claims = [c for c in rep.claims if rep.part_at(c.nstart) != "next_year"]
        self.starts = [c.nstart for c in self.claims]
        self.bisect = bisect_left
        self.by_line: dict[int, list] = {}
        for c in self.claims:
            if c.in_table:
                self.by_line.setdefault(c.line, []).append(c)
        self.table_lines = {ln for tl in rep.table_lines for ln in tl}

    def after(self, row, s: int, e: int, strict: bool) -> tuple[list, bool]:
        """The first fitting figure after the words at s:e, within their clause (`开展X 12次`,
        `配备X，共聘任67人`), or a counted noun's figure just before them (`48所X`); and whether
        the words stand in a joint figure (`X和Y共66次`)."""
        out, before = [], []
        for c in self.claims[max(0, self.bisect(self.starts, s) - 2):]:
            if c.in_table:
                continue
            if c.nend == s and c.unit in units().noun_units and _unit_ok(row, c):
                before.append(c)
                continue
            if c.nstart < e:
                continue
            gap = self.text[e:c.nstart]
            if c.nstart - e > 18 or _CLAUSE_END.search(gap):
                break
            if strict and recache.search(r"[，,]", gap):
                break
            if _JOINT.search(gap):
                return [], True  # `专项检查和日常巡查共66次`: a joint figure, not this label's own
            if _CHANGE.search(gap):
                break  # `行政检查较上年增加12次`: a change, not the year's figure
            if _unit_ok(row, c):
                out.append(c)
                break
        return out or before, False


def _norm(s: str) -> str:
    return recache.sub(r"[\s“”\"'（）()：:]", "", s)


def _table_candidates(ix: _Index, row, forms) -> tuple[list, str | None]:
    """Cells of the report's tables for the row: a column whose header is the label, or the cells
    of a table row whose row label and column header together say the label (`食品安全` ×
    `案件数（件）` for `食品安全案件`); the report year's column when the header has years."""
    from ..extract.labels import clean, coverage, similarity
    from ..extract.metrics import resolve_metric

    rep = ix.rep
    label = _norm(clean(row.label))
    year = str(rep.meta.year) if rep.meta and rep.meta.year else None
    best: list[Claim] = []
    best_sc, phrase = 0.0, None
    for tl in rep.table_lines:
        header = rep.tables[tl[0]][2]
        heads = [_norm(_BR.sub("", t)) for _a, _b, t in header]
        year_col = next((k for k, (_a, _b, t) in enumerate(header) if year and year in t), None)
        for k, h in enumerate(heads):  # a header naming the label: the figures of its column
            if h and (h == label or similarity(h, label) >= 0.8):
                col = [c for ln2 in tl[1:] for c in ix.by_line.get(ln2, []) if c.col == k and _unit_ok(row, c)]
                if col and best_sc < 1.0:
                    best, best_sc, phrase = col, 1.0, header[k][2].strip()
        for ln in tl[1:]:
            cells = rep.tables[ln][2]
            name_k, name = next(((k, _norm(_BR.sub("", t))) for k, (_a, _b, t) in enumerate(cells)
                                 if _norm(t) and not recache.fullmatch(r"[\d.,%-]+\S{0,3}", _norm(t))), (None, ""))
            same_metric = bool(row.metric) and resolve_metric(name) == row.metric
            if not name or (coverage(name, label) < 0.6 and not same_metric):
                continue
            # figures stand right of the row's name (a 序号 column left of it is not one)
            cands = [c for c in ix.by_line.get(ln, []) if c.col is not None and c.col > name_k and _unit_ok(row, c)]
            if year_col is not None and any(c.col == year_col for c in cands):
                cands = [c for c in cands if c.col == year_col]
            for c in cands:
                h = heads[c.col] if c.col is not None and c.col < len(heads) and not (year and year in heads[c.col]) else ""
                sc = max(coverage(label, name + h), 1.0 if name == label else 0.0, 0.8 if same_metric else 0.0)
                if sc >= 0.6 and sc > best_sc + 1e-9:
                    best, best_sc, phrase = [c], sc, cells[name_k][2].strip() + (f" × {header[c.col][2].strip()}" if h else "")
                elif sc >= 0.6 and abs(sc - best_sc) < 1e-9 and c not in best:
                    best.append(c)
    return best, phrase


_BR = recache.compile(r"[(（][^()（）]*[)）]")


def _all_text_candidates(ix: _Index, row, forms) -> list:
    """Every figure next to any firm form of the label (cover ≥ 0.5): a row whose value stands at
    one of them is confirmed, whichever form came first."""
    out = []
    for form, cover in forms:
        if cover < 0.5:
            continue
        for c in _text_candidates(ix, row, [(form, cover)])[0]:
            if c not in out:
                out.append(c)
    return out


def _text_candidates(ix: _Index, row, forms) -> tuple[list, str | None, float, bool]:
    """Figures next to the first form of the label the report writes; and whether the label's
    own words were seen only inside joint figures."""
    text = ix.text
    joint = False
    for form, cover in forms:
        cands = []
        for m in recache.finditer(re.escape(form), text):
            ln = text.count("\n", 0, m.start()) + 1
            if ln in ix.table_lines or ix.rep.part_at(m.start()) == "next_year":
                continue
            found, j = ix.after(row, m.start(), m.end(), strict=row.unit is None and row.metric is None)
            joint = joint or (j and cover >= 0.99)
            for c in found:
                if c not in cands:
                    cands.append(c)
        if cands:
            return cands, form, cover, joint
    return [], None, 0.0, joint


def _word_candidates(ix: _Index, row) -> tuple[list, str | None]:
    """Claims whose own clause holds every word of the label, in any order (`追发农民工工资` in
    `为农民工追发工资1268.5万元`)."""
    from ..extract.labels import stem, words

    ws = [w for w in words(stem(row.label))]
    if sum(1 for w in ws if len(w) >= 2) < 2:
        return [], None
    out, phrase = [], None
    for c in ix.claims:
        if c.in_table or not _unit_ok(row, c):
            continue
        before = recache.split(r"[。；;，,\n]", ix.text[max(0, c.nstart - 24):c.nstart])[-1]
        last = max((before.rfind(w) + len(w) for w in ws), default=0)
        if all(w in before for w in ws) and not _JOINT.search(before[last:]) and not _CHANGE.search(before[last:]):
            out.append(c)
            phrase = before
    return out, phrase


def _near_candidates(ix: _Index, row) -> tuple[list, str | None]:
    """Weak evidence: claims whose own words before them are like the label."""
    from ..extract.labels import coverage, stem

    s = stem(row.label)
    best: list[Claim] = []
    best_sc, phrase = 0.0, None
    for c in ix.claims:
        if c.in_table or not _unit_ok(row, c):
            continue
        before = ix.text[max(0, c.nstart - 24):c.nstart]
        before = recache.split(r"[。；;，,、\n]", before)[-1]
        sc = coverage(s, before)
        if sc >= 0.6 and sc >= best_sc:
            if sc > best_sc:
                best = []
            best.append(c)
            best_sc, phrase = sc, before
    return best, phrase


def match_rows(rep) -> list[Match]:
    from ..extract.labels import nearest_catalogue, search_forms

    text = rep.norm.text
    part_ids = set()
    for ch in rep.checks:
        for p in ch.claim_refs().get("part_claims", []) or []:
            part_ids.add(id(p))
    ix = _Index(rep)
    out = []
    for row in rep.data_rows or []:
        m = Match(row)
        forms = search_forms(row.label)
        cat = [c for c in ix.claims if row.metric and c.metric == row.metric and _unit_ok(row, c)]
        tab, tab_phrase = _table_candidates(ix, row, forms)
        lab, form, cover, joint = _text_candidates(ix, row, forms)
        pool: list = []
        wrd, wrd_phrase = ([], None) if lab and (cover >= 0.5 or row.metric) else _word_candidates(ix, row)
        if lab and (cover >= 0.5 or row.metric):
            m.how, m.phrase, m.strong, pool = HOW_TEXT, form, True, lab
        elif wrd:
            m.how, m.phrase, m.strong, pool = HOW_TEXT, wrd_phrase, True, wrd
        elif tab:
            m.how, m.phrase, m.strong, pool = HOW_TABLE, tab_phrase, True, tab
        elif cat:  # the label itself only in a joint figure: its metric's figures are not firm evidence
            m.how, m.strong, pool = HOW_CATALOGUE, not joint, cat
        elif lab:
            m.how, m.phrase, pool = HOW_NEAR, form, lab
        m.claims = list(pool)
        for c in lab + wrd + tab + cat + (_all_text_candidates(ix, row, forms) if m.strong else []):
            if c not in m.claims:
                m.claims.append(c)
        if not m.claims:
            near = nearest_catalogue(row.label)
            if near and near[2] >= 0.5 and not row.metric:
                m.claims = [c for c in ix.claims if c.metric == near[1] and _unit_ok(row, c)]
                if m.claims:
                    m.how, m.phrase = HOW_NEAR, near[0]
            if not m.claims:
                m.claims, m.phrase = _near_candidates(ix, row)
                if m.claims:
                    m.how = HOW_NEAR
        target = to_base(row.value, row.unit)
        for c in m.claims:
            lo, hi = claim_range(c, text)
            if lo - 1e-6 <= target <= hi + 1e-6:
                m.matched = c
                break
        if m.matched is None and m.strong:
            totals = [c for c in pool if id(c) not in part_ids]
            m.main = totals or pool[:1]
            if len({round(to_base(c.value, c.unit), 6) for c in m.main if c.value is not None}) == 1:
                m.main = m.main[:1]  # the same figure stated twice is one disagreement
        if m.matched is None and not m.strong and row.metric is None:
            near = nearest_catalogue(row.label)
            if near and near[2] >= 0.3:
                m.suggestion = near[0]
        out.append(m)
    return out


@dataclass
class DataScope:
    """What a data file holds when none of it is for the report's org and year."""
    orgs: list
    years: list
    org: str | None
    year: int | None


def _norm_org(s):
    return recache.sub(r"\s+", "", s or "")


def select_rows(rows, org: str | None, year: int | None):
    """Rows for the report's org and year (a file may hold many bureaus and years)."""
    if any(r.org for r in rows) and org:
        o = _norm_org(org)
        same = [r for r in rows if r.org and (_norm_org(r.org) == o or _norm_org(r.org).endswith(o) or o.endswith(_norm_org(r.org)))]
        rows = same
    if any(r.year for r in rows) and year:
        rows = [r for r in rows if r.year in (None, year)]
    return rows


def guess_org(rows, text: str) -> str | None:
    """The report's org when its title does not say: the data's org named most often in the text."""
    counts = {o: text.count(_norm_org(o)) for o in {r.org for r in rows if r.org}}
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])), default=(None, 0))
    return best[0] if best[1] else None


def data_scope(rows) -> DataScope:
    return DataScope(sorted({r.org for r in rows if r.org}), sorted({r.year for r in rows if r.year}), None, None)


@dataclass
class LabelInfo:
    """How one data row's label was understood (shown by `reportnlp data-labels`)."""
    pos: str
    label: str
    value: str
    metric: str | None  # catalogue id
    how: str  # 目录 | 别名 | "" (the bureau's own words)
    suggestion: str | None  # nearest catalogue name for a label the catalogue does not know
    group: str  # where `draft` writes it
    part_of: str | None  # the total it is a part of
    matched_how: str = ""  # HOW_* against a report, "" when no report or nothing found
    phrase: str | None = None
    report_text: str | None = None  # the report's figure
    verdict: str = ""  # 一致 | 不一致 | 不确定 | 未找到


def label_infos(rows, rep=None) -> list[LabelInfo]:
    from ..extract.labels import group_of, nearest_catalogue, parts_of
    from ..numbers import fmt

    rows = list(rows)
    part_of = {id(p): rows[t].label for t, ps in parts_of(rows).items() for p in ps}
    matches = {}
    if rep is not None:
        rep.data_rows = rows
        matches = {id(m.row): m for m in match_rows(rep)}
    out = []
    for r in rows:
        near = None if r.metric else nearest_catalogue(r.label)
        g = group_of(r.label, r.metric)
        info = LabelInfo(r.pos or r.where, r.label, f"{fmt(r.value)}{r.unit or ''}", r.metric, r.how,
                         near[0] if near and near[2] >= 0.3 else None, g.group if g else "other_work", part_of.get(id(r)))
        m = matches.get(id(r))
        if m is not None:
            info.matched_how, info.phrase = m.how, m.phrase
            if m.matched is not None:
                info.report_text, info.verdict = m.matched.text, "一致"
            elif m.main and m.strong:
                info.report_text = "、".join(c.text for c in m.main[:3])
                info.verdict = "不一致" if len(m.main) == 1 else "不确定"
            elif m.claims:
                info.report_text, info.verdict = "、".join(c.text for c in m.claims[:3]), "不确定"
            else:
                info.verdict = "未找到"
        out.append(info)
    return out
