"""The page (/) and the single-report API: check, annotate, suggest, draft, and result downloads."""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Optional

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import FileResponse, HTMLResponse
from starlette.background import BackgroundTask

from .._version import __version__
from . import service
from .deps import MEDIA, Web, part_names, web_state
from .models import ERRORS, NOT_FOUND, CheckResult, DraftResult, SuggestResult
from .settings import DATA_EXTS, REPORT_EXTS
from .storage import Area
from .uploads import WebError

# the page loads nothing from elsewhere and runs no inline script
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")

router = APIRouter()
State = Annotated[Web, Depends(web_state)]


@lru_cache(maxsize=1)
def _page_template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("reportnlp.web", "templates"), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("index.html.j2")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page(w: State):
    s = w.settings
    html = _page_template().render(s=s, report_exts=",".join(REPORT_EXTS), data_exts=",".join(DATA_EXTS),
                                   keep_minutes=max(1, s.keep_seconds // 60), version=__version__)
    return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "SAMEORIGIN"})


@router.post("/api/check", response_model=CheckResult, responses=ERRORS, tags=["检查"],
             summary="检查一份报告（HTML 审阅视图、批注版 Word、JSON）")
def api_check(w: State,
              report: Annotated[UploadFile, File(description="报告文件（.docx / .txt / .doc / .wps）")],
              data: Annotated[Optional[UploadFile], File(description="统计数据（.xlsx / .csv / .json，可选）")] = None,
              year: Annotated[Optional[int], Form(description="报告所述年度（可选，覆盖自动识别）")] = None,
              org: Annotated[Optional[str], Form(description="数据中使用的单位名称（可选）")] = None):
    def work(area: Area):
        up = w.take(area, report, REPORT_EXTS, "报告格式")
        sheet = w.take_optional(area, data, DATA_EXTS, "数据表格式")
        cfg = w.config
        cfg = type(cfg)(select=cfg.select, ignore=cfg.ignore, year=year, data_org=org or None)
        d, names, notes = w.run(service.check_job, up, area.out_dir, cfg, sheet)
        area.names.update(names)
        return {"id": area.id, "file": up.name, "counts": service.counts(d["findings"]),
                "missing": part_names(d["missing_sections"]), "links": w.links(area),
                "notes": notes, "expires_in": w.settings.keep_seconds, "report": d}
    return w.single(work)


@router.post("/api/annotate", responses={200: {"content": {MEDIA[".docx"]: {}}, "description": "批注版 Word 文件"}, **ERRORS},
             response_class=FileResponse, tags=["检查"], summary="返回带审阅批注的 Word 副本（每个问题一条批注）")
def api_annotate(w: State,
                 report: Annotated[UploadFile, File(description="报告文件（.docx / .txt / .doc / .wps）")],
                 data: Annotated[Optional[UploadFile], File(description="统计数据（可选）")] = None):
    def work(area: Area):
        up = w.take(area, report, REPORT_EXTS, "报告格式")
        sheet = w.take_optional(area, data, DATA_EXTS, "数据表格式")
        _d, names, notes = w.run(service.check_job, up, area.out_dir, w.config, sheet)
        if notes:
            raise WebError(f"“{up.name}”：{notes[0]}", 422)
        area.names.update(names)
        return area
    area = w.single(work)
    resp = w.download(area, "reviewed.docx")
    resp.background = BackgroundTask(w.workspace.remove, area)  # nothing of this request is kept
    return resp


@router.post("/api/suggest", response_model=SuggestResult, responses=ERRORS, tags=["检查"],
             summary="为缺少的法定部分提出建议段落")
def api_suggest(w: State,
                report: Annotated[UploadFile, File(description="报告文件")],
                data: Annotated[Optional[UploadFile], File(description="统计数据（可选，用于填入数字）")] = None):
    def work(area: Area):
        up = w.take(area, report, REPORT_EXTS, "报告格式")
        sheet = w.take_optional(area, data, DATA_EXTS, "数据表格式")
        meta, sugg, names = w.run(service.suggest_job, up, area.out_dir, sheet)
        area.names.update(names)
        return {"id": area.id, **meta, "suggestions": sugg, "links": w.links(area),
                "expires_in": w.settings.keep_seconds}
    return w.single(work)


@router.post("/api/draft", response_model=DraftResult, responses=ERRORS, tags=["起草"],
             summary="根据统计数据（和上一年度报告）起草年度报告")
def api_draft(w: State,
              data: Annotated[UploadFile, File(description="统计数据（.xlsx / .csv / .json）")],
              org: Annotated[str, Form(description="单位名称，如 某县教育局", min_length=2, max_length=60)],
              year: Annotated[int, Form(description="报告所述年度", ge=2000, le=2100)],
              previous: Annotated[Optional[UploadFile], File(description="上一年度报告（可选）")] = None,
              signed: Annotated[Optional[str], Form(description="落款日期，如 2026年1月20日（可选）", max_length=30)] = None):
    def work(area: Area):
        sheet = w.take(area, data, DATA_EXTS, "数据表格式")
        prev = w.take_optional(area, previous, REPORT_EXTS, "报告格式")
        info, names = w.run(service.draft_report, sheet, org.strip(), year, area.out_dir, prev, signed or None)
        area.names.update(names)
        return {"id": area.id, **info, "links": w.links(area), "expires_in": w.settings.keep_seconds}
    return w.single(work)


@router.get("/api/results/{result_id}/{name}", tags=["检查"], responses=NOT_FOUND,
            summary="下载结果文件（view.html、reviewed.docx、report.json、suggested.docx、draft.docx、trace.json）")
def api_result(w: State, result_id: str, name: str):
    area = w.workspace.get(result_id)
    if area is None:
        raise WebError("结果不存在或已过期删除，请重新上传", 404)
    return w.download(area, name)
