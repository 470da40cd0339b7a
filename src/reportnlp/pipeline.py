"""The pipeline: read → normalise → segment → extract → check. Each step is one call."""
from __future__ import annotations

import reportnlp.recache as recache
from .check import registry
from .check.relations import find_relations
from .check.relations.change import (
    find_changes,
    previous_figures_from_data,
    previous_figures_from_report,
)
from .extract.claims import extract_claims, parse_tables
from .extract.metrics import tag_metrics
from .model import Report
from .normalise import _fold_width, normalise, to_simplified
from .read import read_document
from .segment.chrome import find_chrome
from .segment.classifier import classify_heading
from .segment.headings import find_headings
from .segment.metadata import extract_meta
from .segment.sections import assign_parts, judge_completeness


def _normalise_hints(meta: dict) -> dict:
    for m in meta.values():
        if m.bold_prefix:
            m.bold_prefix = "".join(_fold_width(c) for c in to_simplified(m.bold_prefix))
    return meta


def _last_year_figures(rep: Report, config=None, data=None) -> dict:
    """Last year's figures handed to the change check: from the data rows of last year and from
    last year's analysed report (`config.previous`, only when it is of the year before)."""
    figures: dict = {}
    if data:
        figures.update(previous_figures_from_data(data, getattr(config, "data_org", None) or rep.meta.org,
                                                  rep.meta.year))
    prev_rep = getattr(config, "previous", None)
    if prev_rep is not None:
        py, y = getattr(prev_rep.meta, "year", None), rep.meta.year
        if not (py and y and py != y - 1):  # a report of another year is not last year's
            figures.update(previous_figures_from_report(prev_rep))
    return figures


def analyse(path: str, config=None, data=None) -> Report:
    src = read_document(path)
    return analyse_source(src, config=config, data=data)


def analyse_source(src, config=None, data=None) -> Report:
    norm = normalise(src.text)
    lines = norm.text.split("\n")
    hints = _normalise_hints(src.lines_meta)
    chrome = find_chrome(lines)
    data_orgs = sorted({r.org for r in data if getattr(r, "org", None)}) if data else None
    rep = Report(source=src, norm=norm, chrome=chrome, meta=extract_meta(lines, chrome, hints, data_orgs=data_orgs))
    if config is not None and getattr(config, "year", None):
        rep.meta.year = config.year
    skip = set(rep.chrome.lines)
    rep.headings = find_headings(lines, norm.line_starts, skip, set(rep.meta.title_lines), hints)
    rep.sections, rep.missing = assign_parts(
        rep.headings, lines, norm.line_starts, rep.meta.year, rep.meta.statutory_applicable,
        classifier=classify_heading, skip=skip | set(rep.meta.title_lines))
    rep.meta.evidence["completeness"] = judge_completeness(lines, skip | set(rep.meta.title_lines), rep.headings,
                                                           rep.sections, rep.missing)
    rep.tables, rep.table_lines = parse_tables(lines, norm.line_starts, skip)
    label_spans = []
    for h in rep.headings:
        if h.label:
            label_spans.append((h.nstart, h.nstart + len(h.label)))
    # labels of numbered lines that are not headings (data items) are not claims either
    for i, s in enumerate(lines, start=1):
        m = recache.match(r"^\s*(?:\(?\d{1,2}\)|\d{1,2}[.、](?!\d))", s)
        if m:
            label_spans.append((norm.line_starts[i - 1], norm.line_starts[i - 1] + m.end()))
    rep.claims = extract_claims(norm.text, norm.line_starts, skip | set(rep.meta.title_lines), rep.tables, label_spans)
    tag_metrics(rep.claims, norm.text)
    rep.checks = find_relations(rep)
    if data is not None:
        from .check.datacheck import data_scope, guess_org, select_rows

        org = getattr(config, "data_org", None) or rep.meta.org or rep.meta.org_as_written
        if org is None and len({r.org for r in data if r.org}) > 1:
            org = guess_org(data, norm.text) or "（未识别单位）"
        rep.data_rows = select_rows(data, org, rep.meta.year)
        if data and not rep.data_rows:
            rep.data_scope = data_scope(data)
            rep.data_scope.org, rep.data_scope.year = org, rep.meta.year
        rep.show_unmatched = bool(getattr(config, "show_unmatched", False))
    rep.checks += find_changes(rep, _last_year_figures(rep, config, data))  # stated changes (RN208)
    rep.findings = registry.run_rules(rep, config)
    return rep
