"""Compose a draft report from data rows: parts, paragraphs, and the data cell behind each number."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml
from jinja2 import Environment

import reportnlp.recache as recache
from ..domain import load
from ..domain.orgs import level_word
from ..domain.parts import part as statutory_part
from ..extract.labels import clean, group_of, is_catalogue_name, parts_of, stem
from ..extract.metrics import catalogue
from ..numbers import units
from . import formulations as F
from .changes import Changes, insert_changes
from .evidence import gather, next_year_paragraph, shortcomings_paragraph
from .figures import figure as _figure
from .figures import fmt_value, mark, placed_rows, strip_marks
from .wording import Wording, classify, vocab

PARTS = ("measures", "shortcomings", "first_responsible", "next_year", "other")
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
    evidence: list[dict] = field(default_factory=list)  # each shortcoming and next-year task: what it rests on
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(p.text for p in self.paras) + "\n"


def templates() -> dict:
    """domain/data/draft_templates.yaml (schema-checked, loaded once)."""
    return load("draft_templates")


def heading(part: str, year: int) -> str:
    """The level-1 heading a draft writes for a statutory part (domain/data/parts.yaml `draft_title`)."""
    return statutory_part(part).heading(year)


class _Values(dict):
    """metric -> formatted figure; missing metrics render as '' (sentences are skipped)."""

    def __missing__(self, key):
        return ""


def _area(org: str) -> str:
    w = level_word(org)
    w = "县" if w == "自治县" else w
    return "全" + (w if w in ("县", "区", "市", "旗") else "县")


def _superiors(org: str) -> str:
    lvl = _area(org)[1]
    return f"{lvl}委、{lvl}政府："


def leadership(org: str) -> dict:
    """The org's leading party body, its meetings and how it names itself (templates.yaml `leadership`)."""
    name = recache.sub(r"\s+", "", org or "")
    return next(e for e in templates()["leadership"] if any(name.endswith(x) for x in e["ends"]))


def _parts(v: _Values) -> dict:
    """其中 lists built only from data cells: here single sub-figures (a subset of the total)."""
    parts = {}
    if v["licensing"] and v["teacher_certification"]:
        parts["licensing"] = f"教师资格认定{v['teacher_certification']}"
    if v["inspections"] and v["inspections_random"]:
        parts["inspections"] = f"“双随机、一公开”抽查{v['inspections_random']}"
    return parts


# the catalogue sub-figure a template writes in its total's 其中 list (see _parts)
_SUB = {"licensing": "teacher_certification", "inspections": "inspections_random"}
_mark = mark


class Clause(str):
    """A plain sentence of one row (with its 其中 list), and the kind of its predicate."""

    kind: str = "count"

    def __new__(cls, text: str, kind: str = "count"):
        o = str.__new__(cls, text)
        o.kind = kind
        return o


class Plan:
    """Where each data row goes in the draft: a catalogue figure in a template sentence, a part in a
    其中 list under its total, or a plain sentence in the group its words point to, worded by the
    kind of figure its label names (draft/wording.py). Figures carry invisible marks while
    rendering, so the trace knows which row each written number came from."""

    def __init__(self, rows, previous_rows=None):
        self.rows = list(rows)
        self.changes = Changes(self.rows, previous_rows)
        self.part_of: dict[int, list[int]] = {}  # total index -> part indexes
        pos = {id(r): i for i, r in enumerate(self.rows)}
        for t, ps in parts_of(self.rows).items():
            # a rate has no parts, and a rate is no part of a count: such rows stand on their own
            keep = [pos[id(p)] for p in ps if (p.unit == "%") == (self.rows[t].unit == "%") and p.unit != "%"]
            if keep:
                self.part_of[t] = keep
        self.is_part = {i for ps in self.part_of.values() for i in ps}
        self._catalogue_subs()
        self._closing_runs()
        self.dup: dict[int, int] = {}
        seen: dict = {}
        for i, r in enumerate(self.rows):
            key = (clean(r.label), r.value, r.unit, r.org, r.year)
            if key in seen:
                self.dup[i] = seen[key]
            else:
                seen[key] = i
        self.kinds: dict[int, str] = {}  # row -> kind of the sentence that writes it
        self.evidence_trace: list[dict] = []  # the evidence sentences and where they came from
        self.cues: dict[int, str] = {}  # row -> the word of its label that decided the kind
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
        self.slots = set(recache.findall(r"parts\.(\w+)", yaml.safe_dump(templates(), allow_unicode=True)))
        self.parts = _parts(self.v)
        for t, ps in self.part_of.items():
            m = self.rows[t].metric
            if m and self.metric_row.get(m) == t and m in self.slots:
                extra = "、".join(self._item(p) for p in ps)
                sub = self.metric_row.get(_SUB.get(m, ""))
                also = [sub] if (self.parts.get(m) and sub is not None) else []
                self.parts[m] = (f"{self.parts[m]}、{extra}" if self.parts.get(m) else extra) + self._rest(t, ps + also)
                for p in ps:
                    self.kinds[p] = "part"

    def _catalogue_subs(self) -> None:
        """A catalogue sub-figure (`双随机抽查` under `行政检查`) is one of its total's parts when it
        fits in what the other parts leave, so the list and its 其余 count it."""
        for t, T in enumerate(self.rows):
            sub = _SUB.get(T.metric or "")
            if not sub or t in self.is_part:
                continue
            ps = self.part_of.get(t, [])
            left = T.value - sum(self.rows[p].value for p in ps)
            for i, r in enumerate(self.rows):
                if (r.metric == sub and i not in self.is_part and i not in self.part_of and r.org == T.org
                        and r.year == T.year and (r.unit or "") == (T.unit or "") and 0 < r.value <= left + 1e-9):
                    self.part_of[t] = [i, *ps]
                    self.is_part.add(i)
                    break

    def _closing_runs(self) -> None:
        """Sheet structure: a row followed by rows of its group and unit whose figures add up to it
        exactly (`行政许可办件` 2315 = `经营主体登记` 2187 + `食品经营许可` 53 + `药品经营许可` 75) is their
        total, though no label says 其中."""

        def grp(r):
            g = group_of(r.label, r.metric)
            return g.group if g else None

        rows, n = self.rows, len(self.rows)
        for t, T in enumerate(rows):
            if t in self.part_of or t in self.is_part or T.unit == "%" or T.value <= 0:
                continue
            acc, run = 0.0, []
            for j in range(t + 1, n):
                P = rows[j]
                if (j in self.is_part or j in self.part_of or P.org != T.org or P.year != T.year
                        or (P.unit or "") != (T.unit or "") or not 0 < P.value < T.value or grp(P) != grp(T)):
                    break
                acc += P.value
                run.append(j)
                if acc > T.value + 1e-6:
                    break
                if len(run) >= 2 and abs(acc - T.value) <= 1e-6:
                    self.part_of[t] = run
                    self.is_part.update(run)
                    break

    def wording(self, i: int) -> Wording:
        g = group_of(self.rows[i].label, self.rows[i].metric)
        return classify(clean(self.rows[i].label), self.rows[i].unit, g.verb if g else "")

    def _item(self, i: int, noun: str = "") -> str:
        """`label + figure` (`宪法晨读活动52场`); `label为figure` when the unit is not one reports
        put straight after a number (`案卷评查为120卷`) or there is none."""

        r = self.rows[i]
        fig = _mark(i, _figure(r))
        if not r.unit or (r.unit not in units().units and r.unit != "%" and fmt_value(r.value, r.unit)[1] not in units().units):
            return f"{clean(r.label)}为{fig}"
        s = stem(r.label)
        if len(r.unit) >= 2 and s.endswith(r.unit) and len(s) > len(r.unit) + 1:
            s = s[: -len(r.unit)]  # `培训人次` 300人次 → 培训300人次
        return f"{s}{noun}{fig}"

    def _rest(self, total: int, parts: list[int]) -> str:
        """`，其余为其他…` when the listed parts leave part of the total uncounted: the 其中 list then
        reads as the breakdown it is, not as a partition whose sum is wrong. Parts that close the
        total get no tail."""
        t = self.rows[total]
        ps = [self.rows[p] for p in parts]
        if len(ps) < 2 or any(p.unit != t.unit for p in ps) or sum(p.value for p in ps) >= t.value - 1e-9:
            return ""

        return f"，其余为其他{stem(t.label)}"

    def group(self, i: int) -> tuple[str, str]:
        """(group, part) of a row by its words."""

        g = group_of(self.rows[i].label, self.rows[i].metric)
        return (g.group, g.part) if g else ("other_work", "measures")

    def clause(self, i: int) -> str:
        """The row's own clause, its predicate chosen by the kind of figure its label names:
        `聘任法治副校长486人`, `下达整改通知书14份`, `开展宪法晨读活动52场`, `现有持证执法人员26人`,
        `调解成功率达到98.9%`."""

        r = self.rows[i]
        w = self.wording(i)
        if w.kind in ("rate", "participants"):
            return f"{clean(r.label)}{w.verb}{_mark(i, _figure(r))}"
        item = self._item(i, w.noun)
        if "为\x01" in item:
            return item
        return f"{w.verb}{item}"

    def sentence(self, i: int, placed: set) -> Clause:
        """A plain sentence for one row (and the 其中 list of its parts not written elsewhere)."""
        w = self.wording(i)
        kind = w.kind
        self.kinds[i] = kind
        self.cues[i] = w.why
        parts = [p for p in self.part_of.get(i, []) if p not in placed]
        for p in parts:
            self.kinds[p] = "part"
        tail = ("，其中" + "、".join(self._item(p) for p in parts) + self._rest(i, parts)) if parts else ""
        return Clause(self.clause(i) + tail, kind)

    def unplaced(self, placed: set) -> dict[str, list[Clause]]:
        """group -> plain sentences for every row no template sentence carried."""

        out: dict[str, list[Clause]] = {}
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
                    for p in rest:
                        self.kinds[p] = "part"
                    g, _part = self.group(total)
                    out.setdefault(g, []).append(Clause(f"{stem(self.rows[total].label)}中，"
                                                        + "、".join(self._item(p) for p in rest)
                                                        + self._rest(total, rest), "part"))
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


def join_plain(sentences: Sequence[str]) -> str:
    """Plain sentences of one group: the year's work in one sentence after 全年, stocks at year end
    after their own lead, rates last in a sentence of their own (no rate is read as computed
    from the counts before it)."""
    leads = vocab()["leads"]
    flows = [s for s in sentences if getattr(s, "kind", "count") not in ("stock", "rate")]
    stocks = [s for s in sentences if getattr(s, "kind", "") == "stock"]
    rates = [s for s in sentences if getattr(s, "kind", "") == "rate"]
    out = (leads["flow"] + "，".join(flows) + "。") if flows else ""
    if stocks:
        out += leads["stock"] + "，".join(stocks) + "。"
    if rates:
        out += "，".join(rates) + "。"
    return out


def render_sentences(sentences, ctx) -> str:
    env = Environment(autoescape=False)  # noqa: S701 - plain text, not HTML
    out = []
    for s in sentences:
        t = env.from_string(s).render(**ctx).strip()
        if t:
            out.append(t)
    return "".join(out)


def work_of(org: str) -> str:
    """What the org's rule-of-law work is called in the opening (templates `work`, by its name)."""
    name = recache.sub(r"\s+", "", org or "")
    return next(e["work"] for e in templates()["work"] if any(x in name for x in e["contains"]))


def context(org: str, year: int, v: _Values, parts: dict | None = None, zero: set | None = None) -> dict:
    f = {"guiding": F.guiding_thought(year), "congress": F.congress(year), "pufa": F.pufa(year),
         "pufa_next_action": (f"谋划启动{F.pufa(year + 1)}规划" if F.pufa(year + 1) != F.pufa(year)
                              else f"深入实施{F.pufa(year + 1)}规划"),
         "outline": F.outline(year), "area": _area(org), "work": work_of(org),
         **{k: leadership(org)[k] for k in ("party_body", "meetings", "we")}}
    return {"v": v, "f": f, "year": year, "org": org, "parts": _parts(v) if parts is None else parts,
            "zero": zero or set()}


def _template_bodies(plan: Plan, org: str, year: int) -> dict:
    """Rendered template text (with marks) of each measures group and of the first-responsible and
    other parts."""
    ctx = context(org, year, plan.v, plan.parts, plan.zero)
    T = templates()
    out = {}
    for g in T["measures"]:
        has_data = any(m["group"] == g["group"] and plan.v[m["id"]] for m in catalogue()) or g.get("always")
        out[("measures", g["group"])] = render_sentences(g["sentences"], ctx) if has_data else ""
    for part in ("first_responsible", "other"):
        out[(part, None)] = render_sentences(T[part], ctx)
    return out


def evidence_parts(plan: Plan, year: int, prev_report=None) -> tuple[dict[str, str], list[dict]]:
    """The shortcomings and next-year paragraphs from the evidence, and their trace entries."""
    found = gather(plan, prev_report, (prev_report.meta.year if prev_report is not None and prev_report.meta.year
                                       else year - 1))
    plans, plan_trace = next_year_paragraph(found, year)
    return ({"shortcomings": shortcomings_paragraph(found), "next_year": plans},
            [e.trace() for e in found] + plan_trace)


def plan_paragraphs(plan: Plan, org: str, year: int, prev_report=None) -> dict[str, list[Para]]:
    """Paragraphs (with marks) of every statutory part, every data row placed somewhere."""
    bodies = _template_bodies(plan, org, year)
    placed = placed_rows("".join(bodies.values()))
    plain = plan.unplaced(placed)
    for i in placed:
        plan.kinds.setdefault(i, "template")
    T = templates()
    out: dict[str, list[Para]] = {p: [] for p in PARTS}
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
    texts, plan.evidence_trace = evidence_parts(plan, year, prev_report)
    for part in ("shortcomings", "next_year"):
        out[part].append(Para(texts[part], "body", part))
    for part in ("first_responsible", "other"):
        body = bodies[(part, None)]
        extra = join_plain(plain.get(part_groups.get(part, ""), []))
        if extra and part == "other" and not placed_rows(body):
            body = ""  # 无其他需要报告的情况 no longer holds
        out[part].append(Para(body + extra if body else (f"{year}年，{leadership(org)['we']}" + extra.removeprefix("全年") if part == "other" else extra),
                              "body", part))
    return out


def part_paragraphs(part: str, org: str, year: int, rows, previous_rows=None) -> list[Para]:
    """Paragraphs of one statutory part (without its level-1 heading)."""
    plan = Plan(rows, previous_rows)
    paras = plan_paragraphs(plan, org, year)[part]
    insert_changes(paras, plan.changes)
    return [Para(strip_marks(p.text), p.kind, p.part) for p in paras]


def trace_of(plan: Plan, text: str) -> list[dict]:
    """One line per data row: the number written and its cell (and the kind of sentence that writes
    it), or why it is not in the draft."""
    placed = placed_rows(text)
    out = []
    for i, r in enumerate(plan.rows):
        t = {"label": r.label, "metric": r.metric, "value": r.value, "unit": r.unit, "cell": r.where}
        if i in placed:
            t["text"] = _figure(r)
            t["sentence"] = plan.kinds.get(i, "template")
            if plan.cues.get(i):
                t["sentence_cue"] = plan.cues[i]
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
    """Write the 同比 of every row with last year's figure, trace every data row of the finished
    draft (number written, or why not) and every evidence sentence, then drop the marks."""
    changes = insert_changes(d.paras, plan.changes)
    full = "\n".join(p.text for p in d.paras)
    d.rows = trace_of(plan, full)
    d.trace = [t for t in d.rows if "text" in t] + changes
    d.evidence = list(plan.evidence_trace)
    d.notes += [f"数据{t['cell']}“{t['label']}”未写入草稿：{t['dropped']}" for t in d.rows if "dropped" in t]
    for p in d.paras:
        p.text = strip_marks(p.text)


def compose(rows, org: str, year: int, signed: str | None = None, previous_rows=None) -> Draft:
    d = Draft(org=org, year=year)
    plan = Plan(rows, previous_rows)
    d.paras.append(Para(f"{org}关于{year}年度法治政府建设情况的报告", "title"))
    d.paras.append(Para(_superiors(org), "salutation"))
    d.paras.append(Para(
        f"{year}年，{org}坚持以{F.guiding_thought(year)}，全面贯彻{F.congress(year)}，"
        f"{'认真落实' + F.outline(year) + '，' if F.outline(year).startswith('《') else ''}"
        f"扎实推进{work_of(org)}。现将本年度法治政府建设情况报告如下：", "body"))
    parts = plan_paragraphs(plan, org, year)
    for i, part in enumerate(PARTS):
        d.paras.append(Para(f"{CN_NUM[i]}、" + heading(part, year), "h1", part))
        d.paras.extend(parts[part])
    d.paras.append(Para(org, "signature"))
    # the date is the signing date, which only the office knows: a blank to fill in by hand unless given
    d.paras.append(Para(signed or f"{year + 1}年\u3000\u3000月\u3000\u3000日", "signature"))
    finish(d, plan)
    return d
