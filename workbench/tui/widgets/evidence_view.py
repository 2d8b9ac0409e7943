"""The evidence pane: the corpus matches of the current quote, one at a time.

For the match shown: a summary line pinned at the top (rank, kind and score, the source's title
and date, the speaker check), then the source text around it with the word diff inline (source
words the article dropped or changed struck through, words only the article has marked; or, in
plain mode, ``[-dropped-]{+added+}`` as ``workbench check`` prints it), the source and the
speaker check in full. Everything comes from the
article or the corpus, so the pane is built from :class:`rich.text.Text` and
:func:`workbench.render.safe_text`, never from markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip

from workbench.dating import date_gap
from workbench.render import append_change, clip, one_line
from workbench.tui.widgets._styles import LineView

KIND_STYLE = {"verbatim": "bold green", "partial": "green", "close": "yellow",
              "altered": "bold red", "spliced": "bold magenta"}
VERDICT_STYLE = {"same": "green", "other": "bold red", "unknown": "dim"}
VERDICT_TEXT = {"same": "same person", "other": "another person", "unknown": "unknown"}
DROPPED = "strike red"
ADDED = "bold underline green"
CONTEXT_CHARS = 140


def render_diff(diff, text: Text, plain: bool = False) -> None:
    """Append the word diff to *text*: equal words plain, dropped source words struck through,
    the article's own words marked; *plain*: changes also in the notation ``workbench check``
    prints (``[-source-]{+article+}``), which reads without colour."""
    for k, op in enumerate(diff):
        kind = op.op if hasattr(op, "op") else op["op"]
        article = one_line(op.article if hasattr(op, "article") else op["article"])
        source = one_line(op.source if hasattr(op, "source") else op["source"])
        if k:
            text.append(" ")
        if kind == "equal":
            text.append(source or article)
        elif plain:
            append_change(text, source, article, removed=DROPPED, added=ADDED)
        elif kind == "delete":
            text.append(source, DROPPED)
            if article:  # "…": the article marked the cut
                text.append(" " + article, ADDED)
        elif kind == "insert":
            text.append(article, ADDED)
        else:  # replace
            text.append(source, DROPPED)
            text.append(" ")
            text.append(article, ADDED)


SPEAKER_MARK = {"same": "spk ✓", "other": "spk ✗", "unknown": "spk ?"}
TITLE_ROOM = 16
"""A summary line shortens its other fields before the source's title gets fewer cells."""


def summary_line(evidence, rank: int, total: int, taken: bool, width: int) -> Text:
    """One line, at most *width* cells: kind and score, the source's title (cut to fit), its
    date, the speaker check. It stays at the top of the pane while the rest scrolls; on a
    narrow pane the rank goes and the speaker check becomes a mark (``spk ✓``) first."""
    m, check = evidence.match, evidence.check
    doc = m.parts[0].doc
    title = one_line(doc.title or doc.path or f"document {doc.id}")
    style = VERDICT_STYLE.get(check.verdict, "")
    variants = [(f"{rank}/{total} ", "speaker: " + VERDICT_TEXT.get(check.verdict, check.verdict)),
                ("", SPEAKER_MARK.get(check.verdict, check.verdict))]
    for k, (ranked, speaker) in enumerate(variants):
        head = Text()
        head.append(ranked, "bold")
        head.append(m.kind, KIND_STYLE.get(m.kind, "bold"))
        head.append(f" {m.score:.0f}", "bold")
        if taken:
            head.append(" ✓", "bold green")
        tail = Text()
        if doc.date:
            tail.append(f" · {one_line(doc.date)}", "dim")
        tail.append(" · ")
        tail.append(speaker, style)
        room = width - head.cell_len - tail.cell_len - 3
        if room >= TITLE_ROOM or k == len(variants) - 1:
            break
    if room > 1:
        head.append(" · ")
        head.append(clip(title, room), "bold")
    return Text.assemble(head, tail)


def lead_text(lead) -> str:
    """A weak lead (a Match of kind ``lead``) in two lines, labelled as no finding; the
    caller strips each line (:func:`one_line`): the text is the corpus's."""
    span = lead.first
    doc = span.doc
    where = " · ".join(x for x in (doc.title or doc.path or f"document {doc.id}",
                                   span.speaker or doc.speaker, doc.date) if x)
    return (f"weak lead — not a finding (score {lead.score:.0f}, too far from the quote to "
            f"count): “{span.text}”\n  {where}")


def evidence_text(evidence, rank: int, total: int, taken: bool, query: str | None = None,
                  plain: bool = False, article_date: str | None = None) -> Text:
    """The full description of one match (an :class:`~workbench.tui.backend.Evidence`) under
    its :func:`summary_line`: the source words with the diff, then where they come from and,
    with the article's date, when against it ("said 6 weeks before the article")."""
    m, check = evidence.match, evidence.check
    text = Text()
    if taken:
        text.append("✓ evidence: taken for this quote\n", "bold green")
    context = CONTEXT_CHARS if len(m.parts) == 1 else CONTEXT_CHARS // 3
    for k, span in enumerate(m.parts):
        if len(m.parts) > 1:
            text.append(f"part {k + 1}: ", "bold magenta")
        before = one_line(span.before)
        if before:
            text.append("…" + _cut_before(before, context) + " ", "dim")
        render_diff(span.diff if len(m.parts) > 1 else m.diff, text, plain)
        after = one_line(span.after)
        if after:
            joint = "" if after[0] in ".,;:!?)]}’”'\"" else " "
            text.append(joint + _cut_after(after, context) + "…", "dim")
        text.append("\n")
    for k, span in enumerate(m.parts):
        if k and span.doc.id == m.parts[k - 1].doc.id:
            continue
        doc = span.doc
        text.append("source: ", "bold")
        text.append(one_line(doc.title or doc.path or f"document {doc.id}"), "bold")
        meta = [one_line(x) for x in (span.speaker or doc.speaker, doc.date, doc.url) if x]
        if meta:
            text.append(" · " + " · ".join(meta), "dim")
        text.append("\n")
        gap = date_gap(doc.date, article_date)
        if gap is not None:
            text.append("when: ", "bold")
            text.append(gap.words() + (" (the article cannot have quoted it)"
                                       if gap.after_article else ""),
                        "bold red" if gap.after_article else "")
            text.append("\n")
    text.append("speaker check: ", "bold")
    text.append(VERDICT_TEXT.get(check.verdict, check.verdict),
                VERDICT_STYLE.get(check.verdict, ""))
    text.append(f" (article: {one_line(check.article or '—')}; "
                f"source: {one_line(check.source or '—')})", "dim")
    if check.note:
        text.append(f" — {one_line(check.note)}", "dim")
    text.append("\n")
    if query is not None:
        text.append(f"query: “{clip(one_line(query), 200)}”\n", "dim italic")
    if plain:
        text.append("[-…-]", DROPPED)
        text.append(": source words the article dropped or changed · ", "dim")
        text.append("{+…+}", ADDED)
    else:
        text.append("struck", DROPPED)
        text.append(": source words the article dropped or changed · ", "dim")
        text.append("marked", ADDED)
    text.append(": the article's own words", "dim")
    if total > 1:
        text.append(" · tab: next match", "dim")
    return text


def _cut_before(s: str, chars: int) -> str:
    """The last *chars* characters of *s*, from a word start."""
    if len(s) <= chars:
        return s
    cut = s[-chars:]
    return cut[cut.find(" ") + 1:] if " " in cut else cut


def _cut_after(s: str, chars: int) -> str:
    """The first *chars* characters of *s*, to a word end."""
    if len(s) <= chars:
        return s
    cut = s[:chars]
    return cut[:cut.rfind(" ")] if " " in cut else cut


class EvidenceView(LineView):
    """The corpus matches of the current quote (or why there are none).

    A line-API widget: new content is wrapped once to the width and drawn line by line, so
    showing another quote's evidence does not lay out the screen again. A match's summary line
    is drawn on the first row whatever the scroll position; the rest scrolls under it.
    """

    COMPONENT_CLASSES = {"evidence--message", "evidence--summary"}

    DEFAULT_CSS = """
    EvidenceView {
        padding: 0 0 0 1;
        & > .evidence--message { color: $text-muted; text-style: italic; }
        & > .evidence--summary { background: $boost; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None,
                 plain: bool = False) -> None:
        super().__init__(id=id, classes=classes)
        self.evidence: list = []
        self.index = 0
        self.message = ""
        self.content = Text()
        self.plain_diff = plain  # changes as [-…-]{+…+} too (NO_COLOR, or toggled)
        self._summary: tuple | None = None  # (evidence, rank, total, taken) of the match shown
        self._shown: tuple | None = None  # show_evidence's arguments, to redraw on a toggle
        self._lines: list[Text] = []
        self._width = 0

    # ----------------------------------------------------------------- content

    def show_message(self, message: str) -> None:
        if message == self.message and not self.evidence and self._lines:
            return  # already shown
        self.evidence, self.index, self.message = [], 0, message
        self._summary = self._shown = None
        self._set(Text("\n".join(one_line(line) for line in message.split("\n"))),
                  message=True)

    def show_evidence(self, evidence: list, index: int, taken: int | None,
                      query: str | None = None, absent: str | None = None,
                      lead=None, article_date: str | None = None) -> None:
        """Show match *index* of *evidence*; *taken* is the index of the one taken as evidence.
        No evidence: "no match", *absent* (what the corpus holds of the speaker) under it, and
        under that the search's weak *lead* (a Match of kind ``lead``), labelled as no finding:
        it is text, not evidence (nothing to take or cycle through)."""
        if not evidence:
            message = "No match: nothing in the corpus is close enough to this quote."
            message += f"\n{absent}" if absent else ""
            self.show_message(message + (f"\n\n{lead_text(lead)}" if lead is not None else ""))
            return
        self.evidence, self.message = list(evidence), ""
        self.index = index % len(evidence)
        self._shown = (evidence, index, taken, query, None, None, article_date)
        shown = evidence[self.index]
        self._summary = (shown, self.index + 1, len(evidence), taken == self.index)
        self._set(evidence_text(shown, self.index + 1, len(evidence), taken == self.index, query,
                                self.plain_diff, article_date))

    def set_plain(self, plain: bool) -> None:
        """Show changes as ``[-…-]{+…+}`` (or colour only) from now on."""
        self.plain_diff = plain
        if self._shown is not None:
            self.show_evidence(*self._shown)

    def _set(self, text: Text, message: bool = False) -> None:
        if message:
            text.stylize(self.style_of("evidence--message"))
        self.content = text
        self._width = 0
        self._rewrap()
        self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def _pinned(self) -> int:
        return 1 if self._summary is not None else 0

    def _rewrap(self) -> None:
        width = max(self.scrollable_content_region.width or self.size.width, 10)
        if width == self._width:
            return
        self._width = width
        self._lines = list(self.content.wrap(self.app.console, width, overflow="fold"))
        self.virtual_size = Size(width, len(self._lines) + self._pinned)
        self.refresh()

    def on_resize(self, event) -> None:
        self._rewrap()

    def summary(self) -> str:
        """The pinned summary line's text ("" when a message is shown)."""
        if self._summary is None:
            return ""
        width = self.scrollable_content_region.width or self.size.width or 80
        return summary_line(*self._summary, width).plain

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.style_of()
        if y == 0 and self._summary is not None:
            line = summary_line(*self._summary, width)
            return self.text_strip(line, width, base + self.style_of("evidence--summary"))
        index = round(self.scroll_y) + y - self._pinned
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index].copy()
        line.end = ""
        return self.text_strip(line, width, base)

    def plain(self) -> str:
        """The text shown (for tests and screen readers), the summary line first."""
        summary = self.summary()
        return (summary + "\n" if summary else "") + self.content.plain
