"""Who wrote a document: the organisation read from every place the document names itself.

Candidates, each with its source and weight: the title (3), an issuing line above the title
(`松岭县交通运输局文件`, 3), the signature block (2.5), the subject of an opening clause (2), a
place-led title of a government's own report (`云溪区2023年法治政府建设情况报告`, 2), the body's
self-word with the unit named in the body (`我镇` + `桃溪镇党委` → 桃溪镇人民政府, 1.5), and the page's
发布机构 (1). Names are cleaned first: site tags (【部门文件】), spaces, 文件 and a bracketed second
name are dropped, and a doubled character that breaks a known name (`县县`, `局局`) is repaired.
A short name (`县司法局`) is completed from a full candidate of the same body or from the one place
of its level the text names (`鹤岭县委` → 鹤岭县司法局). Placeholders (XX县, **区) and a text that only
says 我局 give no organisation, with the reason. The vocabulary is in domain/data/orgs.yaml.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import reportnlp.recache as recache
from ..domain import load
from .evidence import Evidence

_PLACEHOLDER = recache.compile(r"[XxＸｘ×*＊]|某|_{2,}|○○|〇〇|\?\?")
_DOC_NUMBER = recache.compile(r"[〔\[［(（]\s*20\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号|第\s*\d+\s*号$")
# words before a body's name that make it another body (向…移送, 与…联合, 协助…, a list 、…)
_PEER_BEFORE = recache.compile(r"(?:[向与和、同赴及]|协助|联合|会同|配合)$")
_DATE = recache.compile(r"^\s*(?:20\d{2}|[〇零一二三四五六七八九○]{4})\s*年.{0,6}月.{0,6}日?\s*$|^\s*20\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s*$")


class Vocab(NamedTuple):
    levels: tuple[tuple[str, str], ...]  # (word, level), longest first
    governments: dict[str, str]
    bodies: tuple[str, ...]  # longest first
    generic: tuple[str, ...]
    self_words: tuple[tuple[str, str], ...]  # (word, body)
    not_authors: tuple[str, ...]
    not_places: frozenset[str]
    aliases: dict[str, tuple[str, ...]]  # short body word -> its full forms
    name_rx: re.Pattern  # a body name at the start of a string
    end_rx: re.Pattern  # a string that ends with a body name
    subject_rx: re.Pattern  # a body as the subject of an opening clause (2023年，白鹭县公安局深入推进…)
    place_subject_rx: re.Pattern  # a place as that subject (2025年，下蜀镇坚持…)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    d = load("orgs")
    levels = tuple(sorted(((x["word"], x["level"]) for x in d["levels"]), key=lambda x: -len(x[0])))
    bodies = tuple(sorted(d["bodies"], key=len, reverse=True))
    generic = tuple(sorted(d["generic_endings"], key=len, reverse=True))
    ends = "|".join(re.escape(x) for x in bodies + generic)
    return Vocab(
        levels=levels, governments={g["level_word"]: g["name"] for g in d["governments"]}, bodies=bodies,
        generic=generic,
        self_words=tuple((w, s["body"]) for s in d["self_words"] for w in sorted(s["words"], key=len, reverse=True)),
        not_authors=tuple(d["not_authors"]),
        not_places=frozenset(d["not_places"]),
        aliases={a["short"]: tuple(a["full"]) for a in d["aliases"]},
        name_rx=recache.compile(r"^([\u4e00-\u9fffXx*＊×]{1,24}?(?:" + ends + r"))"),
        end_rx=recache.compile(r"(?:" + ends + r")$"),
        subject_rx=recache.compile(r"([\u4e00-\u9fff*]{2,24}?(?:" + ends + r"))"
                                   r"(?:\(以下简称[^)]{0,10}\))?(?:党组|党委)?(?:坚持|高度|深入|紧紧|认真|始终|围绕|在|以|全面|积极|扎实"
                                   r"|持续|按照|严格|不断|切实|聚焦|立足|紧扣|着力|统筹)"),
        place_subject_rx=recache.compile(r"^([\u4e00-\u9fff]{2,4}?(?:" + "|".join(re.escape(w) for w, _l in levels)
                                         + r"))(?:人民政府|政府|办事处)?(?:坚持|深入|紧紧|认真|始终|围绕|全面"
                                         r"|积极|扎实|持续|按照|严格|不断|切实|聚焦|立足|紧扣|着力|统筹)"))


def known_ending(name: str) -> str | None:
    """The body word a name ends with, from the known list (司法局, 卫生健康局 …), or None."""
    return next((b for b in vocab().bodies if name.endswith(b)), None)


def split_name(name: str) -> tuple[str, str]:
    """Place and body: 鹤城市市场监督管理局 -> (鹤城市, 市场监督管理局); unknown bodies split at the last level word."""
    b = known_ending(name)
    if b:
        return name[: -len(b)], b
    m = recache.search(r"(?:省|市|县|区|旗|州|盟|乡|镇|街道)(?=[^省市县区旗州盟乡镇]+$)", name)
    return (name[: m.end()], name[m.end():]) if m else ("", name)


def level_word(place: str) -> str | None:
    return next((w for w, _l in vocab().levels if place.endswith(w)), None)


def repair(name: str) -> tuple[str, list[str]]:
    """A name with a doubled character that breaks it repaired (青岚县县卫生健康局, 教育局局,
    市场监督管管理局); a place whose own name doubles a character (齐齐哈尔市) is kept."""
    notes = []
    if not known_ending(name):
        for i in range(len(name) - 1):
            if name[i] == name[i + 1]:
                cand = name[:i] + name[i + 1:]
                if known_ending(cand):
                    notes.append(f"重字“{name[i]}{name[i]}”按笔误处理")
                    name = cand
                    break
    place, body = split_name(name)
    if len(place) >= 2 and place[-1] == place[-2] and level_word(place):
        notes.append(f"重字“{place[-2:]}”按笔误处理")
        name = place[:-1] + body
    return name, notes


def clean(s: str) -> str:
    """A name as a candidate: no spaces, no site tags, no 文件, no bracketed second name."""
    s = recache.sub(r"\s+", "", s)
    s = recache.sub(r"^(?:【[^】]{1,12}】)+", "", s)
    s = recache.sub(r"文件$", "", s)
    s = recache.sub(r"[(（][^()（）]{1,14}[)）]$", "", s)
    return s


def _is_name(s: str) -> bool:
    return 3 <= len(s) <= 30 and bool(vocab().end_rx.search(s)) and not recache.search(r"[。,;:!?、]", s) \
        and not any(s.endswith(w) for w in vocab().not_authors)


def _from_title(title: str) -> str | None:
    s = clean(title)
    s = recache.sub(r"^关于", "", s)
    s = recache.sub(r"^20\d{2}\s*年度?", "", s)
    m = recache.match(r"^(.{2,30}?)(?:关于|20\d{2}|(?:年度)?法治|行政|依法|政府信息|政务公开|[(（])", s)
    if not m:
        return None
    head = m.group(1)
    end = vocab().end_rx.search(head)
    return head if end and len(head) > 3 and _is_name(head) else None


def places(text: str, lw: str) -> Counter:
    """Places of one level the text names as the author's own: two characters and the level word followed
    by that place's party committee, government, court or one of its towns (鹤岭县委、县政府; 定安县新竹镇).
    A place followed by one of its bureaus (成华区市场监督管理局) is a peer's and does not count."""
    v = vocab()
    stop = set("全我本各该每其此某这那县区市镇乡省的在对于和与是了为把将向从由及等到赴经至共有以年月日个")
    found: Counter = Counter()
    support: Counter = Counter()
    for m in recache.finditer(r"([\u4e00-\u9fff]{2})" + re.escape(lw), text):
        x = m.group(1)
        name = x + lw
        if set(x) & stop or name in v.not_places or any(name.endswith(p) for p in v.not_places):
            continue
        nxt = text[m.end(): m.end() + 12]
        own = recache.match(r"(?:委|人民政府|政府|人民法院|人民检察院|党委|党工委|[\u4e00-\u9fff]{2}(?:镇|乡|街道))", nxt)
        if not own and v.name_rx.match(nxt):
            continue  # a body of that place (成华区市场监督管理局): a peer, not the author's own place
        found[name] += 1
        if own:
            support[name] += 1
    return Counter({p: n for p, n in found.items() if support[p]})


@dataclass(kw_only=True)
class Candidate(Evidence):
    """An organisation name read from one place of the document, with its weight."""

    decision: str
    score: float


def decide_org(title: str, title_lines: list[int], content: list[tuple[int, str]], chrome,
               extra: list[Candidate] | None = None) -> Evidence:
    v = vocab()
    tl = title_lines[0] if title_lines else None
    cands: list[Candidate] = list(extra or [])
    notes: list[str] = []

    def add(raw: str, source: str, line: int | None, score: float, cue: str | None = None):
        name, fixes = repair(clean(raw))
        if not _is_name(name) and not _PLACEHOLDER.search(name):
            return
        cands.append(Candidate(decision=name, source=source, line=line, cue=cue or raw.strip()[:30], score=score,
                              cues=fixes))

    org = _from_title(title) if title else None
    if org:
        add(org, "title", tl, 3)
    else:
        m = recache.match(r"^(?:关于)?(?:20\d{2}年度?)?([\u4e00-\u9fff]{1,8}?(?:省|市|县|区|旗|乡|镇|街道))(?:20\d{2}年度?)?"
                     r"(?:法治政府建设|依法行政)", clean(title or ""))
        if m and not _PLACEHOLDER.search(m.group(1)) and len(m.group(1)) >= 3:
            lw = level_word(m.group(1))
            cands.append(Candidate(decision=m.group(1) + v.governments.get(lw or "", "人民政府"), source="title", line=tl,
                                  cue=m.group(0), score=2, cues=["标题以地名开头：地方政府的报告"]))
    # the issuing line right above the title (松岭县交通运输局文件; 鹤城市生态环境局云溪分局), a document
    # number between them allowed; a site's name further up the page is its header, not the issuer
    above = [(i, s) for i, s in content if tl is not None and i < tl]
    for i, s in [x for x in above if _DOC_NUMBER.search(x[1])]:
        notes.append(f"文号行“{s.strip()[:20]}”不作单位")
    near = [(i, s) for i, s in above if not _DOC_NUMBER.search(s)][-1:]
    for i, s in near:
        between = [j for j, t in above if j > i]
        if all(_DOC_NUMBER.search(t) for j, t in above if j > i) and len(between) <= 1 and len(s) <= 32 \
                and not recache.search(r"[。,:>]", s) and _is_name(repair(clean(s))[0]):
            add(s, "issuing", i, 2.8)
    # signature block: the last lines, dates skipped
    tail = [(i, s) for i, s in content[-5:] if not _DATE.match(s)]
    for i, s in reversed(tail[-3:]):
        if len(s) <= 40 and not recache.search(r"[。,;]", s) and (tl is None or i > tl):
            name = repair(clean(s))[0]
            if _is_name(name) or _PLACEHOLDER.search(name) and v.end_rx.search(name):
                add(s, "signature", i, 2.5)
                break
    # the subject of an opening clause: 2023年，白鹭县公安局深入推进…
    subject = v.subject_rx
    for i, s in content[:8]:
        if i in title_lines:
            continue
        for seg in recache.split(r"[,。;:!?]", recache.sub(r"\s+", "", s)):
            seg = recache.sub(r"^(?:20\d{2}年度?(?:以来|来)?|一年来|今年以来)", "", seg)
            m = subject.match(seg)
            if m and len(m.group(1)) >= 3 and not recache.match(r"^(?:全|各|我|本|该|由|对|经|向|与|在|为|按照)", m.group(1)):
                add(m.group(1), "body", i, 2, cue=m.group(0)[:24])
    # a place as the subject of the opening clause (2025年，下蜀镇坚持…): that place's government
    place_subject = v.place_subject_rx
    for i, s in content[:4]:
        if i in title_lines:
            continue
        for seg in recache.split(r"[,。;:!?]", recache.sub(r"\s+", "", s))[:3]:
            seg = recache.sub(r"^(?:20\d{2}年度?(?:以来|来)?|一年来|今年以来)", "", seg)
            m = place_subject.match(seg)
            stop = set("全我本各该每其此某这那在对于和与是了为把将向从由及等到")
            if m and not set(m.group(1)[:-1]) & stop and m.group(1) not in v.not_places:
                lw = level_word(m.group(1))
                cands.append(Candidate(decision=m.group(1) + v.governments.get(lw or "", "人民政府"), source="body", line=i,
                                      cue=m.group(0)[:24], score=1.8, cues=["开头以地名作主语：当地政府的报告"]))
                break
    text = "\n".join(s for _, s in content)
    # the self-word of a township or street with its name in the body (我镇 + 桃溪镇党委)
    selfs = [(w, b) for w, b in v.self_words if w in text]
    for w, b in selfs:
        if b in ("镇", "乡", "街道"):
            ps = places(text, b)
            if len(ps) == 1:
                p = next(iter(ps))
                cands.append(Candidate(decision=p + v.governments.get(b, "人民政府"), source="body", line=None,
                                      cue=f"{w}+{p}", score=1.5, cues=[f"正文称“{w}”，并写明“{p}”"]))
            break
    if chrome is not None and getattr(chrome, "pub_org", None):
        add(chrome.pub_org, "chrome", None, 1)

    # a page's publishing body (发布机构：县人民政府办公室) is not the author of a report that calls itself
    # 我局 when it is no 局; the self-word tells what kind of body wrote the text
    if selfs:
        word, kind = selfs[0]
        for c in [c for c in cands if c.source == "chrome" and kind not in c.decision]:
            cands.remove(c)
            notes.append(f"页面发布机构“{c.decision}”与正文自称“{word}”不符，不作单位")
    rejected = [c.decision for c in cands if _PLACEHOLDER.search(c.decision)]
    cands = [c for c in cands if not _PLACEHOLDER.search(c.decision)]
    if not cands:
        if rejected:
            why = f"占位符不作单位：{'、'.join(dict.fromkeys(rejected))}"
        elif selfs:
            why = f"正文只称“{selfs[0][0]}”，标题、落款和页面信息都没有写明单位名称" + \
                  "".join(f"；{n}" for n in notes if n.startswith("页面发布机构"))
        else:
            why = "标题、落款、正文和页面信息都没有单位名称"
        return Evidence(decision=None, source="default", cue=why, score=0, cues=notes)
    best = max(cands, key=lambda c: c.score)
    best = _complete(best, cands, text)
    best.cues = best.cues + notes + [f"{c.source}:{c.decision}" for c in cands if c.decision != best.decision][:3]
    if rejected:
        best.cues.append("占位符不作单位：" + "、".join(dict.fromkeys(rejected)))
    return best


def _complete(best: Candidate, cands: list[Candidate], text: str) -> Candidate:
    """A short name (县司法局, 教育局) completed from a full candidate of the same body or from the one
    place of its level that the text names; left short, with the reason, when the text names none or several."""
    place, _body = split_name(best.decision)
    lw = level_word(place) if place else None
    if place and lw != place:
        return best  # already has its place name
    full = [c for c in cands if c.decision.endswith(best.decision) and c.decision != best.decision
            and split_name(c.decision)[0] not in ("", lw)]
    if full:
        f = full[0]
        return Candidate(decision=f.decision, source=f.source, line=f.line, cue=f.cue, score=f.score,
                        cues=f.cues + [f"简称“{best.decision}”"])
    if not lw:
        return best
    # the full name written out somewhere in the text (成立大冶市应急管理局法治政府建设领导小组)
    stop = set("全我本各该每其此某这那县区市镇乡省的在对于和与是了为把将向从由及等到赴经至共有以年月日个")
    body = best.decision[len(lw):]
    forms = [body] + [f for short, fulls in vocab().aliases.items() if body == short for f in fulls]
    mentions = [m for f in forms for m in recache.finditer(r"([\u4e00-\u9fff]{2})(" + re.escape(lw + f) + ")", text)
                if not set(m.group(1)) & stop and m.group(1) + lw not in vocab().not_places]
    named = {m.group(1) + m.group(2) for m in mentions}
    peers = {m.group(1) + m.group(2) for m in mentions if _PEER_BEFORE.search(text[max(0, m.start(1) - 2):m.start(1)])}
    if len(named) == 1 and not peers:
        full_name = next(iter(named))
        return Candidate(decision=full_name, source=best.source, line=best.line, cue=best.cue, score=best.score,
                        cues=best.cues + [f"正文写明全称“{full_name}”"])
    ps = places(text, lw)
    if len(ps) == 1:
        p = next(iter(ps))
        return Candidate(decision=p + best.decision[len(lw):], source=best.source, line=best.line, cue=best.cue,
                        score=best.score, cues=best.cues + [f"“{best.decision}”前补上正文写明的“{p}”"])
    if len(ps) > 1:
        best.cues = best.cues + [f"正文提到多个{lw}（{'、'.join(ps)}），不补地名"]
    else:
        best.cues = best.cues + [f"正文没有写明哪个{lw}，保留“{best.decision}”"]
    return best
