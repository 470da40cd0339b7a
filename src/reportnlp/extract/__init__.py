"""Extraction: numeric claims, their metrics, and tables."""
