"""The FastAPI application: the page (/), its JSON API (/api/...) and the offline API docs (/docs).

This module only assembles: the routes live in routes_check.py (page, single report) and
routes_batch.py (batch comparison), the guards in security.py, shared helpers in deps.py."""
from __future__ import annotations

import os
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException

from .._version import __version__
from . import routes_batch, routes_check
from .deps import Web
from .jobs import JobStore
from .security import BodyLimit, HostOriginGuard
from .settings import WebSettings
from .storage import Workspace
from .uploads import WebError

HERE = os.path.dirname(os.path.abspath(__file__))
FIELD_ZH = {"report": "报告文件", "data": "统计数据表", "files": "报告文件", "org": "单位名称", "year": "年度",
            "previous": "上一年度报告", "signed": "落款日期", "outlier_z": "异常值阈值"}
# the framework's own refusals (a form it cannot parse, an unknown address …), said in Chinese
HTTP_ZH = {400: "上传内容无法解析（表单格式不正确或不完整），请在审阅网页上重新选择文件上传",
           404: "没有这个页面或接口，请检查地址", 405: "该地址不支持这种请求方式",
           413: "上传内容过大，未处理", 415: "上传内容的类型不受支持，请以表单（multipart/form-data）上传文件"}


def _config():
    """The same rule selection `reportnlp check` would use in the folder the server starts in."""
    from ..config import Config, load_project_config

    proj = load_project_config()
    return Config(select=list(proj.get("select", [])), ignore=list(proj.get("ignore", [])))


def create_app(settings: WebSettings, on_ready=None) -> FastAPI:
    web = Web(settings, _config())

    @asynccontextmanager
    async def lifespan(app):
        from ..compare.run import worker_pool

        ws = Workspace(settings.work_dir, settings.keep_seconds)
        jobs = JobStore(ws, settings.batch_workers)
        stop = threading.Event()

        def janitor():
            while not stop.wait(settings.sweep_seconds):
                ws.sweep()
                jobs.purge()

        t = threading.Thread(target=janitor, name="reportnlp-sweep", daemon=True)
        # single requests run in warm worker processes (as `compare` files do), each with a time limit
        with worker_pool(settings.workers, settings.job_memory_mb) as pool:
            web.start(ws, jobs, pool)
            app.state.workspace, app.state.jobs = ws, jobs  # for tests and tools that look in
            # start the workers now: they load rules, lexicons and the section model once (forked from a
            # server that loaded them), so the first request neither waits for that nor spends its
            # time limit on it; this process itself never analyses a report
            pool.schedule(os.getpid).result()
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
    app.state.web = web
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(HostOriginGuard, settings=settings)  # added last: runs first
    app.mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    add_error_handlers(app)
    app.include_router(routes_check.router)
    app.include_router(routes_batch.router)
    return app


def add_error_handlers(app: FastAPI) -> None:
    """Every refusal is one Chinese line in `{"error": ...}`; a program error never shows a traceback."""

    @app.exception_handler(WebError)
    async def web_error(_request, exc: WebError):
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(HTTPException)
    async def http_error(_request, exc: HTTPException):
        # FastAPI and Starlette raise these with English details, e.g. while parsing a malformed multipart body
        message = HTTP_ZH.get(exc.status_code, f"请求无法处理（HTTP {exc.status_code}）")
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)

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
