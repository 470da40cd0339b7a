"""The bureau's structured data (`--data`): long or wide tables of figures by metric.

Long form: one figure a row — 指标/metric, 数值/value, 计量单位|单位/unit, optional
单位名称/org and 年度/year. Wide form: one row per org (and year), one column per metric
(`行政检查(次)`). Sources: .xlsx, .csv, .json, or a table in a DuckDB / SQLite file.

Labels are the bureau's own words: a label the catalogue (corpora/metrics.yaml) or the user's
aliases (`reportnlp.toml` `[metrics]`) know gets its catalogue id; any other label is kept as it
is (`metric=None`) and matched to the report by its words later. No row is a reason to refuse the
file: a row without a label or with text in its number cell is skipped and noted. A missing
column, an unreadable file or a sheet with no figure at all is a clear error.
"""
from __future__ import annotations

import json
import math
import os

import reportnlp.recache as recache
from .errors import ReportError
from .extract.labels import MAX_LABEL_CHARS
from .extract.metrics import resolve_metric
from .model import DataRow

COLS = {
    "metric": ("指标", "指标名称", "metric", "项目", "项目名称", "统计项目", "统计指标", "指标项", "label"),
    "value": ("数值", "数量", "value", "值", "数据", "本年", "本年数", "本年度", "完成数", "年度数值", "统计数"),
    "unit": ("计量单位", "单位", "unit"),
    "org": ("单位名称", "机构", "部门", "org", "organisation", "organization", "填报单位"),
    "year": ("年度", "年份", "year"),
}


class DataSet(list):
    """The rows of a data file, plus what was skipped and why (one line each)."""

    def __init__(self, rows=(), notes=None, source: str = "", warnings=None):
        super().__init__(rows)
        self.notes: list[str] = list(notes or [])
        self.source = source
        # what the user must see even when the check goes on (a label too long to be used):
        # `check` prints each as one line; they are among the notes too
        self.warnings: list[str] = list(warnings or [])


def _unit_fits(mid: str, unit: str | None) -> bool:
    """A figure in 次 is not a count of 机构 (`校外培训机构检查` is not `校外培训机构`)."""
    from .check.relations import same_class
    from .extract.metrics import units_of
    from .numbers import base_unit

    units = units_of(mid)
    if not unit or not units:
        return True
    return any(same_class(base_unit(unit), base_unit(u)) or base_unit(unit) == base_unit(u) for u in units)


def resolve_label(label: str, aliases: dict | None = None, unit: str | None = None) -> tuple[str | None, str]:
    """(catalogue id, how) for a label: the user's aliases first, then the catalogue (whose
    units must fit the row's)."""
    key = recache.sub(r"\s+", "", str(label))
    for a, target in (aliases or {}).items():
        if recache.sub(r"\s+", "", str(a)) == key:
            mid = resolve_metric(str(target))
            if mid:
                return mid, "别名"
    mid = resolve_metric(key)
    return (mid, "目录") if mid and _unit_fits(mid, unit) else (None, "")


def _read_frame(path: str, table: str | None):
    import pandas as pd

    ext = os.path.splitext(path)[1].lower()
    try:
        if ext in (".xlsx", ".xlsm"):
            return _read_xlsx(path, table)
        if ext == ".xls":
            sheets = pd.read_excel(path, sheet_name=None, dtype=object)
            frames = [(name, df) for name, df in sheets.items() if not df.dropna(how="all").empty]
            return _pick_sheet(frames, table, path)
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

                lite = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    df = pd.read_sql_query(f'SELECT * FROM "{table.replace(chr(34), "")}"', lite)
                finally:
                    lite.close()
            return df.astype(object), f"{os.path.basename(path)}:{table}", 1
    except ReportError:
        raise
    except FileNotFoundError:
        raise ReportError("数据文件不存在", path=path) from None
    except Exception as exc:  # noqa: BLE001 - pandas/duckdb raise many kinds
        raise ReportError(f"无法读取数据文件（{type(exc).__name__}: {str(exc)[:80]}）", path=path) from None
    raise ReportError("不支持的数据文件格式（支持 .xlsx .csv .json .duckdb .sqlite）", path=path)


# a header that only contains one of these words (`指标名称（本单位）`, `2025年数值`) still names the column
_COL_WORDS = {"metric": ("指标", "项目"), "value": ("数值",)}


class Uncomputed:
    """A formula cell saved without its computed value (written by a program, never opened in
    Excel/WPS): reported by `_number`, never read as an empty cell."""

    def __init__(self, ref: str, formula: str):
        self.ref, self.formula = ref, formula

    def __str__(self) -> str:
        return str(self.formula)


def _pick_sheet(frames: list, table: str | None, path: str):
    """The first non-empty sheet, or the one named with --table: (frame, "file[sheet]", first data row)."""
    if not frames:
        raise ReportError("数据表为空（所有工作表都没有数据）", path=path)
    name, df = frames[0] if table is None else next(((n, d) for n, d in frames if n == table), (None, None))
    if df is None:
        raise ReportError(f"数据文件中没有名为“{table}”的工作表", path=path)
    return df, f"{os.path.basename(path)}[{name}]", 2


# Limits on a sheet (docs/GUARANTEES.md), checked from the sheet's stated size before any cell is
# read: a real statistics sheet has a few hundred rows; a cell at XFD1048576 or a million rows is no sheet.
MAX_SHEET_CELLS = 200_000
MAX_SHEET_ROWS = 20_000
# MAX_LABEL_CHARS (extract/labels.py, where labels are read): a longer label is named in one line
# and its figures are not used.


def _label_too_long(label: str, where: str) -> str | None:
    if len(label) <= MAX_LABEL_CHARS:
        return None
    return (f"{where}的指标名称过长（“{label[:12]}…”，共 {len(label)} 字，上限 {MAX_LABEL_CHARS} 字），"
            "不是指标名称，这些数字未用于核对")


def _check_sheet_size(path: str, name: str, rows: int | None, cols: int | None, merged: int = 0) -> None:
    rows, cols = rows or 0, cols or 0
    if rows > MAX_SHEET_ROWS or rows * cols > MAX_SHEET_CELLS or merged > MAX_SHEET_CELLS:
        raise ReportError(f"工作表“{name}”范围过大（{rows} 行 × {cols} 列"
                          + (f"，合并单元格覆盖 {merged} 格" if merged > MAX_SHEET_CELLS else "")
                          + f"），上限为 {MAX_SHEET_ROWS} 行、{MAX_SHEET_CELLS} 个单元格；请只保留统计表所在区域后重试",
                          path=path)


def _merged_area(path: str, member: str | None) -> int:
    """Cells covered by the merged ranges of one worksheet part, read as a stream (`<mergeCell
    ref="A1:XFD1048576"/>`); stops counting once past MAX_SHEET_CELLS."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    if not member:
        return 0
    total = 0
    try:
        with zipfile.ZipFile(path) as z, z.open(member.lstrip("/")) as fh:
            for _ev, el in iterparse(fh):
                if el.tag.endswith("}mergeCell") or el.tag == "mergeCell":
                    try:
                        c1, r1, c2, r2 = range_boundaries(el.get("ref", ""))
                        total += (r2 - r1 + 1) * (c2 - c1 + 1)
                    except (TypeError, ValueError):
                        pass
                    if total > MAX_SHEET_CELLS:
                        return total
                el.clear()
    except (KeyError, OSError, zipfile.BadZipFile, SyntaxError):
        return 0  # openpyxl reads (or refuses) the part itself
    return total


def _read_xlsx(path: str, table: str | None):
    """Sheets read with openpyxl: cached values, merged cells filled with their value (a merged
    org cell covers every row it spans), a formula cell without a saved value one clear error.
    Without --table the active sheet is read when it is visible and has data, else the first visible
    sheet with data; hidden sheets are never read unless named. Sizes are checked first."""
    import openpyxl
    import pandas as pd

    wb_ro = openpyxl.load_workbook(path, read_only=True)
    try:
        for ws in wb_ro.worksheets:
            if table is None or ws.title == table:
                _check_sheet_size(path, ws.title, ws.max_row, ws.max_column)
                # merged ranges from the sheet's XML, before openpyxl makes one object per merged cell
                # (a range over the whole sheet under a small dimension took all memory)
                _check_sheet_size(path, ws.title, 0, 0, _merged_area(path, getattr(ws, "_worksheet_path", None)))
        active = wb_ro.active.title if wb_ro.active is not None else None
    finally:
        wb_ro.close()
    wb_v = openpyxl.load_workbook(path, data_only=True)
    wb_f = openpyxl.load_workbook(path, data_only=False)
    frames = []
    for ws in wb_v.worksheets:
        if table is not None and ws.title != table:
            continue
        if table is None and ws.sheet_state != "visible":
            continue  # a hidden (or very hidden) sheet is not what the office looks at
        merged = sum((r.max_row - r.min_row + 1) * (r.max_col - r.min_col + 1) for r in ws.merged_cells.ranges)
        _check_sheet_size(path, ws.title, ws.max_row, ws.max_column, merged)
        wf = wb_f[ws.title]
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        for row in wf.iter_rows():
            for c in row:
                if c.data_type == "f" and grid[c.row - 1][c.column - 1] is None:
                    raise ReportError(f"单元格 {ws.title}!{c.coordinate} 是公式（{str(c.value)[:30]}），但文件中没有保存"
                                      "计算结果；请用 Excel 或 WPS 打开该文件并保存后重试", path=path)
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
    if table is None and active is not None:  # the sheet the office had open when it saved
        frames.sort(key=lambda f: f[0] != active)
    return _pick_sheet(frames, table, path)


def _find_col(df, key):
    for c in df.columns:
        name = recache.sub(r"\s+", "", str(c)).lower()
        if name in [x.lower() for x in COLS[key]]:
            return c
    for c in df.columns:
        name = recache.sub(r"\s+", "", str(c))
        if any(w in name for w in _COL_WORDS.get(key, ())) and not any(
                name == x for k in COLS if k != key for x in COLS[k]):
            return c
    return None


class _BadCell(ValueError):
    """A number cell that must stop the reading (a formula without its value, inf/NaN): the caller
    names the file and row."""


class _NotNumber(ValueError):
    pass


_EMPTY = {"", "-", "—", "--", "/", "无", "nan", "none", "null", "n/a", "na"}


_SKIPPED = object()  # a value cell already noted as not a number


def _cell_number(v, where: str, path: str, notes: list[str], what: str = ""):
    """A value cell's number (None when empty). Text (`待统计`) is noted and gives _SKIPPED; a formula
    without its saved value or an inf/NaN stops the reading with the file and row named."""
    try:
        return _number(v)
    except _NotNumber as exc:
        notes.append(f"{where}：{what}数值不是数字（“{str(exc)[:20]}”），已跳过")
        return _SKIPPED
    except _BadCell as exc:
        raise ReportError(f"{where}：{exc}", path=path) from None


def _number(v) -> float | None:
    """A cell's number; None for an empty cell; _NotNumber for text (`待统计`)."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, Uncomputed):
        raise _BadCell(f"单元格 {v.ref} 是公式（{str(v.formula)[:30]}），但文件中没有保存计算结果；"
                       "请用 Excel 或 WPS 打开该文件并保存后重试")
    if isinstance(v, bool):
        raise _NotNumber(str(v))
    if isinstance(v, (int, float)):
        try:
            x = float(v)
        except OverflowError:  # an integer of hundreds of digits (a JSON sheet can hold one)
            raise _BadCell(f"数值过大，不是有效的数字（“{str(v)[:20]}…”）") from None
    else:
        s = str(v).strip().replace(",", "").replace("，", "")
        if s.lower() in _EMPTY:
            return None
        s = recache.sub(r"^(?:约|共|合计)", "", s)
        try:
            x = float(s)
        except ValueError:
            try:
                import cn2an

                x = float(cn2an.cn2an(s, "strict"))
            except (ValueError, KeyError, IndexError, TypeError):
                raise _NotNumber(s) from None
    if not math.isfinite(x) or abs(x) >= 1e15:
        raise _BadCell(f"数值不是有效的数字（“{str(v)[:20]}”）")
    return x


def _year(v) -> int | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    m = recache.search(r"(20\d{2})", str(v))
    return int(m.group(1)) if m else None


def _text(v) -> str | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    t = str(v).strip()
    return t if t and t.lower() != "nan" else None


_UNIT_IN_LABEL = recache.compile(r"[(（]\s*([^()（）]{1,4})\s*[)）]\s*$")


def _is_part_label(raw: str) -> bool:
    from .extract.labels import cues

    s = recache.sub(r"\s+", "", raw)
    return any(s.startswith(p) for p in cues().part_prefixes)


def _known_header(name) -> bool:
    n = recache.sub(r"\s+", "", str(name)).lower()
    return any(n in [x.lower() for x in names] for names in COLS.values())


def _header_row(df, first_row: int):
    """A sheet with a title above its header (`2025年度法治建设统计表` in A1): the header is the
    first of the top rows that names a known column."""
    if any(_known_header(c) for c in df.columns) or not len(df):
        return df, first_row
    for k in range(min(6, len(df))):
        cells = list(df.iloc[k])
        if sum(1 for c in cells if _text(c) and _known_header(c)) >= 1 and sum(1 for c in cells if _text(c)) >= 2:
            body = df.iloc[k + 1:].copy()
            body.columns = [(_text(c) or f"Unnamed: {j}") for j, c in enumerate(cells)]
            return body, first_row
    return df, first_row


_YEAR_COL = recache.compile(r"^\s*(20\d{2})\s*(?:年度?)?\s*(?:[(（][^()（）]*[)）])?\s*$")


def _melt_year_columns(df):
    """指标 | 单位 | 2024年 | 2025年: one value column per year becomes one row per year."""
    if _find_col(df, "metric") is None or _find_col(df, "value") is not None or _find_col(df, "year") is not None:
        return df
    ycols = [c for c in df.columns if _YEAR_COL.match(str(c))]
    if not ycols:
        return df
    import pandas as pd

    keep = [c for c in df.columns if c not in ycols]
    parts = []
    for c in ycols:
        part = df[keep].copy()
        part["数值"] = df[c]
        part["年度"] = int(_YEAR_COL.match(str(c)).group(1))
        parts.append(part)
    return pd.concat(parts)


def load_data(path: str, table: str | None = None, aliases: dict | None = None) -> DataSet:
    if not os.path.exists(path):
        raise ReportError("数据文件不存在", path=path)
    df, name, first_row = _read_frame(path, table)
    sheet_note = f"读取的工作表：{name}" if name.endswith("]") else None  # which sheet of a workbook was read
    df = df.dropna(how="all")
    if df.empty or len(df.columns) == 0:
        raise ReportError("数据表为空", path=path)
    df, first_row = _header_row(df, first_row)
    df = _melt_year_columns(df)
    rows: list[DataRow] = []
    notes: list[str] = [sheet_note] if sheet_note else []
    warnings: list[str] = []
    mcol, vcol = _find_col(df, "metric"), _find_col(df, "value")
    ucol, ocol, ycol = _find_col(df, "unit"), _find_col(df, "org"), _find_col(df, "year")
    if mcol is not None or vcol is not None:
        if mcol is None:
            raise ReportError("数据缺少“指标”列（metric）", path=path)
        if vcol is None:
            raise ReportError("数据缺少“数值”列（value）", path=path)
        last_total: dict = {}
        for i, (idx, r) in enumerate(df.iterrows()):
            line = (int(idx) if hasattr(idx, "__index__") else i) + first_row
            pos = f"第{line}行"
            where = f"{name} {pos}"
            label = _text(r[mcol])
            if not label:
                notes.append(f"{where}：指标名称为空，已跳过")
                continue
            too_long = _label_too_long(label, where)
            if too_long:
                warnings.append(too_long)
                continue
            val = _cell_number(r[vcol], where, path, notes, f"“{label}”的")
            if val is _SKIPPED:
                continue
            if val is None:
                notes.append(f"{where}：“{label}”的数值为空，已跳过")
                continue
            unit = _text(r[ucol]) if ucol is not None else None
            um = _UNIT_IN_LABEL.search(label)
            if unit is None and um:
                unit = um.group(1)
            org = _text(r[ocol]) if ocol is not None else None
            year = _year(r[ycol]) if ycol is not None else None
            mid, how = resolve_label(_UNIT_IN_LABEL.sub("", label).strip() or label, aliases, unit)
            parent = last_total.get((org, year)) if _is_part_label(label) else None
            if parent is None:
                last_total[(org, year)] = label
            rows.append(DataRow(mid, label, val, unit, org, year, where, pos, how, parent))
    else:
        # wide form: metric columns, one row per org (and year)
        metric_cols: list[tuple[int, str | None, str, str, str | None, str | None]] = []
        last = None
        for j, c in enumerate(df.columns):
            if c in (ocol, ycol):
                continue
            head = str(c).strip()
            if not head or head.lower().startswith("unnamed"):
                continue
            too_long = _label_too_long(head, f"{name} 第{j + 1}列")
            if too_long:
                warnings.append(too_long)
                continue
            um = _UNIT_IN_LABEL.search(head)
            label = _UNIT_IN_LABEL.sub("", head).strip() or head
            vals = [v for v in df[c] if _text(v) is not None]
            numeric = 0
            for v in vals:
                try:
                    numeric += _number(v) is not None
                except (_NotNumber, _BadCell):
                    pass
            if not numeric:
                notes.append(f"{name}“{head}”列没有数字，已跳过")
                continue
            mid, how = resolve_label(label, aliases, um.group(1) if um else None)
            parent = last if (_is_part_label(label) and last) else None
            if parent is None:
                last = label
            metric_cols.append((c, mid, how, label, um.group(1) if um else None, parent))
        if not metric_cols:
            raise ReportError("数据中找不到指标列", path=path)
        for i, (idx, r) in enumerate(df.iterrows()):
            line = (int(idx) if hasattr(idx, "__index__") else i) + first_row
            for c, mid, how, label, unit, parent in metric_cols:
                pos = f"第{line}行“{c}”列"
                where = f"{name} {pos}"
                val = _cell_number(r[c], where, path, notes)
                if val is None or val is _SKIPPED:
                    continue
                rows.append(DataRow(mid, label, val, unit, _text(r[ocol]) if ocol is not None else None,
                                    _year(r[ycol]) if ycol is not None else None, where, pos, how, parent))
    if not rows:
        why = (warnings + notes)[:1]
        raise ReportError("数据表中没有可用的数值" + (f"（{why[0]}）" if why else ""), path=path)
    return DataSet(rows, notes + warnings, name, warnings)
