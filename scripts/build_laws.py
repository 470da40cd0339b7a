"""Build src/reportnlp/domain/data/calendar/laws.yaml from a snapshot of the LawRefBook/Laws repository.

Offline tool, never needed at run time or in CI:

    python scripts/build_laws.py /path/to/LawRefBook+Laws/repo [--out src/reportnlp/domain/data/calendar/laws.yaml]

The snapshot may be a bare git directory (read through `git show HEAD:...`) or a checked-out tree.
What is read from it:
- `db.sqlite3`, table `law`: each row one version of a text, with its level (法律, 行政法规, 宪法,
  部门规章, 司法解释 …), name, publication date, in-force date and whether the version has expired;
  table `category`: the folder each row's file lives in.
- each text's header (the lines before `<!-- INFO END -->`): the official title (with or without
  中华人民共和国) and its history, one dated line per event (通过 / 公布 / 修正 / 修订 / 施行).
- each text's body: the clause `……自X年X月X日起施行。《A》、《B》同时废止。`, which gives the
  repeal date of A and B (the day the new text took effect) and what replaced them.

Entries already in the output file whose `source` does not start with `LawRefBook/Laws` were written
by hand (Party regulations, repeal dates from other sources); they are kept as they are, and a hand
entry for a title overrides the generated one. Dates the snapshot lacks stay null.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

PREFIX = "中华人民共和国"
SOURCE = "LawRefBook/Laws"
KINDS = ("宪法", "法律", "行政法规", "部门规章")
DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_HEAD_LINE = re.compile(r"^\s*" + DATE + r"\s*(.*)$")
_REVISION = re.compile(r"修正|修订|修改|决定")
_IN_FORCE = re.compile(r"施行")
_START = re.compile(r"自\s*" + DATE + r"\s*起\s*施行")
_TITLE = re.compile(r"《([^《》]{2,60})》")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇]+条\s", re.M)


class Snapshot:
    """Read files of the snapshot, whether a bare git directory or a work tree."""

    def __init__(self, path: Path):
        self.path = path
        self.bare = (path / "HEAD").is_file() and (path / "objects").is_dir()
        if self.bare:
            out = subprocess.run(["git", f"--git-dir={path}", "ls-tree", "-r", "-z", "--name-only", "HEAD"],
                                 check=True, capture_output=True).stdout.decode("utf-8")
            self.files = [p for p in out.split("\0") if p]
            self.commit = subprocess.run(["git", f"--git-dir={path}", "rev-parse", "HEAD"], check=True,
                                         capture_output=True, text=True).stdout.strip()
        else:
            self.files = [str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()]
            self.commit = None

    def read(self, rel: str) -> bytes:
        if self.bare:
            return subprocess.run(["git", f"--git-dir={self.path}", "show", f"HEAD:{rel}"], check=True,
                                  capture_output=True).stdout
        return (self.path / rel).read_bytes()


def _date(y, m, d) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days


def parse_header(text: str) -> dict:
    """Title, prefix flag and dated history of one text (from the lines before <!-- INFO END -->)."""
    head = text.split("<!-- INFO END -->", 1)[0]
    title = None
    adopted, published, revisions, in_force = None, None, [], None
    for line in head.splitlines():
        line = line.strip()
        if line.startswith("# ") and title is None:
            title = line[2:].strip()
            continue
        m = _HEAD_LINE.match(line)
        if not m:
            continue
        day = _date(*m.groups()[:3])
        what = m.group(4)
        if day is None:
            continue
        if published is None and re.search(r"公布|发布", what):
            published = day
        if adopted is None:
            adopted = day
            if _IN_FORCE.search(what) and not re.search(r"通过|公布|发布", what.replace("公布施行", "")):
                in_force = day
            elif "公布施行" in what or "发布施行" in what:
                in_force = day
            continue
        if _REVISION.search(what):
            if day != adopted and day not in revisions:
                revisions.append(day)
        elif _IN_FORCE.search(what):
            in_force = day
    prc = bool(title and title.startswith(PREFIX))
    if title and prc:
        title = title[len(PREFIX):]
    return {"title": title, "prc_prefix": prc, "adopted": adopted, "published": published or adopted,
            "revisions": sorted(revisions), "in_force": in_force}


def repeal_clauses(text: str) -> list[tuple[str, str | None, str]]:
    """(repealed title, date the repeal took effect, the article) for every `……同时废止` clause."""
    body = text.split("<!-- INFO END -->", 1)[-1]
    out = []
    starts = [m.start() for m in _ARTICLE.finditer(body)] + [len(body)]
    for a, b in zip(starts, starts[1:]):
        art = body[a:b]
        if "废止" not in art:
            continue
        day = None
        m = _START.search(art)
        if m:
            day = _date(*m.groups())
        for sent in re.split(r"[。；]", art):
            if not re.search(r"同时废止|予以废止|即行废止", sent):
                continue
            for t in _TITLE.finditer(sent):
                before = sent[:t.start()]
                out.append((t.group(1), day, before[-40:]))
    return out


def kind_of_repealed(title: str, repealer_kind: str, before: str) -> str | None:
    """The class of a repealed text the snapshot does not hold itself, when its wording says it."""
    is_law_title = title.endswith("法") and not title.endswith("办法")
    if title.startswith(PREFIX) and is_law_title:
        return "法律"
    if "暂行条例" in title or "国务院" in before:
        return "行政法规" if repealer_kind in ("法律", "行政法规") else None
    if repealer_kind == "法律" and title.startswith(PREFIX):
        return "法律"
    if repealer_kind == "法律" and is_law_title and not re.search(r"部|委|局|国务院", before):
        return "法律"
    if repealer_kind in ("法律", "行政法规") and re.search(r"国务院", before + title):
        return "行政法规"
    if repealer_kind == "行政法规" and re.search(r"(?:条例|规定|办法|细则)$", title) \
            and not re.search(r"[部委局署]\S{0,12}(?:发布|公布|颁布|印发)", before):
        return "行政法规"
    return None


def build(snap: Snapshot) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "db.sqlite3"
        db_path.write_bytes(snap.read("db.sqlite3"))
        con = sqlite3.connect(db_path)
        folders = dict(con.execute("select id, folder from category"))
        rows = list(con.execute("select level, name, filename, publish, valid_from, expired, category_id from law "
                                "where level in (%s)" % ",".join("?" * len(KINDS)), KINDS))
        con.close()
    files = set(snap.files)
    versions: dict[str, list[dict]] = defaultdict(list)
    for level, name, filename, publish, valid_from, expired, cat in rows:
        base = name.split(" ")[0]  # 民法典 总则 … are parts of one code
        folder = folders[cat]
        stem = filename or name
        path = None
        for cand in (f"{folder}/{stem}({publish}).md", f"{folder}/{stem}.md"):
            if cand in files:
                path = cand
                break
        versions[base].append({"level": level, "publish": publish or None, "valid_from": valid_from or None,
                               "expired": bool(expired), "path": path, "part": base != name})
    entries: dict[str, dict] = {}
    repeals: list[tuple[str, str | None, str, str, str, str]] = []
    for name, vs in versions.items():
        vs.sort(key=lambda v: (v["part"], v["publish"] or "9999"))
        whole = [v for v in vs if not v["part"]] or vs
        latest = max(whole, key=lambda v: v["publish"] or "")
        head = {"title": None, "prc_prefix": False, "adopted": None, "published": None, "revisions": [], "in_force": None}
        if latest["path"]:
            head = parse_header(snap.read(latest["path"]).decode("utf-8", "replace"))
        revisions = set(head["revisions"])
        # a version the header does not list: a version published after the first adoption the header
        # gives is a revision, even when the snapshot holds no earlier version (住房公积金管理条例's
        # only file is its 2019 text, whose header stops at the 2002 revision); without a header (a
        # version without a text file) the first version's date is taken as the adoption
        dated = sorted(v["publish"] for v in whole if v["publish"])
        adopted = head["adopted"] or (dated[0] if dated else None)
        first = {adopted, head["published"]} - {None}  # adoption and promulgation of the first text
        for day in dated:
            if adopted and day > adopted and not any(abs(_days(day, r)) <= 31 for r in revisions | first):
                revisions.add(day)
        in_force = latest["valid_from"] or head["in_force"]
        if in_force and revisions and in_force < max(revisions):
            in_force = None  # the date belongs to an earlier text; the latest revision's is not given
        repealed = None
        entries[name] = {
            "title": name, "prc_prefix": head["prc_prefix"], "kind": latest["level"],
            "adopted": head["adopted"] or min((v["publish"] for v in whole if v["publish"]), default=None),
            "revisions": sorted(revisions), "in_force": in_force, "repealed": repealed, "replaced_by": None,
            "expired": all(v["expired"] for v in whole),
            "source": f"{SOURCE} {latest['path'] or 'db.sqlite3'}",
        }
        for v in vs:
            if v["path"]:
                text = snap.read(v["path"]).decode("utf-8", "replace")
                # a clause without its own date (自公布之日起施行) speaks of the text's first promulgation
                first = parse_header(text)["published"]
                for t, day, before in repeal_clauses(text):
                    repeals.append((t, day or first or v["valid_from"], before, name, latest["level"], v["path"]))
    # repeals stated by a newer text: the repealed title takes the date and the successor
    for t, day, before, by, by_kind, path in sorted(repeals, key=lambda r: r[1] or "9999"):
        short = t[len(PREFIX):] if t.startswith(PREFIX) else t
        if short == by or day is None:
            continue
        e = entries.get(short)
        if e is None:
            kind = kind_of_repealed(t, by_kind, before)
            if kind is None:
                continue
            e = entries[short] = {"title": short, "prc_prefix": t.startswith(PREFIX), "kind": kind, "adopted": None,
                                  "revisions": [], "in_force": None, "repealed": None, "replaced_by": None,
                                  "expired": True, "source": f"{SOURCE} {path}（废止条款）"}
        elif max([e["adopted"] or "", *e["revisions"]]) > day:
            continue  # revised after that date: the clause spoke of an older namesake
        if e["repealed"] is None or day < e["repealed"]:
            e["repealed"], e["replaced_by"] = day, by
            if not e["source"].endswith("（废止条款）"):
                e["source"] += f"；废止：{SOURCE} {path}"
    out = []
    for e in sorted(entries.values(), key=lambda e: (KINDS.index(e["kind"]), e["title"])):
        if e.pop("expired") and not e["repealed"]:
            print(f"no longer in force in the snapshot, repeal date unknown: {e['kind']} {e['title']}", file=sys.stderr)
        out.append(e)
    return out


def merge_hand(entries: list[dict], out_path: Path) -> list[dict]:
    """Keep the hand-written entries of the existing file (their source is not the snapshot)."""
    if not out_path.is_file():
        return entries
    old = (yaml.safe_load(out_path.read_text(encoding="utf-8")) or {}).get("laws") or []
    hand = {e["title"]: e for e in old if not str(e.get("source", "")).startswith(SOURCE)}
    kept = [e for e in entries if e["title"] not in hand]
    return kept + sorted(hand.values(), key=lambda e: (e["kind"], e["title"]))


def dump(entries: list[dict], snap: Snapshot) -> str:
    head = (
        "# National laws, administrative regulations, department rules and Party regulations, with their dates.\n"
        "# Generated by scripts/build_laws.py from a snapshot of the public repository LawRefBook/Laws"
        + (f" (commit {snap.commit})" if snap.commit else "") + ";\n"
        "# entries whose source is not LawRefBook/Laws were written by hand and are kept on rebuild.\n"
        "# title: without the 中华人民共和国 prefix (prc_prefix: true when the official title has it);\n"
        "# adopted: first adoption or promulgation; revisions: later amendments; in_force: the day the current\n"
        "# text took effect; repealed: the day it ceased to apply (null: in force, or the date is not known);\n"
        "# replaced_by: the text that repealed it.\n")
    body = yaml.safe_dump({"source": f"{SOURCE} (https://github.com/LawRefBook/Laws), db.sqlite3 and text headers",
                           "laws": entries}, allow_unicode=True, sort_keys=False, width=200)
    return head + body


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("snapshot", type=Path, help="LawRefBook/Laws snapshot: bare git dir or work tree")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parents[1] / "src/reportnlp/domain/data/calendar/laws.yaml")
    args = ap.parse_args(argv)
    snap = Snapshot(args.snapshot)
    entries = merge_hand(build(snap), args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(entries, snap), encoding="utf-8")
    print(f"{len(entries)} entries -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
