"""The bureau's structured data (`--data`): long or wide tables of figures by metric.

Long form: one figure a row — 指标/metric, 数值/value, 计量单位|单位/unit, optional
单位名称/org and 年度/year. Wide form: one row per org (and year), one column per metric
(`行政检查(次)`). Sources: .xlsx, .csv, .json, or a table in a DuckDB / SQLite file.
Every metric label must resolve to the catalogue (corpora/metrics.yaml); an unknown label,
a missing column, text in a number cell or an empty sheet is a clear error.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass

from .errors import ReportError
from .extract.metrics import resolve_metric

COLS = {
    "metric": ("指标", "指标名称", "metric", "项目"),
    "value": ("数值", "数量", "value", "值"),
    "unit": ("计量单位", "单位", "unit"),
    "org": ("单位名称", "机构", "部门", "org", "organisation", "organization", "填报单位"),
    "year": ("年度", "年份", "year"),
}


@dataclass
class DataRow:
    metric: str
    label: str
    value: float
    unit: str | None
    org: str | None
    year: int | None
    where: str  # file and row, for messages


def _read_frame(path: str, table: str | None):
    import pandas as pd

    ext = os.path.splitext(path)[1].lower()
    try:
        if ext in (".xlsx", ".xlsm"):
            return _read_xlsx(path, table)
        if ext == ".xls":
            sheets = pd.read_excel(path, sheet_name=None, dtype=object)
            frames = [(name, df) for name, df in sheets.items() if not df.dropna(how="all").empty]
            if not frames:
                raise ReportError("数据表为空（所有工作表都没有数据）", path=path)
            name, df = frames[0] if table is None else next(((n, d) for n, d in frames if n == table), (None, None))
            if df is None:
                raise ReportError(f"数据文件中没有名为“{table}”的工作表", path=path)
            return df, f"{os.path.basename(path)}[{name}]", 2
        if ext == ".csv":
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    return pd.read_csv(path, dtype=object, encoding=enc), os.path.basename(path), 2
                except UnicodeDecodeError:
                    continue
            raise ReportError("无法识别 CSV 文件编码", path=path)
        if ext == ".json":
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if isinstance(data, dict):
                data = [{"metric": k, "value": v} for k, v in data.items()]
            return pd.DataFrame(data, dtype=object), os.path.basename(path), 1
        if ext in (".duckdb", ".db", ".sqlite", ".sqlite3"):
            if not table:
                raise ReportError("数据库文件需要用 --table 指定表名", path=path)
            if ext == ".duckdb":
                import duckdb

                con = duckdb.connect(path, read_only=True)
                try:
                    df = con.execute(f'SELECT * FROM "{table.replace(chr(34), "")}"').df()
                finally:
                    con.close()
            else:
                import sqlite3

                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    df = pd.read_sql_query(f'SELECT * FROM "{table.replace(chr(34), "")}"', con)
                finally:
                    con.close()
            return df.astype(object), f"{os.path.basename(path)}:{table}", 1
    except ReportError:
        raise
    except FileNotFoundError:
        raise ReportError("数据文件不存在", path=path) from None
    except Exception as exc:  # noqa: BLE001 - pandas/duckdb raise many kinds
        raise ReportError(f"无法读取数据文件（{type(exc).__name__}: {str(exc)[:80]}）", path=path) from None
    raise ReportError("不支持的数据文件格式（支持 .xlsx .csv .json .duckdb .sqlite）", path=path)


class Uncomputed:
    """A formula cell saved without its computed value (written by a program, never opened in
    Excel/WPS): reported by `_number`, never read as an empty cell."""

    def __init__(self, ref: str, formula: str):
        self.ref, self.formula = ref, formula

    def __str__(self) -> str:
        return str(self.formula)


def _read_xlsx(path: str, table: str | None):
    """Sheets read with openpyxl: cached values, merged cells filled with their value (a merged
    org cell covers every row it spans), formula cells without a saved value marked."""
    import openpyxl
    import pandas as pd

    wb_v = openpyxl.load_workbook(path, data_only=True)
    wb_f = openpyxl.load_workbook(path, data_only=False)
    frames = []
    for ws in wb_v.worksheets:
        wf = wb_f[ws.title]
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        for row in wf.iter_rows():
            for c in row:
                if c.data_type == "f" and grid[c.row - 1][c.column - 1] is None:
                    grid[c.row - 1][c.column - 1] = Uncomputed(f"{ws.title}!{c.coordinate}", c.value)
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(grid) else None
            for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if c <= len(grid[r - 1]):
                        grid[r - 1][c - 1] = top
        grid = [r for r in grid if any(v is not None and str(v).strip() for v in r)]
        if len(grid) < 2:
            continue
        head = [str(h).strip() if h is not None else f"Unnamed: {i}" for i, h in enumerate(grid[0])]
        frames.append((ws.title, pd.DataFrame(grid[1:], columns=head, dtype=object)))
    if not frames:
        raise ReportError("数据表为空（所有工作表都没有数据）", path=path)
    name, df = frames[0] if table is None else next(((n, d) for n, d in frames if n == table), (None, None))
    if df is None:
        raise ReportError(f"数据文件中没有名为“{table}”的工作表", path=path)
    return df, f"{os.path.basename(path)}[{name}]", 2


def _text(v) -> str | None:
    """A label cell as text; empty and NaN cells are None (never the string 'nan')."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    s = str(v).strip()
    return s or None


def _find_col(df, key):
    for c in df.columns:
        name = re.sub(r"\s+", "", str(c)).lower()
        if name in [x.lower() for x in COLS[key]]:
            return c
    return None


def _number(v, where: str, path: str) -> float | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, Uncomputed):
        raise ReportError(f"{where}：单元格 {v.ref} 是公式（{str(v.formula)[:30]}），但文件中没有保存计算结果；"
                          "请用 Excel 或 WPS 打开该文件并保存后重试", path=path)
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        s = str(v).strip().replace(",", "").replace("，", "")
        if not s:
            return None
        try:
            x = float(s)
        except ValueError:
            raise ReportError(f"{where}：数值单元格不是数字（“{s[:20]}”）", path=path) from None
    if not math.isfinite(x) or abs(x) >= 1e15:
        raise ReportError(f"{where}：数值不是有效的数字（“{str(v)[:20]}”）", path=path)
    return x


def _year(v) -> int | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    m = re.search(r"(20\d{2})", str(v))
    return int(m.group(1)) if m else None


def load_data(path: str, table: str | None = None) -> list[DataRow]:
    if not os.path.exists(path):
        raise ReportError("数据文件不存在", path=path)
    df, name, first_row = _read_frame(path, table)
    df = df.dropna(how="all")
    if df.empty or len(df.columns) == 0:
        raise ReportError("数据表为空", path=path)
    rows: list[DataRow] = []
    unknown: list[str] = []
    mcol, vcol = _find_col(df, "metric"), _find_col(df, "value")
    ucol, ocol, ycol = _find_col(df, "unit"), _find_col(df, "org"), _find_col(df, "year")
    if mcol is not None or vcol is not None:
        if mcol is None:
            raise ReportError("数据缺少“指标”列（metric）", path=path)
        if vcol is None:
            raise ReportError("数据缺少“数值”列（value）", path=path)
        for i, (_idx, r) in enumerate(df.iterrows()):
            where = f"{name} 第{i + first_row}行"
            label = str(r[mcol]).strip() if r[mcol] is not None else ""
            if not label or label == "nan":
                raise ReportError(f"{where}：指标名称为空", path=path)
            mid = resolve_metric(label)
            if mid is None:
                unknown.append(label)
                continue
            val = _number(r[vcol], where, path)
            if val is None:
                raise ReportError(f"{where}：数值为空", path=path)
            unit = str(r[ucol]).strip() if ucol is not None and r[ucol] is not None and str(r[ucol]) != "nan" else None
            rows.append(DataRow(mid, label, val, unit, _text(r[ocol]) if ocol is not None else None,
                                _year(r[ycol]) if ycol is not None else None, where))
    else:
        # wide form: metric columns, one row per org (and year)
        metric_cols = []
        for c in df.columns:
            if c in (ocol, ycol):
                continue
            head = str(c).strip()
            um = re.search(r"[(（]\s*([^()（）]{1,4})\s*[)）]\s*$", head)
            label = re.sub(r"[(（][^()（）]*[)）]\s*$", "", head).strip()
            mid = resolve_metric(label)
            if mid is None:
                unknown.append(head)
                continue
            metric_cols.append((c, mid, label, um.group(1) if um else None))
        if not metric_cols and not unknown:
            raise ReportError("数据中找不到指标列", path=path)
        for i, (_idx, r) in enumerate(df.iterrows()):
            for c, mid, label, unit in metric_cols:
                where = f"{name} 第{i + first_row}行“{c}”列"
                val = _number(r[c], where, path)
                if val is None:
                    continue
                rows.append(DataRow(mid, label, val, unit, _text(r[ocol]) if ocol is not None else None,
                                    _year(r[ycol]) if ycol is not None else None, where))
    if unknown:
        raise ReportError("数据中有无法识别的指标：" + "、".join(sorted(set(unknown))[:10])
                          + "（请使用 reportnlp 指标目录中的名称，见 corpora/metrics.yaml）", path=path)
    if not rows:
        raise ReportError("数据表中没有可用的数值", path=path)
    return rows
