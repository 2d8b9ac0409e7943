"""Exporting a review session: our JSON format (``schema.json``) and ClaimReview JSON-LD.

The names below load on first use, so that importing :mod:`workbench.commands.export` for the
command line's parser does not import the exporters.
"""

from __future__ import annotations

from workbench.lazy import lazy_getattr

_LAZY = {"export_claimreview": "claimreview", "export_json": "json_export",
         "load_schema": "json_export", "CorpusInfo": "json_export"}

__all__ = ["export_json", "export_claimreview", "load_schema", "CorpusInfo"]

__getattr__ = lazy_getattr(__name__, _LAZY)
