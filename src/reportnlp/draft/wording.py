"""Which sentence a data row's figure takes, decided from the words of its own label.

A bureau's label is a noun phrase (`整改通知书`), a verb phrase (`聘任法治副校长`), a stock
(`持证执法人员`), a rate (`群众满意率`) … Each kind takes its own predicate: none when the label
already names the action, `下达`/`制发` for a document, `办理`/`查处`/`受理` for cases, `开展…活动`
for events, `现有` for a stock at year end, `达到` for a rate. The label is read with a private
jieba tokenizer and its POS tags; the predicates, head nouns and markers are domain data
(`domain/data/draft_wording.yaml`), not a list of labels.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import reportnlp.recache as recache
from ..domain import load
from ..extract.labels import clean, stem


@dataclass(frozen=True)
class Wording:
    kind: str  # rate | stock | document | case | activity | action | participants | money | count
    verb: str  # written before the label ('' when the label already says what was done)
    noun: str = ""  # written after the label (`活动` for an event the label does not name)
    why: str = ""  # the words that decided, for the trace


def vocab() -> dict:
    return load("draft_wording")


@lru_cache(maxsize=1)
def _pos():
    """A private jieba tokenizer (the global dictionary is never touched) and its POS tagger."""
    import jieba.posseg

    from ..resources import jieba_tokenizer

    V = vocab()
    words = set(V["action_verbs"]) | set(V["stock_marker"]["markers"]) | set(V["stock"]["heads"])
    for k in ("document", "activity", "money"):
        for e in V[k]["entries"]:
            words |= set(e.get("heads", []))
    words |= set(V["case"]["heads"]) | set(V["activity"]["event_heads"])
    tk = jieba_tokenizer([w for w in sorted(words) if len(w) >= 2],
                         tagged=[(w, "v") for w in V["action_verbs"] if len(w) >= 2])
    return jieba.posseg.POSTokenizer(tk)


def tagged(label: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in _pos().cut(label) if recache.search(r"[\w\u4e00-\u9fff]", p.word)]


def _ends(s: str, heads) -> str | None:
    hit = [h for h in heads if s.endswith(h)]
    return max(hit, key=len) if hit else None


def _starts(s: str, words) -> str | None:
    hit = [w for w in words if s.startswith(w)]
    return max(hit, key=len) if hit else None


def leading_action(label: str) -> str | None:
    """The verb the label starts with (after an adverb such as 已/累计), when it governs what
    follows: `聘任法治副校长` → 聘任, `已整改` → 整改; `执法检查`, `持证执法人员` → None."""
    V = vocab()
    s = label
    adv = _starts(s, V["adverbs"])
    if adv and len(s) > len(adv):
        s = s[len(adv):]
    if _starts(s, V["nominal_starts"]):
        return None
    known = _starts(s, V["action_verbs"])
    if known:
        return known
    ws = tagged(s)
    if len(ws) >= 2 and ws[0][1] == "v" and (ws[1][1][:1] == "n" or ws[1][1] == "vn") and len(ws[0][0]) >= 2:
        return ws[0][0]
    return None


def work(label: str, unit: str | None = None) -> str:
    """The label as the name of a work, without counting words or its unit (`培训人次` → 培训)."""
    s = stem(label)
    if unit and len(unit) >= 2 and s.endswith(unit) and len(s) - len(unit) >= 2:
        s = s[: -len(unit)]
    return s


def topic(label: str, unit: str | None = None) -> str:
    """What a label is about, without the verb it starts with: `受理投诉举报` → 投诉举报."""
    s = work(label, unit)
    V = vocab()
    adv = _starts(s, V["adverbs"])
    rest = s[len(adv):] if adv and len(s) > len(adv) else s
    v = leading_action(rest)
    return rest[len(v):] if v and len(rest) - len(v) >= 2 else s


def classify(label: str, unit: str | None, group_verb: str = "") -> Wording:
    """The kind of figure the label names and the predicate its sentence takes."""
    V = vocab()
    s = clean(label)
    st = stem(label)
    u = unit or ""
    for kind in V["order"]:
        if kind == "rate":
            if u == "%" or _ends(st, V["rate"]["suffixes"]) or _ends(s, V["rate"]["suffixes"]):
                return Wording("rate", V["rate"]["verb"], why=u if u == "%" else (_ends(st, V["rate"]["suffixes"]) or ""))
        elif kind == "stock_marker":
            m = _starts(s, V["stock_marker"]["markers"])
            if m:
                return Wording("stock", "" if m in V["stock_marker"]["written"] else V["stock_marker"]["verb"], why=m)
        elif kind == "occurrence":
            h = _ends(st, V["occurrence"]["heads"]) or next((c for c in V["occurrence"]["cues"] if c in s), None)
            if h:
                return Wording("occurrence", V["occurrence"]["verb"], why=h)
        elif kind == "document":
            for e in V["document"]["entries"]:
                h = _ends(st, e["heads"])
                if h:
                    done = _starts(s, V["document"]["issue_verbs"])
                    return Wording("document", "" if done else e["verb"], why=done or h)
        elif kind == "case":
            h = _ends(st, V["case"]["heads"])
            cue_hit = next((e for e in V["case"]["entries"] if any(c in s for c in e["cues"])), None)
            if h or (u in V["case"]["units"] and cue_hit and not leading_action(s)):
                done = _starts(s, V["case"]["case_verbs"])
                verb = "" if done else (cue_hit["verb"] if cue_hit else V["case"]["verb"])
                return Wording("case", verb, why=done or h or "")
        elif kind == "activity":
            A = V["activity"]
            h = _ends(st, A["event_heads"])
            if h or u in A["units"]:
                done = _starts(s, A["event_verbs"]) or leading_action(s)
                if done:
                    return Wording("activity", "", why=done)
                entry = next((e for e in A["entries"] if _ends(st, e["heads"])), None)
                noun = "" if h else A["noun"]
                return Wording("activity", entry["verb"] if entry else A["verb"], noun, why=h or u)
        elif kind == "action":
            v = leading_action(s) or _ends(st, V["ending_actions"])
            inner = next((m for m in V["inner_done"] if 0 < s.find(m) < len(s) - len(m)), None)
            # `公平竞争审查文件`, `双随机抽查企业`: the work named inside the label, its object after it
            inner = inner or next((w for w in V["nominal_ends"] if 0 < st.find(w) and st.find(w) + len(w) < len(st)
                                   and not _ends(st, V["case"]["heads"])), None)
            if v or inner:
                return Wording("action", "", why=v or inner or "")
            # `法律顾问审查合同`: a subject, its verb and its object already make the clause
            ws = tagged(s)
            k = next((n for n, (w, f) in enumerate(ws) if n > 0 and f == "v" and w in V["action_verbs"]
                      and w not in V["participants"]["cues"]), None)
            if k is not None and k < len(ws) - 1 and ws[k + 1][1][:1] not in ("v", "d", "p", "u") and ws[k - 1][1][:1] == "n":
                return Wording("action", "", why=ws[k][0])
        elif kind == "participants":
            P = V["participants"]
            cue = next((c for c in P["cues"] if c in s), None)
            if cue and u in P["units"] and not s.startswith(cue):
                return Wording("participants", P["verb"], why=cue)
        elif kind == "stock":
            h = _ends(st, V["stock"]["heads"])
            before = tagged(st[: -len(h)]) if h else []
            # `双随机抽查企业`: a verb right before the head makes the head its object, not a stock
            acted = bool(before) and (before[-1][1] == "v" or before[-1][0] in V["action_verbs"])
            if h and u in V["stock"]["units"] and not acted:
                return Wording("stock", V["stock"]["verb"], why=h)
        elif kind == "money":
            M = V["money"]
            if u in M["units"]:
                e = next((e for e in M["entries"] if any(h in st for h in e["heads"])), None)
                return Wording("money", e["verb"] if e else M["verb"], why=u)
        elif kind == "count":
            break
    # a label ending in the work itself (`合法性审查`), or holding the group's verb: the neutral verb
    end = _ends(st, V["nominal_ends"])
    if end or (group_verb and group_verb in s):
        return Wording("count", V["neutral_verb"], why=end or group_verb)
    return Wording("count", group_verb or V["neutral_verb"], why="group")
