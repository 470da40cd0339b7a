"""Temporary folders of the web page: one private area per request or job, named by an unguessable id.

Layout: ``<root>/<id>/in/`` holds the uploads (uuid names, deleted as soon as the work is done) and
``<root>/<id>/out/`` the results offered for download (deleted after `keep_seconds`). Nothing is
ever written outside ``<root>``; a user's file or zip entry name is never part of a path.
"""
from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field

import reportnlp.recache as recache

TOKEN = recache.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass
class Area:
    id: str
    path: str
    created: float
    names: dict[str, str] = field(default_factory=dict)  # result file -> download name shown to the user
    busy: bool = False  # a job is still writing here: never swept

    @property
    def in_dir(self) -> str:
        return os.path.join(self.path, "in")

    @property
    def out_dir(self) -> str:
        return os.path.join(self.path, "out")

    def new_input(self, ext: str) -> str:
        """A fresh path for an upload; only the (whitelisted) extension comes from the user."""
        os.makedirs(self.in_dir, exist_ok=True)
        return os.path.join(self.in_dir, uuid.uuid4().hex + ext)

    def drop_inputs(self) -> None:
        shutil.rmtree(self.in_dir, ignore_errors=True)

    def result(self, name: str) -> str | None:
        """Path of a result file inside out/, or None (no traversal: the path must stay inside)."""
        out = os.path.realpath(self.out_dir)
        p = os.path.realpath(os.path.join(out, name))
        if not p.startswith(out + os.sep) or not os.path.isfile(p):
            return None
        return p


class Workspace:
    def __init__(self, parent: str | None = None, keep_seconds: int = 1800):
        if parent:
            os.makedirs(parent, exist_ok=True)
        self.root = tempfile.mkdtemp(prefix="reportnlp-web-", dir=parent)
        os.chmod(self.root, 0o700)
        self.keep_seconds = keep_seconds
        self._areas: dict[str, Area] = {}
        self._lock = threading.Lock()

    def new_area(self) -> Area:
        token = secrets.token_urlsafe(24)  # 192 bits: ids cannot be guessed or enumerated
        path = os.path.join(self.root, uuid.uuid4().hex)
        os.makedirs(os.path.join(path, "out"))
        area = Area(id=token, path=path, created=time.time())
        with self._lock:
            self._areas[token] = area
        return area

    def get(self, token: str) -> Area | None:
        if not TOKEN.match(token or ""):
            return None
        with self._lock:
            area = self._areas.get(token)
        if area is None or (not area.busy and time.time() - area.created > self.keep_seconds):
            return None
        return area

    def remove(self, area: Area) -> None:
        with self._lock:
            self._areas.pop(area.id, None)
        shutil.rmtree(area.path, ignore_errors=True)

    def sweep(self, now: float | None = None) -> int:
        """Delete every area older than `keep_seconds` (jobs still running are kept); returns how many."""
        now = time.time() if now is None else now
        with self._lock:
            old = [a for a in self._areas.values() if not a.busy and now - a.created >= self.keep_seconds]
        for a in old:
            self.remove(a)
        return len(old)

    def close(self) -> None:
        with self._lock:
            self._areas.clear()
        shutil.rmtree(self.root, ignore_errors=True)
