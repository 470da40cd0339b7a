"""Guards in front of every route (plain ASGI middleware): the Host and Origin checks that keep
other web sites out (DNS rebinding, cross-site form posts), and the request size limit."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

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


# ---------------------------------------------------------------- Host and Origin
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_PORTS = {"http": 80, "https": 443}


async def refuse(send, status: int, message: str) -> None:
    """Answer with the web's error shape `{"error": ...}` without running the app."""
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _split(netloc_url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of a URL, or None when it is not one."""
    try:
        u = urlsplit(netloc_url)
        port = u.port
    except ValueError:
        return None
    if not u.scheme or not u.hostname:
        return None
    scheme = u.scheme.lower()
    return scheme, u.hostname.rstrip(".").lower(), port or DEFAULT_PORTS.get(scheme)


class HostOriginGuard:
    """Accept a request only when its Host header names this server (`WebSettings.host_names()`),
    and a state-changing request (POST, PUT, DELETE …) only when the browser says it comes from
    this server's own page: its `Origin` (or, without one, its `Referer`) is this origin, or
    `Sec-Fetch-Site` is `same-origin`. A request carrying none of these (curl, scripts, API clients)
    is allowed: a browser always sends one of them on a cross-site POST."""

    def __init__(self, app, settings: WebSettings):
        self.app = app
        self.hosts = settings.host_names()

    def _host(self, headers: dict[bytes, bytes]) -> tuple[str, int | None] | None:
        raw = headers.get(b"host", b"").decode("latin-1")
        parsed = _split("http://" + raw) if raw and "/" not in raw and "@" not in raw else None
        if parsed is None or parsed[1] not in self.hosts:
            return None
        return parsed[1], parsed[2]

    @staticmethod
    def _same_origin(headers: dict[bytes, bytes], scheme: str, host: str, port: int | None) -> bool:
        own = (scheme, host, port or DEFAULT_PORTS.get(scheme))
        site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
        if site and site not in ("same-origin", "none"):
            return False
        origin = headers.get(b"origin", b"").decode("latin-1").strip()
        if origin and origin != "null":
            return _split(origin) == own
        if origin == "null":  # sent under Referrer-Policy no-referrer; only the fetch metadata can vouch for it
            return site == "same-origin"
        referer = headers.get(b"referer", b"").decode("latin-1").strip()
        if referer:
            return _split(referer) == own
        return True

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers", []))
        host = self._host(headers)
        if host is None:
            return await refuse(send, 400, "请求的主机名不是本审阅服务的地址，已拒绝（如需用其他名称访问，"
                                           "请在启动时用 --allow-host 加上该名称）")
        if scope.get("method", "GET").upper() not in SAFE_METHODS and \
                not self._same_origin(headers, scope.get("scheme", "http"), *host):
            return await refuse(send, 403, "请求来自其他网站，已拒绝：请在本审阅网页上操作")
        return await self.app(scope, receive, send)
