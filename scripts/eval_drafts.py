"""Draft a report from each example data sheet (examples/sheets/) and measure its wording.

Per draft: data rows used, plain sentences by kind (from trace.json), 同比 written / possible,
其中 lists, 其余 tails, evidence-backed 不足 sentences, blanks left, sentences that put a verb
before a label already starting with one, and the errors of the draft's own `check` with the
same data. Last, sentences the 不足 parts of two bureaus share.

    PYTHONPATH=src python scripts/eval_drafts.py [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEETS = [
    ("sifaju_2025.csv", "桐江县司法局"),
    ("shichang_2025.csv", "石溪县市场监督管理局"),
    ("weijian_2025.xlsx", "青河县卫生健康局"),
    ("renshe_2025.csv", "云岭县人力资源和社会保障局"),
    ("yingji_2025.xlsx", "安平县应急管理局"),
    ("xiangzhen_2025.csv", "柳塘镇人民政府"),
]
YEAR = 2025
BLANK = "【请结合本单位实际填写】"
# predicates a sentence may put before a label (the defect: one before a label that has its own verb)
PREDICATES = ("开展", "办理", "完成", "现有", "组织", "审核", "发放", "下达", "制发", "举办", "查处", "受理", "全年开展")


def _key(r):
    from reportnlp.extract.labels import clean

    return r.metric or clean(r.label)


def part_text(d, part: str) -> str:
    return "".join(p.text for p in d.paras if p.part == part and p.kind == "body")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。；]", text) if s.strip()]


def measure(sheet: str, org: str) -> dict:
    import reportnlp
    from reportnlp.check.datacheck import select_rows
    from reportnlp.datasets import load_data
    from reportnlp.draft.wording import leading_action
    from reportnlp.extract.labels import clean
    from reportnlp.pipeline import analyse

    path = ROOT / "examples" / "sheets" / sheet
    rows = load_data(str(path))
    cur = select_rows(rows, org, YEAR)
    prev = [r for r in select_rows(rows, org, YEAR - 1) if r.year == YEAR - 1]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "draft.docx"
        d = reportnlp.draft(str(path), org=org, year=YEAR, output=str(out))
        trace = json.loads(out.with_suffix(".trace.json").read_text(encoding="utf-8"))
        rep = analyse(str(out), data=rows)
    text = d.text()
    used = [t for t in trace["rows"] if "text" in t]
    kinds = Counter(t.get("sentence", "?") for t in used)
    prev_by = {}
    for r in prev:
        prev_by.setdefault(_key(r), r)
    possible = {_key(r) for r in cur if _key(r) in prev_by and (prev_by[_key(r)].unit or "") == (r.unit or "")
                and prev_by[_key(r)].value and r.value and any(t["label"] == r.label for t in used)}
    written = {t["label"] for t in trace["numbers"] if t.get("kind") == "change"}
    verb_before = []
    for r in cur:
        lab = clean(r.label)
        if leading_action(lab):
            for p in PREDICATES:
                if p + lab in text and not lab.startswith(p):
                    verb_before.append(p + lab)
    errors = [f"{f.code} {f.message}" for f in rep.findings if f.severity == "error"]
    short = part_text(d, "shortcomings")
    return {
        "sheet": sheet, "org": org, "rows": len(cur), "rows_used": len(used),
        "kinds": dict(kinds),
        "change_written": len(written),
        "change_possible": len(possible),
        "lists": len({t["part_of"] for t in used if t.get("part_of")}),
        "rest_tails": text.count("其余"),
        "evidence": sum(1 for t in trace.get("evidence", []) if t.get("kind") == "shortcoming"),
        "blanks": text.count(BLANK),
        "verb_before_verb": verb_before,
        "check_errors": errors,
        "shortcomings": sentences(short),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="write the figures to this file")
    a = ap.parse_args(argv)
    res = [measure(s, o) for s, o in SHEETS]
    head = f"{'sheet':<20}{'rows':>5}{'used':>5}{'同比':>8}{'其中':>5}{'其余':>5}{'不足':>5}{'blank':>6}{'verb+verb':>10}{'errors':>7}  kinds"
    print(head)
    for r in res:
        print(f"{r['sheet']:<20}{r['rows']:>5}{r['rows_used']:>5}{str(r['change_written']) + '/' + str(r['change_possible']):>8}"
              f"{r['lists']:>5}{r['rest_tails']:>5}{r['evidence']:>5}{r['blanks']:>6}{len(r['verb_before_verb']):>10}"
              f"{len(r['check_errors']):>7}  " + ", ".join(f"{k} {v}" for k, v in sorted(r["kinds"].items())))
        for v in r["verb_before_verb"]:
            print(f"    verb before a verb label: {v}")
        for e in r["check_errors"]:
            print(f"    check error: {e}")
    shared = 0
    for i in range(len(res)):
        for j in range(i + 1, len(res)):
            common = (set(res[i]["shortcomings"]) & set(res[j]["shortcomings"])) - {BLANK}
            shared += len(common)
    print(f"不足 sentences shared by two bureaus: {shared}")
    if a.json:
        Path(a.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
