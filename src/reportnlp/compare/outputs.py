"""summary.xlsx and the self-contained index.html dashboard of a batch."""
from __future__ import annotations

import html
import os

import reportnlp.recache as recache
from ..domain.parts import required_ids, short_names
from ..extract.metrics import catalogue
from ..numbers import base_unit, fmt_amount


def _label(mid: str) -> str:
    for m in catalogue():
        if m["id"] == mid:
            return m["label"]
    return mid


def metric_unit(records, metric: str) -> str | None:
    """The display unit of a metric across reports: 万元 for money, else the most common base unit
    (None when its figures have none; "" when no report gives the metric)."""
    from collections import Counter

    units = Counter(base_unit(r["metrics"][metric].get("unit")) for r in records if metric in r.get("metrics", {}))
    if not units:
        return ""
    # the most common; on a tie a unit before none (a figure without a unit is None)
    u = sorted(units.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))[0][0]
    return "万元" if u == "元" else u


def _in_unit(value: float, unit: str | None) -> float:
    return round(value / 10000, 2) if unit == "万元" else value


def outlier_in_unit(records, o: dict) -> tuple[float, float, str | None]:
    """An outlier's value and median in the unit its metric is shown in (万元 for money), with that
    unit; per-capita ones per school / officer … (`次/学校`)."""
    unit = metric_unit(records, o["metric"])
    basis = o.get("basis") or "总量"
    if basis != "总量":
        den = recache.sub(r"^每[所名个家位]?", "", basis)
        if unit == "万元":
            return round(o["value"], 2), round(o["median"], 2), f"元/{den}"
        return o["value"], o["median"], f"{unit}/{den}" if unit else f"每{den}"
    return _in_unit(o["value"], unit), _in_unit(o["median"], unit), unit


def _safe(name: str) -> str:
    return recache.sub(r"[^\w\u4e00-\u9fff.-]+", "_", name)[:80]


def write_xlsx(records, failed, outliers, pairs, path: str) -> None:
    ok = [r for r in records if not r.get("error")]
    metrics = sorted({m for r in ok for m in r["metrics"]})
    units = {m: metric_unit(ok, m) for m in metrics}
    col = {m: f"{_label(m)}（{units[m]}）" if units[m] else _label(m) for m in metrics}
    t_m = [{"单位": r["org"], "年度": r["year"], "文件": r["file"],
            **{col[m]: _in_unit(r["metrics"][m]["value"], units[m]) for m in metrics if m in r["metrics"]}}
           for r in ok]
    t_p = [{"单位": r["org"], "年度": r["year"], "适用法定五部分": r["statutory_applicable"],
            **{short_names()[p]: ("缺" if p in r["missing"] else "有") if r["statutory_applicable"] else "—" for p in required_ids()}}
           for r in ok]
    codes = sorted({f["code"] for r in ok for f in r["findings"]})
    t_f = [{"单位": r["org"], "年度": r["year"], **{c: sum(1 for f in r["findings"] if f["code"] == c) for c in codes}}
           for r in ok]
    t_x = [{"文件": r["file"], "原因": r["error"]} for r in failed]
    # figures whose own words name no metric: listed, not charted under whatever metric is nearby
    t_u = [{"单位": r["org"], "年度": r["year"], "文件": r["file"], "行": c.get("line"), "数字": c["text"]}
           for r in ok for c in r.get("claims", [])
           if not c.get("metric") and c.get("unit") != "%" and not c.get("in_table")]
    t_o = [{"单位": o["org"], "指标": _label(o["metric"]), "口径": o["basis"],
            "数值": outlier_in_unit(ok, o)[0], "中位数": outlier_in_unit(ok, o)[1],
            "计量单位": outlier_in_unit(ok, o)[2], "稳健Z值": o["z"]} for o in outliers]
    t_c = [{"相似度": p["similarity"], "单位A": p["org_a"], "段落A": p["text_a"], "单位B": p["org_b"],
            "段落B": p["text_b"], "迹象": "；".join(p["signals"])} for p in pairs]
    from ..outpath import write_xlsx as write_guarded_xlsx

    # the cells are those pandas' to_excel(index=False) wrote (see _sheet_rows); text from reports and
    # file names that would start a formula is stored as text (outpath.text_cell, the one guard)
    write_guarded_xlsx(path, {title: list(_sheet_rows(rows, columns)) for title, rows, columns in (
        ("指标", t_m, None), ("法定部分", t_p, None), ("问题统计", t_f, None),
        ("异常值", t_o, ["单位", "指标", "口径", "数值", "中位数", "计量单位", "稳健Z值"]),
        ("疑似复制", t_c, ["相似度", "单位A", "段落A", "单位B", "段落B", "迹象"]),
        ("未读文件", t_x, ["文件", "原因"]), ("未归类数字", t_u, ["单位", "年度", "文件", "行", "数字"]))})


def _sheet_rows(rows: list[dict], columns: list[str] | None):
    """The header and the rows of one sheet as pandas wrote a DataFrame of `rows` (index=False):
    columns in order of first appearance; a missing value an empty string; a column of numbers
    that has a float or a gap all floats; infinities as "inf" / "-inf"."""
    import math

    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r))
    if not columns:
        return
    yield columns
    missing = object()
    cols = [[r.get(c, missing) for r in rows] for c in columns]
    for k, vals in enumerate(cols):
        def gap(v):
            return v is missing or v is None or (isinstance(v, float) and math.isnan(v))
        present = [v for v in vals if not gap(v)]
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)
        floats = numeric and bool(present) and (len(present) < len(vals) or any(isinstance(v, float) for v in present))
        out = []
        for v in vals:
            if gap(v):
                v = ""
            elif floats:
                v = float(v)
            if isinstance(v, float) and math.isinf(v):
                v = "inf" if v > 0 else "-inf"
            out.append(v)
        cols[k] = out
    yield from zip(*cols)


PER_CAPITA_COLUMNS = {"org": "单位", "year": "年度", "metric": "指标", "value": "数值", "unit": "单位", "source": "来源",
                      "basis": "口径", "denominator": "分母", "denominator_source": "分母来源", "per": "人均"}


def write_per_capita(per: list[dict], path: str, inputs=()) -> None:
    """per_capita.csv through the one guarded writer (never onto an input such as --data,
    written atomically, labels that would start a formula neutralised)."""
    from ..outpath import write_csv

    write_csv(path, list(PER_CAPITA_COLUMNS.values()),
              (["" if r.get(k) is None else r[k] for k in PER_CAPITA_COLUMNS] for r in per_capita_rows(per)),
              set(inputs), force=True)


def _bars(title: str, vals: list[tuple[str, float, bool, str]]) -> str:
    """One bar per bureau: (org, base value, outlier?, unit as the report wrote it)."""
    if not vals:
        return ""
    top = max(v for _o, v, _x, _u in vals) or 1
    rows = "".join(
        f'<div class="bar{" out" if hot else ""}"><span class="bl">{html.escape(o)}</span>'
        f'<span class="tr"><span class="bv" style="width:{max(1, 100 * v / top):.1f}%"></span></span>'
        f'<span class="bn">{html.escape(fmt_amount(v, u))}</span></div>' for o, v, hot, u in vals)
    return f'<div class="chart"><h3>{html.escape(title)}</h3>{rows}</div>'


PER_CAPITA_COLUMNS = {"org": "单位", "year": "年度", "metric": "指标", "value": "数值", "unit": "数值的计量单位",
                      "source": "来源", "basis": "口径", "denominator": "分母", "denominator_source": "分母来源",
                      "per": "人均", "per_unit": "人均的计量单位"}


def per_capita_rows(per: list[dict]) -> list[dict]:
    """The per-capita figures as per_capita.csv holds them: every value with the unit it is in
    (base units: 人次 not 万人次, 元 not 万元), the per-capita value with its own (人次/名学生)."""
    out = []
    for p in per:
        u = base_unit(p.get("unit"))
        den = recache.sub(r"^每", "", p.get("basis") or "")
        den = recache.sub(r"^[所名个家位]", "", den)
        out.append({**p, "unit": u, "per_unit": f"{u}/{den}" if u and den else u})
    return out


class ReportPages:
    """Each checked report's page, `reports/<org>_<year>_<file>.html`, written when called with its
    record: the batch calls it in the order of the files while the workers check the next ones
    (store.InOrder), so writing 1,640 pages no longer waits for the end. Reports with the same
    org, year and file name (from different folders) get -2, -3 … in file order."""

    def __init__(self, out_dir: str):
        from ..errors import ReportError
        from ..outpath import os_reason

        self.folder = os.path.join(out_dir, "reports")
        try:
            os.makedirs(self.folder, exist_ok=True)
        except OSError as exc:
            raise ReportError(f"无法写出文件（{os_reason(exc)}）", path=self.folder) from None
        self.links: dict[str, str] = {}  # file -> its page, relative to out_dir
        self.taken: set[str] = set()

    def __call__(self, rec: dict) -> None:
        from ..outpath import distinct_name, write_atomic

        if rec.get("error") or rec["file"] in self.links:
            return
        path = distinct_name(self.folder, _safe(f"{rec['org']}_{rec['year']}_{os.path.basename(rec['file'])}"),
                             ".html", self.taken)
        write_atomic(path, rec["html"], durable=False)  # one of many pages, written again by a re-run
        self.links[rec["file"]] = "reports/" + os.path.basename(path)


def write_dashboard(records, failed, outliers, pairs, out_dir: str, pages: ReportPages | None = None) -> str:
    """index.html, and the page of every report `pages` has not written yet (all of them without it)."""
    ok = [r for r in records if not r.get("error")]
    from ..outpath import write_atomic

    pages = pages or ReportPages(out_dir)
    for r in ok:
        pages(r)
    links = pages.links
    hot = {(o["org"], o["metric"]) for o in outliers}
    # the eight metrics most reports carry; ties in catalogue-id order, so every run shows the same charts
    metrics = sorted({m for r in ok for m in r["metrics"]}, key=lambda m: (-sum(1 for r in ok if m in r["metrics"]), m))[:8]
    charts = []
    for m in metrics:
        vals = sorted(((r["org"], r["metrics"][m]["value"], (r["org"], m) in hot, r["metrics"][m].get("unit"))
                       for r in ok if m in r["metrics"]), key=lambda x: (not x[2], -x[1], x[0]))[:20]
        charts.append(_bars(_label(m), vals))
    heat = "".join(
        "<tr><td><a href='{}'>{}</a></td><td>{}</td>{}</tr>".format(
            html.escape(links[r["file"]]), html.escape(r["org"]), r["year"] or "",
            "".join(f"<td class='{'miss' if p in r['missing'] else 'has'}'>{'缺' if p in r['missing'] else '✓'}</td>"
                    if r["statutory_applicable"] else "<td class='na'>—</td>" for p in required_ids()))
        for r in sorted(ok, key=lambda r: (-len(r["missing"]), r["org"])))
    def _with_unit(v, u):
        return f"{v:,.2f}".rstrip("0").rstrip(".") + u

    out_rows = "".join(f"<tr><td>{html.escape(o['org'])}</td><td>{html.escape(_label(o['metric']))}</td><td>{html.escape(o['basis'])}</td>"
                       f"<td>{html.escape(_with_unit(v, u))}</td><td>{html.escape(_with_unit(m, u))}</td><td>{o['z']}</td></tr>"
                       for o in outliers[:50] for v, m, u in [outlier_in_unit(ok, o)])
    pair_rows = "".join(f"<tr><td>{p['similarity']}</td><td>{html.escape(p['org_a'])}<div class='q'>{html.escape(p['text_a'][:160])}</div></td>"
                        f"<td>{html.escape(p['org_b'])}<div class='q'>{html.escape(p['text_b'][:160])}</div></td>"
                        f"<td>{html.escape('；'.join(p['signals']))}</td></tr>" for p in pairs[:50])
    fail_rows = "".join(f"<li>{html.escape(f['file'])}：{html.escape(f['error'])}</li>" for f in failed)
    n_missing_fr = sum(1 for r in ok if "first_responsible" in r["missing"])
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>reportnlp 批量比较</title><style>
body{{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#222}}
header{{background:#1f3a5f;color:#fff;padding:12px 24px}} h1{{font-size:20px;margin:0}} main{{padding:16px 24px}}
section{{background:#fff;border-radius:6px;padding:12px 16px;margin-bottom:16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}}
.charts{{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px}}
.chart h3{{font-size:14px;margin:4px 0}} .bar{{display:grid;grid-template-columns:130px 1fr 96px;align-items:center;font-size:12px;margin:2px 0}}
.bl{{overflow:hidden;white-space:nowrap;text-overflow:ellipsis}} .tr{{margin:0 6px}} .bv{{display:block;background:#5b8def;height:11px}} .bn{{white-space:nowrap}}
.bar.out .bv{{background:#d32f2f}} .bar.out .bl{{color:#d32f2f;font-weight:bold}}
table{{border-collapse:collapse;font-size:13px;width:100%}} td,th{{border:1px solid #e0e0e0;padding:3px 6px;text-align:left;vertical-align:top}}
td.miss{{background:#fde2e1;color:#a4000f;text-align:center}} td.has{{background:#e8f5e9;color:#2e7d32;text-align:center}} td.na{{color:#aaa;text-align:center}}
.q{{color:#555;font-size:12px}} .kpi span{{display:inline-block;margin-right:18px;font-size:15px}}
</style></head><body><header><h1>reportnlp 批量比较</h1></header><main>
<section class="kpi"><span>报告 {len(ok)} 份</span><span>未读文件 {len(failed)} 个</span><span>缺第一责任人部分 {n_missing_fr} 份</span>
<span>异常值 {len(outliers)} 项</span><span>疑似复制段落 {len(pairs)} 对</span></section>
<section><h2>主要指标（红色为异常值）</h2><div class="charts">{''.join(charts)}</div></section>
<section><h2>法定部分缺失</h2><table><tr><th>单位</th><th>年度</th>{''.join(f'<th>{short_names()[p]}</th>' for p in required_ids())}</tr>{heat}</table></section>
<section><h2>异常值（稳健Z值，中位数/MAD）</h2><table><tr><th>单位</th><th>指标</th><th>口径</th><th>数值</th><th>中位数</th><th>Z</th></tr>{out_rows}</table></section>
<section><h2>疑似复制的段落</h2><table><tr><th>相似度</th><th>单位A</th><th>单位B</th><th>迹象</th></tr>{pair_rows}</table></section>
<section><h2>未能读取的文件</h2><ul>{fail_rows or '<li>无</li>'}</ul></section>
</main></body></html>"""
    path = os.path.join(out_dir, "index.html")
    write_atomic(path, page)
    return path
