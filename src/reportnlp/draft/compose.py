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


def values_for(rows) -> tuple[_Values, dict, list[dict]]:
    v, by_metric, trace = _Values(), {}, []
    v.zero = set()
    for r in rows:
        if r.metric in by_metric:
            continue
        if r.value == 0:  # no sentence says "0件": templates word a zero on their own (未发生…)
            v.zero.add(r.metric)
            by_metric[r.metric] = r
            trace.append({"text": None, "metric": r.metric, "label": r.label, "value": r.value, "unit": r.unit,
                          "cell": r.where})
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


def render_sentences(sentences, ctx) -> str:
    env = Environment(autoescape=False)  # noqa: S701 - plain text, not HTML
    out = []
    for s in sentences:
        t = env.from_string(s).render(**ctx).strip()
        if t:
            out.append(t)
    return "".join(out)


def context(org: str, year: int, v: _Values) -> dict:
    f = {"guiding": F.guiding_thought(year), "congress": F.congress(year), "pufa": F.pufa(year),
         "pufa_next_action": (f"谋划启动{F.pufa(year + 1)}规划" if F.pufa(year + 1) != F.pufa(year)
                              else f"深入实施{F.pufa(year + 1)}规划"),
         "outline": F.outline(year), "area": _area(org), **{k: leadership(org)[k] for k in ("party_body", "meetings", "we")}}
    return {"v": v, "f": f, "year": year, "org": org, "parts": _parts(v), "zero": getattr(v, "zero", set())}


def part_paragraphs(part: str, org: str, year: int, rows) -> list[Para]:
    """Paragraphs of one statutory part (without its level-1 heading)."""
    v, _by, _trace = values_for(rows)
    ctx = context(org, year, v)
    T = templates()
    if part == "measures":
        out = []
        n = 0
        for g in T["measures"]:
            body = render_sentences(g["sentences"], ctx)
            has_data = any(m["group"] == g["group"] and v[m["id"]] for m in catalogue()) or g.get("always")
            if not body or not has_data:
                continue
            out.append(Para(f"（{CN_NUM[n]}）{g['heading']}", "h2", part))
            out.append(Para(body, "body", part))
            n += 1
        return out
    return [Para(render_sentences(T[part], ctx), "body", part)]


def compose(rows, org: str, year: int, signed: str | None = None, previous_rows=None) -> Draft:
    d = Draft(org=org, year=year)
    v, _by, trace = values_for(rows)
    d.paras.append(Para(f"{org}关于{year}年度法治政府建设情况的报告", "title"))
    d.paras.append(Para(_superiors(org), "salutation"))
    d.paras.append(Para(
        f"{year}年，{org}坚持以{F.guiding_thought(year)}，全面贯彻{F.congress(year)}，"
        f"{'认真落实' + F.outline(year) + '，' if F.outline(year).startswith('《') else ''}"
        "扎实推进依法行政、依法治教、依法治校。现将本年度法治政府建设情况报告如下：", "body"))
    for i, part in enumerate(("measures", "shortcomings", "first_responsible", "next_year", "other")):
        d.paras.append(Para(f"{CN_NUM[i]}、" + PART_TITLES[part].format(year=year, next=year + 1), "h1", part))
        d.paras.extend(part_paragraphs(part, org, year, rows))
    d.paras.append(Para(org, "signature"))
    # the date is the signing date, which only the office knows: a blank to fill in by hand unless given
    d.paras.append(Para(signed or f"{year + 1}年\u3000\u3000月\u3000\u3000日", "signature"))
    text = d.text()
    d.trace = [t for t in trace if t["text"] and t["text"] in text]
    d.notes += [f"数据“{t['label']}”为0（{t['cell']}）：不写数字，按“未发生”等表述" for t in trace if t["text"] is None]
    if previous_rows:  # 同比 phrases from last year's rows, traced to both cells
        from .changes import add_changes

        add_changes(d, rows, previous_rows)
    return d
