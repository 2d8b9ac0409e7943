"""The main screen: quote list, article, evidence, progress; every review action.

Loading never blocks: the article is shown at once, and the model load and extraction run in a
thread worker that posts :class:`LoadProgress`, then :class:`Loaded` or :class:`LoadFailed`;
corpus searches run in thread workers too (one group, the newest wins) and post
:class:`SearchDone`. All session calls happen here, on the UI thread: each is persisted by the
store at once.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from workbench.errors import WorkbenchError
from workbench.models import Article, Extraction, Quote
from workbench.review.order import doubtful_first
from workbench.review.session import describe, disagree
from workbench.review.verdicts import DECISIONS
from workbench.render import clip, one_line
from workbench.tui import backend
from workbench.tui.keymap import bindings
# The dialogs (and the filter input) are imported when first opened: they pull in widgets the
# first paint does not need.
from workbench.tui.widgets.footer import FittingFooter
from workbench.tui.widgets import ArticleView, EvidenceView, QuoteList, ReviewProgress, Row
from workbench.tui.widgets.quote_list import MARKS

ROW_TEXT_CHARS = 200
RECONNECT_SECONDS = 1.0
"""How long the reconnecting worker waits between tries while the review server is away."""


# --------------------------------------------------------------------------- messages


class LoadProgress(Message):
    """What the loading worker is doing now."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Loaded(Message):
    def __init__(self, extraction: Extraction) -> None:
        super().__init__()
        self.extraction = extraction


class LoadFailed(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class CorpusReady(Message):
    """The corpus is open (``corpus``), or why not (``problem``)."""

    def __init__(self, corpus, problem: str | None) -> None:
        super().__init__()
        self.corpus = corpus
        self.problem = problem


class ReviewsChanged(Message):
    """Another review committed a change to the article version *sha256* (a server's live
    update, posted from the store's listener thread)."""

    def __init__(self, sha256: str) -> None:
        super().__init__()
        self.sha256 = sha256


class Reconnected(Message):
    """The review server is back (posted by the reconnecting worker): the queue can be written."""


class SearchDone(Message):
    def __init__(self, qid: str, query: str | None, evidence: list | None,
                 problem: str | None = None, absence=None, lead=None, worker=None) -> None:
        super().__init__()
        self.qid, self.query, self.evidence, self.problem = qid, query, evidence, problem
        self.worker = worker  # the search's worker: a newer search of the quote outranks it
        self.absence = absence  # backend.Absence when nothing was found
        self.lead = lead  # a weak lead (Match of kind "lead") when nothing was found


@dataclass
class Found:
    """The corpus matches known for one quote."""

    evidence: list
    query: str | None = None  # None: the quote itself
    index: int = 0
    speaker: tuple = field(default=(None, None))  # (name, kind) the checks were made for
    absence: object = None  # backend.Absence: what the corpus holds by the speaker (no match)
    lead: object = None  # no match: the search's weak lead (shown apart, never evidence)


# --------------------------------------------------------------------------- the screen


class MainScreen(Screen):
    """Review one article."""

    BINDINGS = bindings()
    AUTO_FOCUS = ""  # keys go to the screen; the filter takes focus only while it is edited

    def __init__(self, article: Article) -> None:
        super().__init__(id="main")
        self.article = article
        self.session = None
        self.extraction: Extraction | None = None
        self.quotes: list[Quote] = []
        self.speakers: dict = {}
        self.cursor = 0
        self.corpus = None
        self.corpus_problem: str | None = None
        self.corpus_pending = True
        self.found: dict[str, Found] = {}
        self.searching: dict[str, object] = {}  # quote id -> the worker searching it
        self.filter_text = ""
        self.doubtful_first = False  # the list shows the least sure speakers first
        self.load_error: str | None = None
        self.title_text = Text()
        self._say_timer = None
        self.said = ""  # the last short message shown in the top bar
        self.shown: dict[str, object] = {}  # quote id -> the verdict its row shows
        # quote id -> the other reviewers' verdicts and the final verdict its detail showed
        self.shown_others: dict[str, dict] = {}
        self.shown_final: dict[str, object] = {}
        self.stop_listening = None  # stops the store's live updates (a server's), if any
        self.reconnecting = False  # a worker is trying to reach the review server again
        self.quit_warned = False
        # decided while their search still ran (in this run or, unrecorded, an earlier one)
        self.pending_evidence: set[str] = set()

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(id="title")
            yield ReviewProgress(id="progress")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield QuoteList(id="quotes")  # the filter input is mounted on first use
            with Vertical(id="right"):
                yield Static(id="detail")
                yield ArticleView(id="article")
                yield EvidenceView(id="evidence", plain=self.app.plain_diff)
        yield FittingFooter(compact=True)

    @property
    def quote_list(self) -> QuoteList:
        return self.query_one(QuoteList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def evidence_view(self) -> EvidenceView:
        return self.query_one(EvidenceView)

    @property
    def progress(self) -> ReviewProgress:
        return self.query_one(ReviewProgress)

    def on_mount(self) -> None:
        a = self.article
        title = Text(one_line(a.title) or "untitled", style="bold")
        name = one_line(a.path.replace("\\", "/").rsplit("/", 1)[-1])
        if name:
            title.append(f" · {name}", "dim")
        if a.date:
            title.append(f" · {a.date}", "dim")
        if a.url:
            host = a.url.split("://", 1)[-1].split("/", 1)[0]
            title.append(f" · {one_line(host)}", "dim")
        self.title_text = title
        self.query_one("#title", Static).update(title)
        self.article_view.set_text(a.text)
        self.article_view.border_title = Content("Article")
        self.evidence_view.border_title = Content("Evidence")
        self.quote_list.border_title = Content("Quotes")
        self.quote_list.set_message("Loading: the quotes are being found…")
        self.evidence_view.show_message("The corpus matches show here once the quotes are found.")
        self.progress.set_busy("loading…")
        # Start the model load once the article is on screen: importing spaCy in a thread
        # competes for the interpreter (the GIL), and the first paint should not wait for it.
        # The timer is the fallback for an article pane too small to be drawn.
        self._loading_started = False
        self.set_timer(0.5, self._start_loading)

    def on_article_view_painted(self) -> None:
        # A little later: the frame still has to reach the terminal (Textual's writer thread).
        self.set_timer(0.05, self._start_loading)

    def _start_loading(self) -> None:
        if not self._loading_started:
            self._loading_started = True
            self.app.start_loading(self)

    def on_resize(self, event) -> None:
        self.set_class(event.size.width >= 150, "-wide")

    # ----------------------------------------------------------------- loading

    def on_load_progress(self, message: LoadProgress) -> None:
        if self.session is None and self.load_error is None:
            self.progress.set_busy(message.text)
            self.quote_list.set_message("Loading: " + message.text)

    def on_load_failed(self, message: LoadFailed) -> None:
        self.load_error = message.text
        self.progress.set_busy("no quotes")
        self.quote_list.set_message(message.text)
        self.evidence_view.show_message("Nothing to check: " + message.text)
        self.notify(message.text, title="Cannot find the quotes", severity="error",
                    markup=False, timeout=10)
        self.app.loaded.set()

    def on_loaded(self, message: Loaded) -> None:
        ex = message.extraction
        try:
            self.session = self.app.open_session(ex)
        except (WorkbenchError, OSError, ValueError) as exc:
            self.on_load_failed(LoadFailed(f"cannot open the review session: {exc}"))
            return
        self.extraction = ex
        self.quotes = list(self.session.quotes)
        self.speakers = {s.id: s for s in self.session.speakers}
        self.pending_evidence = set(self.session.evidence_owed())
        self.article_view.set_quotes(self.quotes)
        if not self.quotes:
            if self.session.removed:  # every quote was marked not a quote: undo is the way back
                self.reload_quotes()
            else:
                self.quote_list.set_message("No quotes found in this article.")
                self.evidence_view.show_message("No quotes to check.")
                self.progress.set_progress(0, 0)
            self.app.loaded.set()
            return
        self.quote_list.set_rows([self.row(q, v) for q, v in zip(self.quotes,
                                                                  self.session.verdicts())])
        self._update_list_title()
        cursor = self.session.cursor if isinstance(self.session.cursor, int) else 0
        self.go(min(max(cursor, 0), len(self.quotes) - 1), persist=False)
        self.update_progress()
        self.say_carried()
        # post_message is thread-safe: the listener thread hands the change to the UI's loop
        # A server going away mid-review: verdicts are queued and written once it is back.
        self.session.queue_when_away = True
        self.stop_listening = self.app.session_store.listen(
            lambda sha: self.post_message(ReviewsChanged(sha)))
        # The model, the article and Textual's own objects live as long as the app: move them
        # out of the collector's reach, or each full collection (30-40 ms with Textual alone,
        # more with spaCy loaded) lands on some keypress.
        gc.freeze()
        self.app.loaded.set()

    def on_reviews_changed(self, message: ReviewsChanged) -> None:
        """Another reviewer's verdict shows at once (a server's LISTEN/NOTIFY; on a file it
        shows on the next move)."""
        session = self.session
        if session is not None and message.sha256 == session.article.sha256:
            try:
                corrected = session.refresh()  # another reviewer's correction
            except WorkbenchError:
                corrected = False
            if corrected:
                self.reload_quotes()
            elif self.quotes:
                self.sync_rows()
                self.update_detail()

    def on_unmount(self) -> None:
        if self.stop_listening is not None:
            self.stop_listening()

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.corpus, self.corpus_problem, self.corpus_pending = (message.corpus, message.problem,
                                                                 False)
        if self.session is not None and self.quotes:
            self.show_evidence()

    # ----------------------------------------------------------------- rows and details

    def verdict(self, quote: Quote):
        return self.session.verdict(quote.id)

    def speaker_of(self, quote: Quote, verdict=None) -> tuple[str | None, str | None]:
        """(name, kind) of the quote's speaker, as the reviewer has it now."""
        verdict = verdict or self.verdict(quote)
        if verdict.speaker:
            known = next((s for s in self.speakers.values() if s.name == verdict.speaker), None)
            return verdict.speaker, known.kind if known else "person"
        speaker = self.speakers.get(quote.speaker_id or "")
        return quote.speaker_name, speaker.kind if speaker else None

    def say_carried(self) -> None:
        """What opening a changed article did, in one line (or what is still to look at)."""
        carried = self.session.carried
        if carried is not None and self.session.just_carried:
            self.say(carried.describe(), seconds=10)
            return
        recheck = self.session.counts()["recheck"]
        if recheck:
            self.say(f"{recheck} quote{'s' if recheck != 1 else ''} changed since the last "
                     "version: look again (↻)", seconds=10)

    def sync_rows(self) -> None:
        """Redraw the rows whose verdict changed in the store since they were drawn: another
        review of the same article (another terminal) shows on the next move."""
        verdicts = self.session.verdicts()
        changed = [i for i, v in enumerate(verdicts) if self.shown.get(self.quotes[i].id) != v]
        for index in changed:
            self.quote_list.update_row(index, self.row(self.quotes[index], verdicts[index]))
        if changed:
            self.update_progress()

    def row(self, quote: Quote, verdict=None) -> Row:
        v = verdict or self.verdict(quote)
        self.shown[quote.id] = v
        name, kind = self.speaker_of(quote, v)
        return Row(status="recheck" if v.recheck else v.status, speaker=name,
                   text=quote.text[:ROW_TEXT_CHARS],
                   short=_short_name(name, kind),
                   edited_speaker=bool(v.speaker), has_note=bool(v.note),
                   has_evidence=bool(v.evidence))

    def refresh_quote(self, index: int) -> None:
        quote = self.quotes[index]
        self.quote_list.update_row(index, self.row(quote))
        if index == self.cursor:
            self.update_detail()
            self.show_evidence(search=False)
        self.update_progress()

    def refresh_all(self) -> None:
        """Every row again (after undo/redo), and the cursor where the session put it."""
        for index, (quote, v) in enumerate(zip(self.quotes, self.session.verdicts())):
            self.quote_list.update_row(index, self.row(quote, v))
        self.apply_filter(self.filter_text, move=False)
        cursor = self.session.cursor
        if isinstance(cursor, int) and 0 <= cursor < len(self.quotes) and cursor != self.cursor:
            self.go(cursor, persist=False)
        else:
            self.update_detail()
            self.show_evidence(search=False)
        self.update_progress()

    def update_progress(self) -> None:
        reviewed, total = self.session.progress()
        self.progress.set_progress(reviewed, total)

    def update_detail(self) -> None:
        quote = self.current_quote
        detail = self.query_one("#detail", Static)
        if quote is None:
            detail.update("", layout=False)
            return
        v = self.verdict(quote)
        text = Text(no_wrap=False)
        text.append(f"{quote.id} ", "bold")
        origin = self.session.origins.get(quote.id)
        if origin is not None and (origin.origin == "reviewer" or origin.corrections):
            done = "added" if origin.origin == "reviewer" else origin.corrections[-1]
            text.append(f"({clip(one_line(done), 24)}) ", "italic")
        style = {"confirmed": "bold green", "disputed": "bold red",
                 "unverifiable": "bold yellow"}.get(v.status, "dim")
        text.append(f"{MARKS.get(v.status, '·')} {v.status}", style)
        if v.status == "disputed" and v.reason:
            text.append(f": {v.reason.replace('_', ' ')}", style)
        if v.recheck:
            text.append(f" {MARKS['recheck']} changed since: look again", "bold yellow")
        name, _ = self.speaker_of(quote, v)
        text.append(" · ")
        text.append(one_line(name) if name else "no speaker", "bold")
        if v.speaker and quote.speaker_name and v.speaker != quote.speaker_name:
            text.append(f" (was {one_line(quote.speaker_name)})", "dim")
        elif not v.speaker and quote.speaker_name:
            text.append(f" {quote.confidence:.2f}", "dim")
        if quote.cue is not None:
            text.append(" · cue ")
            text.append(f"“{clip(one_line(quote.cue.text), 30)}”", "italic")
        if quote.alternatives and not v.speaker:
            alts = ", ".join(one_line(a.name) for a in quote.alternatives[:2])
            text.append(f" · or {clip(alts, 40)}", "dim")
        if v.note:
            text.append("\nnote: ", "bold")
            text.append(clip(one_line(v.note), 300))
        self._append_others(text, quote)
        detail.update(text, layout=False)

    def _append_others(self, text: Text, quote: Quote) -> None:
        """The final verdict, the other reviewers' verdicts on the quote, and whether the
        reviewers disagree."""
        final = self.session.final(quote.id)
        self.shown_final[quote.id] = final
        if final is not None:
            text.append("\nfinal: ", "bold")
            by = f" (by {clip(one_line(final.reviewer), 30)})" if final.reviewer else ""
            text.append(f"{describe_status(final)}{by}")
        by_reviewer = self.session.verdicts_by_reviewer(quote.id)
        others = {name: v for name, v in by_reviewer.items() if name != self.session.owner}
        self.shown_others[quote.id] = others
        if not others:
            return
        text.append("\nothers: ", "bold")
        text.append(" · ".join(f"{clip(one_line(name), 30) if name else 'unnamed'} "
                               f"{describe_status(v)}" for name, v in others.items()))
        if disagree(by_reviewer):
            text.append("  ≠ reviewers disagree", "bold red")

    def _update_list_title(self) -> None:
        shown, total = len(self.quote_list.visible), len(self.quotes)
        title = f"Quotes {total}" if not self.filter_text else f"Quotes {shown}/{total}"
        if self.doubtful_first:
            title += " · doubtful first"
        self.quote_list.border_title = Content(title)
        self.quote_list.border_subtitle = (Content("/" + clip(one_line(self.filter_text), 20))
                                           if self.filter_text else None)

    def say(self, message: str, seconds: float = 3.0) -> None:
        """A short message in the top bar (cheaper than a toast, which lays out the screen);
        one too long for the bar is a toast, so nothing of it is cut."""
        self.said = message
        title = self.query_one("#title", Static)
        if len(message) > max(title.size.width, 1):
            self.notify(one_line(message), timeout=seconds, markup=False)
            return
        title.update(Text(one_line(message), style="bold italic"), layout=False)
        if self._say_timer is not None:
            self._say_timer.stop()

        def restore() -> None:
            self._say_timer = None
            title.update(self.title_text, layout=False)

        self._say_timer = self.set_timer(seconds, restore)

    def save(self, method, *args):
        """Call a session method; a store problem (locked, disk full) is one error message and
        the screen stays as it was. Returns (done, result)."""
        try:
            result = method(*args)
        except WorkbenchError as exc:
            self.notify(f"Not saved: {exc}", title="Session", severity="error", markup=False)
            return False, None
        if self.session.queued:
            self.say_reconnecting()
        return True, result

    def say_reconnecting(self) -> None:
        """The server is away: say so, and try to reach it again off the UI thread."""
        n = self.session.queued
        self.say(f"reconnecting: the review server is away · {n} action{'s' if n != 1 else ''} "
                 "queued, written when it is back", seconds=3600)
        if not self.reconnecting:
            self.reconnecting = True
            self.reconnect()

    @work(thread=True, exclusive=True, group="reconnect", exit_on_error=False)
    def reconnect(self) -> None:
        """Every RECONNECT_SECONDS, connect to the review server again, in a thread: a host
        that does not answer takes the connect timeout, and the checker keeps working
        meanwhile. The queue is written on the UI thread (:meth:`on_reconnected`), once."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            if self.session.reconnect():
                self.post_message(Reconnected())
                return
            worker.cancelled_event.wait(RECONNECT_SECONDS)

    def on_reconnected(self, message: Reconnected) -> None:
        self.reconnecting = False
        self.flush_queue()

    def flush_queue(self) -> None:
        """Write the queued actions; if the server went away again, keep trying."""
        try:
            written = self.session.flush()
        except WorkbenchError as exc:  # back, but refusing (a permission): said, kept queued
            self.notify(f"Not saved: {exc}", title="Session", severity="error", markup=False)
            return
        if self.session.queued:
            self.say_reconnecting()
            return
        self.say(f"reconnected: {written} queued action{'s' if written != 1 else ''} written",
                 seconds=5)
        for line in self.session.refused:  # a queued correction made moot meanwhile
            self.notify(f"Not corrected: {line}", severity="error", markup=False)
        self.session.refused.clear()
        if [(q.id, q.parts) for q in self.quotes] != [(q.id, q.parts)
                                                      for q in self.session.quotes]:
            self.reload_quotes()  # a queued added quote took another id (someone took its)
            return
        self.sync_rows()
        self.update_detail()

    # ----------------------------------------------------------------- moving

    @property
    def current_quote(self) -> Quote | None:
        if self.session is None or not self.quotes:
            return None
        return self.quotes[self.cursor]

    def ready(self) -> bool:
        """Whether there is a current quote to act on; if not, one line says why (a key that
        does nothing says so)."""
        if self.session is None or not self.quotes:
            if self.load_error is None and self.session is None:
                self.say("The quotes are still loading…")  # the progress says what step
            elif self.session is None:
                self.say(f"Nothing to check: {one_line(self.load_error or '')}")
            else:
                back = (f", {self.key_of('undo')} undoes the last correction"
                        if self.session.removed else "")
                self.say(f"No quote to act on: {self.key_of('add_quote')} adds one{back}.")
            return False
        return True

    def go(self, index: int, persist: bool = True) -> None:
        index = min(max(index, 0), len(self.quotes) - 1)
        self.cursor = index
        if persist:
            self.save(self.session.move, index)
            self.sync_rows()
        self.quote_list.set_cursor(index)
        self.article_view.show_quote(index, self.quotes[index])
        self.update_detail()
        self.show_evidence()

    def _step(self, step: int) -> None:
        visible = self.quote_list.visible
        if not visible:
            return
        if self.cursor in visible:
            k = visible.index(self.cursor) + step
        else:  # the cursor is filtered out: the nearest shown quote that way
            after = [k for k, q in enumerate(visible) if (q > self.cursor) == (step > 0)]
            k = (after[0] if step > 0 else after[-1]) if after else (0 if step > 0 else -1)
        self.go(visible[min(max(k, 0), len(visible) - 1)])

    def action_cursor_down(self) -> None:
        if self.ready():
            self._step(1)

    def action_cursor_up(self) -> None:
        if self.ready():
            self._step(-1)

    def action_first(self) -> None:
        if self.ready() and self.quote_list.visible:
            self.go(self.quote_list.visible[0])

    def action_last(self) -> None:
        if self.ready() and self.quote_list.visible:
            self.go(self.quote_list.visible[-1])

    def action_next_unreviewed(self) -> None:
        if not self.ready():
            return
        if self.filter_text or self.doubtful_first:
            visible = self.quote_list.visible
            if self.cursor in visible:  # in the list's order, which may not be the text's
                k = visible.index(self.cursor)
                order = visible[k + 1:] + visible[:k + 1]
            else:
                order = [q for q in visible if q > self.cursor] + [q for q in visible
                                                                   if q <= self.cursor]
            target = next((q for q in order if not self.verdict(self.quotes[q]).decided), None)
        else:
            target = self.session.next_open(self.cursor)
        if target is None:
            self.say("Every quote has a verdict.")
            return
        self.go(target)

    def action_article_page(self, direction: int) -> None:
        view = self.article_view
        height = max(view.scrollable_content_region.height - 1, 1)
        view.scroll_to(y=view.scroll_y + direction * height, animate=False)

    def action_toggle_plain_diff(self) -> None:
        plain = not self.evidence_view.plain_diff
        self.app.plain_diff = plain
        self.evidence_view.set_plain(plain)
        self.say("Changes shown as [-source-]{+article+}" if plain else "Changes shown by colour")

    def action_evidence_scroll(self, direction: int) -> None:
        view = self.evidence_view
        step = max(view.scrollable_content_region.height // 2, 1)
        view.scroll_to(y=view.scroll_y + direction * step, animate=False)

    def on_quote_list_clicked(self, message: QuoteList.Clicked) -> None:
        if self.session is not None:
            self.go(message.index)

    def on_article_view_clicked(self, message: ArticleView.Clicked) -> None:
        if self.session is not None:
            self.go(message.index)

    # ----------------------------------------------------------------- verdicts

    def _set_status(self, status: str, reason: str | None = None) -> None:
        if self.session.reviewer is None and not self.app.asked_reviewer:
            self.ask_reviewer(lambda: self._set_status(status, reason))
            return
        quote = self.current_quote
        v = self.verdict(quote)
        if self.shown.get(quote.id, v) != v:  # another review changed it since it was drawn
            self.sync_rows()
            self.update_detail()
            by = f" by {one_line(v.reviewer)}" if v.reviewer else ""
            self.say(f"{quote.id} was just changed{by}: {describe_status(v)} · press again to "
                     "replace it", seconds=6)
            return
        if v.status == status and (status != "disputed" or v.reason == reason) and not v.recheck:
            self.say(f"{quote.id} is already {status}.")
            return
        evidence = self.evidence_shown(quote) if status in DECISIONS else None
        args = {} if evidence is None else {"evidence": evidence}
        done, replaced = self.save(partial(self.session.set_status, **args), quote.id, status,
                                   reason)
        if not done:
            return
        if status in DECISIONS and evidence is None:
            self.pending_evidence.add(quote.id)  # recorded when its search is done
        also = self._also_decided(quote)
        self.refresh_quote(self.cursor)
        if replaced or also:
            line = replaced or describe("status", quote.id, {"status": status, "reason": reason})
            undo = f" · {self.key_of('undo')} undoes" if replaced else ""
            self.say(f"{line}{undo}{also}", seconds=8 if also else 5)
        if self.app.config.advance and status != "unreviewed":
            target = self.session.next_open(self.cursor)
            if target is not None and target != self.cursor:
                self.go(target)

    def _also_decided(self, quote: Quote) -> str:
        """" · ben also decided: disputed (altered) ≠" for the other reviewers who decided the
        quote since its detail was drawn (both verdicts are recorded: this says so)."""
        seen = self.shown_others.get(quote.id, {})
        by_reviewer = self.session.verdicts_by_reviewer(quote.id)
        news = [(name, v) for name, v in by_reviewer.items()
                if name != self.session.owner and v.decided and seen.get(name) != v]
        if not news:
            return ""
        also = ", ".join(f"{clip(one_line(name), 30) if name else 'an unnamed reviewer'} also "
                         f"decided: {describe_status(v)}" for name, v in news)
        return f" · {also}" + ("  ≠" if disagree(by_reviewer) else "")

    def ask_reviewer(self, then) -> None:
        """The reviewer's name, asked once (the config names nobody), saved in the config."""
        from workbench.tui.screens.note import NameScreen

        def done(name: str | None) -> None:
            self.app.asked_reviewer = True
            name = (name or "").strip()
            if name:
                try:
                    where = backend.save_reviewer_name(name, self.app.config_file)
                except WorkbenchError as exc:
                    self.notify(f"Not saved in the config: {exc}", severity="warning",
                                markup=False)
                else:
                    self.notify(f"Reviewer: {one_line(name)} (saved in {one_line(str(where))})",
                                timeout=4, markup=False)
                self.app.set_reviewer(name)
            then()

        self.app.push_screen(NameScreen(cursor_blink=self.app.cursor_blink), done)

    def key_of(self, binding_id: str) -> str:
        """The (first) key bound to an action, as the user has remapped it: "z"."""
        from workbench.tui.keymap import KEYMAP, key_label, keys_of

        spec = next(k for k in KEYMAP if k.id == binding_id)
        keys = keys_of(spec, self.app.keymap)
        return key_label(keys[0]) if keys else binding_id

    def evidence_shown(self, quote: Quote) -> dict | None:
        """The evidence on screen for *quote*, as a record: the match shown, or "no match" with
        the query searched and the corpus; None while its search is still running."""
        if self.corpus is None:
            if self.corpus_pending:
                return None
            return backend.no_corpus_evidence(quote.text, self.corpus_problem)
        found = self.found.get(quote.id)
        if found is None:
            return None
        shown = found.evidence[found.index] if found.evidence else None
        return self.corpus.evidence_record(shown, found.query or quote.text)

    def action_confirm(self) -> None:
        if self.ready():
            self._set_status("confirmed")

    def action_unverifiable(self) -> None:
        if self.ready():
            self._set_status("unverifiable")

    def action_skip(self) -> None:
        if self.ready():
            self._set_status("skipped")

    def action_final(self) -> None:
        """Record the reviewer's own decision on the quote (with its evidence and note) as the
        final verdict: an editor decides like anyone, then makes it final."""
        if not self.ready():
            return
        quote = self.current_quote
        v = self.verdict(quote)
        if not v.decided:
            self.say(f"Decide {quote.id} first ({self.key_of('confirm')}, "
                     f"{self.key_of('dispute')}, {self.key_of('unverifiable')}): "
                     f"{self.key_of('final')} makes your decision the final verdict.", seconds=5)
            return
        final = self.session.final(quote.id)
        if self.shown_final.get(quote.id, final) != final:  # another editor's, not seen yet
            self.update_detail()
            by = f" by {one_line(final.reviewer)}" if final is not None and final.reviewer else ""
            now = describe_status(final) if final is not None else "withdrawn"
            self.say(f"{quote.id}'s final verdict was just changed{by}: {now} · press again to "
                     "replace it", seconds=6)
            return
        if final is not None and (final.status, final.reason, final.note, final.evidence) == (
                v.status, v.reason, v.note, v.evidence):
            self.say(f"{quote.id}: your decision is already the final verdict.")
            return
        evidence = v.evidence if v.evidence is not None else self.evidence_shown(quote)
        done, replaced = self.save(partial(self.session.set_final, evidence=evidence,
                                           note=v.note), quote.id, v.status, v.reason)
        if not done:
            return
        self.refresh_quote(self.cursor)
        line = replaced or describe("final", quote.id, {"status": v.status, "reason": v.reason})
        self.say(f"{line} · {self.key_of('undo')} undoes", seconds=5)

    def action_dispute(self) -> None:
        if not self.ready():
            return
        quote = self.current_quote
        v = self.verdict(quote)

        def done(reason: str | None) -> None:
            if reason is not None and self.current_quote is quote:
                self._set_status("disputed", reason)
                if reason == "other" and not self.verdict(quote).note:
                    self.edit_note(quote)  # "other — see the note": so write it

        from workbench.tui.screens.dispute import DisputeScreen, suggested_reason

        found = self.found.get(quote.id)
        shown = found.evidence[found.index] if found is not None and found.evidence else None
        absence = found.absence if found is not None and not found.evidence else None
        self.app.push_screen(DisputeScreen(backend.REASONS, v.reason,
                                           suggested_reason(shown, self.article.date), absence),
                                           done)

    def action_speaker(self) -> None:
        if not self.ready():
            return
        quote = self.current_quote
        name, _ = self.speaker_of(quote)

        def done(new: str | None) -> None:
            if new is None or self.current_quote is not quote:
                return
            v = self.verdict(quote)
            # Picking the extracted speaker again clears the correction.
            value = None if new == quote.speaker_name else new
            if value == v.speaker:
                return
            if self.save(self.session.set_speaker, quote.id, value)[0]:
                self.refresh_quote(self.cursor)

        from workbench.tui.screens.speaker import SpeakerScreen

        self.app.push_screen(SpeakerScreen(list(self.speakers.values()), name,
                                           cursor_blink=self.app.cursor_blink), done)

    def action_note(self) -> None:
        if self.ready():
            self.edit_note(self.current_quote)

    def edit_note(self, quote: Quote) -> None:
        """The note editor on *quote* (which may no longer be the current one when it closes)."""
        def done(note: str | None) -> None:
            if note is None or note.strip() == (self.verdict(quote).note or ""):
                return
            if self.save(self.session.set_note, quote.id, note.strip())[0]:
                self.refresh_quote(self.quotes.index(quote))

        from workbench.tui.screens.note import NoteScreen

        self.app.push_screen(NoteScreen(self.verdict(quote).note or "",
                                        cursor_blink=self.app.cursor_blink), done)

    def history_ready(self) -> bool:
        """Undo and redo need the session only: with every quote marked not a quote, undo is
        what brings them back."""
        if self.session is None:
            return self.ready()
        return True

    def action_undo(self) -> None:
        if not self.history_ready():
            return
        done, label = self.save(self.session.undo)
        if not done:
            self.sync_rows()  # a refused undo: show what the other review did
            self.update_detail()
            return
        if self.after_step() or self.current_quote is None:
            self.say(f"Undone: {label}" if label else "Nothing to undo.")
            return
        self.say(f"Undone: {label} (now {describe_status(self.verdict(self.current_quote))})"
                 if label else "Nothing to undo.")

    def after_step(self) -> bool:
        """Show what an undo or redo did; whether it changed the quote list (a correction)."""
        if not self.quotes or [(q.id, q.parts) for q in self.quotes] != [
                (q.id, q.parts) for q in self.session.quotes]:
            self.reload_quotes()
            return True
        self.refresh_all()
        return False

    def action_redo(self) -> None:
        if not self.history_ready():
            return
        done, label = self.save(self.session.redo)
        if not done:
            self.sync_rows()
            self.update_detail()
            return
        self.after_step()
        self.say(f"Redone: {label}" if label else "Nothing to redo.")

    # ----------------------------------------------------------------- corrections
    # The rules are the session's (workbench.review.corrections): these only ask and show.

    def correct(self, method, *args) -> bool:
        """Apply a correction; a refused one (no such words, nothing to merge with) or a store
        problem is one line, and nothing changes."""
        try:
            line = method(*args)
        except WorkbenchError as exc:
            self.notify(f"Not corrected: {exc}", severity="error", markup=False)
            return False
        self.reload_quotes()
        self.unhide_current()
        if self.session.queued:  # the server is away: queued like a verdict
            self.say_reconnecting()
        elif isinstance(line, str):
            self.say(f"{line} · {self.key_of('undo')} undoes", seconds=5)
        return True

    def unhide_current(self) -> None:
        """A quote just added or corrected that the list's filter hides: the filter goes, so
        the checker sees the quote they are on."""
        if not self.filter_text or self.current_quote is None \
                or self.cursor in self.quote_list.visible:
            return
        for field in self.query("#filter"):
            field.value = ""
            field.display = False
        self.apply_filter("", move=False)
        self.quote_list.set_cursor(self.cursor)

    def reload_quotes(self) -> None:
        """Take the session's quote list again (after a correction or its undo): rows, article
        marks, cursor; a quote whose words changed is searched in the corpus again."""
        before = {q.id: q.parts for q in self.quotes}
        self.quotes = list(self.session.quotes)
        for quote in self.quotes:
            if before.get(quote.id) != quote.parts:
                self.found.pop(quote.id, None)
        self.article_view.set_quotes(self.quotes)
        self.quote_list.set_rows([self.row(q, v) for q, v in zip(self.quotes,
                                                                  self.session.verdicts())])
        if not self.quotes:
            self.cursor = 0
            self.quote_list.set_message(f"No quotes left: {self.key_of('add_quote')} (add) or "
                                        f"{self.key_of('undo')} (undo).")
            self._update_list_title()
            self.article_view.show_quote(None, None)
            self.update_detail()
            self.evidence_view.show_message("No quotes to check.")
            self.update_progress()
            return
        self.apply_filter(self.filter_text, move=False)
        self._update_list_title()
        cursor = self.session.cursor if isinstance(self.session.cursor, int) else 0
        self.go(min(max(cursor, 0), len(self.quotes) - 1), persist=False)
        self.update_progress()

    def action_add_quote(self) -> None:
        if self.session is None:
            self.say("The quotes are still loading…")
            return

        def done(words: str | None) -> None:
            if not words or not words.strip():
                return
            near = self.current_quote.start if self.current_quote is not None else 0
            if self.correct(self.session.add_quote, words, near):
                quote = self.current_quote
                self.say(f"{quote.id}: added · pick its speaker (esc: none) · "
                         f"{self.key_of('undo')} undoes", seconds=5)
                self.action_speaker()

        from workbench.tui.screens.note import AddQuoteScreen

        self.app.push_screen(AddQuoteScreen(cursor_blink=self.app.cursor_blink), done)

    def action_merge(self) -> None:
        if self.ready():
            self.correct(self.session.merge, self.current_quote.id)

    def action_resize(self, edge: str, grow: bool) -> None:
        if self.ready():
            self.correct(self.session.resize, self.current_quote.id, edge, grow)

    def action_not_quote(self) -> None:
        if self.ready():
            self.correct(self.session.reject, self.current_quote.id)

    # ----------------------------------------------------------------- filter

    def action_filter(self) -> None:
        if not self.ready():
            return
        found = self.query("#filter")
        if found:
            field = found.first()
        else:
            from workbench.tui.widgets.filter_input import FilterInput

            field = FilterInput(placeholder="filter: words, is:disputed, is:open", id="filter")
            field.cursor_blink = self.app.cursor_blink
            self.query_one("#left").mount(field)
        field.display = True
        field.focus()

    def on_input_changed(self, event) -> None:
        if event.input.id == "filter":
            event.stop()
            self.apply_filter(event.value)

    def on_input_submitted(self, event) -> None:
        if event.input.id == "filter":
            event.stop()
            self.close_filter()

    def action_doubtful_first(self) -> None:
        """Toggle the list between text order and the least sure speakers first."""
        if not self.ready():
            return
        self.doubtful_first = not self.doubtful_first
        self.apply_filter(self.filter_text, move=False)
        self.say("Doubtful speakers first." if self.doubtful_first else "Quotes in text order.")

    def close_filter(self) -> None:
        field = self.query_one("#filter")
        if not field.value:
            field.display = False
            self.apply_filter("")
        self.set_focus(None)

    def apply_filter(self, text: str, move: bool = True) -> None:
        if self.session is None:
            return
        self.filter_text = text.strip()
        tokens = self.filter_text.casefold().split()
        verdicts = self.session.verdicts() if tokens or self.doubtful_first else None
        if not tokens:
            visible = list(range(len(self.quotes)))
        else:
            visible = [i for i, q in enumerate(self.quotes)
                       if self._matches(q, verdicts[i], tokens)]
        if self.doubtful_first:
            visible = doubtful_first(visible, self.quotes, verdicts)
        self.quote_list.set_visible(visible)
        if not visible:
            self.quote_list.set_message("No quote matches the filter (escape clears it).")
        self._update_list_title()
        if move and visible and self.cursor not in visible:
            self.go(visible[0])

    def _matches(self, quote: Quote, v, tokens: list[str]) -> bool:
        name, _ = self.speaker_of(quote, v)
        hay = f"{name or ''} {quote.text} {v.note or ''} {quote.id}".casefold()
        for token in tokens:
            if token.startswith("is:"):
                want = token[3:]
                if want in ("open", "todo"):  # not decided: unreviewed, skipped, to look again
                    if v.decided:
                        return False
                    continue
                if want == "recheck" and v.recheck:
                    continue
                if not v.status.startswith(want) and not (v.reason or "").startswith(want):
                    return False
            elif token not in hay:
                return False
        return True

    # ----------------------------------------------------------------- evidence

    def show_evidence(self, search: bool = True) -> None:
        """Show what is known of the current quote's matches; start a search if nothing is."""
        quote = self.current_quote
        if quote is None:
            return
        view = self.evidence_view
        if self.corpus_pending:
            view.show_message("Opening the corpus…")
            return
        if self.corpus is None:
            view.show_message(f"No corpus: {self.corpus_problem or 'none given'}")
            return
        found = self.found.get(quote.id)
        if found is None:
            view.show_message("Searching the corpus…")
            if search and quote.id not in self.searching:
                self.start_search(quote, None)
            return
        v = self.verdict(quote)
        speaker = self.speaker_of(quote, v)
        if found.speaker != speaker:  # the speaker changed since: check again
            found.evidence = backend.Corpus.recheck(found.evidence, *speaker)
            if not found.evidence:
                found.absence = self.corpus.absence(speaker[0], self.article.date)
            found.speaker = speaker
        taken = _taken_index(found.evidence, v.evidence)
        view.show_evidence(found.evidence, found.index, taken, found.query,
                           absent=found.absence.note if found.absence is not None else None,
                           lead=found.lead, article_date=self.article.date)
        view.border_title = Content(f"Evidence {found.index + 1}/{len(found.evidence)}"
                                    if found.evidence else "Evidence")

    def start_search(self, quote: Quote, query: str | None) -> None:
        speaker = self.speaker_of(quote)
        worker = self.run_worker(partial(self._search_thread, self.corpus, quote, query,
                                         speaker),
                                 thread=True, group="search", exclusive=True,
                                 exit_on_error=False, name=f"search {quote.id}")
        # exclusive: this search cancelled every other one, and a worker cancelled before it
        # started never answers: forget them all, or their quotes stay "searching" for good.
        self.searching = {quote.id: worker}

    def _search_thread(self, corpus, quote: Quote, query: str | None, speaker) -> None:
        worker = get_current_worker()
        done = partial(SearchDone, quote.id, query, worker=worker)
        leads: list = []
        try:
            if query is None:
                found = corpus.check_quote(self.article, quote,
                                           self.speakers.get(quote.speaker_id or ""),
                                           cancelled=lambda: worker.is_cancelled, leads=leads)
                if found is not None and speaker[0] != quote.speaker_name:
                    found = backend.Corpus.recheck(found, *speaker)
            else:
                found = corpus.search_text(query, *speaker,
                                           cancelled=lambda: worker.is_cancelled, leads=leads)
            absence = corpus.absence(speaker[0], self.article.date) if found == [] else None
        except WorkbenchError as exc:
            self.post_message(done(None, str(exc)))
            return
        except Exception as exc:  # a bug in search: one line in the pane, not a crash
            self.post_message(done(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(done(found, absence=absence,
                               lead=leads[0] if leads and found == [] else None))

    def on_search_done(self, message: SearchDone) -> None:
        if self.searching.get(message.qid, message.worker) is not message.worker:
            return  # a cancelled search of a quote searched again since: the new one answers
        self.searching.pop(message.qid, None)
        current = self.current_quote
        if message.problem is not None:
            if current is not None and current.id == message.qid:
                self.evidence_view.show_message(f"The search failed: {message.problem}")
            return
        if message.evidence is None:  # cancelled before it ran
            if current is not None and current.id == message.qid:
                self.show_evidence()
            return
        quote = next((q for q in self.quotes if q.id == message.qid), None)
        if quote is None:
            return
        speaker = self.speaker_of(quote)
        self.found[message.qid] = Found(message.evidence, message.query, 0, speaker,
                                        message.absence, message.lead)
        if message.qid in self.pending_evidence:
            self.pending_evidence.discard(message.qid)
            if self.verdict(quote).owes_evidence:
                record = self.evidence_shown(quote)
                if record is not None:
                    self.save(self.session.set_evidence, quote.id, record)
                    self.refresh_quote(self.quotes.index(quote))
        if current is not None and current.id == message.qid:
            self.show_evidence(search=False)

    def found_shown(self, missing: str) -> Found | None:
        """The current quote's matches when one is shown, else None (after saying *missing*)."""
        if not self.ready():
            return None
        found = self.found.get(self.current_quote.id)
        if found is None or not found.evidence:
            self.say(missing)
            return None
        return found

    def action_cycle_match(self, step: int) -> None:
        found = self.found_shown("No matches to cycle through.")
        if found is None:
            return
        found.index = (found.index + step) % len(found.evidence)
        self.show_evidence(search=False)

    def action_take_evidence(self) -> None:
        found = self.found_shown("No match shown to take as evidence.")
        if found is None:
            return
        quote = self.current_quote
        evidence = self.corpus.evidence_record(found.evidence[found.index],
                                               found.query or quote.text)
        if _taken_index([found.evidence[found.index]], self.verdict(quote).evidence) == 0:
            self.say("This match is already the evidence.")
            return
        if not self.save(self.session.set_evidence, quote.id, evidence)[0]:
            return
        self.refresh_quote(self.cursor)
        self.say(f"Evidence for {quote.id}: match {found.index + 1}")

    def action_open_source(self) -> None:
        """The source viewer on the match shown: its document, scrolled to the span(s)."""
        found = self.found_shown("No match shown: no source to open.")
        if found is None:
            return
        match = found.evidence[found.index].match
        doc_id = match.parts[0].doc.id
        try:
            source = self.corpus.source(doc_id)
        except WorkbenchError as exc:
            self.notify(f"Cannot read the source: {exc}", severity="error", markup=False)
            return
        if source is None:
            self.say("The source document is no longer in the corpus.")
            return
        from workbench.tui.screens.source import SourceScreen

        spans = [(p.start, p.end) for p in match.parts if p.doc.id == doc_id]
        self.app.push_screen(SourceScreen(source, spans))

    def action_search(self) -> None:
        if not self.ready():
            return
        if self.corpus is None:
            self.say(f"No corpus to search: {self.corpus_problem or 'still opening'}")
            return
        quote = self.current_quote
        found = self.found.get(quote.id)
        start = found.query if found is not None and found.query else one_line(quote.text)

        def done(query: str | None) -> None:
            if query is None or self.current_quote is not quote:
                return
            query = query.strip()
            if not query:
                return
            self.found.pop(quote.id, None)
            self.evidence_view.show_message("Searching the corpus…")
            self.start_search(quote, None if query == one_line(quote.text) else query)

        from workbench.tui.screens.note import QueryScreen

        self.app.push_screen(QueryScreen(start, cursor_blink=self.app.cursor_blink), done)

    # ----------------------------------------------------------------- export, help, quit

    def action_export(self) -> None:
        if not self.ready():
            return
        from workbench.tui.screens.export import ExportScreen

        screen = ExportScreen(backend.EXPORT_FORMATS, self.app.default_export_path,
                              cursor_blink=self.app.cursor_blink)
        self.app.push_screen(screen, self._export_chosen)

    def _export_chosen(self, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        fmt, path = choice
        self.export_to(fmt, path, overwrite=False)

    def export_to(self, fmt: str, path: str, overwrite: bool) -> None:
        try:
            text = self.app.export_text(self.session, fmt)
            backend.write_atomic(path, text, overwrite=overwrite, inputs=(self.article.path,))
        except FileExistsError:
            def answer(yes: bool | None) -> None:
                if yes:
                    self.export_to(fmt, path, overwrite=True)
                else:
                    self.say("Not exported.")

            from workbench.tui.screens.export import ConfirmScreen

            self.app.push_screen(ConfirmScreen(f"{one_line(path)} exists. Overwrite it?"),
                                 answer)
            return
        except (WorkbenchError, OSError) as exc:
            self.notify(f"Cannot export: {exc}", severity="error", markup=False)
            return
        self.app.last_export = path
        self.notify(f"Exported {fmt} to {one_line(path)}", timeout=3, markup=False)

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.keymap))

    def action_quit(self) -> None:
        """Quit; while actions wait for the review server, the first q says so (they are lost
        if the app quits before the server is back)."""
        queued = self.session.queued if self.session is not None else 0
        if queued and not self.quit_warned:
            self.quit_warned = True
            self.flush_queue()
            if self.session.queued:
                self.say(f"{queued} action{'s' if queued != 1 else ''} still queued for the "
                         f"review server: {self.key_of('quit')} again quits and loses them",
                         seconds=10)
                return
        self.app.exit()

    # ----------------------------------------------------------------- loading worker

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self, extractor, open_corpus) -> None:
        """Find the quotes (then open the corpus) off the UI thread, posting progress."""
        post = self.post_message
        post(LoadProgress("finding the quotes…"))
        try:
            extraction = extractor(self.article, lambda text: post(LoadProgress(text)))
        except WorkbenchError as exc:
            post(LoadFailed(str(exc)))
        except MemoryError:
            post(LoadFailed("out of memory while finding the quotes"))
        except Exception as exc:  # a bug: one line in the UI, never a traceback
            post(LoadFailed(f"internal error: {type(exc).__name__}: {exc}"))
        else:
            if not isinstance(extraction, Extraction):
                post(LoadFailed(f"the extractor returned {type(extraction).__name__}, "
                                "not an Extraction"))
            else:
                post(Loaded(extraction))
        try:
            corpus, problem = open_corpus()
        except Exception as exc:
            corpus, problem = None, f"{type(exc).__name__}: {exc}"
        post(CorpusReady(corpus, problem))


def describe_status(v) -> str:
    """A verdict's status in words: "disputed (altered)", "confirmed"."""
    return v.status + (f" ({v.reason.replace('_', ' ')})" if v.reason else "")


def _short_name(name: str | None, kind: str | None) -> str | None:
    """A person's surname ("Stoltenberg"), for a list too narrow for full names."""
    if not name or kind not in ("person", None):
        return None
    words = one_line(name).split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return words[-1]


def _taken_index(evidence: list, taken: dict | None) -> int | None:
    """Which of *evidence* is the one the session holds as taken (doc, offsets and kind)."""
    if not taken:
        return None
    key = _evidence_key(taken)
    for k, ev in enumerate(evidence):
        if _evidence_key(ev.match.to_dict()) == key:
            return k
    return None


def _evidence_key(d: dict) -> tuple:
    """Document, offsets and kind of a match (``Match.to_dict()``) or an evidence record."""
    doc = d.get("doc") or d.get("document") or {}
    span = d.get("span") if isinstance(d.get("span"), dict) else d
    return (doc.get("id"), doc.get("path"), span.get("start"), span.get("end"), d.get("kind"))
