"""Render Word auto-numbering labels (numbering.xml) as Word shows them.

python-docx's `paragraph.text` drops these labels; reports rely on them for `一、` / `（一）`.
Supports numFmt decimal, chineseCounting, chineseCountingThousand, ideographTraditional,
decimalEnclosedCircle(Chinese), upper/lowerLetter, upper/lowerRoman, decimalFullWidth,
bullet/none; level texts such as `%1、` or `（%2）`; start values, lvlOverride/startOverride,
lvlRestart, and the reset of deeper levels.
"""
from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN_DIGITS = "零一二三四五六七八九"


def chinese_counting(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + CN_DIGITS[rest]
        return head + (CN_DIGITS[rest // 10] + "十" + (CN_DIGITS[rest % 10] if rest % 10 else ""))
    return str(n)


MAX_LABEL_VALUE = 32767  # Word's own limit for a list number; larger values are shown as digits


def _roman(n: int) -> str:
    if not 0 < n <= 3999:  # no Roman numeral without overlines; a hostile start stays cheap
        return str(n)
    out = []
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        q, n = divmod(n, v)
        out.append(s * q)
    return "".join(out)


def _letter(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA, 53 -> AAA (Word repeats the letter); digits past 780 (30 letters)."""
    if not 0 < n <= 780:
        return str(n)
    n -= 1
    return chr(ord("A") + n % 26) * (n // 26 + 1)


def _int(v, default: int = 0) -> int:
    """An integer attribute of numbering.xml, clamped to what Word accepts (hostile values stay cheap)."""
    try:
        x = int(str(v).strip()[:12])
    except (TypeError, ValueError):
        return default
    return max(-MAX_LABEL_VALUE, min(MAX_LABEL_VALUE, x))


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_counting(n)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("decimalEnclosedParen",) and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class Level:
    """One level of a Word numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart
    legal: bool = False
    suff: str = "tab"


@dataclass
class NumberingRenderer:
    """Renders Word's automatic numbering labels as the reader sees them."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    level_overrides: dict[str, dict[int, Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _started_nums: set = field(default_factory=set)

    @classmethod
    def from_element(cls, numbering_el) -> "NumberingRenderer":
        r = cls()
        if numbering_el is None:
            return r
        for an in numbering_el.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            r.abstract[aid] = {_int(lv.get(W + "ilvl", "0")): _parse_level(lv) for lv in an.findall(W + "lvl")}
        for num in numbering_el.iter(W + "num"):
            nid = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            r.nums[nid] = ref.get(W + "val")
            for ov in num.findall(W + "lvlOverride"):
                il = _int(ov.get(W + "ilvl", "0"))
                so = ov.find(W + "startOverride")
                if so is not None:
                    r.overrides.setdefault(nid, {})[il] = _int(so.get(W + "val", "1"), 1)
                lv = ov.find(W + "lvl")
                if lv is not None:
                    r.level_overrides.setdefault(nid, {})[il] = _parse_level(lv)
        return r

    def _level(self, nid: str, ilvl: int) -> Level | None:
        lv = self.level_overrides.get(nid, {}).get(ilvl)
        if lv is not None:
            return lv
        aid = self.nums.get(nid)
        if aid is None:
            return None
        return self.abstract.get(aid, {}).get(ilvl)

    def label(self, num_id: str | int | None, ilvl: int | None) -> str | None:
        """Advance the counters for one numbered paragraph and return its label text."""
        if num_id is None:
            return None
        nid = str(num_id)
        if nid == "0" or nid not in self.nums:
            return None
        ilvl = int(ilvl or 0)
        lv = self._level(nid, ilvl)
        if lv is None:
            return None
        key = self.nums[nid]  # lists sharing an abstractNum continue each other
        ctr = self.counters.setdefault(key, {})
        if nid not in self._started_nums:
            self._started_nums.add(nid)
            for il, start in self.overrides.get(nid, {}).items():
                ctr[il] = start - 1
                for deeper in [k for k in ctr if k > il]:
                    del ctr[deeper]
        ctr[ilvl] = ctr.get(ilvl, lv.start - 1) + 1
        for deeper in [k for k in ctr if k > ilvl]:
            dl = self._level(nid, deeper)
            if dl is None or dl.restart is None or dl.restart > ilvl:
                del ctr[deeper]
        if lv.fmt == "none":
            return ""
        if lv.fmt == "bullet":
            return lv.text
        out = lv.text
        for k in range(9, -1, -1):
            token = f"%{k + 1}"
            if token in out:
                kl = self._level(nid, k) or Level()
                val = ctr.get(k, kl.start)
                fmt = "decimal" if (lv.legal and k != ilvl) else kl.fmt
                out = out.replace(token, format_number(val, fmt))
        return out + (" " if lv.suff == "space" else "")


def _parse_level(lv) -> Level:
    def val(tag, default=None):
        el = lv.find(W + tag)
        return el.get(W + "val", default) if el is not None else default

    restart = val("lvlRestart")
    return Level(
        start=_int(val("start", "1") or 1, 1),
        fmt=val("numFmt", "decimal") or "decimal",
        text=val("lvlText", "") or "",
        restart=_int(restart) if restart is not None else None,
        legal=lv.find(W + "isLgl") is not None,
        suff=val("suff", "tab") or "tab",
    )
