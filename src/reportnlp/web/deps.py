"""What the routes share: the server's state (settings, rule selection, workspace, jobs, slots) and
the helpers every route uses to take uploads, run work in a private area and serve results."""
from __future__ import annotations

import os
import threading
from typing import Any, Callable, TypeVar

from fastapi import Request, UploadFile
from fastapi.responses import FileResponse

from . import service
from .jobs import JobStore
from .settings import MB, WebSettings
from .storage import Area, Workspace
from .uploads import WebError, display_name, extension, save_upload

# result pages load nothing from elsewhere and run no script
RESULT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'self'"
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".json": "application/json", ".html": "text/html; charset=utf-8",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# result file -> key of its link in an answer
LINKS = (("view", "view.html"), ("annotated", "reviewed.docx"), ("json", "report.json"),
         ("suggested", "suggested.docx"), ("docx", "draft.docx"), ("trace", "trace.json"))

T = TypeVar("T")


class Web:
    """The state of one server, kept in `app.state.web`; workspace and jobs exist while it runs."""

    def __init__(self, settings: WebSettings, config: Any):
        self.settings = settings
        self.config = config  # the rule selection `reportnlp check` would use here
        self.slots = threading.BoundedSemaphore(max(1, settings.workers))
        self._workspace: Workspace | None = None
        self._jobs: JobStore | None = None
        self._pool: Any = None  # pebble ProcessPool: the work of single requests, one task each

    def start(self, workspace: Workspace, jobs: JobStore, pool: Any) -> None:
        self._workspace, self._jobs, self._pool = workspace, jobs, pool

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            raise WebError("审阅服务尚未启动完成，请稍后再试", 503)
        return self._workspace

    @property
    def jobs(self) -> JobStore:
        if self._jobs is None:
            raise WebError("审阅服务尚未启动完成，请稍后再试", 503)
        return self._jobs

    # ------------------------------------------------------------ uploads
    def take(self, area: Area, up: UploadFile, allowed: tuple[str, ...], what: str) -> service.Upload:
        name = display_name(up.filename)
        ext = extension(name, allowed, what)
        path = area.new_input(ext)
        save_upload(up.file, path, name, self.settings.max_file_mb * MB)
        return service.Upload(path, name)

    def take_optional(self, area: Area, up: UploadFile | None, allowed: tuple[str, ...],
                      what: str) -> service.Upload | None:
        """An optional upload: None when the form field was left empty."""
        if up is None or not (up.filename or up.size):
            return None
        return self.take(area, up, allowed, what)

    # ------------------------------------------------------------ work
    def single(self, fn: Callable[[Area], T]) -> T:
        """Run fn(area) in a fresh area; inputs always deleted, the area too when nothing is offered."""
        ws = self.workspace
        area = ws.new_area()
        try:
            with self.slots:
                return fn(area)
        except BaseException:
            ws.remove(area)
            raise
        finally:
            area.drop_inputs()

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker process, stopped after `job_seconds` (the worker is replaced and this
        request answered with one line; the server and the other requests go on). `fn` is looked up
        by name in the worker, so it is a module-level function of reportnlp."""
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        if self._pool is None:
            raise WebError("审阅服务尚未启动完成，请稍后再试", 503)
        s = self.settings
        future = self._pool.schedule(fn, args=args, timeout=s.job_seconds or None)
        try:
            return future.result()
        except FutureTimeout:
            raise WebError(f"处理时间超过 {s.job_seconds} 秒的上限，已停止：文件可能过大或结构异常，"
                           "请拆分后重试或交给管理员排查", 422) from None
        except ProcessExpired:
            raise WebError(f"处理该文件时检查进程异常退出（可能超出内存上限 {s.job_memory_mb} MB），"
                           "请拆分后重试或交给管理员排查", 422) from None

    # ------------------------------------------------------------ results
    def links(self, area: Area, base: str = "/api/results") -> dict[str, str]:
        return {k: f"{base}/{area.id}/{name}" for k, name in LINKS if name in area.names}

    def download(self, area: Area, name: str) -> FileResponse:
        path = area.result(name) if name in area.names else None
        if path is None:
            raise WebError("没有这个结果文件（可能已过期删除）", 404)
        return serve_file(path, area.names[name])


def web_state(request: Request) -> Web:
    """FastAPI dependency: the server's state."""
    return request.app.state.web


def serve_file(path: str, download: str) -> FileResponse:
    ext = os.path.splitext(path)[1].lower()
    if ext == ".html":  # shown in the page's frame; report text inside is escaped, and no script may run
        return FileResponse(path, media_type=MEDIA[ext],
                            headers={"Content-Security-Policy": RESULT_CSP, "X-Frame-Options": "SAMEORIGIN"})
    return FileResponse(path, media_type=MEDIA.get(ext, "application/octet-stream"), filename=download)


def part_names(parts: list[str]) -> list[str]:
    from ..domain.parts import short_names

    names = short_names()
    return [names.get(p, p) for p in parts]
