"""Template language that is no copying between bureaus: the clauses of the tool's own draft
wording (`reportnlp draft`, draft/templates.yaml), whichever bureau's figures and name they carry.

A paragraph's *own* text is what is left when those clauses are taken out; copy detection compares
own texts, so two bureaus that both drafted with reportnlp are not a copy-paste pair, while a
sentence one of them copied from the other still is. Runs in the per-file work (the template
clauses are built once per worker, in the warmed worker server)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

import reportnlp.recache as recache

_ORG = "某县教育局"
_CLAUSE = recache.compile(r"[^，。；！？,;!?]+[，。；！？,;!?]?")
_NUM = recache.compile(r"\d+(?:\.\d+)?")
_AREA = recache.compile(r"(?:全|本|我)(?:县|区|市|旗)|(?:县|区|市|旗)(?=委|政府)")


@lru_cache(maxsize=1)
def _leadership_words() -> tuple[str, ...]:
    """The words the draft picks by the ending of the org's name (局党组, 党工委会议, 我局 …), from
    the draft's templates (domain data; the draft's code is not needed)."""
    from ..domain import load

    words = set()
    for entry in load("draft_templates").get("leadership", []):
        for k in ("party_body", "meetings", "we"):
            words |= {w for w in recache.split(r"[、]", str(entry.get(k) or "")) if len(w) >= 2}
    return tuple(sorted(words, key=len, reverse=True))


def _key(clause: str, names: tuple[str, ...]) -> str:
    """A clause with its figures, the bureau's own names, the draft's leadership words and its
    county/district word masked."""
    s = recache.sub(r"\s+", "", clause)
    for n in names + _leadership_words():
        if n:
            s = s.replace(n, "〇")
    s = _AREA.sub("〇", s)
    return _NUM.sub("0", s).rstrip("，。；！？,;!?")


def clauses(text: str) -> list[str]:
    return _CLAUSE.findall(text)


@lru_cache(maxsize=8)
def template_keys(year: int) -> frozenset[str]:
    """The masked clauses of every paragraph `reportnlp draft` writes for `year` (`_template_keys`),
    kept in the data cache under the hash of the package's code and data: composing them takes the
    worker server ~50 ms a year (two years are warmed) before any worker can start."""
    from ..resources import derived, package_inputs

    return frozenset(cast("list[str]", derived(f"template_keys{year}", package_inputs(), lambda: sorted(_template_keys(year)))))


def _template_keys(year: int) -> set[str]:
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
    return out


def _strings(x) -> list[str]:
    if isinstance(x, str):
        return [x]
    if isinstance(x, dict):
        return [s for v in x.values() for s in _strings(v)]
    if isinstance(x, list):
        return [s for v in x for s in _strings(v)]
    return []


@lru_cache(maxsize=1)
def template_pattern() -> re.Pattern | None:
    """Every clause of the draft wording in the domain data (draft_templates.yaml, draft_wording.yaml)
    as a pattern: its fixed words as written, each `{slot}` any short stretch. A clause with fewer
    than four fixed characters says nothing of its origin and is left out."""
    from ..domain import load

    alts = set()
    for name in ("draft_templates", "draft_wording"):
        try:
            data = load(name)
        except Exception:  # noqa: BLE001 - without the wording nothing is left out
            continue
        for text in _strings(data):
            # Jinja tags ({{ x }}, {% if %}) and format slots ({x}) each become one slot (\x00)
            text = recache.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{[^{}]*\}", "\x00", text.replace("\n", ""))
            for c in clauses(text):
                c = c.rstrip("，。；！？,;!?")
                if len(recache.sub(r"[^\u4e00-\u9fff]", "", c)) < 4:
                    continue
                alts.add(".{0,40}?".join(re.escape(p) for p in recache.split("\x00+", c)))
    if not alts:
        return None
    return recache.compile("|".join(f"(?:{a})" for a in sorted(alts, key=lambda a: (-len(a), a))))


def _is_template(clause: str, keys: frozenset[str], names: tuple[str, ...]) -> bool:
    if _key(clause, names) in keys:
        return True
    pat = template_pattern()
    return pat is not None and pat.fullmatch(clause.strip().rstrip("，。；！？,;!?")) is not None


def own_text(text: str, year: int | None, names: tuple[str, ...]) -> str:
    """`text` without the clauses of the tool's draft wording (figures and names masked)."""
    if not year:
        return text
    keys = template_keys(int(year))
    own = "".join(c for c in clauses(text) if not _is_template(c, keys, names))
    # what is left of a template paragraph may be its date or a connective (2024年，): no text of its own
    return own if recache.search(r"[\u4e00-\u9fff]{8}", own) else ""
