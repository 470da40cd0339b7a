"""Which figures form a total-and-parts relation, read from the wording alone (issue 25).

`candidates()` lists every structure the wording allows: for each cue (其中, 分别为, a bracket,
按…分, `28件合同中`, a trailing 共计) the list it opens, as the wording closes it
(sum._language_list), paired with each figure that could be its total. `features()` describes a
candidate by its language only — the cue, where the total stands (same sentence, nearest,
marked by 共/合计, before a bracket), the punctuation between, unit classes, shared words of the
labels, where the list ends — and never by whether the numbers add up. `StructureScorer` is
the logistic regression trained on corpora/relations/passages.yaml by
scripts/train_structure_scorer.py, read from models/structure_scorer.json with plain Python.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

import reportnlp.recache as recache
from ...extract.claims import Claim
from ...numbers import family, same_class
from ...resources import models_dir
from . import sum as S
from .lexicon import lexicon

MODEL_NAME = "structure_scorer.json"


@dataclass
class Candidate:
    """A total/parts reading of a passage, before the scorer decides."""

    cue: str  # list | bracket | dimension | of | trailing
    marker: str
    total: Claim
    parts: list[Claim]
    primary: bool  # the total the cue's grammar names (vs any earlier figure)
    rank: int  # 0 = the nearest candidate total of this list
    end: int  # 0 = the list ends with its first sentence; 1, 2 = runs on over a 。
    complete: bool
    cut: Claim | None = None  # the first figure left out when the list is cut short of the wording's end
    feats: dict[str, float] = field(default_factory=dict)


def _label(c: Claim, text: str) -> str:
    return S._label(c, text)


def _bigrams(s: str) -> set[str]:
    s = recache.sub(r"[^\u4e00-\u9fff]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def features(cand: Candidate, text: str) -> dict[str, float]:
    lex = lexicon()
    t, parts = cand.total, cand.parts
    f: dict[str, float] = {f"cue={cand.cue}": 1.0, f"marker={cand.marker}": 1.0}
    f["primary"] = float(cand.primary)
    f[f"rank={min(cand.rank, 2)}"] = 1.0
    f[f"end={cand.end}"] = 1.0
    f["complete"] = float(cand.complete)
    first = parts[0]
    after_total = t.nend <= first.nstart
    gap = text[t.nend:first.nstart] if after_total else text[parts[-1].nend:t.nstart]
    f["total_after_parts"] = float(not after_total)
    f["trailing_own_subject"] = float(not after_total and S._own_subject(text, parts[-1].nend, t.nstart))
    f["gap_period"] = float("。" in gap)
    f["gap_newline"] = float("\n" in gap)
    f["gap_semicolon"] = float(";" in gap)
    f["gap_comma"] = float("," in gap)
    f["gap_figure"] = float(bool(recache.search(r"\d", gap)))
    n = len(gap)
    f["dist<=6" if n <= 6 else "dist<=20" if n <= 20 else "dist<=60" if n <= 60 else "dist>60"] = 1.0
    before = text[max(0, t.nstart - 20):t.nstart]
    f["total_marker"] = float(bool(lex.total_marker.search(recache.split(r"[,;。\n]", before)[-1] + "")))
    f["total_change"] = float(bool(lex.change.search(text[max(0, t.nstart - 8):t.nstart])))
    f["total_approx"] = float(t.approx)
    f["parts_approx"] = float(any(p.approx for p in parts))
    f["total_in_bracket_list"] = float(text[t.nend:t.nend + 1] == "(")
    f["class_same"] = float(all(S._klass(p) == S._klass(t) for p in parts if p.unit))
    f["class_generic"] = float(any(S._generic(p) for p in parts) or S._generic(t))
    f["class_other"] = float(not all(same_class(p.unit, t.unit) for p in parts))
    f["money"] = float(family(t.unit) == "money")
    tl = _bigrams(_label(t, text))
    pl = set().union(*(_bigrams(_label(p, text)) for p in parts))
    f["label_overlap"] = float(bool(tl & pl))
    f["subset_words"] = float(bool(lex.subset_words.search("".join(_label(p, text) for p in parts))))
    f["partition_words"] = float(bool(lex.partition_words.search("".join(_label(p, text) for p in parts))))
    k = len(parts)
    f["parts=1" if k == 1 else "parts=2" if k == 2 else "parts>=3"] = 1.0
    tail = text[parts[-1].nend:parts[-1].nend + 3]
    f["list_end_period"] = float(bool(recache.match(r"\s*[。\n]|\s*$", tail)))
    f["list_end_etc"] = float(bool(lex.incomplete_after.search(tail)))
    if cand.cut is None:
        f["cut=none"] = 1.0
    else:  # a shorter list than the wording's: what stands where it would end
        nxt = cand.cut
        between = text[parts[-1].nend:nxt.nstart]
        f["cut=semicolon" if ";" in between else "cut=comma" if "," in between else "cut=other"] = 1.0
        f["cut_next_sibling"] = float(bool(_bigrams(_label(nxt, text)) & tl))
        f["cut_next_predicate"] = float(bool(recache.match(r"[,;]\s*[^,;。\d]{0,2}(?:均|全部|已|并)", text[nxt.nend:nxt.nend + 4])))
    return f


def _prev_context(history, ln):
    return [c for ln2, cs in history[-2:] if ln - ln2 <= 4 for c in cs]


def candidates(claims: list[Claim], text: str) -> list[Candidate]:
    """Every structure the wording allows, each with its language features."""
    out: list[Candidate] = []
    by_line: dict[int, list[Claim]] = {}
    for c in claims:
        if not c.in_table and c.value is not None:
            by_line.setdefault(c.line, []).append(c)
    history: list[tuple[int, list[Claim]]] = []
    listed: set[int] = set()
    for ln in sorted(by_line):
        para = by_line[ln]
        prev = _prev_context(history, ln)
        ps = text.rfind("\n", 0, para[0].nstart) + 1
        pe = text.find("\n", para[0].nstart)
        pe = len(text) if pe < 0 else pe
        br = S._brackets(text, ps, pe)
        cues = S._cues(text, ps, pe, para, br)
        starts = [q.start for q in cues if q.kind in ("list", "dimension")]
        for cue in cues:
            run = S._run(cue, para, text, br, starts)
            if not run.items:
                continue
            run_ids = {id(it.claim) for it in run.items}
            used = set(listed)  # figures an earlier list holds are parts, not totals (as the checker reads them)
            listed.update(id(it.claim) for it in run.items if it.sent == 0)
            if run.too_long:
                continue  # not judged by the checker either (MAX_LIST_PARTS)
            for klass, fam, items in S._groups(run.items, cue):
                if not items or (klass is None and fam != "bare"):
                    continue
                if fam == "bare":
                    primary, alternatives = S._candidates(cue, None, "count", para, prev, text, ps, run_ids, used)
                else:
                    primary, alternatives = S._candidates(cue, klass, fam, para, prev, text, ps, run_ids, used)
                ends: list[list[Claim]] = []
                for k in range(3):
                    lst = S._language_list([it for it in items if it.sent <= k], text)
                    if lst and (not ends or len(lst) > len(ends[-1])):
                        ends.append(lst)
                for rank, t in enumerate(primary + alternatives):
                    for e, lst in enumerate(ends):
                        cand = Candidate(cue.kind, cue.marker, t, lst, t in primary, rank, e,
                                         S._complete(lst, text, cue, pe))
                        cand.feats = features(cand, text)
                        out.append(cand)
                    # shorter lists, ending at a comma or ; inside the wording's list: rivals to learn from
                    lst = ends[0]
                    for j in range(1, len(lst)):
                        if recache.search(r"[,;]", text[lst[j - 1].nend:lst[j].nstart]):
                            cand = Candidate(cue.kind, cue.marker, t, lst[:j], t in primary, rank, 0,
                                             S._complete(lst[:j], text, cue, pe), cut=lst[j])
                            cand.feats = features(cand, text)
                            out.append(cand)
        history.append((ln, para))
    out += _trailing(claims, text)
    return out


def _trailing(claims: list[Claim], text: str) -> list[Candidate]:
    """`A 46件、B 152件、C 38件,合计236件`: the figures before a marked total in its sentence."""
    out = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or not c.value:
            continue
        if not recache.search(r"(?:共计|合计|总计|累计|总共|[,;、]\s*共)[^,;。\d]{0,6}$", text[max(0, c.nstart - 10):c.nstart]):
            continue
        ss = max(text.rfind("。", 0, c.nstart), text.rfind("\n", 0, c.nstart), text.rfind(":", 0, c.nstart)) + 1
        parts = [d for d in claims[:i] if d.nstart >= ss and not d.in_table and d.unit not in (None, "%")
                 and same_class(d.unit, c.unit)]
        if len(parts) < 2:
            continue
        cand = Candidate("trailing", "合计", c, parts, True, 0, 0, True)
        cand.feats = features(cand, text)
        out.append(cand)
    return out


class StructureScorer:
    """P(the candidate is the relation the wording states), from a JSON logistic regression."""

    def __init__(self, exported: dict):
        self.weights: dict[str, float] = exported["weights"]
        self.intercept: float = exported["intercept"]
        self.threshold: float = exported.get("threshold", 0.5)

    def __call__(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def load_scorer() -> StructureScorer | None:
    path = models_dir() / MODEL_NAME
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        return StructureScorer(json.load(fh))


def accepts(cue_kind: str, marker: str, total: Claim, parts: list[Claim], rank: int, complete: bool, text: str) -> bool:
    """sum.Accept: whether the wording makes `total` the whole of `parts` (true without a shipped model)."""
    scorer = load_scorer()
    if scorer is None:
        return True
    cand = Candidate(cue_kind, marker, total, parts, True, rank, 0, complete)
    return scorer(features(cand, text)) >= scorer.threshold
