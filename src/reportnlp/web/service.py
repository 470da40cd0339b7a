"""The work behind each page action: the same functions the command line calls, on uploaded files.

Each function takes uuid paths of uploads plus the names the user knows them by, writes its
results into the request's out/ folder and returns plain data for the JSON answer. A
`ReportError` from the pipeline becomes a `WebError` naming the user's file, never a server path.
"""
from __future__ import annotations

import html as _html
import json
import os
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ReportError
from .uploads import WebError

SEVERITIES = ("error", "warning", "info")


@dataclass
class Upload:
    path: str  # uuid path on disk
    name: str  # what the user called it (display only)


def _fail(exc: ReportError, up: Upload, what: str = "") -> WebError:
    msg = exc.message.replace(os.path.basename(up.path), up.name)
    return WebError(f"{what}“{up.name}”：{msg}", 422)


def load_sheet(up: Upload | None):
    if up is None:
        return None
    from ..datasets import load_data

    try:
        rows = load_data(up.path)
    except ReportError as exc:
        raise _fail(exc, up, "数据表") from None
    tmp = os.path.basename(up.path)
    for r in rows:  # messages and traces cite "file row N": the user's file name, not the temporary one
        r.where = r.where.replace(tmp, up.name)
    return rows


def analyse_upload(up: Upload, config=None, data=None):
    from ..pipeline import analyse

    try:
        return analyse(up.path, config, data=data)
    except ReportError as exc:
        raise _fail(exc, up) from None


def _stem(name: str) -> str:
    return os.path.splitext(name)[0] or "report"


def _write_json(obj, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=1)


def check_report(up: Upload, out_dir: str, config=None, data=None) -> tuple[dict, dict, list[str]]:
    """`check --format json/html --annotate`: returns (CHECK_JSON object, download names, notes).
    A copy that cannot be annotated is a note, not a failure: the check itself still stands."""
    from ..report.annotate import annotate_report
    from ..report.html import render_html
    from ..report.jsonout import to_dict

    rep = analyse_upload(up, config, data)
    names, notes = {}, []
    try:
        annotate_report(rep, os.path.join(out_dir, "reviewed.docx"))
        names["reviewed.docx"] = f"{_stem(up.name)}.reviewed.docx"
    except ReportError as exc:
        notes.append(f"无法生成批注版 Word：{exc.message}")
    rep.source.path = up.name  # shown in the page and the JSON instead of the temporary path
    d = to_dict(rep)
    _write_json(d, os.path.join(out_dir, "report.json"))
    with open(os.path.join(out_dir, "view.html"), "w", encoding="utf-8") as fh:
        fh.write(render_html([rep]))
    names.update({"report.json": f"{_stem(up.name)}.json", "view.html": f"{_stem(up.name)}.html"})
    return d, names, notes


def check_job(up: Upload, out_dir: str, config=None, data: Upload | None = None) -> tuple[dict, dict, list[str]]:
    """/api/check and /api/annotate in a worker process: read the data sheet, then `check_report`."""
    return check_report(up, out_dir, config, load_sheet(data))


def suggest_job(up: Upload, out_dir: str, data: Upload | None = None) -> tuple[dict, list[dict], dict]:
    """/api/suggest in a worker process."""
    return suggest_parts(up, out_dir, load_sheet(data))


def counts(findings: list[dict]) -> dict[str, int]:
    c = Counter(f["severity"] for f in findings)
    return {k: c.get(k, 0) for k in SEVERITIES}


def suggest_parts(up: Upload, out_dir: str, data=None) -> tuple[dict, list[dict], dict]:
    """`suggest [--data] --annotate`: (report meta, suggestions, download names)."""
    from ..check.datacheck import select_rows
    from ..draft.suggest import as_findings, status, suggestions
    from ..report.annotate import annotate_report
    from ..domain.parts import short_names

    PART_ZH = short_names()

    rep = analyse_upload(up)
    rows = select_rows(data, rep.meta.org, rep.meta.year) if data else []
    year = rep.meta.year
    prev_rows = [r for r in select_rows(data, rep.meta.org, year - 1) if r.year == year - 1] if data and year else []
    sugg = suggestions(rep, rows, prev_rows)
    names = {}
    if sugg:
        rep.findings = as_findings(rep, sugg)
        try:
            annotate_report(rep, os.path.join(out_dir, "suggested.docx"))
        except ReportError as exc:
            raise _fail(exc, up, "无法写出建议批注版") from None
        names["suggested.docx"] = f"{_stem(up.name)}.suggested.docx"
    meta = {"file": up.name, "org": rep.meta.org, "year": rep.meta.year, "status": status(rep, sugg)}
    return meta, [{"part": p, "part_name": PART_ZH[p], "heading": h, "text": t} for p, h, t in sugg], names


def draft_report(data: Upload, org: str, year: int, out_dir: str, previous: Upload | None = None,
                 signed: str | None = None) -> tuple[dict, dict]:
    """`draft --data --org --year [--previous] [--date]` (no LLM polishing: nothing leaves the machine)."""
    from .. import api
    from ..check.datacheck import select_rows

    rows = load_sheet(data)
    if not select_rows(rows, org, year):
        raise WebError(f"数据表“{data.name}”中没有“{org}”{year}年度的行（请核对单位名称和年度）", 422)
    prev = api.Report(analyse_upload(previous)) if previous is not None else None
    target = os.path.join(out_dir, "draft.docx")
    try:  # the same drafting as the command line and the Python API (trace.json beside the .docx)
        d = api.draft(rows, org=org, year=year, previous=prev, signed=signed, output=target)
    except ReportError as exc:
        raise WebError(f"无法写出草稿（{exc.message}）", 500) from None
    os.replace(api.trace_path(target), os.path.join(out_dir, "trace.json"))
    base = f"{org}{year}年度法治政府建设情况报告（草稿）"
    info = {"org": org, "year": year, "text": d.text(), "numbers": len(d.trace), "notes": list(d.notes)}
    return info, {"draft.docx": base + ".docx", "trace.json": base + ".trace.json"}


@dataclass
class BatchProgress:
    total: int = 0
    done: int = 0
    notes: list[str] = field(default_factory=list)
    cancelled: bool = False  # set when the server stops: the batch ends after the current file


def compare_batch(files: list[Upload], out_dir: str, progress: BatchProgress, rows=None,
                  threshold: float = 3.5, timeout: float | None = None) -> dict:
    """`compare [--data]`: summary.xlsx and the dashboard (index.html + reports/) in out_dir; `rows` are
    the loaded data sheet. Files are checked one after another in one worker process, so one batch never
    takes every core from the other users; a file running past `timeout` seconds is listed as not read."""
    from ..compare.analysis import copy_pairs, outliers
    from ..compare.outputs import write_dashboard, write_xlsx
    from ..compare.run import FILE_TIMEOUT, run_local

    progress.total = len(files)

    def tick():
        progress.done += 1
        if progress.cancelled:
            raise WebError("审阅服务已停止，批量比较未完成", 503)

    records = run_local([f.path for f in files], 1, tick, timeout=timeout or FILE_TIMEOUT)
    for rec, up in zip(records, files):
        # the user's names, not the temporary ones, in the dashboard and the workbook
        stem = os.path.splitext(os.path.basename(up.path))[0]
        rec["file"] = up.name
        if rec.get("org") == stem:
            rec["org"] = _stem(os.path.basename(up.name))
        if rec.get("html"):
            rec["html"] = rec["html"].replace(_html.escape(up.path), _html.escape(up.name))
        if rec.get("error"):
            rec["error"] = rec["error"].replace(os.path.basename(up.path), up.name)
    failed = [r for r in records if r.get("error")]
    ok = [r for r in records if not r.get("error")]
    outl = outliers(ok, rows, threshold)
    pairs = copy_pairs(ok)
    write_xlsx(records, failed, outl, pairs, os.path.join(out_dir, "summary.xlsx"))
    write_dashboard(records, failed, outl, pairs, out_dir)
    return {"reports": len(ok), "failed": [{"file": r["file"], "error": r["error"]} for r in failed],
            "missing_first_responsible": sum(1 for r in ok if "first_responsible" in r["missing"]),
            "outliers": len(outl), "copy_pairs": len(pairs), "skipped": list(progress.notes)}
