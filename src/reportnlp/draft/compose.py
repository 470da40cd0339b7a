"""Compose a draft report from data rows: parts, paragraphs, and the data cell behind each number."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from jinja2 import Environment

from ..extract.metrics import catalogue
from . import formulations as F

PART_TITLES = {
    "measures": "{year}年度推进法治政府建设的主要举措和成效",
    "shortcomings": "{year}年度推进法治政府建设存在的不足和原因",
    "first_responsible": "{year}年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    "next_year": "{next}年推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}
CN_NUM = "一二三四五六七八九十"


@dataclass
class Para:
    text: str
    kind: str = "body"  # title | salutation | h1 | h2 | body | signature
    part: str | None = None


@dataclass
class Draft:
    org: str
    year: int
    paras: list[Para] = field(default_factory=list)
    trace: list[dict] = field(default_factory=list)  # number text -> data cell
    rows: list[dict] = field(default_factory=list)  # every data row: the number written, or why not
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(p.text for p in self.paras) + "\n"


@lru_cache(maxsize=1)
def templates() -> dict:
    with resources.files("reportnlp.draft").joinpath("templates.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def fmt_value(value: float, unit: str | None) -> tuple[str, str]:
    """Number as reports write it: 万元 with two decimals for money, integers without decimals."""
    u = unit or ""
    if u == "元" and abs(value) >= 10000:
        return f"{value / 10000:.2f}", "万元"
    if u in ("万元", "亿元"):
        return f"{value:.2f}", u
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value))), u
    return f"{value:g}", u


class _Values(dict):
    """metric -> formatted figure; missing metrics render as '' (sentences are skipped)."""

    def __missing__(self, key):
        return ""


def _area(org: str) -> str:
    m = re.search(r"(县|区|市|旗)[^县区市旗]{0,8}(?:局|委|委员会|政府)$", org or "")
    return "全" + (m.group(1) if m else "县")


def _superiors(org: str) -> str:
    lvl = _area(org)[1]
    return f"{lvl}委、{lvl}政府："


def leadership(org: str) -> dict:
    """The org's leading party body, its meetings and how it names itself (templates.yaml `leadership`)."""
    name = re.sub(r"\s+", "", org or "")
    return next(e for e in templates()["leadership"] if any(name.endswith(x) for x in e["ends"]))


def _figure(r) -> str:
    num, unit = fmt_value(r.value, r.unit)
    return num + unit


def values_for(rows) -> tuple[_Values, dict, list[dict]]:
    """metric -> figure of the first row of each catalogue metric (rows that are parts of another
    row excluded), with the data cell behind each."""
    from ..extract.labels import parts_of

    rows = list(rows)
    skip = {id(p) for ps in parts_of(rows).values() for p in ps}
    v, by_metric, trace = _Values(), {}, []
    for r in rows:
        if not r.metric or r.metric in by_metric or id(r) in skip:
            continue
        num, unit = fmt_value(r.value, r.unit)
        v[r.metric] = num + unit
        by_metric[r.metric] = r
        trace.append({"text": num + unit, "metric": r.metric, "label": r.label, "value": r.value,
                      "unit": r.unit, "cell": r.where})
    return v, by_metric, trace


def _parts(v: _Values) -> dict:
    """其中 lists built only from data cells: here single sub-figures (a subset of the total)."""
    parts = {}
    if v["licensing"] and v["teacher_certification"]:
        parts["licensing"] = f"教师资格认定{v['teacher_certification']}"
    if v["inspections"] and v["inspections_random"]:
        parts["inspections"] = f"“双随机、一公开”抽查{v['inspections_random']}"
    return parts


_MARK = re.compile("\x01(\\d+)\x02(.*?)\x03", re.S)
def _mark(i: int, text: str) -> str:
    return f"\x01{i}\x02{text}\x03"


def strip_marks(text: str) -> str:
    return _MARK.sub(lambda m: m.group(2), text)


class Plan:
    """Where each data row goes in the draft: a catalogue figure in a template sentence, a part in a
    其中 list under its total, or a plain sentence in the group its words point to. Figures carry
    invisible marks while rendering, so the trace knows which row each written number came from."""

    def __init__(self, rows):
        from ..extract.labels import clean, is_catalogue_name, parts_of

        self.rows = list(rows)
        self.part_of = {}  # total index -> part indexes
        pos = {id(r): i for i, r in enumerate(self.rows)}
        for t, ps in parts_of(self.rows).items():
            self.part_of[t] = [pos[id(p)] for p in ps]
        self.is_part = {i for ps in self.part_of.values() for i in ps}
        self.dup: dict[int, int] = {}
        seen: dict = {}
        for i, r in enumerate(self.rows):
            key = (clean(r.label), r.value, r.unit, r.org, r.year)
            if key in seen:
                self.dup[i] = seen[key]
            else:
                seen[key] = i
        self.v = _Values()
        self.metric_row: dict[str, int] = {}
        # a figure of 0 is never written as "0件": templates word it (未发生…), or the trace says why not
        self.zero_rows = {i for i, r in enumerate(self.rows) if r.value == 0 and r.unit != "%"}
        self.zero = {self.rows[i].metric for i in self.zero_rows if self.rows[i].metric}
        for i, r in enumerate(self.rows):
            if i in self.zero_rows:
                continue
            # a template sentence words the figure its own way: only rows named as the catalogue
            # (or by the user's alias) go there; other rows keep their own words in plain sentences
            if (r.metric and r.metric not in self.metric_row and i not in self.is_part and i not in self.dup
                    and (r.how == "别名" or is_catalogue_name(r.label, r.metric))):
                self.metric_row[r.metric] = i
                self.v[r.metric] = _mark(i, _figure(r))
        self.slots = set(re.findall(r"parts\.(\w+)", yaml.safe_dump(templates(), allow_unicode=True)))
        self.parts = _parts(self.v)
        for t, ps in self.part_of.items():
            m = self.rows[t].metric
            if m and self.metric_row.get(m) == t and m in self.slots:
                extra = "、".join(self._item(p) for p in ps)
                self.parts[m] = (f"{self.parts[m]}、{extra}" if self.parts.get(m) else extra) + self._rest(t, ps)

    def _item(self, i: int) -> str:
        """`label + figure` (`宪法晨读活动52场`); `label为figure` when the unit is not one reports
        put straight after a number (`案卷评查为120卷`) or there is none."""
        from ..numbers import units

        UNITS = units().units
        from ..extract.labels import clean, stem

        r = self.rows[i]
        fig = _mark(i, _figure(r))
        if not r.unit or (r.unit not in UNITS and r.unit != "%" and fmt_value(r.value, r.unit)[1] not in UNITS):
            return f"{clean(r.label)}为{fig}"
        s = stem(r.label)
        if len(r.unit) >= 2 and s.endswith(r.unit) and len(s) > len(r.unit) + 1:
            s = s[: -len(r.unit)]  # `培训人次` 300人次 → 培训300人次
        return f"{s}{fig}"

    def _rest(self, total: int, parts: list[int]) -> str:
        """`，其余为其他…` when the listed parts leave part of the total uncounted: the 其中 list then
        reads as the breakdown it is, not as a partition whose sum is wrong."""
        t = self.rows[total]
        ps = [self.rows[p] for p in parts]
        if len(ps) < 2 or any(p.unit != t.unit for p in ps) or sum(p.value for p in ps) >= t.value - 1e-9:
            return ""
        from ..extract.labels import stem

        return f"，其余为其他{stem(t.label)}"

    def group(self, i: int) -> tuple[str, str]:
        """(group, part) of a row by its words."""
        from ..extract.labels import group_of

        g = group_of(self.rows[i].label, self.rows[i].metric)
        return (g.group, g.part) if g else ("other_work", "measures")

    def sentence(self, i: int, placed: set) -> str:
        """A plain sentence for one row (and the 其中 list of its parts not written elsewhere)."""
        from ..extract.labels import clean, cues, group_of

        item = self._item(i)
        g = group_of(self.rows[i].label, self.rows[i].metric)
        verb = g.verb if g else "完成"
        if item.startswith(cues().leading_verbs) or "为\x01" in item:
            verb = ""
        elif verb and verb in item:
            verb = "" if "开展" in item else "开展"  # `审核规范性文件合法性审核` → 开展…合法性审核
        if self.rows[i].unit == "%":
            verb, item = "", f"{clean(self.rows[i].label)}为{_mark(i, _figure(self.rows[i]))}"
        parts = [p for p in self.part_of.get(i, []) if p not in placed]
        tail = ("，其中" + "、".join(self._item(p) for p in parts) + self._rest(i, parts)) if parts else ""
        return f"{verb}{item}{tail}"

    def unplaced(self, placed: set) -> dict[str, list[str]]:
        """group -> plain sentences for every row no template sentence carried."""
        from ..extract.labels import stem

        out: dict[str, list[str]] = {}
        for i, r in enumerate(self.rows):
            if i in placed or i in self.dup or i in self.zero_rows:
                continue
            if i in self.is_part:
                total = next(t for t, ps in self.part_of.items() if i in ps)
                if total not in placed:
                    continue  # written in its total's sentence
                # the total is in a template sentence with no 其中 slot: its parts follow it
                if any(i in ps and i == ps[0] for t, ps in self.part_of.items() if t == total):
                    rest = [p for p in self.part_of[total] if p not in placed]
                    g, _part = self.group(total)
                    out.setdefault(g, []).append(f"{stem(self.rows[total].label)}中，"
                                                 + "、".join(self._item(p) for p in rest))
                continue
            g, _part = self.group(i)
            out.setdefault(g, []).append(self.sentence(i, placed))
        # a part of a part whose total went into a 其中 list: its own sentence, never dropped
        done = placed | placed_rows("".join(x for ss in out.values() for x in ss))
        for i in range(len(self.rows)):
            if i not in done and i not in self.dup and i not in self.zero_rows:
                g, _part = self.group(i)
                out.setdefault(g, []).append(self.sentence(i, done))
                done |= placed_rows(out[g][-1])
        return out


def placed_rows(text: str) -> set[int]:
    return {int(m.group(1)) for m in _MARK.finditer(text)}


def join_plain(sentences: list[str]) -> str:
    """Plain sentences of one group: counts in one sentence; percentages after a sentence with no
    figure, so that no rate is read as computed from the counts before it."""
    counts = [s for s in sentences if not s.endswith("%\x03")]
    rates = [s for s in sentences if s.endswith("%\x03")]
    out = ("全年" + "，".join(counts) + "。") if counts else ""
    if rates:
        out += templates()["rate_lead"] + "，".join(rates) + "。"
    return out


def render_sentences(sentences, ctx) -> str:
    env = Environment(autoescape=False)  # noqa: S701 - plain text, not HTML
    out = []
    for s in sentences:
        t = env.from_string(s).render(**ctx).strip()
        if t:
            out.append(t)
    return "".join(out)


def context(org: str, year: int, v: _Values, parts: dict | None = None, zero: set | None = None) -> dict:
    f = {"guiding": F.guiding_thought(year), "congress": F.congress(year), "pufa": F.pufa(year),
         "pufa_next_action": (f"谋划启动{F.pufa(year + 1)}规划" if F.pufa(year + 1) != F.pufa(year)
                              else f"深入实施{F.pufa(year + 1)}规划"),
         "outline": F.outline(year), "area": _area(org), **{k: leadership(org)[k] for k in ("party_body", "meetings", "we")}}
    return {"v": v, "f": f, "year": year, "org": org, "parts": _parts(v) if parts is None else parts,
            "zero": zero or set()}


def _template_bodies(plan: Plan, org: str, year: int) -> dict:
    """Rendered template text (with marks) of each measures group and of the other parts."""
    ctx = context(org, year, plan.v, plan.parts, plan.zero)
    T = templates()
    out = {}
    for g in T["measures"]:
        has_data = any(m["group"] == g["group"] and plan.v[m["id"]] for m in catalogue()) or g.get("always")
        out[("measures", g["group"])] = render_sentences(g["sentences"], ctx) if has_data else ""
    for part in ("shortcomings", "first_responsible", "next_year", "other"):
        out[(part, None)] = render_sentences(T[part], ctx)
    return out


def plan_paragraphs(plan: Plan, org: str, year: int) -> dict[str, list[Para]]:
    """Paragraphs (with marks) of every statutory part, every data row placed somewhere."""
    bodies = _template_bodies(plan, org, year)
    placed = placed_rows("".join(bodies.values()))
    plain = plan.unplaced(placed)
    T = templates()
    out: dict[str, list[Para]] = {p: [] for p in PART_TITLES}
    n = 0
    groups = [g["group"] for g in T["measures"]]
    part_groups = {"first_responsible": "first_responsible", "other": "litigation"}
    for g in T["measures"]:
        body = bodies[("measures", g["group"])] + join_plain(plain.get(g["group"], []))
        if not body:
            continue
        out["measures"].append(Para(f"（{CN_NUM[n]}）{g['heading']}", "h2", "measures"))
        out["measures"].append(Para(body, "body", "measures"))
        n += 1
    rest = [s for g, ss in plain.items() if g not in groups and g not in part_groups.values() for s in ss]
    if rest:
        out["measures"].append(Para(f"（{CN_NUM[min(n, 9)]}）{T['other_work_heading']}", "h2", "measures"))
        out["measures"].append(Para(join_plain(rest), "body", "measures"))
    for part in ("shortcomings", "first_responsible", "next_year", "other"):
        body = bodies[(part, None)]
        extra = join_plain(plain.get(part_groups.get(part, ""), []))
        if extra and part == "other" and not placed_rows(body):
            body = ""  # 无其他需要报告的情况 no longer holds
        out[part].append(Para(body + extra if body else (f"{year}年，{leadership(org)['we']}" + extra.removeprefix("全年") if part == "other" else extra),
                              "body", part))
    return out


def part_paragraphs(part: str, org: str, year: int, rows) -> list[Para]:
    """Paragraphs of one statutory part (without its level-1 heading)."""
    paras = plan_paragraphs(Plan(rows), org, year)[part]
    return [Para(strip_marks(p.text), p.kind, p.part) for p in paras]


def trace_of(plan: Plan, text: str) -> list[dict]:
    """One line per data row: the number written and its cell, or why it is not in the draft."""
    placed = placed_rows(text)
    out = []
    for i, r in enumerate(plan.rows):
        t = {"label": r.label, "metric": r.metric, "value": r.value, "unit": r.unit, "cell": r.where}
        if i in placed:
            t["text"] = _figure(r)
            if i in plan.is_part:
                t["part_of"] = next(plan.rows[k].label for k, ps in plan.part_of.items() if i in ps)
        elif i in plan.zero_rows:
            t["dropped"] = "数值为0：不写“0”，按“未发生”等表述" if r.metric in ("reconsideration", "litigation") \
                else "数值为0：草稿不写“0”，请按实际情况补充表述"
        elif i in plan.dup:
            t["dropped"] = f"与{plan.rows[plan.dup[i]].pos or plan.rows[plan.dup[i]].where}重复"
        else:
            t["dropped"] = "未写入草稿"
        out.append(t)
    return out


def finish(d: Draft, plan: Plan) -> None:
    """Trace every data row of the finished draft (number written, or why not), then drop the marks."""
    full = "\n".join(p.text for p in d.paras)
    d.rows = trace_of(plan, full)
    d.trace = [t for t in d.rows if "text" in t]
    d.notes += [f"数据{t['cell']}“{t['label']}”未写入草稿：{t['dropped']}" for t in d.rows if "dropped" in t]
    for p in d.paras:
        p.text = strip_marks(p.text)


def compose(rows, org: str, year: int, signed: str | None = None, previous_rows=None) -> Draft:
    d = Draft(org=org, year=year)
    plan = Plan(rows)
    d.paras.append(Para(f"{org}关于{year}年度法治政府建设情况的报告", "title"))
    d.paras.append(Para(_superiors(org), "salutation"))
    d.paras.append(Para(
        f"{year}年，{org}坚持以{F.guiding_thought(year)}，全面贯彻{F.congress(year)}，"
        f"{'认真落实' + F.outline(year) + '，' if F.outline(year).startswith('《') else ''}"
        "扎实推进依法行政、依法治教、依法治校。现将本年度法治政府建设情况报告如下：", "body"))
    parts = plan_paragraphs(plan, org, year)
    for i, part in enumerate(("measures", "shortcomings", "first_responsible", "next_year", "other")):
        d.paras.append(Para(f"{CN_NUM[i]}、" + PART_TITLES[part].format(year=year, next=year + 1), "h1", part))
        d.paras.extend(parts[part])
    d.paras.append(Para(org, "signature"))
    # the date is the signing date, which only the office knows: a blank to fill in by hand unless given
    d.paras.append(Para(signed or f"{year + 1}年\u3000\u3000月\u3000\u3000日", "signature"))
    finish(d, plan)
    if previous_rows:  # 同比 phrases from last year's rows, traced to both cells
        from .changes import add_changes

        add_changes(d, rows, previous_rows)
    return d
