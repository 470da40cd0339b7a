"""Retrain the section-heading classifier from corpora/sections/*.tsv and write models/section_clf.json.

One command, deterministic (same corpus -> byte-identical file):
    python scripts/train_section_classifier.py
Needs scikit-learn (training only); a check reads the JSON with the standard library.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))

from reportnlp.segment.classifier import regenerate, training_rows  # noqa: E402

if __name__ == "__main__":
    out = regenerate()
    print(f"trained on {len(training_rows())} headings; saved {out} ({out.stat().st_size:,} bytes)")
