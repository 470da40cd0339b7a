"""Template language that is no copying between bureaus: the clauses of the tool's own draft
wording (`reportnlp draft`, draft/templates.yaml), whichever bureau's figures and name they carry.

A paragraph's *own* text is what is left when those clauses are taken out; copy detection compares
own texts, so two bureaus that both drafted with reportnlp are not a copy-paste pair, while a
sentence one of them copied from the other still is. Runs in the per-file work (the template
clauses are built once per worker, in the warmed worker server)."""
from __future__ import annotations

import re
from functools import lru_cache

_ORG = "某县教育局"
_CLAUSE = re.compile(r"[^，。；！？,;!?]+[，。；！？,;!?]?")
_NUM = re.compile(r"\d+(?:\.\d+)?")
_AREA = re.compile(r"(?:全|本|我)(?:县|区|市|旗)|(?:县|区|市|旗)(?=委|政府)")


@lru_cache(maxsize=1)
def _leadership_words() -> tuple[str, ...]:
    """The words the draft picks by the ending of the org's name (局党组, 党工委会议, 我局 …)."""
    from ..draft.compose import templates

    words = set()
    for entry in templates().get("leadership", []):
        for k in ("party_body", "meetings", "we"):
            words |= {w for w in re.split(r"[、]", str(entry.get(k) or "")) if len(w) >= 2}
    return tuple(sorted(words, key=len, reverse=True))


def _key(clause: str, names: tuple[str, ...]) -> str:
    """A clause with its figures, the bureau's own names, the draft's leadership words and its
    county/district word masked."""
    s = re.sub(r"\s+", "", clause)
    for n in names + _leadership_words():
        if n:
            s = s.replace(n, "〇")
    s = _AREA.sub("〇", s)
    return _NUM.sub("0", s).rstrip("，。；！？,;!?")


def clauses(text: str) -> list[str]:
    return _CLAUSE.findall(text)


@lru_cache(maxsize=8)
def template_keys(year: int) -> frozenset[str]:
    """The masked clauses of every paragraph `reportnlp draft` writes for `year`: the draft without
    data (opening, fixed parts) and every template sentence rendered with every metric given, and
    with every metric 0 (the words that depend on the kind of org are masked). Rendered from
    draft/templates.yaml directly: composing a draft from data rows would load a jieba dictionary
    (labels of the rows), a second or more in every worker."""
    from ..draft.compose import _Values, compose, context, render_sentences, templates
    from ..extract.metrics import catalogue

    texts = []
    try:
        texts.append(compose([], _ORG, year).text())
        T = templates()
        full = _Values({m["id"]: "12" + ((m.get("units") or [""])[0]) for m in catalogue()})
        for ctx in (context(_ORG, year, full), context(_ORG, year, _Values(), zero={m["id"] for m in catalogue()})):
            for g in T["measures"]:
                texts += [g["heading"], render_sentences(g["sentences"], ctx)]
            for part in ("shortcomings", "first_responsible", "next_year", "other"):
                texts.append(render_sentences(T[part], ctx))
    except Exception:  # noqa: BLE001 - the draft wording unknown: nothing is left out
        pass
    out = set()
    for text in texts:
        for line in text.split("\n"):
            for c in clauses(line):
                k = _key(c, (_ORG, _ORG[:2], _ORG[2:]))
                if len(k) >= 4:
                    out.add(k)
    return frozenset(out)


def own_text(text: str, year: int | None, names: tuple[str, ...]) -> str:
    """`text` without the clauses of the tool's draft wording (figures and names masked)."""
    if not year:
        return text
    keys = template_keys(int(year))
    return "".join(c for c in clauses(text) if _key(c, names) not in keys)
