"""Near-misses of the lexicon's fixed formulas and titles: one character wrong, missing or extra.

Candidates come from a single pass over the text: every phrase is split in two halves and one edit
leaves at least one half intact, so a window is only examined where a half of some phrase occurs
(an index by the half's first two characters). A window one edit from a phrase is reported when
- a substitution swaps two characters that sound alike (sounds.tsv) or look alike (shapes.tsv);
- a missing or extra character lies strictly inside a phrase of six characters or more, and is
  neither punctuation nor a particle (的、和、与 … are grammar, not slips);
- it is not itself a correct wording of the lexicon;
- it starts and ends on word boundaries of jieba (with the lexicon as user dictionary), so that a
  correct word sharing characters (宪法宣传教育 beside 法治宣传教育) never fires. jieba is loaded
  only when a candidate reaches this last test.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from . import lexicon as L

PUNCT = set("、,，。;；:：“”\"'()（）《》〈〉·-—–_ .!?！？[]【】")
PARTICLES = set("的地得和与及或之等并了着在对")


class Phrase(NamedTuple):
    text: str
    canonical: str  # the form this phrase is an accepted wording of
    what: str  # formula | title


class NearMiss(NamedTuple):
    start: int
    end: int
    found: str
    right: str  # the phrase the text is one edit from
    canonical: str
    kind: str  # 错字 | 缺字 | 多字
    how: str | None  # 音近 | 形近 for a substitution
    what: str


@lru_cache(maxsize=1)
def phrases() -> list[Phrase]:
    lex = L.lexicon()
    out: dict[str, Phrase] = {}
    for f in lex.formulas:
        if not f.near_miss:
            continue
        for p in (f.form, *f.variants):
            if len(p) >= 5:
                out.setdefault(p, Phrase(text=p, canonical=f.form, what="formula"))
    for t in lex.titles:
        for p in (t.title, *t.variants):
            if len(p) >= 7:
                out.setdefault(p, Phrase(text=p, canonical=t.title, what="title"))
    return list(out.values())


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[dict[str, list[tuple[str, int, bool]]], list[tuple[str, int, bool]]]]:
    """Halves of every phrase keyed by their first two characters, then by the third (two-character
    halves apart), so that a common pair such as 法治 leads to few halves to compare."""
    idx: dict[str, tuple[dict, list]] = {}
    for i, p in enumerate(phrases()):
        h = len(p.text) // 2
        for half, head in ((p.text[:h], True), (p.text[h:], False)):
            if len(half) < 2:
                continue
            by_third, short = idx.setdefault(half[:2], ({}, []))
            if len(half) == 2:
                short.append((half, i, head))
            else:
                by_third.setdefault(half[2], []).append((half, i, head))
    return idx


def edit1(w: str, p: str) -> tuple[str, int, str] | None:
    """How `w` is one edit from `p`: (kind, position in p, the character of w or p involved)."""
    n, m = len(p), len(w)
    i = 0
    while i < min(n, m) and w[i] == p[i]:
        i += 1
    if m == n:
        if i < n and w[i + 1:] == p[i + 1:]:
            return "错字", i, w[i]
    elif m == n - 1:
        if w[i:] == p[i + 1:]:
            return "缺字", i, p[i]
    elif m == n + 1:
        if w[i + 1:] == p[i:]:
            return "多字", i, w[i]
    return None


def judge(w: str, p: Phrase) -> tuple[str, str | None] | None:
    """(kind, how) when window `w` is a reportable slip of phrase `p`, else None."""
    if "\n" in w or w in L.known():
        return None
    e = edit1(w, p.text)
    if e is None:
        return None
    kind, i, ch = e
    n = len(p.text)
    if kind == "错字":
        right = p.text[i]
        if ch in PUNCT or right in PUNCT or ch.isascii() or right.isascii():
            return None
        how = L.alike(ch, right)
        return (kind, how) if how else None
    if ch in PUNCT or ch in PARTICLES or ch.isascii() or n < 6:
        return None
    last = n - 1 if kind == "缺字" else n
    if not 0 < i < last:
        return None  # only inside a formula: at its edge it is just the neighbouring text
    return kind, None


def candidates(text: str) -> list[NearMiss]:
    """Near-misses before the word-boundary test, longest phrase first at each place."""
    idx = _index()
    ph = phrases()
    found: dict[tuple[int, int], NearMiss] = {}
    N = len(text)
    for j in range(N - 1):
        hit = idx.get(text[j:j + 2])
        if not hit:
            continue
        lst = hit[0].get(text[j + 2:j + 3], ())
        if hit[1]:
            lst = [*hit[1], *lst]
        for half, pi, head in lst:
            if not text.startswith(half, j):
                continue
            p = ph[pi]
            n = len(p.text)
            if head:
                if text.startswith(p.text, j):
                    continue
                # one edit keeps the last character at one of three places, or changes only it
                last = p.text[-1]
                if last not in text[j + n - 2:j + n + 1] and not text.startswith(p.text[:-1], j):
                    continue
                wins = [(j, j + k) for k in (n, n - 1, n + 1)]
            else:
                t0 = j + len(half)
                if text.startswith(p.text, t0 - n):
                    continue
                first = p.text[0]
                if first not in text[max(0, t0 - n - 1):max(0, t0 - n + 2)] and \
                        not text.startswith(p.text[1:], t0 - n + 1):
                    continue
                wins = [(t0 - k, t0) for k in (n, n - 1, n + 1)]
            for s, t in wins:
                if s < 0 or t > N:
                    continue
                w = text[s:t]
                res = judge(w, p)
                if res is None:
                    continue
                old = found.get((s, t))
                if old is None or len(old.right) < n:
                    found[(s, t)] = NearMiss(start=s, end=t, found=w, right=p.text, canonical=p.canonical,
                                             kind=res[0], how=res[1], what=p.what)
    out = sorted(found.values(), key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[NearMiss] = []
    for c in out:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept


def near_misses(text: str, line_starts: list[int] | None = None) -> list[NearMiss]:
    """Near-misses that also sit on jieba word boundaries of their line."""
    cands = candidates(text)
    if not cands:
        return []
    out = []
    for c in cands:
        # words around the candidate, within its line: a dozen characters each side settle the boundaries
        ls = max(text.rfind("\n", 0, c.start) + 1, c.start - 12)
        le = text.find("\n", c.end)
        le = min(len(text) if le < 0 else le, c.end + 12)
        bounds = L.boundaries(text[ls:le])
        if c.start - ls in bounds and c.end - ls in bounds:
            out.append(c)
    return out
