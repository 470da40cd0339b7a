"""The lexicon of fixed formulations: formulas and dated mentions from the calendar
(domain/data/calendar/), titles, known slips and character tables from corpora/formulas/.

Loaded once and checked (the calendar against its JSON Schemas, the TSV files against a small schema
here: a wrong or missing field names its file and entry), then held as typed records. Everything here
is read by the formulation rules RN301/RN303/RN310–RN314; no rule keeps its own copy of a formula, a
title or a year.

Dated mentions (`Period`) are generated from the calendar's data, not written as regexes one by one:
every plan name (and every edition's title + period), every congress and plenum in its ordinal forms,
every campaign, renamed term and body.

Two helpers are expensive and built only when a candidate needs them: the table of characters that
sound alike (sounds.tsv, generated offline from pypinyin) and a jieba tokenizer that knows every
formula and title as one word.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, cast

import reportnlp.recache as recache
from ..resources import corpora_dir


def _yaml(path: Path):
    import yaml  # only for files given by path (tests, other lexicons): a check reads the cached data

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class LexiconError(ValueError):
    """A lexicon file does not follow its schema."""


_HALF_WIDTH = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)}  # ！ .. ～ -> ! .. ~


def fold(s: str) -> str:
    """The checker's folding of an entry: no whitespace (what str.isspace calls whitespace, as
    `\\s` of a str pattern does), full-width ASCII forms to half width."""
    return recache.sub(r"\s+", "", s).translate(_HALF_WIDTH)


class Formula(NamedTuple):
    """A fixed formula (calendar/formulas.yaml): its accepted forms, years and members.

    The records of this module are named tuples, not frozen dataclasses: each is built with
    keywords only, and defining a named tuple costs a tenth of a frozen dataclass at import (the
    dataclass compiles six methods one by one), which every cold check pays."""

    form: str
    source: str
    variants: tuple[str, ...] = ()
    near_miss: bool = True
    since: int | None = None
    until: int | None = None
    instead: str | None = None
    scope: str | None = None  # regex of who the formula belongs to
    owner: str | None = None
    members: tuple[str, ...] = ()  # items of an enumerated formula, in order
    expected: int | None = None  # first report year from which every report must contain it (RN307)


class Title(NamedTuple):
    """A title a report may cite in 《》, with the years it can be cited in and what replaced it."""

    title: str  # laws without the 中华人民共和国 prefix
    level: str
    source: str
    since: int | None = None
    until: int | None = None
    replaced_by: str | None = None
    variants: tuple[str, ...] = ()
    # the days its text was adopted and later revised (domain/data/calendar/laws.yaml), for a
    # revision a report names (（2021年修订）, 新修订的); empty for the hand rows
    texts_of: tuple[str, ...] = ()
    in_force: str | None = None  # the day the current text took effect, when laws.yaml gives it

    @property
    def is_law(self) -> bool:
        return self.level in ("法律", "宪法")


class Period(NamedTuple):
    """A dated mention (a plan, congress, plenum, campaign, renamed term or body) and its years."""

    id: str
    kind: str
    name: str
    pattern: re.Pattern
    source: str
    since: int | None = None
    until: int | None = None
    instead: str | None = None
    history: re.Pattern | None = None
    retro: re.Pattern | None = None
    forward: re.Pattern | None = None
    severity: str = "error"
    unit: str = "RN301"
    since_by_level: dict | None = None  # bodies: {province|city|county: year}
    until_by_level: dict | None = None
    # words right before a mention that look ahead to it (迎接…): wrong in a report on a year after `since`
    ahead: re.Pattern | None = None
    ahead_after: re.Pattern | None = None  # the same words right after the mention (…即将召开之际)

    @property
    def needles(self) -> tuple[str, ...]:
        """Literal words one of which every match contains (a cheap test before the regex runs)."""
        return _needles(self.pattern.pattern)


class Slip(NamedTuple):
    """A known slip in a fixed wording (corpora/formulas/slips.tsv) and the wording it stands for."""

    wrong: str
    right: str
    after: str | None
    unless_before: str | None
    unit: str
    kind: str
    source: str
    rx: re.Pattern


@dataclass
class Lexicon:
    """Everything the formulation rules read, loaded once (`lexicon()`)."""

    formulas: list[Formula] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    shapes: dict[str, frozenset[str]] = field(default_factory=dict)



_KINDS = {"pufa", "five_year", "outline", "congress", "plenum", "campaign", "policy", "term", "body"}
_LEVELS = {"宪法", "法律", "行政法规", "党内法规", "中央文件", "国务院文件", "部门规章", "部门文件", "著作"}
_UNITS = {"RN303", "RN310", "RN313"}


def _need(entry: dict, key: str, typ, where: str):
    if key not in entry or entry[key] in (None, ""):
        raise LexiconError(f"{where}: missing '{key}'")
    if not isinstance(entry[key], typ):
        raise LexiconError(f"{where}: '{key}' must be {typ.__name__}")
    return entry[key]


def _year(v, where: str, key: str) -> int | None:
    if v in (None, ""):
        return None
    try:
        y = int(v)
    except (TypeError, ValueError):
        raise LexiconError(f"{where}: '{key}' is not a year: {v!r}") from None
    if not 1900 <= y <= 2100:
        raise LexiconError(f"{where}: '{key}' out of range: {y}")
    return y


def _rx(v, where: str, key: str) -> re.Pattern | None:
    return _compile(v, where, key) if v else None


def _compile(v: str, where: str, key: str) -> re.Pattern:
    try:
        return recache.compile(v)
    except re.error as e:
        raise LexiconError(f"{where}: '{key}' is not a valid regex: {e}") from None


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#") and ln.strip()]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


_FORMULA_FIELDS = {"form", "variants", "near_miss", "since", "until", "instead", "scope", "owner", "members",
                   "expected", "source"}


def formulas_from(entries, where_file: str) -> list[Formula]:
    """Formula records from the entries of calendar/formulas.yaml (or a file of the same shape)."""
    out = []
    for i, e in enumerate(entries or []):
        where = f"{where_file} entry {i + 1}"
        if not isinstance(e, dict):
            raise LexiconError(f"{where}: not a mapping")
        if set(e) - _FORMULA_FIELDS:
            raise LexiconError(f"{where}: unknown fields {sorted(set(e) - _FORMULA_FIELDS)}")
        form = fold(str(_need(e, "form", str, where)))
        variants = e.get("variants") or []
        if not isinstance(variants, list):
            raise LexiconError(f"{where}: 'variants' must be a list")
        _rx(e.get("scope"), where, "scope")
        members = tuple(fold(str(m)) for m in e.get("members") or ())
        variants = [fold(str(v)) for v in variants]
        run = "、".join(members)
        if len(members) >= 3 and run in form:  # the last member joined by 和/及 (…廉洁高效和守法诚信)
            head = "、".join(members[:-1])
            variants += [v for v in (form.replace(run, f"{head}{j}{members[-1]}") for j in "和及") if v not in variants]
            if (e.get("since") or e.get("until")) and len(members) >= 5:
                # a dated formula's members alone are that formula (…守法诚信为标志的法治政府建设): its
                # time is in the run, whatever words follow it
                variants += [v for v in (run, f"{head}和{members[-1]}") if v != form and v not in variants]
        out.append(Formula(form=form, variants=tuple(variants),
                           near_miss=bool(e.get("near_miss", True)), since=_year(e.get("since"), where, "since"),
                           until=_year(e.get("until"), where, "until"), instead=e.get("instead"),
                           scope=e.get("scope"), owner=e.get("owner"),
                           members=members,
                           expected=_year(e.get("expected"), where, "expected"), source=_need(e, "source", str, where)))
    return out


def load_formulas(path: Path) -> list[Formula]:
    """A formulas file: a list of entries, or a mapping with `formulas:` (the calendar's shape)."""
    data = _yaml(path)
    return formulas_from(data.get("formulas") if isinstance(data, dict) else data, path.name)


def _law_year(day: str | None) -> int | None:
    """The report year a dated event belongs to. A report on year Y is written early in Y+1: a text
    adopted in January–March of Y+1 can already be cited for Y (since = Y), and a text repealed by the end
    of March of Y no longer counts for Y (until = Y-1); one repealed later in Y still does (until = Y)."""
    if not day:
        return None
    y, m = int(day[:4]), int(day[5:7])
    return y - 1 if m <= 3 else y


def _law_cite(e: dict) -> str:
    """The entry as a message cites it: 《行政复议法》1999年4月29日通过，2023年9月1日修改，…；来源：…"""
    def d(day: str) -> str:
        return f"{int(day[:4])}年{int(day[5:7])}月{int(day[8:])}日"

    bits = []
    if e["adopted"]:
        bits.append(f"{d(e['adopted'])}{'通过' if e['kind'] in ('法律', '宪法') else '制定'}")
    if e["revisions"]:  # 修正 or 修订: the table does not say which
        bits.append(f"{d(e['revisions'][-1])}修改")
    if e["in_force"]:
        bits.append(f"{d(e['in_force'])}起施行")
    if e["repealed"]:
        bits.append(f"{d(e['repealed'])}废止" + (f"，由《{e['replaced_by']}》取代" if e["replaced_by"] else ""))
    origin = "LawRefBook/Laws" if e["source"].startswith("LawRefBook/Laws") else recache.split(r"[（；]", e["source"])[0]
    return f"《{e['title']}》" + "，".join(bits) + f"；来源：{origin}"


def load_laws() -> list[Title]:
    """National laws and regulations of domain/data/calendar/laws.yaml as title records: since is the
    report year of the first adoption (or entry into force when that is all the source gives), until the
    last report year before the repeal (see _law_year).

    Some 1,200 records take a cold check longer to build (and the file longer to load) than to read
    back, so they are kept in the data cache under the hash of the file, its schema and this module's
    source (`resources.derived`): any change to the data or to the code below builds them again."""
    import reportnlp.domain as domain
    from ..resources import derived

    name = "calendar/laws"
    rows = cast("list[tuple]", derived("law_titles", (domain.data_path(name), domain.schema_path(name), Path(__file__)),
                                       _law_rows))
    return [Title._make(r) for r in rows]


def _law_rows() -> list[tuple]:
    """load_laws' records as plain tuples (what the cache holds), from the validated data."""
    import reportnlp.domain as domain

    out = []
    for e in domain.load("calendar/laws")["laws"]:
        title = fold(e["title"])
        variants = []
        if e["prc_prefix"] and e["kind"] not in ("法律", "宪法"):
            variants.append(PREFIX + title)
        if "《" in title:
            variants.append(title.replace("《", "〈").replace("》", "〉"))
        out.append(Title(title=title, level=e["kind"], since=_law_year(e["adopted"] or e["in_force"]),
                         until=_law_year(e["repealed"]),
                         replaced_by=fold(e["replaced_by"]) if e["replaced_by"] else None, variants=tuple(variants),
                         source=_law_cite(e),
                         texts_of=tuple(d for d in (e["adopted"], *e["revisions"]) if d), in_force=e["in_force"]))
    return [tuple(t) for t in out]


@lru_cache(maxsize=1)
def laws_horizon() -> int | None:
    """The year of the latest day laws.yaml knows (its snapshot's time): a revision in that year or
    later may be missing from the data, so a year named from then on is not judged against it."""
    days = [d for t in lexicon().titles for d in (*t.texts_of, t.in_force or "") if d]
    return int(max(days)[:4]) if days else None


def load_titles(path: Path, *, laws: bool = True) -> list[Title]:
    """The hand rows of `path` (central documents, 纲要, rules not in laws.yaml) and, with `laws`, the dated
    laws and regulations of domain/data/calendar/laws.yaml. A title in both is an error: one place per fact."""
    out = []
    for i, r in enumerate(_rows(path)):
        where = f"{path.name} row {i + 1}"
        if r.get("level") not in _LEVELS:
            raise LexiconError(f"{where}: level {r.get('level')!r} not one of {sorted(_LEVELS)}")
        title = fold(_need(r, "title", str, where))
        out.append(Title(title=title, level=r["level"], since=_year(r.get("since"), where, "since"),
                         until=_year(r.get("until"), where, "until"), replaced_by=fold(r.get("replaced_by") or "") or None,
                         variants=tuple(fold(v) for v in (r.get("variants") or "").split("|") if v),
                         source=_need(r, "source", str, where)))
    if laws:
        hand = {t.title: i for i, t in enumerate(out)}
        for t in load_laws():
            if t.title in hand:
                raise LexiconError(f"{path.name} row {hand[t.title] + 1}: 《{t.title}》 is in domain/data/calendar/laws.yaml")
            out.append(t)
    return out


_QUOTES = "“”\"‘’"


def literal_rx(name: str) -> str:
    """A regex for a literal wording: quotes optional, whitespace between characters allowed."""
    out, prev_q = [], False
    for ch in fold(name):
        if ch in _QUOTES:
            if not prev_q:
                out.append('[“”"]?')
            prev_q = True
            continue
        prev_q = False
        out.append(re.escape(ch))
    return "".join(out)


PERIOD_RX = r"\(\s*(20\d{2})\s*[-—–－~至]+\s*(20\d{2})\s*年?\s*\)"
_DASH = r"\s*[-—–－~至]*\s*"


def _period(e: dict, where: str, **kw) -> Period:
    try:
        return Period(id=_need(e, "id", str, where), name=_need(e, "name", str, where),
                      instead=e.get("instead"), history=_rx(e.get("history"), where, "history"),
                      retro=_rx(e.get("retro"), where, "retro"), forward=_rx(e.get("forward"), where, "forward"),
                      ahead=_rx(e.get("ahead"), where, "ahead"), ahead_after=_rx(e.get("ahead_after"), where, "ahead_after"),
                      severity=e.get("severity", "error"), unit=e.get("unit", "RN301"),
                      source=_need(e, "source", str, where), **kw)
    except TypeError as exc:  # a field the record does not know
        raise LexiconError(f"{where}: {exc}") from None


def _names_rx(e: dict, where: str) -> re.Pattern:
    if e.get("pattern"):
        return _compile(e["pattern"], where, "pattern")
    names = sorted(e.get("names") or (), key=len, reverse=True)
    if not names:
        raise LexiconError(f"{where}: needs 'names' or 'pattern'")
    return recache.compile("|".join(literal_rx(n) for n in names))


def plan_periods(plans: list[dict], file: str = "calendar/plans.yaml") -> list[Period]:
    """One dated mention per plan: its names, and its stem with its own period."""
    out = []
    for i, p in enumerate(plans):
        where = f"{file} entry {i + 1} ({p.get('id')})"
        names = list(p.get("names") or ())
        short = recache.search(r"“([^”]+)”", p.get("name") or "")
        if short:  # the kind's other words after the short name (“七五”法治宣传教育)
            names += [f"“{short.group(1)}”{w}" for w in p.get("short_with") or ()]
        alts = [literal_rx(n) for n in sorted(names, key=len, reverse=True)]
        if p.get("stem") and p.get("period"):
            a, b = p["period"]
            alts.append(f"{literal_rx(p['stem'])}\\s*\\(?\\s*{a}{_DASH}{b}\\s*年?\\s*\\)?")
        out.append(_period(p, where, kind=p["kind"], pattern=_rx("|".join(alts), where, "names"),
                           since=p.get("since"), until=p.get("until")))
    return out


def congress_periods() -> list[Period]:
    """Every congress (党的二十大, 二十大, 二十届历次全会) and plenum (二十届三中全会, also inside 二十届二中、三中全会)."""
    from ..domain import calendar as C

    out = []
    for c in C.congresses():
        nxt = C.next_congress(c.number)
        until = nxt.year if nxt else None
        hist = C.congress_context("history", c.number)
        fwd = C.congress_context("forward", c.number)
        ahead, after = C.congress_context("ahead", c.number), C.congress_context("ahead_after", c.number)
        e = {"id": f"congress-{c.number}", "name": c.name, "history": hist, "forward": fwd, "source": c.source,
             "instead": f"{nxt.name}精神" if nxt else None, "ahead": ahead, "ahead_after": after}
        out.append(_period(e, f"calendar/congresses.yaml congress {c.number}", kind="congress",
                           pattern=recache.compile(f"(?:党的)?(?<![一二三四五六七八九十]){c.ordinal}(?:大(?!会)|届历次全会)"),
                           since=c.year, until=until))
        for p in (p for p in C.plenums() if p.congress == c.number):
            s = C.cn_session(p.session)
            pat = f"(?<![一二三四五六七八九十]){c.ordinal}届(?:[一二三四五六七八九]中、)*{s}中(?:、[一二三四五六七八九]中)*全会"
            e = {"id": f"plenum-{c.number}-{p.session}", "name": p.name, "history": hist, "forward": fwd,
                 "ahead": ahead, "ahead_after": after, "source": p.source, "instead": f"{nxt.name}及{C.cn_number(nxt.number)}届历次全会精神" if nxt else None}
            out.append(_period(e, f"calendar/congresses.yaml plenum {p.congress}-{p.session}", kind="plenum",
                               pattern=recache.compile(pat), since=C.cite_from(p.date), until=until))
    # the congress after the last listed one: not held before the last one's year + the interval
    last = C.congresses()[-1]
    interval, why = C.congress_interval()
    n = last.number + 1
    e = {"id": f"congress-{n}", "name": f"党的{C.cn_number(n)}大", "history": C.congress_context("history", n),
         "forward": C.congress_context("forward", n),
         "source": f"{why}；{last.name}于{last.date[:4]}年召开，下一次最早于{last.year + interval}年召开"}
    out.append(_period(e, f"calendar/congresses.yaml next_congress after {last.number}", kind="congress",
                       pattern=recache.compile(f"(?:党的)?(?<![一二三四五六七八九十]){C.cn_number(n)}(?:大(?!会)|届历次全会)"),
                       since=last.year + interval, until=None))
    return out


def load_periods(path: Path) -> list[Period]:
    """Dated mentions from a terms-shaped file (`terms:` list): used for the calendar's terms and in tests."""
    import reportnlp.domain as domain

    data = _yaml(path)
    try:
        domain.validate("calendar/terms", data)
    except domain.DomainDataError as exc:
        raise LexiconError(f"{path.name}: {exc}") from None
    return term_periods(data["terms"], path.name)


def term_periods(terms: list[dict], file: str = "calendar/terms.yaml") -> list[Period]:
    out = []
    for i, t in enumerate(terms):
        where = f"{file} entry {i + 1} ({t.get('id')})"
        out.append(_period(t, where, kind="term", pattern=_names_rx(t, where), since=t.get("since"),
                           until=t.get("until")))
    return out


def campaign_periods(campaigns: list[dict], file: str = "calendar/campaigns.yaml") -> list[Period]:
    out = []
    for i, c in enumerate(campaigns):
        where = f"{file} entry {i + 1} ({c.get('id')})"
        out.append(_period(c, where, kind=c["kind"], pattern=_names_rx(c, where), since=c.get("since"),
                           until=c.get("until")))
    return out


def body_periods(bodies: list[dict], file: str = "calendar/bodies.yaml") -> list[Period]:
    """Old names of bodies (RN314, a note, after `until` at the report's level) and bodies created on
    a date (RN301, an anachronism before `since`)."""
    out = []
    for i, b in enumerate(bodies):
        where = f"{file} entry {i + 1} ({b.get('id')})"
        rx = _names_rx(b, where)
        if b.get("until"):
            e = {**b, "unit": "RN314", "severity": "warning"}
            out.append(_period(e, where, kind="body", pattern=rx, until=max(b["until"].values()),
                               until_by_level=dict(b["until"])))
        else:
            e = {**b, "history": None}
            out.append(_period(e, where, kind="body", pattern=rx, since=min(b["since"].values()),
                               since_by_level=dict(b["since"])))
    return out


def calendar_periods() -> list[Period]:
    from ..domain import calendar as C

    return [*plan_periods(C.plans()), *congress_periods(), *campaign_periods(C.campaigns()),
            *term_periods(C.terms()), *body_periods(C.bodies())]


def load_slips(path: Path) -> list[Slip]:
    out = []
    for i, r in enumerate(_rows(path)):
        where = f"{path.name} row {i + 1}"
        if r.get("unit") not in _UNITS:
            raise LexiconError(f"{where}: unit {r.get('unit')!r} not one of {sorted(_UNITS)}")
        if r.get("kind") not in ("错字", "缺字", "多字"):
            raise LexiconError(f"{where}: bad kind {r.get('kind')!r}")
        wrong = fold(_need(r, "wrong", str, where))
        after, before = r.get("after") or None, r.get("unless_before") or None
        _rx(after, where, "after")
        _rx(before, where, "unless_before")
        rx = recache.compile(re.escape(wrong) + (f"(?={after})" if after else ""))
        out.append(Slip(wrong=wrong, right=fold(_need(r, "right", str, where)), after=after, unless_before=before,
                        unit=r["unit"], kind=r["kind"], source=_need(r, "source", str, where), rx=rx))
    return out


def load_shapes(path: Path) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for i, r in enumerate(_rows(path)):
        group = _need(r, "group", str, f"{path.name} row {i + 1}")
        _need(r, "source", str, f"{path.name} row {i + 1}")
        for ch in group:
            out.setdefault(ch, set()).update(c for c in group if c != ch)
    return {k: frozenset(v) for k, v in out.items()}


def _split_top(rx: str) -> list[str]:
    parts, depth, cur, esc, cls = [], 0, "", False, False
    for ch in rx:
        if esc:
            cur += ch
            esc = False
            continue
        if ch == "\\":
            esc = True
        elif cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        cur += ch
    return parts + [cur]


@lru_cache(maxsize=None)
def _needles(rx: str) -> tuple[str, ...]:
    """One necessary literal per top-level alternative of `rx` (its longest run of Chinese characters
    outside groups, classes and optional parts); empty when some alternative has none."""
    out = []
    for alt in _split_top(rx):
        flat = recache.sub(r"\\.", " ", alt)
        flat = recache.sub(r"\[[^\]]*\]", " ", flat)
        while recache.search(r"\([^()]*\)", flat):
            flat = recache.sub(r"\([^()]*\)", " ", flat)
        runs = [m.group(0) for m in recache.finditer(r"[\u4e00-\u9fff]+", flat)]
        runs = [r[:-1] if recache.match(r"[?*{]", flat[flat.index(r) + len(r):][:1]) else r for r in runs]
        runs = [r for r in runs if r]
        if not runs:
            return ()
        out.append(max(runs, key=len))
    return tuple(out)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from ..domain import calendar as C

    d = corpora_dir() / "formulas"
    return Lexicon(formulas=formulas_from(C.formulas(), "calendar/formulas.yaml"), titles=load_titles(d / "titles.tsv"),
                   periods=calendar_periods(), slips=load_slips(d / "slips.tsv"),
                   shapes=load_shapes(d / "shapes.tsv"))


PREFIX = "中华人民共和国"


@lru_cache(maxsize=1)
def title_index() -> dict[str, Title]:
    """Accepted title -> its record (laws with and without the 中华人民共和国 prefix)."""
    lex = lexicon()
    idx: dict[str, Title] = {}
    for t in lex.titles:
        for name in (t.title, *t.variants):
            idx.setdefault(name, t)
            if t.is_law or recache.search(r"法实施(?:条例|细则)$", name):
                idx.setdefault(PREFIX + name, t)
    return idx


@lru_cache(maxsize=1)
def known() -> frozenset[str]:
    """Every correct wording: formulas, their variants, titles (with and without the prefix)."""
    lex = lexicon()
    out = set(title_index())
    for f in lex.formulas:
        out.add(f.form)
        out.update(f.variants)
    return frozenset(out)


@lru_cache(maxsize=1)
def sounds() -> dict[str, str]:
    """Character -> toneless syllable of its main reading (corpora/formulas/sounds.tsv)."""
    out: dict[str, str] = {}
    for r in _rows(corpora_dir() / "formulas" / "sounds.tsv"):
        for ch in r["chars"]:
            out.setdefault(ch, r["syllable"])
    return out


def alike(a: str, b: str) -> str | None:
    """'音近' or '形近' when one character is a plausible slip for the other, else None."""
    if a in lexicon().shapes.get(b, ()):
        return "形近"
    sa = sounds().get(a)
    if sa is not None and sa == sounds().get(b):
        return "音近"
    return None


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba tokenizer that knows every formula and title as one word (built on first use)."""
    from ..resources import jieba_tokenizer

    return jieba_tokenizer([(w, 2000) for w in sorted(known())
                            if 2 <= len(w) <= 40 and not recache.search(r"[、,()“”\"]", w)])


def boundaries(text: str) -> set[int]:
    """Offsets in `text` where a jieba word starts or ends."""
    out = {0, len(text)}
    pos = 0
    for w in tokenizer().cut(text, HMM=False):
        pos += len(w)
        out.add(pos)
    return out
