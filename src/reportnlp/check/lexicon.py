"""The lexicon of fixed formulations (corpora/formulas/): formulas, titles, dated mentions, known slips.

Loaded once and checked against a small schema (a wrong or missing field names its file and entry),
then held as typed records. Everything here is read by the formulation rules RN301/RN303/RN310–RN313;
no rule keeps its own copy of a formula, a title or a year.

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

import yaml

from ..resources import corpora_dir


def _yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class LexiconError(ValueError):
    """A lexicon file does not follow its schema."""


def fold(s: str) -> str:
    """The checker's folding of an entry: no whitespace, full-width ASCII forms to half width."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch.isspace():
            continue
        out.append(chr(o - 0xFEE0) if 0xFF01 <= o <= 0xFF5E else ch)
    return "".join(out)


@dataclass(frozen=True, kw_only=True)
class Formula:
    form: str
    variants: tuple[str, ...] = ()
    near_miss: bool = True
    since: int | None = None
    scope: str | None = None  # regex of who the formula belongs to
    source: str


@dataclass(frozen=True, kw_only=True)
class Title:
    title: str  # laws without the 中华人民共和国 prefix
    level: str
    since: int | None = None
    until: int | None = None
    replaced_by: str | None = None
    variants: tuple[str, ...] = ()
    source: str

    @property
    def is_law(self) -> bool:
        return self.level in ("法律", "宪法")


@dataclass(frozen=True, kw_only=True)
class Period:
    id: str
    kind: str
    name: str
    pattern: re.Pattern
    since: int | None = None
    until: int | None = None
    instead: str | None = None
    history: re.Pattern | None = None
    retro: re.Pattern | None = None
    forward: re.Pattern | None = None
    severity: str = "error"
    unit: str = "RN301"
    source: str

    @property
    def needles(self) -> tuple[str, ...]:
        """Literal words one of which every match contains (a cheap test before the regex runs)."""
        return _needles(self.pattern.pattern)


@dataclass(frozen=True, kw_only=True)
class Slip:
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
    formulas: list[Formula] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    shapes: dict[str, frozenset[str]] = field(default_factory=dict)



_KINDS = {"pufa", "congress", "plenum", "outline", "term", "body"}
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
    if not v:
        return None
    try:
        return re.compile(v)
    except re.error as e:
        raise LexiconError(f"{where}: '{key}' is not a valid regex: {e}") from None


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#") and ln.strip()]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_formulas(path: Path) -> list[Formula]:
    allowed = {"form", "variants", "near_miss", "since", "scope", "source"}
    out = []
    for i, e in enumerate(_yaml(path) or []):
        where = f"{path.name} entry {i + 1}"
        if not isinstance(e, dict):
            raise LexiconError(f"{where}: not a mapping")
        if set(e) - allowed:
            raise LexiconError(f"{where}: unknown fields {sorted(set(e) - allowed)}")
        form = fold(str(_need(e, "form", str, where)))
        variants = e.get("variants") or []
        if not isinstance(variants, list):
            raise LexiconError(f"{where}: 'variants' must be a list")
        out.append(Formula(form=form, variants=tuple(fold(str(v)) for v in variants),
                           near_miss=bool(e.get("near_miss", True)), since=_year(e.get("since"), where, "since"),
                           scope=e.get("scope"), source=_need(e, "source", str, where)))
        _rx(e.get("scope"), where, "scope")
    return out


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
    origin = "LawRefBook/Laws" if e["source"].startswith("LawRefBook/Laws") else re.split(r"[（；]", e["source"])[0]
    return f"《{e['title']}》" + "，".join(bits) + f"；来源：{origin}"


def load_laws() -> list[Title]:
    """National laws and regulations of domain/data/calendar/laws.yaml as title records: since is the
    report year of the first adoption (or entry into force when that is all the source gives), until the
    last report year before the repeal (see _law_year)."""
    from .. import domain

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
                         source=_law_cite(e)))
    return out


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


def load_periods(path: Path) -> list[Period]:
    allowed = {"id", "kind", "name", "pattern", "since", "until", "instead", "history", "retro", "forward",
               "severity", "unit", "source"}
    out = []
    for i, e in enumerate(_yaml(path) or []):
        where = f"{path.name} entry {i + 1}"
        if e.get("unit", "RN301") not in ("RN301", "RN314"):
            raise LexiconError(f"{where}: unit must be RN301 or RN314")
        if set(e) - allowed:
            raise LexiconError(f"{where}: unknown fields {sorted(set(e) - allowed)}")
        if e.get("kind") not in _KINDS:
            raise LexiconError(f"{where}: kind {e.get('kind')!r} not one of {sorted(_KINDS)}")
        since, until = _year(e.get("since"), where, "since"), _year(e.get("until"), where, "until")
        if since is None and until is None:
            raise LexiconError(f"{where}: needs 'since' or 'until'")
        if e.get("severity", "error") not in ("error", "warning", "info"):
            raise LexiconError(f"{where}: bad severity")
        out.append(Period(id=_need(e, "id", str, where), kind=e["kind"], name=_need(e, "name", str, where),
                          pattern=_rx(_need(e, "pattern", str, where), where, "pattern"), since=since, until=until,
                          instead=e.get("instead"), history=_rx(e.get("history"), where, "history"),
                          retro=_rx(e.get("retro"), where, "retro"), forward=_rx(e.get("forward"), where, "forward"),
                          severity=e.get("severity", "error"), unit=e.get("unit", "RN301"),
                          source=_need(e, "source", str, where)))
    return out


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
        rx = re.compile(re.escape(wrong) + (f"(?={after})" if after else ""))
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
        flat = re.sub(r"\\.", " ", alt)
        flat = re.sub(r"\[[^\]]*\]", " ", flat)
        while re.search(r"\([^()]*\)", flat):
            flat = re.sub(r"\([^()]*\)", " ", flat)
        runs = [m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]+", flat)]
        runs = [r[:-1] if re.match(r"[?*{]", flat[flat.index(r) + len(r):][:1]) else r for r in runs]
        runs = [r for r in runs if r]
        if not runs:
            return ()
        out.append(max(runs, key=len))
    return tuple(out)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    d = corpora_dir() / "formulas"
    return Lexicon(formulas=load_formulas(d / "formulas.yaml"), titles=load_titles(d / "titles.tsv"),
                   periods=load_periods(d / "periods.yaml"), slips=load_slips(d / "slips.tsv"),
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
            if t.is_law or re.search(r"法实施(?:条例|细则)$", name):
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
    out = {}
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
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for w in sorted(known()):
        if 2 <= len(w) <= 40 and not re.search(r"[、,()“”\"]", w):
            tk.add_word(w, freq=2000)
    return tk


def boundaries(text: str) -> set[int]:
    """Offsets in `text` where a jieba word starts or ends."""
    out = {0, len(text)}
    pos = 0
    for w in tokenizer().cut(text, HMM=False):
        pos += len(w)
        out.add(pos)
    return out
