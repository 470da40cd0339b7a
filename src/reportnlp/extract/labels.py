"""A bureau's own metric labels: their words, how alike two labels are, what they point to.

Data files name figures in the bureau's words (`中心组学法`, `民办学校设立、变更审批`). This
module reads those words (jieba, with the catalogue's names and the cue words of
corpora/label_cues.yaml as user dictionary; imported only when data is used), measures how alike a
label is to a catalogue name or a phrase of the report (character bigrams), decides which group
of the report a label's figure belongs to (the cue nearest the label's end, i.e. the head of the
noun phrase), and which rows are parts of another row (`专项检查` under `行政检查`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import reportnlp.recache as recache
from ..resources import corpora_dir
from .metrics import catalogue

# A metric label (a data row's 指标 cell or a column header) longer than this is not a label but a
# pasted paragraph or a damaged cell: `datasets.load_data` names it in one line and does not use
# its figures (the sheet limits MAX_SHEET_CELLS/MAX_SHEET_ROWS sit beside it in datasets.py).
MAX_LABEL_CHARS = 200


@dataclass(frozen=True)
class Group:
    group: str
    name: str
    part: str
    verb: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Cues:
    suffixes: tuple[str, ...]
    total_modifiers: tuple[str, ...]
    part_prefixes: tuple[str, ...]
    leading_verbs: tuple[str, ...]
    groups: tuple[Group, ...]
    other_name: str


@lru_cache(maxsize=1)
def cues() -> Cues:
    """corpora/label_cues.yaml, checked on load (every group has a part, a verb and cues)."""
    import yaml  # not at import: a check without --data imports this module for quote() only

    with open(corpora_dir() / "label_cues.yaml", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if not isinstance(raw, dict) or not raw.get("source"):
        raise ValueError("label_cues.yaml: needs a source")
    groups = []
    for g in raw["groups"]:
        if not (g.get("group") and g.get("name") and g.get("part") and g.get("verb") and g.get("cues")):
            raise ValueError(f"label_cues.yaml: incomplete group {g!r}")
        groups.append(Group(str(g["group"]), str(g["name"]), str(g["part"]), str(g["verb"]), tuple(str(c) for c in g["cues"])))
    return Cues(tuple(sorted((str(s) for s in raw["suffixes"]), key=len, reverse=True)),
                tuple(str(s) for s in raw["total_modifiers"]), tuple(str(s) for s in raw["part_prefixes"]),
                tuple(str(s) for s in raw["leading_verbs"]), tuple(groups), str(raw["other_name"]))


@lru_cache(maxsize=1)
def _jieba():
    """A private tokenizer that knows the catalogue's names and the groups' cue words as words."""
    from ..resources import jieba_tokenizer

    names = [str(n) for m in catalogue() for n in [m["label"], *m.get("names", [])] if len(str(n)) >= 2]
    return jieba_tokenizer([*names, *(c for g in cues().groups for c in g.cues)])


def words(text: str) -> list[str]:
    """The label's words (jieba), punctuation dropped."""
    return [w for w in _jieba().lcut(text) if recache.search(r"[\w\u4e00-\u9fff]", w)]


_BRACKETS = recache.compile(r"[(（][^()（）]*[)）]")


def clean(label: str) -> str:
    """The label as it could stand in a sentence: no spaces, no unit in brackets, no 其中 prefix."""
    s = recache.sub(r"\s+", "", str(label))
    for p in cues().part_prefixes:
        if s.startswith(p) and len(s) > len(p) + 1:
            s = s[len(p):].lstrip("：:、")
            break
    return _BRACKETS.sub("", s).strip("：:") or s


def stem(label: str) -> str:
    """The label without counting words at its end (`学法次数` → `学法`)."""
    s = clean(label)
    for suf in cues().suffixes:
        if s.endswith(suf) and len(s) - len(suf) >= 2:
            return s[: -len(suf)]
    return s


def parts(label: str) -> list[str]:
    """A label naming several things (`设立、变更审批`) as its pieces, for quoting each on its own."""
    return [p for p in recache.split(r"[、，,]", clean(label)) if p]


def quote(label: str) -> str:
    """`“A”` — or `“A”“B”` for a label that lists items with 、 or ，."""
    ps = parts(label)
    return "".join(f"“{p}”" for p in ps) if len(ps) > 1 else f"“{clean(label)}”"


def _grams(s: str) -> set[str]:
    s = recache.sub(r"[^\w\u4e00-\u9fff]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else ({s} if s else set())


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def coverage(label: str, phrase: str) -> float:
    """Share of the label's bigrams found in a phrase of the report."""
    ga = _grams(label)
    return len(ga & _grams(phrase)) / len(ga) if ga else 0.0


def nearest_catalogue(label: str) -> tuple[str, str, float] | None:
    """The catalogue name most like the label: (name, metric id, similarity)."""
    s = stem(label)
    best = None
    for m in catalogue():
        for n in [m["label"], *m.get("names", [])]:
            n = str(n)
            if len(n) < 2:
                continue
            sc = max(similarity(s, n), similarity(s, stem(n)))
            if best is None or sc > best[2]:
                best = (m["label"], m["id"], sc)
    return best


def search_forms(label: str) -> list[tuple[str, float]]:
    """Forms to look for in the report, longest first, each with the share of the label it covers:
    the label as written, its stem, its pieces, then runs of its words (head words). A label
    longer than MAX_LABEL_CHARS has no forms (load_data names and drops it; the runs of words grow
    with the cube of the label's length)."""
    if len(str(label)) > MAX_LABEL_CHARS:
        return []
    full = stem(label)
    out: list[tuple[str, float]] = []
    seen = set()

    def add(form, cover):
        if len(form) >= 2 and form not in seen:
            seen.add(form)
            out.append((form, cover))

    add(clean(label), 1.0)
    add(full, 1.0)
    ps = [stem(p) for p in parts(label)]
    if len(ps) > 1:
        for p in ps:
            add(p, min(1.0, len(p) / max(len(full), 1) + 0.3))
    ws = words(full)
    n = len(ws)
    runs = []
    for size in range(n - 1, 0, -1):
        for i in range(0, n - size + 1):
            form = "".join(ws[i:i + size])
            if len(form) >= 3 or (size == 1 and len(form) >= 2 and i + size == n and n <= 3):
                runs.append((form, len(form) / max(len(full), 1)))
    runs.sort(key=lambda r: -len(r[0]))
    for form, cover in runs:
        add(form, cover)
    return out


def group_of(label: str, metric: str | None = None) -> Group | None:
    """The group a label's figure belongs to: the cue nearest the label's end (a longer cue wins a
    tie); catalogue names count as cues of their metric's group; `None` when no word says."""
    s = clean(label)
    best = None  # (end, length, group)
    by_id = {g.group: g for g in cues().groups}
    for g in cues().groups:
        for c in g.cues:
            pos = s.rfind(c)
            if pos >= 0:
                key = (pos + len(c), len(c))
                if best is None or key > best[0]:
                    best = (key, g)
    for m in catalogue():
        for n in [m["label"], *m.get("names", [])]:
            n = str(n)
            pos = s.rfind(n) if len(n) >= 2 else -1
            grp = by_id.get(m["group"]) or by_id.get({"legal_thought": "first_responsible"}.get(m["group"], ""))
            if pos >= 0 and grp is not None:
                key = (pos + len(n), len(n))
                if best is None or key > best[0]:
                    best = (key, grp)
    if best is None and metric:
        for m in catalogue():
            if m["id"] == metric:
                return by_id.get(m["group"])
    return best[1] if best else None


def head(label: str) -> str:
    """The head of the label: the longest cue word it ends with, else its last word."""
    s = stem(label)
    ends = [c for g in cues().groups for c in g.cues if s.endswith(c)]
    if ends:
        return max(ends, key=len)
    ws = words(s)
    return ws[-1] if ws else s


def is_total_label(label: str) -> bool:
    """`行政检查`, `检查总数`: the words before the head only say it is the whole (`行政`, `全年`)."""
    raw = clean(label)
    if any(w in raw for w in ("总数", "合计", "总计", "累计", "总量", "共计")):
        return True
    s = stem(label)
    mod = s[: len(s) - len(head(label))]
    if not mod:  # a bare head is a total only when it is a generic cue word (`检查`, `处罚`)
        return any(s == c for g in cues().groups for c in g.cues)
    while mod:
        for t in sorted(cues().total_modifiers, key=len, reverse=True):
            if mod.startswith(t):
                mod = mod[len(t):]
                break
        else:
            return False
    return True


def _same_unit(a: str | None, b: str | None) -> bool:
    from ..numbers import base_unit, same_class

    return a is None or b is None or same_class(base_unit(a), base_unit(b)) or base_unit(a) == base_unit(b)


def parts_of(rows) -> dict[int, list]:
    """Rows that are parts of another row, by the index of the total: a 其中 row or column
    (`parent`), or a row whose head word (or catalogue metric) is the total's and whose label
    only narrows it (`专项检查`, `日常巡查` under `行政检查`). Parts never add up to more than
    their total."""
    out: dict[int, list] = {}
    taken: set[int] = set()
    rows = list(rows)
    for i, r in enumerate(rows):
        if r.parent:
            for j, t in enumerate(rows):
                if j != i and t.label == r.parent and t.org == r.org and t.year == r.year and t.parent is None:
                    out.setdefault(j, []).append(r)
                    taken.add(i)
                    break
    for j, t in enumerate(rows):
        if j in taken or not is_total_label(t.label):
            continue
        h = head(t.label)
        total = t.value
        used = sum(p.value for p in out.get(j, []))
        for i, p in enumerate(rows):
            if i == j or i in taken or p.org != t.org or p.year != t.year or p.parent:
                continue
            if clean(p.label) == clean(t.label) or is_total_label(p.label):
                continue
            same = head(p.label) == h or (p.metric is not None and p.metric == t.metric)
            if not same or not _same_unit(p.unit, t.unit) or p.value > total or used + p.value > total + 1e-9:
                continue
            out.setdefault(j, []).append(p)
            taken.add(i)
            used += p.value
    return out


def group_name(group: str) -> str:
    return next((g.name for g in cues().groups if g.group == group), cues().other_name)


def is_catalogue_name(label: str, metric: str) -> bool:
    """The label is the catalogue's own wording of the metric (so a template sentence may carry it)."""
    for m in catalogue():
        if m["id"] == metric:
            names = {str(n) for n in [m["label"], *m.get("names", [])]}
            return clean(label) in names or stem(label) in names or clean(label) == metric
    return False
