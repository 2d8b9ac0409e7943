"""Pilot tests of the review UI: the whole flow on the seed article, without the model.

Thread workers are not waited for by ``pilot.pause()``: tests wait on them explicitly with
``app.wait_until_loaded()`` (the extraction worker's result is on screen) and
``app.wait_for_searches()`` (no corpus search running, results shown), then ``pilot.pause()``
for the screen to catch up.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console

from tui_corpus import nato_corpus
from tui_helpers import NATO, ROOT, many_quotes_extraction, nato_extraction
from workbench.article import article_from_text
from workbench.errors import ModelError
from workbench.models import Extraction
from workbench.review import SessionStore

pytest.importorskip("textual")

from workbench.tui.app import WorkbenchApp  # noqa: E402
from workbench.tui.screens.dispute import DisputeScreen  # noqa: E402
from workbench.tui.screens.export import ConfirmScreen, ExportScreen  # noqa: E402
from workbench.tui.screens.help import HelpScreen  # noqa: E402
from workbench.tui.screens.note import NoteScreen, QueryScreen  # noqa: E402
from workbench.tui.screens.speaker import SpeakerScreen  # noqa: E402


pytestmark = pytest.mark.usefixtures("isolated")


def make_app(tmp_path: Path, extraction: Extraction | None = None, advance: bool = False,
             **kwargs) -> WorkbenchApp:
    """The app on a hand-built extraction; *advance*: the config's ``[review] advance`` (off
    here, so the flow tests move the cursor themselves)."""
    ex = extraction or nato_extraction()
    config = tmp_path / "config.toml"
    if "config_path" not in kwargs:
        config.write_text(f"[reviewer]\nname = \"tester\"\n[review]\nadvance = "
                          f"{'true' if advance else 'false'}\n", encoding="utf-8")
        kwargs["config_path"] = config
    kwargs.setdefault("corpus", False)
    kwargs.setdefault("session_path", tmp_path / "sessions.db")
    kwargs.setdefault("export_dir", tmp_path)
    kwargs.setdefault("cursor_blink", False)
    kwargs.setdefault("keymap", {})
    return WorkbenchApp(ex.article, extractor=lambda article: ex, **kwargs)


async def ready(app: WorkbenchApp, pilot) -> None:
    await app.wait_until_loaded()
    await app.wait_for_searches()
    await pilot.pause()


async def settle(app: WorkbenchApp, pilot, *keys: str) -> None:
    """Press *keys*, then wait for the searches they started and the screen."""
    await pilot.press(*keys)
    await app.wait_for_searches()
    await pilot.pause()


@contextmanager
def another_terminal(tmp_path: Path, reviewer: str):
    """The NATO review opened in another terminal (its own store on the same file) by
    *reviewer*: the Session, while the block runs."""
    ex = nato_extraction()
    with SessionStore(tmp_path / "sessions.db", reviewer=reviewer) as other:
        yield other.open(ex.article, ex.quotes, ex.speakers)


def row_text(app: WorkbenchApp, line: int) -> str:
    return app.main.quote_list.render_line(line).text


def list_text(app: WorkbenchApp) -> str:
    """Everything the quote list shows, lines joined with spaces."""
    ql = app.main.quote_list
    return " ".join(ql.render_line(y).text.strip() for y in range(ql.size.height))


def article_lines(app: WorkbenchApp) -> list[str]:
    view = app.main.article_view
    return [view.render_line(y).text for y in range(view.size.height)]


# --------------------------------------------------------------------------- loading


async def test_article_appears_at_once_and_quotes_come_from_a_thread(tmp_path):
    ex = nato_extraction()
    release = threading.Event()
    threads = []

    def slow_extractor(article):
        threads.append(threading.current_thread())
        release.wait(10)
        return ex

    app = WorkbenchApp(ex.article, extractor=slow_extractor, corpus=False,
                       session_path=tmp_path / "s.db", keymap={}, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("Ukraine" in line for line in article_lines(app))
        assert "Loading" in list_text(app)
        assert app.main.progress.busy
        await pilot.press("c")  # keys work (and do nothing harmful) while loading
        release.set()
        await ready(app, pilot)
        assert threads and threads[0] is not threading.main_thread()
        assert app.main.quote_list.visible == list(range(6))
        assert "Stoltenberg" in row_text(app, 0)
        assert app.main.session.progress() == (0, 6)


async def test_model_failure_is_a_message_not_a_traceback(tmp_path):
    ex = nato_extraction()

    def broken(article):
        raise ModelError("cannot load spaCy model 'xx_missing': no such package")

    app = WorkbenchApp(ex.article, extractor=broken, corpus=False,
                       session_path=tmp_path / "s.db", keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "xx_missing" in list_text(app)
        assert "xx_missing" in app.main.evidence_view.message
        await pilot.press("j", "c", "d", "x", "z")  # nothing to act on: no crash, no dialog
        await pilot.pause()
        assert isinstance(app.screen, type(app.main))
        assert app.is_running


async def test_an_internal_error_in_extraction_is_one_line(tmp_path):
    ex = nato_extraction()

    def buggy(article):
        raise RuntimeError("boom")

    app = WorkbenchApp(ex.article, extractor=buggy, corpus=False,
                       session_path=tmp_path / "s.db", keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "RuntimeError: boom" in list_text(app)
        assert app.is_running


async def test_no_quotes(tmp_path):
    article = article_from_text("Nothing quoted here at all.\n", path="plain.txt")
    ex = Extraction(article, "m", "1", [], [])
    app = make_app(tmp_path, ex)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "No quotes" in list_text(app)
        await pilot.press("j", "c", "n")
        assert app.is_running


# --------------------------------------------------------------------------- the whole flow


async def test_review_flow_and_resume(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        main = app.main
        assert main.cursor == 0

        # moving
        await pilot.press("j", "j")
        assert main.cursor == 2
        await pilot.press("k")
        assert main.cursor == 1
        await pilot.press("G")
        assert main.cursor == 5
        await pilot.press("g")
        assert main.cursor == 0
        await pilot.press("down", "up", "end", "home")
        assert main.cursor == 0

        # confirm q1, dispute q2 with a reason
        await pilot.press("c")
        assert main.session.verdict("q1").status == "confirmed"
        assert "✓" in row_text(app, 0)
        await pilot.press("j", "d")
        assert isinstance(app.screen, DisputeScreen)
        await pilot.press("down", "enter")  # the second reason: altered
        await pilot.pause()
        v2 = main.session.verdict("q2")
        assert (v2.status, v2.reason) == ("disputed", "altered")
        assert "✗" in row_text(app, 1)
        await pilot.press("d", "6")  # fabricated: not offered without a search that found nothing
        await pilot.pause()
        assert isinstance(app.screen, DisputeScreen)
        await pilot.press("1")  # a number picks a reason at once: misquoted
        await pilot.pause()
        assert main.session.verdict("q2").reason == "misquoted"

        # unverifiable, skip, next unreviewed
        await pilot.press("j", "u", "j", "space")
        assert main.session.verdict("q3").status == "unverifiable"
        assert main.session.verdict("q4").status == "skipped"
        await pilot.press("g", "n")
        assert main.cursor == 3  # q4: skipped, so still open
        await pilot.press("n")
        assert main.cursor == 4  # q5: the next quote with no decision
        assert main.session.progress() == (3, 6)  # a skip is no decision
        assert "3/6 reviewed" in str(main.progress.render())

        # change the speaker: pick one of the article's speakers by typing part of it
        await pilot.press("s")
        assert isinstance(app.screen, SpeakerScreen)
        await pilot.press(*"zelen", "enter")
        await pilot.pause()
        assert main.session.verdict("q5").speaker == "Zelensky"
        assert "Zelensky" in row_text(app, 4)
        # or type a name nobody in the article has
        await pilot.press("s", *"Antony Blinken", "enter")
        await pilot.pause()
        assert main.session.verdict("q5").speaker == "Antony Blinken"

        # a note
        await pilot.press("e")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"source is a briefing", "ctrl+s")
        await pilot.pause()
        assert main.session.verdict("q5").note == "source is a briefing"
        assert "note: source is a briefing" in str(main.query_one("#detail").render())

        # undo, many levels; redo with Z and ctrl+y
        await pilot.press("z")
        assert main.session.verdict("q5").note == ""
        await pilot.press("z")
        assert main.session.verdict("q5").speaker == "Zelensky"
        await pilot.press("z", "z")
        assert main.session.verdict("q5").speaker is None
        assert main.session.verdict("q4").status == "unreviewed"
        assert main.cursor == 3  # undo goes to the quote it changed
        await pilot.press("Z", "ctrl+y")
        assert main.session.verdict("q4").status == "skipped"
        assert main.session.verdict("q5").speaker == "Zelensky"
        await pilot.press("z")  # leave q5 without a speaker override... then redo it again
        await pilot.press("Z")
        assert main.session.verdict("q5").speaker == "Zelensky"

        # export JSON (through the dialog), then ClaimReview
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await pilot.pause()
        json_path = tmp_path / "nato-divided-on-ukraine-status.review.json"
        assert json_path.exists()
        await pilot.press("x")
        app.screen.set_format("claimreview")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        cr_path = tmp_path / "nato-divided-on-ukraine-status.claimreview.json"
        assert cr_path.exists()
        cursor = main.cursor

    # The JSON export validates against the export schema and holds the verdicts.
    jsonschema = pytest.importorskip("jsonschema")
    from workbench.export.json_export import load_schema

    doc = json.loads(json_path.read_text(encoding="utf-8"))
    jsonschema.validate(doc, load_schema())
    by_id = {q["id"]: q for q in doc["quotes"]}
    assert by_id["q1"]["verdict"]["status"] == "confirmed"
    assert by_id["q2"]["verdict"]["reason"] == "misquoted"
    claim = json.loads(cr_path.read_text(encoding="utf-8"))
    assert claim["@context"] == "https://schema.org"
    reviews = claim["@graph"]
    assert {r["@type"] for r in reviews} == {"ClaimReview"}
    assert len(reviews) == 3  # confirmed, disputed, unverifiable: skipped is no review
    assert any(r["reviewRating"]["alternateName"] == "Misquoted" for r in reviews)

    # A resumed session shows the same state: verdicts, marks, cursor.
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(again, pilot)
        main = again.main
        assert main.cursor == cursor
        assert main.session.verdict("q2").reason == "misquoted"
        assert main.session.verdict("q5").speaker == "Zelensky"
        assert "✓" in row_text(again, 0) and "✗" in row_text(again, 1)
        assert "Zelensky" in row_text(again, 4)
        assert main.session.progress() == (3, 6)
        await pilot.press("z")  # the undo history survives the restart
        assert main.session.verdict("q5").speaker is None


async def test_escape_cancels_every_dialog(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        for key, screen in (("d", DisputeScreen), ("s", SpeakerScreen), ("e", NoteScreen),
                            ("x", ExportScreen), ("question_mark", HelpScreen)):
            await pilot.press(key)
            assert isinstance(app.screen, screen)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.main
        assert app.main.session.verdict("q1").status == "unreviewed"
        assert app.main.session.undo() is None  # nothing was recorded


async def test_export_never_overwrites_without_confirmation(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("keep me", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        app.main.export_to("json", str(target), overwrite=False)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "keep me"
        app.main.export_to("json", str(target), overwrite=False)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert json.loads(target.read_text(encoding="utf-8"))["quotes"][0]["verdict"][
            "status"] == "confirmed"
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


async def test_export_never_overwrites_the_article(tmp_path):
    """Exporting onto the reviewed article itself is refused at once (no "Overwrite?" asked)."""
    import shutil

    from workbench.article import load_article

    copy = Path(shutil.copy(NATO, tmp_path / "article.txt"))
    app = make_app(tmp_path, nato_extraction(load_article(copy)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        for overwrite in (False, True):
            app.main.export_to("json", str(copy), overwrite=overwrite)
            await pilot.pause()
            assert app.screen is app.main and app.last_export != str(copy)
    assert copy.read_bytes() == NATO.read_bytes()


# --------------------------------------------------------------------------- the list


async def test_filter(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("slash", *"jean")
        await pilot.pause()
        assert main.quote_list.visible == [3, 4]
        assert main.cursor == 3  # moved onto the first quote shown
        await pilot.press("enter")  # keep the filter, give the keys back to the list
        await pilot.press("j")
        assert main.cursor == 4
        await pilot.press("j")
        assert main.cursor == 4  # the last quote shown
        await pilot.press("c", "slash")
        await pilot.press("escape")
        await pilot.pause()
        assert main.quote_list.visible == list(range(6))
        await pilot.press("slash", *"is:confirmed", "enter")
        await pilot.pause()
        assert main.quote_list.visible == [4]
        await pilot.press("slash", "escape", "slash", *"nobody says this", "enter")
        await pilot.pause()
        assert main.quote_list.visible == [] and "No quote matches" in list_text(app)
        await pilot.press("slash", "escape", "slash", *"is:open", "enter")
        await pilot.pause()
        assert main.quote_list.visible == [0, 1, 2, 3, 5]


async def test_mouse_clicks_select_quotes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.click("#quotes", offset=(5, 3))  # border row, then rows 0, 1, 2
        await pilot.pause()
        assert main.cursor == 2
        view = main.article_view
        # Click on the current quote's first character in the article.
        start = view.display_text.to_display(main.quotes[2].start)
        line = view.line_of(start)
        column = start - view._lines[line].start
        y = line - round(view.scroll_y)
        await pilot.click("#article", offset=(2 + column, 1 + y))
        await pilot.pause()
        assert main.cursor == 2
        # And on another quote, once the article is scrolled to it.
        main.go(0)
        await pilot.pause()
        start = view.display_text.to_display(main.quotes[1].start)
        line = view.line_of(start)
        view.scroll_to(y=line, animate=False, immediate=True)
        await pilot.pause()
        await pilot.click("#article", offset=(2 + start - view._lines[line].start,
                                              1 + line - round(view.scroll_y)))
        await pilot.pause()
        assert main.cursor == 1


async def test_two_hundred_quotes(tmp_path):
    app = make_app(tmp_path, many_quotes_extraction(200))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("G")
        assert main.cursor == 199
        assert "Statement number 200" in "".join(article_lines(app))
        await pilot.press("c", "k", "c")
        assert main.session.progress() == (2, 200)
        # the list scrolled with the cursor
        assert main.quote_list.scroll_y > 150


# --------------------------------------------------------------------------- evidence


@pytest.fixture
def store(tmp_path):
    """The seed article's small corpus, open for one test."""
    opened = nato_corpus(tmp_path / "corpus.db")
    yield opened
    opened.close()


async def test_evidence_from_the_corpus(tmp_path):
    store = nato_corpus(tmp_path / "corpus.db")
    try:
        app = make_app(tmp_path, corpus=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(app, pilot)
            main = app.main
            view = main.evidence_view
            assert view.evidence, view.message
            shown = view.plain()
            assert "Press conference by NATO Secretary General Jens Stoltenberg" in shown
            assert "speaker check: same person" in shown
            # take it as the evidence
            await pilot.press("enter")
            evidence = main.session.verdict("q1").evidence
            assert evidence["document"]["title"].startswith("Press conference")
            assert evidence["found"] and len(evidence["document"]["text_sha256"]) == 64
            assert evidence["corpus"]["fingerprint"].startswith("sha256:")
            assert "✓ evidence" in view.plain()
            assert "§" in row_text(app, 0)
            # q4 is found in the briefing; tab cycles (one match: stays)
            await pilot.press("j", "j", "j")
            await app.wait_for_searches()
            await pilot.pause()
            assert main.cursor == 3
            assert "Karine Jean-Pierre" in view.plain()
            await pilot.press("tab")
            assert view.index == 0
            # an edited query
            await pilot.press("f")
            assert isinstance(app.screen, QueryScreen)
            field = app.screen.query_one("Input")
            field.value = "help Ukraine push back against Russian aggression"
            await pilot.press("enter")
            await app.wait_for_searches()
            await pilot.pause()
            assert main.found["q4"].query == field.value
            assert "query:" in view.plain()
    finally:
        store.close()


async def test_a_changed_quote_shows_its_diff(tmp_path):
    store = nato_corpus(tmp_path / "corpus.db")
    try:
        app = make_app(tmp_path, corpus=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(app, pilot)
            await pilot.press("j")
            await app.wait_for_searches()
            await pilot.pause()
            ev = app.main.evidence_view.evidence
            assert ev and ev[0].match.kind not in ("verbatim", "partial")
            body = app.main.evidence_view.content
            spans = [(body.plain[s.start:s.end], str(s.style)) for s in body.spans]
            assert any("strike" in style for _, style in spans)  # dropped source words
            assert any("underline" in style for _, style in spans)  # the article's own words
    finally:
        store.close()


async def test_summary_line_stays_and_the_diff_reads_without_colour(tmp_path, monkeypatch,
                                                                   store):
    """The first row of the evidence is the summary whatever the scroll; the plain-diff key
    (and NO_COLOR) writes the changes as [-source-]{+article+}, as `workbench check` does."""
    app = make_app(tmp_path, corpus=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await settle(app, pilot, "j")
        view = app.main.evidence_view
        first = view.render_line(0).text
        for field in ("altered", "Press con", "2023-04-21", "spk ✓"):
            assert field in first
        assert "[-lies-]" not in view.plain()
        await pilot.press("p")
        assert "[-lies-]{+is+}" in view.plain()
        await pilot.press("J", "J")
        assert view.scroll_y > 0
        assert view.render_line(0).text == first
        await pilot.press("p")
        assert "[-lies-]" not in view.plain()
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, corpus=store, session_path=tmp_path / "fresh.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await settle(app, pilot, "j")
        assert "[-lies-]{+is+}" in app.main.evidence_view.plain()


async def test_source_viewer_shows_the_whole_document_at_the_span(tmp_path, store):
    """o opens the match's document: title, date, URL and path at the top, the speaker turns
    labelled, the span highlighted; y copies the URL, Y the span; escape goes back."""
    from workbench.tui.screens.source import SourceScreen

    app = make_app(tmp_path, corpus=store)
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await settle(app, pilot, "j", "j", "j")  # q4: in the briefing (a Q turn, then KJP)
        await settle(app, pilot, "o")
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        head = screen.query_one("#source-head").render().plain
        assert "Press Briefing by Press Secretary Karine Jean-Pierre" in head
        assert "2023-05-30" in head and "briefing-2023-05-30" in head
        view = screen.query_one("#source-text")
        lines = [view.render_line(y).text for y in range(view.size.height)]
        assert any(line.strip() == "Q:" for line in lines)
        assert any(line.strip() == "Karine Jean-Pierre:" for line in lines)
        text = view.display_text.text
        current = [(s, e) for s, e, cls in view._current if cls == "article--current"]
        assert [text[s:e] for s, e in current] == ["up to NATO"]
        await pilot.press("y")  # no URL: the span
        await pilot.press("Y")
        assert copied == ["up to NATO", "up to NATO"]
        await pilot.press("escape")
        assert app.screen is app.main


def test_source_text_labels_turns_and_maps_offsets():
    from workbench.storage.records import Document, Passage
    from workbench.tui.backend import SourceText

    text = "Is it true?\n\nIt is.\n\nAnd more."
    doc = Document(1, "d", "T", None, None, None, "transcript", "x", text)
    passages = [Passage(1, 1, 0, 11, "Q", "Is it true?"),
                Passage(2, 1, 13, 19, "Ana\x1b[31m Lima", "It is."),
                Passage(3, 1, 21, 30, "Ana\x1b[31m Lima", "And more.")]
    src = SourceText.build(doc, passages)
    assert src.text.startswith("Q:\nIs it true?\n\nAna\x1b[31m Lima:\nIt is.\n\nAnd more.")
    assert [src.text[s:e] for s, e in src.labels] == ["Q:", "Ana\x1b[31m Lima:"]
    for start, end in ((13, 19), (21, 30), (0, 2)):
        assert src.text[src.offset(start):src.offset(end)] == text[start:end]
    # one speaker only: no labels, offsets unchanged
    single = SourceText.build(doc, [Passage(1, 1, 0, 30, "Ana", text)])
    assert single.text == text and single.labels == [] and single.offset(13) == 13


async def test_no_match_says_what_the_corpus_holds_and_fabricated_asks(tmp_path, store):
    """q3 (U.S. officials) is not in the corpus, which holds nothing by them: the pane says so;
    "fabricated" is offered with that line, and picking it asks for a confirm. On q2 (an
    altered match) the dialog starts on the reason the evidence suggests, and "fabricated" is
    not offered."""
    from workbench.tui.screens.export import ConfirmScreen

    app = make_app(tmp_path, corpus=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        main = app.main
        await settle(app, pilot, "j")
        await pilot.press("d")
        dialog = app.screen
        assert isinstance(dialog, DisputeScreen)
        options = dialog.query_one("#reasons")
        assert dialog.reasons[options.highlighted] == "altered"
        assert options.get_option("fabricated").disabled
        await pilot.press("6")  # refused: a match was found
        assert app.screen is dialog
        await pilot.press("escape")
        await settle(app, pilot, "j")
        message = main.evidence_view.message
        assert "No match" in message
        assert "the corpus has nothing by U.S. officials" in message
        await pilot.press("d")
        dialog = app.screen
        options = dialog.query_one("#reasons")
        fabricated = options.get_option("fabricated")
        assert not fabricated.disabled
        assert "the corpus has nothing by U.S. officials" in str(fabricated.prompt)
        await pilot.press("6")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # back in the dialog, nothing recorded
        assert app.screen is dialog
        assert main.session.verdict("q3").status == "unreviewed"
        await pilot.press("6", "y")
        await pilot.pause()
        v = main.session.verdict("q3")
        assert (v.status, v.reason) == ("disputed", "fabricated")


async def test_absence_against_the_article_date(tmp_path, store):
    """A speaker the corpus holds, but not from the article's time: the line says so."""
    from dataclasses import replace

    ex = nato_extraction()
    ex = Extraction(replace(ex.article, date="2024-02-01"), ex.model_name, ex.model_version,
                    ex.speakers, ex.quotes)
    app = make_app(tmp_path, extraction=ex, corpus=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        main = app.main
        await settle(app, pilot, "j", "j")  # q3: credited to Jens Stoltenberg instead
        await settle(app, pilot, "s", *"Jens Stoltenberg", "enter")
        message = main.evidence_view.message
        assert ("the corpus has 1 document by Jens Stoltenberg (2023-04-21); nothing by "
                "Jens Stoltenberg after 2023-04-21, and the article is of 2024-02-01"
                in message)


async def test_missing_and_empty_corpus_are_messages(tmp_path):
    app = make_app(tmp_path, corpus=None, db=tmp_path / "nowhere.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "No corpus" in app.main.evidence_view.message
        assert "nowhere.db" in app.main.evidence_view.message
        await pilot.press("f")  # nothing to search: a message, no dialog
        assert app.screen is app.main
    from workbench.corpus.store import CorpusStore

    CorpusStore(tmp_path / "empty.db").close()
    app = make_app(tmp_path, corpus=None, db=tmp_path / "empty.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "empty" in app.main.evidence_view.message


# --------------------------------------------------------------------------- untrusted text


async def test_markup_and_control_sequences_in_the_article_show_as_typed(tmp_path):
    text = ("Headline\u2066\n\n"
            "“\u200fKeep [bold]x[/bold] and [link=http://e.vil]y[/link] \u202eas typed,” said Ann "
            "\x1b[31mRed\x1b[0m Lee.\n\n"
            "Then \x1b]0;pwned\x07she \u2067left.\n")
    article = article_from_text(text, path="evil.txt", title="[bold]Title[/bold]")
    from workbench.models import Quote, Speaker, TextSpan

    start = text.index("Keep")
    end = text.index("as typed,") + len("as typed,")
    name_at = text.index("Ann")
    speaker = Speaker("s1", "Ann [i]Lee[/i]\u202e", "person", [])
    quote = Quote("q1", [(start, end)], text[start:end], "s1", speaker.name,
                  TextSpan(name_at, name_at + 3, "Ann"),
                  TextSpan(text.index("said"), text.index("said") + 4, "said"), 0.9)
    app = make_app(tmp_path, Extraction(article, "m", "1", [speaker], [quote]))
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(app, pilot)
        shown = "\n".join(article_lines(app))
        assert "[bold]x[/bold]" in shown
        assert "[link=http://e.vil]y[/link]" in shown
        assert "Ann Red Lee" in shown
        assert "\x1b" not in shown and "[31m" not in shown and "pwned" not in shown
        assert "Then she left." in shown
        # The highlight still sits on the quote after the removed sequences and bidi controls.
        view = app.main.article_view
        shown_quote = view.display_text.text[view.display_text.to_display(start):
                                             view.display_text.to_display(end)]
        assert shown_quote == "Keep [bold]x[/bold] and [link=http://e.vil]y[/link] as typed,"
        row = row_text(app, 0)
        assert not any(c in shown + row for c in "\u2066\u200f\u202e\u2067")
        assert "Ann [i]Lee[/i]" in row or "[i]Lee[/i]" in row
        assert "[bold]x" in row
        detail = str(app.main.query_one("#detail").render())
        assert "Ann [i]Lee[/i]" in detail
        svg = app.export_screenshot()
        assert "[bold]x[/bold]" in svg.replace("&#160;", " ")
        assert "e.vil" in svg  # shown as text, not turned into a link
        assert "pwned" not in svg


# --------------------------------------------------------------------------- keys


async def test_keys_are_remappable_and_listed(tmp_path):
    app = make_app(tmp_path, keymap={"confirm": "C", "dispute": "ctrl+d,D"})
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        assert app.main.session.verdict("q1").status == "unreviewed"
        await pilot.press("C")
        assert app.main.session.verdict("q1").status == "confirmed"
        await pilot.press("D")
        assert isinstance(app.screen, DisputeScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.table)
        help_text = console.export_text()
        assert "Mark the quote as confirmed" in help_text
        assert any(line.split()[:1] == ["C"] and "confirmed" in line
                   for line in help_text.splitlines())
        await pilot.press("escape")
        commands = [c.title for c in app.get_system_commands(app.main)]
        assert "Confirm (C)" in commands
        assert any(c.startswith("Dispute (ctrl+d, D)") for c in commands)
        from workbench.tui.keymap import KEYMAP

        assert len([c for c in commands if "(" in c]) >= len(KEYMAP)


async def test_keys_from_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[reviewer]\nname = "t"\n[keys]\nconfirm = "y"\nno_such_action = "k"\n',
                      encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    app = make_app(tmp_path, keymap=None, config_path=None)  # None: the file $WORKBENCH_CONFIG names
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert any("no_such_action" in p for p in app.config_problems)
        await pilot.press("y")
        assert app.main.session.verdict("q1").status == "confirmed"


async def test_command_palette_runs_actions(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        command = next(c for c in app.get_system_commands(app.main)
                       if c.title.startswith("Unverif"))
        await command.callback()
        await pilot.pause()
        assert app.main.session.verdict("q1").status == "unverifiable"


def test_every_footer_and_help_key_is_an_action_of_the_main_screen():
    from workbench.tui.keymap import KEYMAP, bindings
    from workbench.tui.screens.main import MainScreen

    ids = [spec.id for spec in KEYMAP]
    assert len(ids) == len(set(ids))
    for spec in KEYMAP:
        name = spec.action.split("(")[0]
        assert hasattr(MainScreen, f"action_{name}"), spec.action
    assert {b.id for b in bindings()} == set(ids)


def test_bad_keymap_entries_are_reported_not_fatal():
    from workbench.tui.keymap import check_keymap

    keymap, problems = check_keymap({"confirm": "?", "nope": "x", "undo": ""})
    assert keymap == {"confirm": "question_mark"}
    assert len(problems) == 2


# --------------------------------------------------------------------------- the rest


def test_the_app_module_does_not_import_spacy():
    probe = ("import sys, workbench.tui.app, workbench.cli; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_cli_review_and_the_shorthand(tmp_path, capsys):
    from workbench.cli import build_parser, main

    assert main(["review", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.txt")]) == 2  # workbench ARTICLE
    assert "no such file" in capsys.readouterr().err
    assert main([str(NATO), "--db", str(tmp_path / "nope.db")]) == 2
    assert "no corpus database" in capsys.readouterr().err
    assert main([str(NATO), "--model", "xx_no_such_model"]) == 2
    assert "xx_no_such_model" in capsys.readouterr().err
    args = build_parser().parse_args(["review", "a.txt", "--db", "c.db", "--model", "m"])
    assert (args.article, args.db, args.model) == ("a.txt", "c.db", "m")


@pytest.mark.model
def test_without_a_terminal_review_prints_the_check(tmp_path, capsys, monkeypatch, nlp):
    """In a pipe `workbench ARTICLE` prints the check (the extraction when there is no corpus)."""
    from tui_corpus import nato_corpus

    from workbench.cli import main

    monkeypatch.setattr("workbench.nlp.load_nlp", lambda model=None: nlp)
    nato_corpus(tmp_path / "c.db").close()
    assert main([str(NATO), "--db", str(tmp_path / "c.db")]) == 0  # no terminal under pytest
    out, err = capsys.readouterr()
    assert "not a terminal" in err and "printing `workbench check`" in err
    flat = " ".join(out.split())  # the header wraps where the checkout's path makes it
    assert "6 quotes" in flat and "Jens Stoltenberg" in flat and "found verbatim" in flat
    monkeypatch.setenv("WORKBENCH_CORPUS", str(tmp_path / "none.db"))
    assert main(["review", str(NATO)]) == 0
    out, err = capsys.readouterr()
    assert "printing `workbench extract`" in err
    flat = " ".join(out.split())
    assert "6 quotes" in flat and "Jens Stoltenberg" in flat and "found" not in flat


def test_display_text_is_safe_text_with_offsets():
    from workbench.render import safe_text
    from workbench.tui.text import DisplayText, wrap

    samples = ["plain", "a\x1b[31mred\x1b[0m b", "x\x07y\x1b]0;title\x07z", "\x9b31mX\x1b",
               "é\x00\x01z\tq", "\x1bP dcs \x1b\\ after", "[bold]x[/bold]",
               "\u202eabc\u202c d\u2066e\u2069f\u200e\u200f\u061c", "a\u202e\x1b[1mb\u2067"]
    for s in samples:
        d = DisplayText(s)
        assert d.text == safe_text(s).replace("\t", " ")
        kept = [i for i in range(len(s)) if d.to_display(i + 1) > d.to_display(i)]
        assert "".join(s[i] for i in kept).replace("\t", " ") == d.text
    text = "one two three four five six seven eight nine ten\n\nlong" + "x" * 50
    lines = wrap(text, 12)
    assert all(len(text[ln.start:ln.end].rstrip()) <= 12 for ln in lines)
    assert "".join(text[ln.start:ln.end] for ln in lines) == text.replace("\n", "")


@pytest.mark.model
async def test_the_real_pipeline(tmp_path, nlp):
    """The default extractor (spaCy in the worker thread) on the seed article."""
    config = tmp_path / "config.toml"
    config.write_text('[reviewer]\nname = "t"\n', encoding="utf-8")
    app = WorkbenchApp(NATO, corpus=False, session_path=tmp_path / "s.db", keymap={},
                       cursor_blink=False, config_path=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_until_loaded(timeout=300)
        await pilot.pause()
        main = app.main
        assert main.session is not None, main.load_error
        assert len(main.quotes) >= 5
        assert main.quotes[0].speaker_name == "Jens Stoltenberg"
        await pilot.press("c")
        assert main.session.verdict(main.quotes[0].id).status == "confirmed"
    store = SessionStore(tmp_path / "s.db", reviewer="t")
    try:
        assert store.list()[0].reviewed == 1
    finally:
        store.close()


# --------------------------------------------------------------------------- the review record


async def test_a_verdict_moves_on_and_a_replaced_verdict_is_said(tmp_path):
    """With [review] advance (the default) a verdict goes to the next open quote; changing an
    existing verdict says what it was; a skip is no decision and `n` comes back to it."""
    app = make_app(tmp_path, advance=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("c")
        assert main.session.verdict("q1").status == "confirmed" and main.cursor == 1
        await pilot.press("space")  # skip q2: on to q3
        assert main.cursor == 2 and main.session.progress() == (1, 6)
        assert "1/6 reviewed" in str(main.progress.render())
        await pilot.press("k", "k", "space")  # q1 confirmed -> skipped
        await pilot.pause()
        assert main.said == "q1: confirmed -> skipped · z undoes"
        assert app.main.session.verdict("q1").status == "skipped"
        await pilot.press("z")
        await pilot.pause()
        assert main.session.verdict("q1").status == "confirmed"
        await pilot.press("g", "n")
        assert main.cursor == 1  # the skipped q2 is still open


async def test_every_decision_records_its_evidence(tmp_path):
    """Confirming with no corpus records "nothing was searched"; the export carries it."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        evidence = app.main.session.verdict("q1").evidence
        assert evidence is not None and evidence["found"] is False
        assert evidence["query"] == app.main.quotes[0].text
        await pilot.press("j", "space")  # a skip records nothing
        assert app.main.session.verdict("q2").evidence is None


async def test_another_review_shows_on_the_next_move(tmp_path):
    """Two terminals of one reviewer on one article: a verdict made in the other shows when
    this one moves."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        with another_terminal(tmp_path, "tester") as s:
            s.set_status("q3", "disputed", "altered")
        assert "✗" not in row_text(app, 2)
        await pilot.press("j")
        assert "✗" in row_text(app, 2)
        assert app.main.session.progress() == (1, 6)


async def test_another_reviewers_verdict_shows_beside_ones_own(tmp_path):
    """Another reviewer's verdict is theirs: it leaves this reviewer's row and progress alone,
    and the quote's detail lists it, flagging a different decision."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        with another_terminal(tmp_path, "ben") as s:
            s.set_status("q1", "disputed", "altered")
        await pilot.press("j", "k")
        detail = str(app.main.query_one("#detail").render())
        assert "others: ben disputed (altered)" in detail and "reviewers disagree" in detail
        assert "✓" in row_text(app, 0) and app.main.session.progress() == (1, 6)


async def test_the_final_key_makes_ones_decision_the_final_verdict(tmp_path):
    """F records the reviewer's decision on the quote (its evidence too) as the final verdict,
    shown in the detail; on an open quote it asks for a decision first; z takes it back."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("F")
        assert "Decide q1 first" in app.main.said and app.main.session.final("q1") is None
        await pilot.press("c", "F")
        await pilot.pause()
        final, own = app.main.session.final("q1"), app.main.session.verdict("q1")
        assert (final.status, final.reviewer, final.evidence) == ("confirmed", "tester",
                                                                  own.evidence)
        assert app.main.said.startswith("q1: final confirmed")
        assert "final: confirmed (by tester)" in str(app.main.query_one("#detail").render())
        await pilot.press("z")
        assert app.main.session.final("q1") is None
        assert app.main.session.verdict("q1").status == "confirmed"


async def test_a_changed_article_says_what_was_carried_over(tmp_path):
    """Reviewed, then edited (a paragraph above every quote): one line says what happened and
    every verdict is on its quote."""
    article_path = tmp_path / "nato.txt"
    article_path.write_text(NATO.read_text(encoding="utf-8"), encoding="utf-8")
    from workbench.article import load_article

    first = nato_extraction(load_article(article_path))
    app = make_app(tmp_path, extraction=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("c", "j", "u")
    article_path.write_text("Correction appended on Tuesday.\n\n"
                            + NATO.read_text(encoding="utf-8"), encoding="utf-8")
    second = nato_extraction(load_article(article_path))
    app = make_app(tmp_path, extraction=second)
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(app, pilot)
        assert app.main.said.startswith("article changed since ")
        assert "2 verdicts carried over" in app.main.said
        statuses = [v.status for v in app.main.session.verdicts()]
        assert statuses[:2] == ["confirmed", "unverifiable"]


async def test_the_reviewer_is_asked_once_and_saved_in_the_config(tmp_path):
    """No name in the config: the first verdict asks for it, saves it, and uses it; never $USER."""
    config = tmp_path / "empty.toml"
    config.write_text("# mine\n[keys]\nconfirm = \"c\"\n", encoding="utf-8")
    app = make_app(tmp_path, config_path=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        from workbench.tui.screens.note import NameScreen

        assert isinstance(app.screen, NameScreen)
        await pilot.press(*"Ana Lopez", "enter")
        await pilot.pause()
        v = app.main.session.verdict("q1")
        assert (v.status, v.reviewer) == ("confirmed", "Ana Lopez")
        await pilot.press("j", "u")
        assert not isinstance(app.screen, NameScreen)  # asked once
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# mine\n") and 'name = "Ana Lopez"' in text


async def test_a_verdict_on_a_quote_another_review_just_changed_asks_again(tmp_path):
    """The screen still shows q3 open, but another terminal of the same reviewer disputed it:
    the first key says so and changes nothing; the second replaces it."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j")
        with another_terminal(tmp_path, "tester") as s:
            s.set_status("q3", "disputed", "altered")
        await pilot.press("c")
        await pilot.pause()
        assert app.main.session.verdict("q3").status == "disputed"
        assert "q3 was just changed by tester" in app.main.said
        await pilot.press("c")
        assert app.main.session.verdict("q3").status == "confirmed"


async def test_another_reviewer_deciding_the_same_quote_at_once_is_said(tmp_path):
    """Ben decides q1 while it is on this screen: this reviewer's verdict is recorded too (it
    replaces nothing of Ben's) and the top bar says Ben also decided, and that they disagree.
    An editor's final verdict made meanwhile is not replaced unseen: F says so first."""
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(app, pilot)
        with another_terminal(tmp_path, "ben") as s:
            s.set_status("q1", "disputed", "altered")
            await pilot.press("c")
            await pilot.pause()
            assert "q1: confirmed · ben also decided: disputed (altered)  ≠" in app.main.said
            assert app.main.session.verdict("q1").status == "confirmed"
            assert s.verdict("q1").reason == "altered"
            s.set_final("q1", "disputed", "altered")
            await pilot.press("F")
            await pilot.pause()
            assert "q1's final verdict was just changed by ben" in app.main.said
            assert app.main.session.final("q1").reviewer == "ben"
            await pilot.press("F")
            await pilot.pause()
            assert app.main.session.final("q1").status == "confirmed"
            assert app.main.said.startswith("q1: final disputed (altered) -> confirmed")


def test_the_ui_export_refuses_a_fifo_nobody_reads(tmp_path):
    """Writing into a FIFO with no reader would block the UI forever: refused at once."""
    import os

    from workbench.errors import WorkbenchError
    from workbench.tui import backend

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(WorkbenchError, match="nobody is reading this FIFO"):
        backend.write_atomic(fifo, "{}", overwrite=False)


# --------------------------------------------------------------------------- dialogs, footer, help


async def test_other_opens_a_note_of_several_lines(tmp_path):
    """Dispute reason 8 ("other — see the note") opens the note editor; enter starts a new line
    there and ctrl+s saves the whole note."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("d", "8")
        await pilot.pause()
        assert app.main.session.verdict("q1").reason == "other"
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"first line", "enter", *"second", "ctrl+s")
        await pilot.pause()
        assert app.main.session.verdict("q1").note == "first line\nsecond"
        assert app.screen is app.main


async def test_export_dialog_keeps_the_name_and_arrows_change_the_format(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        field = dialog.query_one("#export-path")
        assert app.focused is field
        await pilot.press("down")
        assert dialog.fmt == "claimreview"
        assert field.value.endswith(".claimreview.json")
        await pilot.press("up")
        assert dialog.fmt == "json" and field.value.endswith(".review.json")
        before = field.value
        await pilot.press("space")  # typed at the end, not over the whole name
        assert field.value == before + " "
        await pilot.press("backspace", "escape")


@pytest.mark.parametrize("width", [80, 60])
async def test_footer_shows_whole_keys_only(tmp_path, width):
    """No key cut under the palette's key at the right, and nothing after it (the stray
    "…z Undo ▏^p paletteE" at 80 and 60 columns)."""
    from textual.widgets._footer import FooterKey

    app = make_app(tmp_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        footer = app.main.query_one("FittingFooter")
        keys = [k for k in footer.query(FooterKey) if k.display]
        palette = [k for k in keys if k.has_class("-command-palette")]
        assert palette and len(keys) > 2
        for key in keys:
            if key is not palette[0]:
                assert key.region.right < palette[0].region.x
        under, _ = app.screen.get_widget_at(width - 1, 23)
        assert under is footer or under is palette[0]


async def test_help_tells_the_mouse_too(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.table)
        text = console.export_text()
        assert "Mouse" in text and "click" in text and "wheel" in text


async def test_no_match_shows_the_weak_lead_apart_never_as_evidence(tmp_path, store):
    """An edited query too far from every passage to be a finding, but clearly close to one:
    the pane says "No match", then the lead labelled as no finding, with its source; taking
    evidence finds nothing to take, and a verdict records "no match", not the lead."""
    app = make_app(tmp_path, corpus=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        main, view = app.main, app.main.evidence_view
        await settle(app, pilot, "j", "j", "j")  # q4
        await pilot.press("f")
        field = app.screen.query_one("Input")
        field.value = ("Our aim right now is to help Ukraine hold out against Moscow and "
                       "defend its land.")
        await pilot.press("enter")
        await app.wait_for_searches()
        await pilot.pause()
        message = view.message
        assert message.startswith("No match")
        lead_at = message.index("weak lead — not a finding")
        assert message.index("No match") < lead_at
        assert "help Ukraine push back against Russian aggression" in message[lead_at:]
        assert "Press Briefing by Press Secretary Karine Jean-Pierre" in message[lead_at:]
        assert view.evidence == []
        await pilot.press("enter")  # take as evidence: there is none to take
        await pilot.pause()
        assert main.session.verdict("q4").evidence is None
        await pilot.press("c")  # a verdict now records "no match", not the lead
        await app.wait_for_searches()
        await pilot.pause()
        v = main.session.verdict("q4")
        assert v.status == "confirmed"
        assert not v.evidence["found"]
        assert "push back" not in json.dumps(v.evidence)


@pytest.mark.parametrize("article_date, when", [
    ("2023-06-02", "said 6 weeks before the article"),
    ("2023-04-01", "dated 3 weeks after the article (the article cannot have quoted it)"),
])
async def test_the_evidence_says_when_the_source_was_said_against_the_article(
        tmp_path, store, article_date, when):
    """The pane gives the gap between the source's date and the article's, as `check` does,
    and flags a source dated after the article (issue 11: every match shows it)."""
    from dataclasses import replace

    ex = nato_extraction()
    ex = replace(ex, article=replace(ex.article, date=article_date))
    app = make_app(tmp_path, extraction=ex, corpus=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await settle(app, pilot, "j")
        assert f"when: {when}" in app.main.evidence_view.plain()
