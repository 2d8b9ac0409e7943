"""Exporting a review session: our JSON format (``schema.json``) and ClaimReview JSON-LD."""

from workbench.export.claimreview import export_claimreview
from workbench.export.json_export import CorpusInfo, export_json, load_schema

__all__ = ["export_json", "export_claimreview", "load_schema", "CorpusInfo"]
