"""Limits and lifetimes of the web page (plain data, no web framework needed to read them)."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024

REPORT_EXTS = (".docx", ".txt", ".doc", ".wps")
# uploaded data sheets: only file formats that are parsed, never database files opened by an engine
DATA_EXTS = (".xlsx", ".xlsm", ".csv", ".json")
ARCHIVE_EXTS = (".zip",)
MAX_NAME_CHARS = 120  # an uploaded file's name as shown and used for download names (extension kept)
MAX_EXT_CHARS = 10  # a longer ".xxx" tail of a name is not taken as its extension
# names of this computer that are always accepted in the Host header when serving on a loopback address
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


@dataclass
class WebSettings:
    max_file_mb: int = 20  # one uploaded file
    max_batch_mb: int = 300  # all files of one batch upload together
    max_files: int = 500  # reports in one batch (after unpacking archives)
    max_unzipped_mb: int = 500  # what the archives of one batch may unpack to
    max_zip_entries: int = 2000
    max_zip_ratio: int = 200  # uncompressed/compressed size of one entry above this: a zip bomb
    keep_seconds: int = 1800  # results (annotated copies, drafts, dashboards) are deleted after this
    sweep_seconds: int = 60  # how often expired results are looked for
    workers: int = 2  # reports analysed at the same time (single uploads), each in its own worker process
    job_seconds: int = 120  # a check/suggest/draft (or one file of a batch) running longer is stopped
    job_memory_mb: int = 2048  # address space of one worker process (Linux/macOS), as `compare --max-memory`
    batch_workers: int = 1  # batch comparisons run at the same time (others wait in a queue)
    work_dir: str | None = None  # parent of the temporary folder (default: the system's temp dir)
    host: str = "127.0.0.1"  # the address served on (`serve --host`): requests must name it (or an allowed host)
    allowed_hosts: tuple[str, ...] = ()  # further names users reach the server by (`serve --allow-host`)

    @property
    def single_request_bytes(self) -> int:
        """A single-report request carries at most a report, a data sheet and last year's report."""
        return 3 * self.max_file_mb * MB + MB

    @property
    def batch_request_bytes(self) -> int:
        return self.max_batch_mb * MB + MB

    def host_names(self) -> set[str]:
        """Host names a request may carry: the address served on, the configured extra names, and
        this computer's own names when serving on loopback or on every address. Anything else is a
        page of another site reaching this server through a rebound DNS name."""
        names = {_bare(self.host), *(_bare(h) for h in self.allowed_hosts)}
        if names & set(LOOPBACK_HOSTS) or _bare(self.host) in WILDCARD_HOSTS:
            names |= set(LOOPBACK_HOSTS)
        if _bare(self.host) in WILDCARD_HOSTS:  # reached over the office network by this computer's name or address
            import socket

            try:
                own = {socket.gethostname(), socket.getfqdn()}
                for name in list(own):
                    own |= {str(ai[4][0]) for ai in socket.getaddrinfo(name, None)}
            except OSError:
                pass
            names |= {_bare(n) for n in own}
        return names - set(WILDCARD_HOSTS)


def _bare(host: str) -> str:
    """`[::1]` -> `::1`, `LocalHost.` -> `localhost`."""
    return host.strip().strip("[]").rstrip(".").lower()
