"""Widgets of the review UI: the quote list, the article, the evidence, the progress bar."""

from workbench.tui.widgets.article_view import ArticleView
from workbench.tui.widgets.evidence_view import EvidenceView
from workbench.tui.widgets.progress import ReviewProgress
from workbench.tui.widgets.quote_list import QuoteList, Row

__all__ = ["ArticleView", "EvidenceView", "QuoteList", "ReviewProgress", "Row"]
