"""Outputs: JSON Lines (CHECK_JSON.md), terminal (rich), text lines, HTML, annotated Word."""
