"""The per-file work of a batch (runs in worker processes or on a Dask cluster)."""
from __future__ import annotations

import hashlib
import os
import re

from ..check.figures import metric_values

PLACE = re.compile(r"([\u4e00-\u9fff]{2,5}?(?:自治县|县|区|市|旗))(?=[^县区市旗]*?(?:局|委|委员会|政府|办公室)$)")


def place_of(org: str | None) -> str | None:
    """青山县教育局 -> 青山县; 金华市婺城区教育局 -> 婺城区 (the most local unit)."""
    if not org:
        return None
    names = re.findall(r"[\u4e00-\u9fff]{2,5}?(?:自治县|县|区|市|旗)", org)
    names = [n for n in names if not n.endswith("市") or len(names) == 1]
    return names[-1] if names else None


def file_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def work(path: str) -> dict:
    """Check one file; never raises (an unreadable file comes back with `error`)."""
    from ..errors import ReportError
    from ..pipeline import analyse
    from ..report.html import render_html
    from ..report.jsonout import to_dict

    rec = {"file": path, "error": None}
    try:
        rep = analyse(path)  # reads the file first: a missing file or a dangling link is a ReportError
        rec["hash"] = file_hash(path)
    except ReportError as exc:
        rec["error"] = exc.message
        return rec
    except MemoryError:
        rec["error"] = "处理该文件所需内存超过上限，已跳过"
        return rec
    except OSError as exc:
        rec["error"] = f"无法读取文件（{exc.strerror or type(exc).__name__}）"
        return rec
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
        rec["error"] = f"处理失败（{type(exc).__name__}）"
        return rec
    d = to_dict(rep)
    heading_lines = {h.line for h in rep.headings if not h.inline}
    # lines the checker already calls copy-site or conversion debris (RN305) are no paragraphs of the report
    debris = {f["line"] for f in d["findings"] if f["code"] == "RN305" and f.get("line")}
    skip = heading_lines | set(rep.chrome.lines) | set(rep.meta.title_lines) | debris
    paras = []
    for i, line in enumerate(rep.source.text.split("\n"), start=1):
        s = line.strip()
        if len(s) >= 30 and i not in skip and re.search(r"[\u4e00-\u9fff]{10}", s):
            paras.append({"line": i, "text": s})
    org = rep.meta.org or os.path.splitext(os.path.basename(path))[0]
    rec.update({
        "org": org, "place": place_of(org), "year": rep.meta.year, "doc_type": rep.meta.doc_type,
        "format": d["format"], "statutory_applicable": d["statutory_applicable"], "missing": d["missing_sections"],
        "headings": d["headings"], "claims": d["claims"], "checks": d["checks"], "findings": d["findings"],
        "metrics": metric_values(rep), "paragraphs": paras, "chars": len(rep.source.text),
        "html": render_html([rep]),
    })
    return rec
