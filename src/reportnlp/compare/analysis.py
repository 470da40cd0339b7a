"""Outliers (robust z-scores, per-capita ratios) and copy-paste pairs between bureaus."""
from __future__ import annotations

import re
from statistics import median

import numpy as np


def robust_z(values: dict[str, float]) -> dict[str, float]:
    """Median/MAD z-scores (0.6745 (x - median) / MAD); empty when MAD is 0 or too few values."""
    if len(values) < 5:
        return {}
    xs = list(values.values())
    med = median(xs)
    mad = median([abs(x - med) for x in xs])
    if mad == 0:
        return {}
    return {k: 0.6745 * (v - med) / mad for k, v in values.items()}


_DENOM_NAMES = {"schools": "所学校", "kindergartens": "所幼儿园", "enforcement_staff": "名执法人员", "students": "名学生"}


def outliers(records, data_rows=None, threshold: float = 3.5) -> list[dict]:
    """Metrics out of line across bureaus; per-capita where the data gives a denominator."""
    out = []
    metrics = sorted({m for r in records for m in r.get("metrics", {})})
    denom = {}
    for row in data_rows or []:
        if row.metric in ("schools", "kindergartens", "enforcement_staff", "students"):
            denom.setdefault(row.org, {})[_DENOM_NAMES[row.metric]] = row.value
    for m in metrics:
        vals = {r["org"]: r["metrics"][m]["value"] for r in records if m in r.get("metrics", {})}
        for org, z in robust_z(vals).items():
            if abs(z) >= threshold:
                out.append({"org": org, "metric": m, "value": vals[org], "z": round(z, 2), "basis": "总量",
                            "median": median(vals.values())})
        for dname in sorted({k for d in denom.values() for k in d}):
            per = {org: v / denom[org][dname] for org, v in vals.items() if denom.get(org, {}).get(dname)}
            for org, z in robust_z(per).items():
                if abs(z) >= threshold:
                    out.append({"org": org, "metric": m, "value": round(per[org], 3), "z": round(z, 2),
                                "basis": f"每{dname}", "median": median(per.values())})
    out.sort(key=lambda o: -abs(o["z"]))
    return out


def copy_pairs(records, threshold: float = 0.8, max_pairs: int = 200) -> list[dict]:
    """Near-duplicate paragraphs across reports of different bureaus (char n-gram TF-IDF cosine).

    A paragraph that names another bureau's place (or a 区 bureau writing 我县) scores highest."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = []
    for ri, r in enumerate(records):
        for p in r.get("paragraphs", []):
            items.append((ri, p["line"], p["text"]))
    if len(items) < 2:
        return []
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), min_df=1, sublinear_tf=True)
    # numbers masked: template language with other figures is still the same template
    X = vec.fit_transform([re.sub(r"\d+(?:\.\d+)?", "0", t) for _ri, _l, t in items])
    owner = np.array([ri for ri, _l, _t in items])
    pairs = []
    step = 2000
    for a in range(0, X.shape[0], step):
        sims = (X[a:a + step] @ X.T).tocoo()
        for i, j, s in zip(sims.row, sims.col, sims.data):
            i2 = a + i
            if j <= i2 or s < threshold or owner[i2] == owner[j]:
                continue
            ra, rb = records[owner[i2]], records[owner[j]]
            if ra["org"] == rb["org"]:
                continue
            pairs.append((float(s), i2, int(j)))
    # boilerplate: a paragraph shared with three or more other bureaus is template language,
    # not a copy between two bureaus
    partners: dict[int, set] = {}
    for _s, i, j in pairs:
        partners.setdefault(i, set()).add(records[owner[j]]["org"])
        partners.setdefault(j, set()).add(records[owner[i]]["org"])
    pairs = [(s, i, j) for s, i, j in pairs if len(partners[i]) <= 2 and len(partners[j]) <= 2]
    places = {r["place"] for r in records if r.get("place")}
    out = []
    seen = set()
    for s, i, j in sorted(pairs, reverse=True)[: max_pairs * 3]:
        (ri, li, ti), (rj, lj, tj) = items[i], items[j]
        a, b = records[ri], records[rj]
        # the same two paragraphs of the same two bureaus (a report given twice, a repeated line) once
        key = tuple(sorted(((a["org"], re.sub(r"\s+", "", ti)), (b["org"], re.sub(r"\s+", "", tj)))))
        if key in seen:
            continue
        seen.add(key)
        signals = []
        for x, tx, y in ((a, ti, b), (b, tj, a)):
            own = x.get("place") or ""
            foreign = [p for p in places if p != own and p in tx and p not in own]
            if foreign:
                signals.append(f"{x['org']}的段落写有{foreign[0]}")
            if own.endswith("区") and re.search(r"我县|全县", tx):
                signals.append(f"{x['org']}（区）写“我县”")
            if own.endswith("县") and re.search(r"我区|全区", tx):
                signals.append(f"{x['org']}（县）写“我区”")
        out.append({"similarity": round(s, 3), "org_a": a["org"], "file_a": a["file"], "line_a": li, "text_a": ti,
                    "org_b": b["org"], "file_b": b["file"], "line_b": lj, "text_b": tj, "signals": signals,
                    "score": round(s + (0.5 if signals else 0), 3)})
    out.sort(key=lambda p: -p["score"])
    return out[:max_pairs]


def per_capita(records, data_rows) -> tuple[list[dict], list[str]]:
    """Per-capita figures of every metric a bureau reports or its data holds (each data row in
    the bureau's own words, plus report metrics the data lacks), per school / student / law
    enforcement officer as far as the data or the report gives those; and one warning line per
    report whose org and year the data does not hold."""
    from ..check.datacheck import data_scope, select_rows, to_base
    from ..extract.metrics import catalogue

    labels = {m["id"]: m["label"] for m in catalogue()}
    out, warnings = [], []
    scope = data_scope(data_rows or [])
    for r in records:
        rows = select_rows(data_rows or [], r.get("org"), r.get("year"))
        if data_rows and not rows:
            warnings.append(f"数据中没有“{r.get('org')}”{r.get('year') or ''}年度的行"
                            f"（数据中有单位：{'、'.join(scope.orgs[:8]) or '未注明'}；年度：{'、'.join(map(str, scope.years)) or '未注明'}）")
        denom = {}
        for m, name in _DENOM_NAMES.items():
            row = next((x for x in rows if x.metric == m), None)
            if row is not None and row.value:
                denom[name] = (row.value, f"数据{row.pos or row.where}")
            elif r.get("metrics", {}).get(m, {}).get("value"):
                denom[name] = (r["metrics"][m]["value"], "报告")
        figures = [(x.label, to_base(x.value, x.unit), x.unit, "数据") for x in rows if x.metric not in _DENOM_NAMES]
        have = {x.metric for x in rows if x.metric}
        figures += [(labels.get(m, m), v["value"], v.get("unit"), "报告") for m, v in r.get("metrics", {}).items()
                    if m not in have and m not in _DENOM_NAMES]
        for label, value, unit, src in figures:
            for name, (dv, dsrc) in denom.items():
                out.append({"org": r.get("org"), "year": r.get("year"), "metric": label, "value": value,
                            "unit": "元" if unit in ("万元", "亿元") else unit, "source": src,
                            "basis": f"每{name}", "denominator": dv, "denominator_source": dsrc,
                            "per": round(value / dv, 4)})
    return out, warnings
