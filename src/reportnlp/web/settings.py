"""Limits and lifetimes of the web page (plain data, no web framework needed to read them)."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024

REPORT_EXTS = (".docx", ".txt", ".doc", ".wps")
# uploaded data sheets: only file formats that are parsed, never database files opened by an engine
DATA_EXTS = (".xlsx", ".xlsm", ".csv", ".json")
ARCHIVE_EXTS = (".zip",)


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
    workers: int = 2  # reports analysed at the same time (single uploads)
    batch_workers: int = 1  # batch comparisons run at the same time (others wait in a queue)
    work_dir: str | None = None  # parent of the temporary folder (default: the system's temp dir)

    @property
    def single_request_bytes(self) -> int:
        """A single-report request carries at most a report, a data sheet and last year's report."""
        return 3 * self.max_file_mb * MB + MB

    @property
    def batch_request_bytes(self) -> int:
        return self.max_batch_mb * MB + MB
