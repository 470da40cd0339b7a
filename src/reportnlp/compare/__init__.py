"""Batch comparison across bureaus: check many reports in parallel, compare their figures,
missing parts and findings, find outliers and text copied between bureaus."""
