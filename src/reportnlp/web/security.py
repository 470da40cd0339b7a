"""Guards in front of every route (plain ASGI middleware): the request size limit."""
from __future__ import annotations

import json

from .settings import WebSettings
from .uploads import WebError

BATCH_PATH = "/api/compare"


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
