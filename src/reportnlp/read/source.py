"""What a reader yields: the text and its per-line layout hints."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LineMeta:
    """What the file says about one line beyond its text (style, numbering label, bold run-in)."""

    style: str | None = None  # paragraph style name (docx)
    label: str | None = None  # label rendered from Word auto-numbering
    bold_prefix: str | None = None  # leading bold run text (run-in heading)
    outline: int | None = None  # heading level from the style (Heading N / 标题 N)
    table: int | None = None  # index of the table this line is a row of
    is_title: bool = False


@dataclass
class Source:
    """A document as read: its text, one paragraph a line, and what the file said of each line."""

    path: str
    format: str  # txt | docx | doc | wps
    text: str
    lines_meta: dict[int, LineMeta] = field(default_factory=dict)  # 1-based line -> meta
    encoding: str = "utf-8"
    docx_path: str | None = None  # path of the .docx actually read
    docx_data: bytes | None = None  # the converted .docx of a .doc/.wps input (its temp file is gone)
