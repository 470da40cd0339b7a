"""The FastAPI application: the page (/), its JSON API (/api/...) and the offline API docs (/docs)."""
from __future__ import annotations

import json
import os
import threading
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Annotated, Any, Optional

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from .._version import __version__
from . import service
from .jobs import Job, JobStore
from .settings import DATA_EXTS, MB, REPORT_EXTS, WebSettings
from .storage import Area, Workspace
from .uploads import WebError, display_name, extension, extract_zip, is_archive, save_upload

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH_PATH = "/api/compare"
FIELD_ZH = {"report": "报告文件", "data": "统计数据表", "files": "报告文件", "org": "单位名称", "year": "年度",
            "previous": "上一年度报告", "signed": "落款日期", "outlier_z": "异常值阈值"}
# the page and result pages load nothing from elsewhere and run no inline script
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
RESULT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'self'"
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".json": "application/json", ".html": "text/html; charset=utf-8",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# ---------------------------------------------------------------- response models (OpenAPI page)
class ErrorMessage(BaseModel):
    error: str = Field(description="给用户看的中文说明（一行）")


class CheckResult(BaseModel):
    id: str = Field(description="本次结果的编号（不可猜测；结果文件到期自动删除）")
    file: str = Field(description="上传时的文件名")
    counts: dict[str, int] = Field(description="按级别统计的问题数：error / warning / info")
    missing: list[str] = Field(description="缺少的法定部分（中文名称）")
    links: dict[str, str] = Field(description="下载地址：view（HTML 审阅视图）、annotated（批注版 .docx）、json")
    notes: list[str] = Field(description="附带说明（如批注版无法生成的原因）")
    expires_in: int = Field(description="结果文件保留的秒数")
    report: dict[str, Any] = Field(description="与 `reportnlp check --format json` 相同的对象（CHECK_JSON.md）")


class Suggestion(BaseModel):
    part: str
    part_name: str
    heading: str
    text: str


class SuggestResult(BaseModel):
    id: str
    file: str
    org: Optional[str]
    year: Optional[int]
    status: str = Field(description="一句说明：缺几个部分；或法定部分齐全；或此类文件不适用法定部分")
    suggestions: list[Suggestion]
    links: dict[str, str] = Field(description="annotated：把建议段落作为批注写入的 Word 副本（有建议时）")
    expires_in: int


class DraftResult(BaseModel):
    id: str
    org: str
    year: int
    numbers: int = Field(description="草稿中可追溯到数据的数字个数")
    notes: list[str]
    text: str = Field(description="草稿全文（纯文本）")
    links: dict[str, str] = Field(description="docx：草稿；trace：每个数字的数据来源")
    expires_in: int


class JobStatus(BaseModel):
    id: str
    state: str = Field(description="queued | running | done | failed")
    total: int
    done: int
    waiting: int = Field(description="排在前面的任务数")
    error: Optional[str]
    result: Optional[dict[str, Any]] = Field(description="完成后的汇总：报告数、未读文件、缺第一责任人部分、异常值、疑似复制")
    links: dict[str, str] = Field(description="完成后：dashboard（比较看板）、summary（summary.xlsx）")
    expires_in: int


ERRORS = {c: {"model": ErrorMessage} for c in (400, 413, 415, 422)}


# ---------------------------------------------------------------- request size limit
class BodyLimit:
    """Refuse a request body over the limit before it is read (Content-Length) or while it is read."""

    def __init__(self, app, settings: WebSettings):
        self.app = app
        self.settings = settings

    def _limit(self, path: str) -> tuple[int, str]:
        s = self.settings
        if path == BATCH_PATH:
            return s.batch_request_bytes, f"一次上传的文件合计不能超过 {s.max_batch_mb} MB"
        return s.single_request_bytes, f"单个文件不能超过 {s.max_file_mb} MB"

    async def _refuse(self, send, message: str) -> None:
        body = json.dumps({"error": f"上传内容过大：{message}，未处理"}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit, message = self._limit(scope["path"])
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    if int(v) > limit:
                        return await self._refuse(send, message)
                except ValueError:
                    pass
        state = {"seen": 0, "over": False, "started": False}

        async def limited_receive():
            msg = await receive()
            if msg["type"] == "http.request":
                state["seen"] += len(msg.get("body", b""))
                if state["seen"] > limit:
                    state["over"] = True
                    raise WebError(message, 413)
            return msg

        async def guarded_send(msg):
            if state["over"]:  # the framework answered the interrupted read: answer with the limit instead
                if msg["type"] == "http.response.start" and not state["started"]:
                    state["started"] = True
                    await self._refuse(send, message)
                return
            state["started"] = state["started"] or msg["type"] == "http.response.start"
            await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except WebError:
            if not state["started"]:
                state["started"] = True
                await self._refuse(send, message)


# ---------------------------------------------------------------- the app
@lru_cache(maxsize=1)
def _page_template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("reportnlp.web", "templates"), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("index.html.j2")


def warm_up() -> None:
    """Load rules, lexicons and the section model once, before several requests race to do it."""
    from ..check.registry import all_rules
    from ..pipeline import analyse_source
    from ..read import Source
    from ..report.html import render_html

    all_rules()
    from ..domain.parts import part

    text = f"某县教育局2024年度法治政府建设情况报告\n一、{part('measures').heading(2024)}\n全年办理行政许可12件。\n"
    render_html([analyse_source(Source(path="warm-up.txt", format="txt", text=text))])


def _config():
    """The same rule selection `reportnlp check` would use in the folder the server starts in."""
    from ..config import Config, load_project_config

    proj = load_project_config()
    return Config(select=list(proj.get("select", [])), ignore=list(proj.get("ignore", [])))


def create_app(settings: WebSettings, on_ready=None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app):
        ws = Workspace(settings.work_dir, settings.keep_seconds)
        jobs = JobStore(ws, settings.batch_workers)
        stop = threading.Event()

        def janitor():
            while not stop.wait(settings.sweep_seconds):
                ws.sweep()
                jobs.purge()

        t = threading.Thread(target=janitor, name="reportnlp-sweep", daemon=True)
        app.state.workspace, app.state.jobs = ws, jobs
        warm_up()
        t.start()
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            stop.set()
            jobs.close()
            ws.close()

    app = FastAPIOffline(
        title="reportnlp 审阅接口", version=__version__, lifespan=lifespan,
        description=("法治政府建设年度报告的检查、批注、建议、起草与批量比较接口（与网页使用的接口相同）。"
                     "所有处理都在本机完成；上传的文件处理后立即删除，结果文件到期自动删除。"
                     "错误时返回 `{\"error\": \"中文说明\"}`。"))
    app.state.settings = settings
    app.state.config = _config()
    app.state.slots = threading.BoundedSemaphore(max(1, settings.workers))
    app.add_middleware(BodyLimit, settings=settings)
    app.mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.exception_handler(WebError)
    async def web_error(_request, exc: WebError):
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request, exc: RequestValidationError):
        parts = []
        for e in exc.errors():
            name = next((FIELD_ZH[x] for x in e.get("loc", ()) if x in FIELD_ZH), "请求")
            parts.append(f"缺少{name}" if e.get("type") == "missing" else f"{name}格式不正确")
        return JSONResponse({"error": "；".join(dict.fromkeys(parts)) or "请求格式不正确"}, status_code=400)

    @app.exception_handler(Exception)
    async def crashed(_request, exc: Exception):
        return JSONResponse({"error": f"处理失败（内部错误 {type(exc).__name__}），请把文件交给管理员排查"}, status_code=500)

    # ------------------------------------------------------------ helpers
    def ws() -> Workspace:
        return app.state.workspace

    def links(area: Area, base: str) -> dict[str, str]:
        return {k: f"{base}/{area.id}/{name}" for k, name in
                (("view", "view.html"), ("annotated", "reviewed.docx"), ("json", "report.json"),
                 ("suggested", "suggested.docx"), ("docx", "draft.docx"), ("trace", "trace.json"))
                if name in area.names}

    def given(up: UploadFile | None) -> bool:
        return up is not None and bool(up.filename or up.size)

    def take(area: Area, up: UploadFile, allowed: tuple[str, ...], what: str) -> service.Upload:
        name = display_name(up.filename)
        ext = extension(name, allowed, what)
        path = area.new_input(ext)
        save_upload(up.file, path, name, settings.max_file_mb * MB)
        return service.Upload(path, name)

    def single(fn):
        """Run fn(area) in a fresh area; inputs always deleted, the area too when nothing is offered."""
        area = ws().new_area()
        try:
            with app.state.slots:
                return fn(area)
        except BaseException:
            ws().remove(area)
            raise
        finally:
            area.drop_inputs()

    # ------------------------------------------------------------ page
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page():
        html = _page_template().render(s=settings, report_exts=",".join(REPORT_EXTS), data_exts=",".join(DATA_EXTS),
                                       keep_minutes=max(1, settings.keep_seconds // 60), version=__version__)
        return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "SAMEORIGIN"})

    # ------------------------------------------------------------ API
    @app.post("/api/check", response_model=CheckResult, responses=ERRORS, tags=["检查"],
              summary="检查一份报告（HTML 审阅视图、批注版 Word、JSON）")
    def api_check(report: Annotated[UploadFile, File(description="报告文件（.docx / .txt / .doc / .wps）")],
                  data: Annotated[Optional[UploadFile], File(description="统计数据（.xlsx / .csv / .json，可选）")] = None,
                  year: Annotated[Optional[int], Form(description="报告所述年度（可选，覆盖自动识别）")] = None,
                  org: Annotated[Optional[str], Form(description="数据中使用的单位名称（可选）")] = None):
        def work(area: Area):
            up = take(area, report, REPORT_EXTS, "报告格式")
            sheet = service.load_sheet(take(area, data, DATA_EXTS, "数据表格式")) if given(data) else None
            cfg = app.state.config
            cfg = type(cfg)(select=cfg.select, ignore=cfg.ignore, year=year, data_org=org or None)
            d, names, notes = service.check_report(up, area.out_dir, cfg, sheet)
            area.names.update(names)
            return {"id": area.id, "file": up.name, "counts": service.counts(d["findings"]),
                    "missing": _part_names(d["missing_sections"]), "links": links(area, "/api/results"),
                    "notes": notes, "expires_in": settings.keep_seconds, "report": d}
        return single(work)

    @app.post("/api/annotate", responses={200: {"content": {MEDIA[".docx"]: {}}, "description": "批注版 Word 文件"}, **ERRORS},
              response_class=FileResponse, tags=["检查"], summary="返回带审阅批注的 Word 副本（每个问题一条批注）")
    def api_annotate(report: Annotated[UploadFile, File(description="报告文件（.docx / .txt / .doc / .wps）")],
                     data: Annotated[Optional[UploadFile], File(description="统计数据（可选）")] = None):
        def work(area: Area):
            up = take(area, report, REPORT_EXTS, "报告格式")
            sheet = service.load_sheet(take(area, data, DATA_EXTS, "数据表格式")) if given(data) else None
            _d, names, notes = service.check_report(up, area.out_dir, app.state.config, sheet)
            if notes:
                raise WebError(f"“{up.name}”：{notes[0]}", 422)
            area.names.update(names)
            return area
        area = single(work)
        resp = _download(area, "reviewed.docx")
        resp.background = BackgroundTask(ws().remove, area)  # nothing of this request is kept
        return resp

    @app.post("/api/suggest", response_model=SuggestResult, responses=ERRORS, tags=["检查"],
              summary="为缺少的法定部分提出建议段落")
    def api_suggest(report: Annotated[UploadFile, File(description="报告文件")],
                    data: Annotated[Optional[UploadFile], File(description="统计数据（可选，用于填入数字）")] = None):
        def work(area: Area):
            up = take(area, report, REPORT_EXTS, "报告格式")
            sheet = service.load_sheet(take(area, data, DATA_EXTS, "数据表格式")) if given(data) else None
            meta, sugg, names = service.suggest_parts(up, area.out_dir, sheet)
            area.names.update(names)
            return {"id": area.id, **meta, "suggestions": sugg, "links": links(area, "/api/results"),
                    "expires_in": settings.keep_seconds}
        return single(work)

    @app.post("/api/draft", response_model=DraftResult, responses=ERRORS, tags=["起草"],
              summary="根据统计数据（和上一年度报告）起草年度报告")
    def api_draft(data: Annotated[UploadFile, File(description="统计数据（.xlsx / .csv / .json）")],
                  org: Annotated[str, Form(description="单位名称，如 某县教育局", min_length=2, max_length=60)],
                  year: Annotated[int, Form(description="报告所述年度", ge=2000, le=2100)],
                  previous: Annotated[Optional[UploadFile], File(description="上一年度报告（可选）")] = None,
                  signed: Annotated[Optional[str], Form(description="落款日期，如 2026年1月20日（可选）", max_length=30)] = None):
        def work(area: Area):
            sheet = take(area, data, DATA_EXTS, "数据表格式")
            prev = take(area, previous, REPORT_EXTS, "报告格式") if given(previous) else None
            info, names = service.draft_report(sheet, org.strip(), year, area.out_dir, prev, signed or None)
            area.names.update(names)
            return {"id": area.id, **info, "links": links(area, "/api/results"), "expires_in": settings.keep_seconds}
        return single(work)

    @app.post(BATCH_PATH, response_model=JobStatus, status_code=202, responses=ERRORS, tags=["批量比较"],
              summary="批量比较多份报告（可上传 .zip）：返回任务编号，用 /api/jobs/{id} 查询进度")
    def api_compare(files: Annotated[list[UploadFile], File(description="多份报告和/或 .zip 压缩包")],
                    data: Annotated[Optional[UploadFile], File(description="各单位统计数据（可选，用于人均等比率）")] = None,
                    outlier_z: Annotated[float, Form(description="异常值的稳健Z值阈值", gt=0, le=50)] = 3.5):
        if len(files) > settings.max_files:
            raise WebError(f"一次最多上传 {settings.max_files} 个文件（本次 {len(files)} 个）", 413)
        area = ws().new_area()
        try:
            ups, notes = _batch_inputs(area, files)
            # a bad data sheet is said now, not after the whole batch has been queued
            rows = service.load_sheet(take(area, data, DATA_EXTS, "数据表格式")) if given(data) else None
        except BaseException:
            ws().remove(area)
            raise

        def run(job: Job) -> dict:
            job.progress.notes = notes
            res = service.compare_batch(ups, area.out_dir, job.progress, rows, outlier_z)
            area.names.update({"index.html": "index.html", "summary.xlsx": "summary.xlsx"})
            return res

        job = app.state.jobs.submit(area, run)
        job.progress.total = len(ups)
        return _status(job)

    @app.get("/api/jobs/{job_id}", response_model=JobStatus, responses={404: {"model": ErrorMessage}}, tags=["批量比较"],
             summary="任务进度与结果")
    def api_job(job_id: str):
        return _status(_job(job_id))

    @app.get("/api/jobs/{job_id}/files/{name:path}", include_in_schema=True, tags=["批量比较"],
             responses={404: {"model": ErrorMessage}}, summary="比较看板（index.html、reports/…）与 summary.xlsx")
    def api_job_file(job_id: str, name: str):
        job = _job(job_id)
        if job.state != "done":
            raise WebError("任务尚未完成", 404)
        path = job.area.result(name)
        if path is None or not (name in ("index.html", "summary.xlsx") or
                                (name.startswith("reports/") and name.endswith(".html"))):
            raise WebError("没有这个结果文件（可能已过期删除）", 404)
        return _serve(path, os.path.basename(name))

    @app.get("/api/results/{result_id}/{name}", tags=["检查"], responses={404: {"model": ErrorMessage}},
             summary="下载结果文件（view.html、reviewed.docx、report.json、suggested.docx、draft.docx、trace.json）")
    def api_result(result_id: str, name: str):
        area = ws().get(result_id)
        if area is None:
            raise WebError("结果不存在或已过期删除，请重新上传", 404)
        return _download(area, name)

    # ------------------------------------------------------------ helpers needing settings
    def _batch_inputs(area: Area, files: list[UploadFile]) -> tuple[list[service.Upload], list[str]]:
        ups: list[service.Upload] = []
        notes: list[str] = []
        budget = [settings.max_unzipped_mb * MB]
        for up in files:
            name = display_name(up.filename)
            if is_archive(name):
                z = area.new_input(".zip")
                save_upload(up.file, z, name, settings.max_batch_mb * MB)
                entries, skipped = extract_zip(z, name, area.new_input, settings, budget)
                os.unlink(z)
                ups += [service.Upload(e.path, e.display) for e in entries]
                notes += skipped
            elif os.path.splitext(name)[1].lower() in REPORT_EXTS:
                path = area.new_input(os.path.splitext(name)[1].lower())
                try:
                    save_upload(up.file, path, name, settings.max_file_mb * MB)
                except WebError as exc:
                    if exc.status == 413:
                        raise
                    notes.append(f"{name}：空文件，已跳过")
                    continue
                ups.append(service.Upload(path, name))
            else:
                notes.append(f"{name}：不是报告文件或 zip 压缩包，已跳过")
            if len(ups) > settings.max_files:
                raise WebError(f"一次最多比较 {settings.max_files} 份报告（含压缩包中的文件）", 413)
        if not ups:
            raise WebError("没有可检查的报告文件（支持 " + "、".join(REPORT_EXTS) + " 和 .zip）" +
                           ("：" + "；".join(notes[:5]) if notes else ""))
        return ups, notes

    def _job(job_id: str) -> Job:
        job = app.state.jobs.get(job_id)
        if job is None:
            raise WebError("任务不存在或已过期删除", 404)
        return job

    def _status(job: Job) -> dict:
        lk = {}
        if job.state == "done":
            lk = {"dashboard": f"/api/jobs/{job.id}/files/index.html", "summary": f"/api/jobs/{job.id}/files/summary.xlsx"}
        return {"id": job.id, "state": job.state, "total": job.progress.total, "done": job.progress.done,
                "waiting": app.state.jobs.queued_before(job) if job.state == "queued" else 0,
                "error": job.error, "result": job.result, "links": lk, "expires_in": settings.keep_seconds}

    def _download(area: Area, name: str):
        path = area.result(name) if name in area.names else None
        if path is None:
            raise WebError("没有这个结果文件（可能已过期删除）", 404)
        return _serve(path, area.names[name])

    def _serve(path: str, download: str):
        ext = os.path.splitext(path)[1].lower()
        if ext == ".html":  # shown in the page's frame; report text inside is escaped, and no script may run
            return FileResponse(path, media_type=MEDIA[ext],
                                headers={"Content-Security-Policy": RESULT_CSP, "X-Frame-Options": "SAMEORIGIN"})
        return FileResponse(path, media_type=MEDIA.get(ext, "application/octet-stream"), filename=download)

    return app


def _part_names(parts: list[str]) -> list[str]:
    from ..domain.parts import short_names

    PART_ZH = short_names()

    return [PART_ZH.get(p, p) for p in parts]
