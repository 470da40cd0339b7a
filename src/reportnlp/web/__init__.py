"""`reportnlp serve`: the review web page and its JSON API (optional extra `reportnlp[web]`).

The page and the API call the same functions as the command line (pipeline, HTML renderer,
Word comments, draft, suggest, batch comparison); this package only handles uploads, temporary
folders, background jobs and the page itself. Nothing leaves the machine.
"""
from __future__ import annotations

import importlib.util

from .settings import WebSettings

# module that must be importable -> distribution to install
REQUIRED = {"fastapi": "fastapi", "uvicorn": "uvicorn", "multipart": "python-multipart",
            "fastapi_offline": "fastapi-offline"}

__all__ = ["WebSettings", "missing_dependencies", "create_app", "serve"]


def missing_dependencies() -> list[str]:
    """Distributions of the `web` extra that are not installed."""
    return [dist for mod, dist in REQUIRED.items() if importlib.util.find_spec(mod) is None]


def create_app(settings: WebSettings | None = None, on_ready=None):
    """The ASGI app; `on_ready()` is called once the models are loaded and requests are served."""
    from .app import create_app as _create

    return _create(settings or WebSettings(), on_ready)


def serve(settings: WebSettings, host: str = "127.0.0.1", port: int = 8000, on_ready=None) -> None:
    """Run the page with uvicorn until Ctrl+C: one server process; each report is analysed in a worker
    process with a time limit, batch jobs are queued in threads that feed their own worker."""
    import dataclasses
    import socket

    import uvicorn

    # uvicorn only logs a failed bind and exits: find out first, so the command can say so in one line
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    settings = dataclasses.replace(settings, host=host)  # requests must name the address served on
    uvicorn.run(create_app(settings, on_ready), host=host, port=port, log_level="warning", access_log=False)
