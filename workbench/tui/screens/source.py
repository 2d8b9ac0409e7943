"""The source viewer: the whole corpus document of a match, scrolled to the span.

The document's title, date, URL and path at the top; its text with the speaker turns labelled
and the matched span(s) highlighted (an :class:`~workbench.tui.widgets.ArticleView`, which
strips control sequences and never reads markup). ``y`` copies the source's URL (the span when
it has none), ``Y`` the span's words; escape goes back to the evidence.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from workbench.render import clip, one_line
from workbench.tui.widgets.footer import FittingFooter
from workbench.tui.widgets import ArticleView


class SourceScreen(Screen[None]):
    """One source document; *spans* are ``(start, end)`` offsets into its stored text."""

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="source_close"),
        Binding("y", "copy(False)", "Copy URL", id="source_copy"),
        Binding("Y", "copy(True)", "Copy span", id="source_copy_span"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]
    AUTO_FOCUS = ""

    def __init__(self, source, spans: list[tuple[int, int]]) -> None:
        super().__init__(id="source")
        self.source = source  # backend.SourceText
        self.spans = spans

    def compose(self) -> ComposeResult:
        yield Static(self.header(), id="source-head")
        yield ArticleView(id="source-text")
        yield FittingFooter(compact=True)

    def header(self) -> Text:
        doc = self.source.document
        text = Text(one_line(doc.title or doc.path or f"document {doc.id}"), style="bold")
        meta = [one_line(x) for x in (doc.speaker, doc.date) if x]
        if meta:
            text.append(" · " + " · ".join(meta), "dim")
        text.append("\n")
        text.append(one_line(doc.url) if doc.url else "no URL", "underline" if doc.url else "dim")
        text.append(f"\n{one_line(doc.path)}", "dim")
        return text

    def on_mount(self) -> None:
        view = self.query_one(ArticleView)
        view.border_title = Content("Source")
        view.border_subtitle = Content("esc: back · y: copy URL · Y: copy span")
        view.set_text(self.source.text)
        self.call_after_refresh(self._show_span)

    def _show_span(self) -> None:
        at = self.source.offset
        spans = [(at(s), at(e), "article--current") for s, e in self.spans]
        spans += [(s, e, "article--label") for s, e in self.source.labels]
        self.query_one(ArticleView).highlight(spans)

    def span_text(self) -> str:
        """The words of the span(s), " … " between parts."""
        text = self.source.document.text
        return " … ".join(" ".join(text[s:e].split()) for s, e in self.spans)

    def action_copy(self, span: bool) -> None:
        url = self.source.document.url
        what, value = ("the span", self.span_text()) if span or not url else ("the URL", url)
        self.app.copy_to_clipboard(value)
        self.notify(f"Copied {what}: {clip(one_line(value), 60)}", timeout=3, markup=False)

    def action_scroll(self, step: int) -> None:
        view = self.query_one(ArticleView)
        view.scroll_to(y=view.scroll_y + step, animate=False)

    def action_page(self, direction: int) -> None:
        view = self.query_one(ArticleView)
        height = max(view.scrollable_content_region.height - 1, 1)
        view.scroll_to(y=view.scroll_y + direction * height, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
