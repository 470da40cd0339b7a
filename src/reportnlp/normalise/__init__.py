"""Normalisation with positions kept.

Step contract: needs `Source.text`; adds `Normalised.text` (simplified script, half-width
ASCII forms, Taiwan-phrase artefacts fixed, pinyin glosses removed) and a map from every
normalised character back to its offset in the original text. Newlines are never removed or
added, so line numbers are the same in both texts.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import reportnlp.recache as recache

_CJK = recache.compile(r"[\u4e00-\u9fff]")
# pinyin gloss after a character: 遠(yuǎn), 習(xí)
_PINYIN = recache.compile(r"(?<=[\u4e00-\u9fff])\((?:[a-zü]|[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]){1,7}\)")
# Taiwan-phrase artefacts of simplified->Taiwan converters (DOMAIN.md): 中國小 = 中小学, 國小 = 小学
_TW_FIXES = [("中国小", "中小学"), ("国小", "小学")]


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s, length-preserving: lines whose phrase conversion changes length are converted char by char."""
    cc = _t2s()
    out = cc.convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := cc.convert(ch)) == 1 else ch for ch in line)
        lines.append(conv)
    return "\n".join(lines)


def detect_script(text: str) -> str:
    cjk = _CJK.findall(text)
    if not cjk:
        return "simplified"
    sample = "".join(cjk[:20000])
    conv = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, conv) if a != b)
    return "traditional" if changed / len(sample) > 0.03 else "simplified"


# Invisible format characters: never part of the words or figures of a report, but pasted from web
# pages and PDFs they split numbers (1<U+00AD>00件 was read as 00件 = 0). Dropped, offsets kept.
INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
# Spaces that look like nothing or like a thousands gap: one of them between two digits joins them
# (1<U+00A0>000 = 1000, 1<U+3000>00件 = 100件); an ordinary space is left alone.
NUMBER_SPACES = frozenset("\u00a0\u2002\u2003\u2007\u2008\u2009\u200a\u202f\u3000")
_INVISIBLE_RX = recache.compile("[" + "".join(re.escape(c) for c in sorted(INVISIBLE)) + "]")
INVISIBLE_NAMES = {"\u00ad": "软连字符", "\u00a0": "不换行空格", "\u3000": "全角空格", "\u200b": "零宽空格",
                   "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u2060": "零宽不换行符", "\ufeff": "零宽不换行空格"}


def invisible_name(ch: str) -> str:
    """How a civil servant's editor would call the character: 软连字符 (U+00AD), or 方向控制符 (U+202E)."""
    name = INVISIBLE_NAMES.get(ch) or ("方向控制符" if ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                                           "\u2066\u2067\u2068\u2069" else "不可见字符")
    return f"{name}（U+{ord(ch):04X}）"


def _spaces_inside_numbers(text: str, orig: str, idx: list[int], drop: list[bool], removed: list) -> None:
    """Mark a single NUMBER_SPACES character between two digits (dropped characters skipped)."""
    if not any(ch in orig for ch in NUMBER_SPACES):
        return  # no such space anywhere: nothing to mark
    prev_digit = False  # the last kept character before i is a digit
    n = len(text)
    for i, c in enumerate(text):
        if drop[i]:
            continue
        if prev_digit and orig[idx[i]] in NUMBER_SPACES:
            j = i + 1
            while j < n and drop[j]:
                j += 1
            nxt = text[j] if j < n else ""
            after = text[j + 1] if j + 1 < n else ""
            # 1<U+3000>00, and the decimal point too: 856<U+3000>.42, 856.<U+3000>42
            if (nxt.isascii() and nxt.isdigit()) or (nxt == "." and after.isascii() and after.isdigit()):
                drop[i] = True
                removed.append((idx[i], orig[idx[i]]))
                continue
        prev_digit = (c.isascii() and c.isdigit()) or (c == "." and prev_digit)


def _fold_width(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if ch in "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff":
        return " " if ch != "\u200b" and ch != "\ufeff" else ch
    return ch


# _fold_width of every character it changes, as one table for str.translate (one character each)
_FOLD_WIDTH = {o: _fold_width(chr(o)) for o in (*range(0xFF01, 0xFF5F), *map(ord, "\u3000\xa0\u2002\u2003\u2009"))}


@dataclass
class Normalised:
    """The normalised text, its map back to the original offsets, and the script found."""

    orig: str
    text: str = ""
    omap: list[int] = field(default_factory=list)  # normalised index -> original index
    script: str = "simplified"
    line_starts: list[int] = field(default_factory=list)  # normalised offsets of line starts
    fixes: list[tuple[int, int, str, str]] = field(default_factory=list)  # (nstart, nend, was, now) artefacts repaired
    # invisible characters dropped (soft hyphens, zero-width and bidi marks anywhere; a no-break or
    # ideographic space between two digits): (original offset, character)
    removed: list[tuple[int, str]] = field(default_factory=list)

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text."""
        if not self.omap:
            return start, end
        n = len(self.omap)
        s = self.omap[min(start, n - 1)] if start < n else len(self.orig)
        e = self.omap[end - 1] + 1 if 0 < end <= n else (len(self.orig) if end > n else s)
        return s, max(s, e)

    def line_of(self, pos: int) -> int:
        """1-based line number of a normalised offset."""
        return bisect_right(self.line_starts, pos)

    def orig_slice(self, start: int, end: int) -> str:
        s, e = self.to_orig(start, end)
        return self.orig[s:e]

    def lines(self) -> list[str]:
        return self.text.split("\n")


def normalise(orig: str) -> Normalised:
    script = detect_script(orig)
    idx = list(range(len(orig)))
    # 1. traditional -> simplified (length preserving)
    text = to_simplified(orig) if script == "traditional" or _CJK.search(orig) else orig
    # 2. full-width ASCII, ideographic spaces
    text = text.translate(_FOLD_WIDTH)
    # 3. Taiwan-phrase artefacts (only when the source was converted from traditional)
    fixes: list[tuple[int, int, str, str]] = []
    if script == "traditional":
        for bad, good in _TW_FIXES:
            for m in recache.finditer(bad, text):
                if not any(a <= m.start() < b for a, b, _w, _n in fixes):
                    fixes.append((m.start(), m.end(), orig[idx[m.start()]:idx[m.end() - 1] + 1], good))
            text = text.replace(bad, good)
    # 4. drop pinyin glosses and zero-width characters (positions remapped)
    drop = [False] * len(text)
    for m in _PINYIN.finditer(text):
        for i in range(m.start(), m.end()):
            drop[i] = True
    removed: list[tuple[int, str]] = []  # (original offset, character) of invisible characters dropped
    for m in _INVISIBLE_RX.finditer(text):
        i, c = m.start(), m.group()
        drop[i] = True
        if c != "\ufeff" or i:  # a byte-order mark at the start is no news
            removed.append((idx[i], orig[idx[i]]))
    _spaces_inside_numbers(text, orig, idx, drop, removed)
    if any(drop):
        newpos = []
        k = 0
        for d in drop:
            newpos.append(k)
            k += 0 if d else 1
        newpos.append(k)
        fixes = [(newpos[a], newpos[b], w, n) for a, b, w, n in fixes]
        kept = [(c, j) for c, j, d in zip(text, idx, drop) if not d]
        text = "".join(c for c, _ in kept)
        idx = [j for _, j in kept]
    n = Normalised(orig=orig, text=text, omap=idx, script=script, fixes=sorted(fixes), removed=sorted(removed))
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    n.line_starts = starts
    return n
