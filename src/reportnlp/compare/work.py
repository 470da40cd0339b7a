"""The per-file work of a batch (runs in worker processes or on a Dask cluster)."""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from typing import Any

import reportnlp.recache as recache
from ..check.figures import metric_values
from ..domain.orgs import place_of as _place_of
from .boilerplate import own_text


def place_of(org: str | None) -> str | None:
    """青山县教育局 -> 青山县; 金华市婺城区教育局 -> 婺城区 (the most local unit; domain/orgs.py)."""
    return _place_of(org)


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

    rec: dict[str, Any] = {"file": path, "error": None}
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
    org = rep.meta.org or os.path.splitext(os.path.basename(path))[0]
    place = place_of(org)
    names = tuple(sorted({n for n in (org, place, org.replace(place, "") if place else None) if n}, key=len, reverse=True))
    paras = []
    for i, line in enumerate(rep.source.text.split("\n"), start=1):
        s = line.strip()
        if len(s) >= 30 and i not in skip and recache.search(r"[\u4e00-\u9fff]{10}", s):
            # own: the paragraph without the clauses of the tool's draft wording (copy detection)
            paras.append({"line": i, "text": s, "own": own_text(s, rep.meta.year, names)})
    rec.update({
        "org": org, "place": place, "year": rep.meta.year, "doc_type": rep.meta.doc_type,
        "format": d["format"], "statutory_applicable": d["statutory_applicable"], "missing": d["missing_sections"],
        "headings": d["headings"], "claims": d["claims"], "checks": d["checks"], "findings": d["findings"],
        "metrics": metric_values(rep), "paragraphs": paras, "chars": len(rep.source.text),
        "html": render_html([rep]),
    })
    return rec


# A short report of `year` in the statutory shape: checking it (as .txt and as .docx) touches every
# resource every file needs (rules, lexicon, section classifier, metric catalogue, OpenCC, page
# templates, the .docx reader, the draft wording of its year).
def warm_text(year: int) -> str:
    from ..domain.parts import part

    return (f"青山县教育局{year}年度法治政府建设情况报告\n一、" + part("measures").heading(year) + "\n"
            "全年开展行政检查35次，其中“双随机、一公开”抽查12次、专项检查23次，同比增长12.5%。\n"
            "二、" + part("shortcomings").heading(year) + "\n一是执法力量不足，持证执法人员仅有18人。\n"
            "三、" + part("first_responsible").heading(year) + "\n局党组书记带头学法4次。\n"
            "四、" + part("next_year").heading(year) + f"\n继续完善行政执法三项制度。\n青山县教育局\n{year + 1}年1月20日\n")


@contextlib.contextmanager
def warm_files(year: int) -> Iterator[tuple[str, str]]:
    """The warm-up report of `year` as a .txt and a .docx (written without python-docx: reading
    does not import it), in a temporary folder removed afterwards: (txt path, docx path)."""
    from ..read.docx import plain_docx

    text = warm_text(year)
    with tempfile.TemporaryDirectory(prefix="reportnlp-warm-") as d:
        txt, docx = os.path.join(d, "warm.txt"), os.path.join(d, "warm.docx")
        with open(txt, "w", encoding="utf-8") as fh:
            fh.write(text)
        with open(docx, "wb") as fh:
            fh.write(plain_docx(text.strip().split("\n")))
        yield txt, docx


_warmed = False  # set in the worker server: workers forked from it skip warming


def warm() -> None:
    """Load once, in this process, what the first `work()` would load: after it every file costs
    only its own checking. Never raises (a worker that cannot warm up still checks, just slower)."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    try:
        from datetime import date

        year = date.today().year - 1  # the year a batch is usually about (its draft wording is loaded)
        with warm_files(year) as paths:
            for path in paths:
                work(path)
        from .boilerplate import _leadership_words, template_keys, template_pattern
        from ..segment.classifier import load_section_classifier

        template_keys(year - 1)  # the draft wording of the year before too (late reports, re-runs)
        _leadership_words()  # copy detection's masks: the warm-up texts have no paragraph long enough to need them
        template_pattern()
        load_section_classifier()  # loaded on the first heading the rules leave to it: a batch meets such reports
        # Not warmed: jieba (the near-miss check's word boundaries), needed only by reports with a
        # near-miss candidate: importing it costs a worker that needs it ~40 ms once (its
        # dictionary is looked up on demand, resources.JiebaWords), and nothing in batches that
        # never need it.
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        pass
    recache.save()  # the server's new compiled patterns (its workers end without atexit handlers)
