"""Outliers (robust z-scores, per-capita ratios) and copy-paste pairs between bureaus."""
from __future__ import annotations

from statistics import median

import numpy as np

import reportnlp.recache as recache


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
    denom: dict[str | None, dict[str, float]] = {}
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


_WS = recache.compile(r"\s\s+")
_NUMBER = recache.compile(r"\d+(?:\.\d+)?")


def tfidf_rows(texts: list[str], ngram: tuple[int, int] = (2, 4)):
    """Character n-gram TF-IDF rows, L2-normalised (scipy CSR): the weighting of scikit-learn's
    TfidfVectorizer(analyzer="char", ngram_range=ngram, sublinear_tf=True) — lower-cased, runs of
    white space as one space, tf 1 + ln(count), idf ln((1 + n) / (1 + df)) + 1 — without
    importing scikit-learn (seconds at start) for what numpy and scipy.sparse do."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    indptr: list[int] = [0]
    indices: list[int] = []
    counts: list[int] = []
    lo, hi = ngram
    for t in texts:
        t = _WS.sub(" ", t.lower())
        row: dict[int, int] = {}
        for n in range(lo, hi + 1):
            for k in range(len(t) - n + 1):
                j = vocab.setdefault(t[k:k + n], len(vocab))
                row[j] = row.get(j, 0) + 1
        indices.extend(row)
        counts.extend(row.values())
        indptr.append(len(indices))
    n_docs = len(texts)
    idx = np.asarray(indices, dtype=np.int64)
    tf = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
    df = np.bincount(idx, minlength=len(vocab)) if len(idx) else np.zeros(len(vocab), dtype=np.int64)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    X = csr_matrix((tf * idf[idx], idx, np.asarray(indptr, dtype=np.int64)), shape=(n_docs, len(vocab)))
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    X = csr_matrix(X.multiply(1.0 / norms[:, None]))
    return X


def similar_pairs(texts: list[str], owner: list, threshold: float) -> list[tuple[float, int, int]]:
    """(cosine, i, j), i < j, of texts of different owners with cosine ≥ threshold (numbers masked:
    template language with other figures is still the same template)."""
    if len(texts) < 2:
        return []
    X = tfidf_rows([_NUMBER.sub("0", t) for t in texts])
    own = np.asarray(owner)
    out = []
    step = 2000
    for a in range(0, X.shape[0], step):
        sims = (X[a:a + step] @ X.T).tocoo()
        i, j, s = sims.row + a, sims.col, sims.data
        keep = (j > i) & (s >= threshold) & (own[i] != own[j])
        out += [(float(x), int(y), int(z)) for x, y, z in zip(s[keep], i[keep], j[keep])]
    return out


def copy_pairs(records, threshold: float = 0.8, max_pairs: int = 200) -> list[dict]:
    """Near-duplicate paragraphs across reports of different bureaus (char n-gram TF-IDF cosine).

    Paragraphs are compared on their own text (the clauses of the tool's draft wording taken out,
    see boilerplate.py); a paragraph that has near-duplicates in two or more other bureaus (three
    bureaus or more share it) is template language, not a copy between two bureaus. A paragraph
    that names another bureau's place (or a 区 bureau writing 我县) scores highest."""
    items = []
    for ri, r in enumerate(records):
        for p in r.get("paragraphs", []):
            own = p.get("own", p["text"])
            if len(own.strip()) >= 20 and recache.search(r"[\u4e00-\u9fff]{10}", own):
                items.append((ri, p["line"], p["text"], own))
    if len(items) < 2:
        return []
    org_of = [records[ri]["org"] for ri, *_x in items]
    pairs = similar_pairs([own for *_x, own in items], org_of, threshold)
    partners: dict[int, set] = {}
    for _s, i, j in pairs:
        partners.setdefault(i, set()).add(org_of[j])
        partners.setdefault(j, set()).add(org_of[i])
    pairs = [(s, i, j) for s, i, j in pairs if len(partners[i]) < 2 and len(partners[j]) < 2]
    places = sorted({r["place"] for r in records if r.get("place")})  # sorted: the same signal text every run
    out = []
    seen = set()
    for s, i, j in sorted(pairs, reverse=True)[: max_pairs * 3]:
        (ri, li, ti, _), (rj, lj, tj, _) = items[i], items[j]
        a, b = records[ri], records[rj]
        # the same two paragraphs of the same two bureaus (a report given twice, a repeated line) once
        key = tuple(sorted(((a["org"], recache.sub(r"\s+", "", ti)), (b["org"], recache.sub(r"\s+", "", tj)))))
        if key in seen:
            continue
        seen.add(key)
        signals = []
        for x, tx, y in ((a, ti, b), (b, tj, a)):
            own = x.get("place") or ""
            foreign = [p for p in places if p != own and p in tx and p not in own]
            if foreign:
                signals.append(f"{x['org']}的段落写有{foreign[0]}")
            if own.endswith("区") and recache.search(r"我县|全县", tx):
                signals.append(f"{x['org']}（区）写“我县”")
            if own.endswith("县") and recache.search(r"我区|全区", tx):
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
    from ..check.datacheck import data_scope, select_rows
    from ..extract.metrics import catalogue
    from ..numbers import to_base

    labels = {m["id"]: m["label"] for m in catalogue()}
    out, warnings = [], []
    scope = data_scope(data_rows or [])
    for r in records:
        rows = select_rows(data_rows or [], r.get("org"), r.get("year"))
        if data_rows and not rows:
            warnings.append(f"数据中没有“{r.get('org')}”{r.get('year') or ''}年度的行"
                            f"（数据中有单位：{'、'.join(scope.orgs[:8]) or '未注明'}；年度：{'、'.join(map(str, scope.years)) or '未注明'}）")
        per: dict[str, tuple[float, str]] = {}
        for m, name in _DENOM_NAMES.items():
            row = next((x for x in rows if x.metric == m), None)
            if row is not None and row.value:
                per[name] = (row.value, f"数据{row.pos or row.where}")
            elif r.get("metrics", {}).get(m, {}).get("value"):
                per[name] = (r["metrics"][m]["value"], "报告")
        figures = [(x.label, to_base(x.value, x.unit), x.unit, "数据") for x in rows if x.metric not in _DENOM_NAMES]
        have = {x.metric for x in rows if x.metric}
        figures += [(labels.get(m, m), v["value"], v.get("unit"), "报告") for m, v in r.get("metrics", {}).items()
                    if m not in have and m not in _DENOM_NAMES]
        for label, value, unit, src in figures:
            for name, (dv, dsrc) in per.items():
                out.append({"org": r.get("org"), "year": r.get("year"), "metric": label, "value": value,
                            "unit": "元" if unit in ("万元", "亿元") else unit, "source": src,
                            "basis": f"每{name}", "denominator": dv, "denominator_source": dsrc,
                            "per": round(value / dv, 4)})
    return out, warnings
