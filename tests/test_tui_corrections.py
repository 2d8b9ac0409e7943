"""Pilot tests of the corrections in the review UI: add (a), merge (m), extend/trim a word
([ ] { }), not a quote (X, delete); each through undo/redo, a restart (the app opened again on
the same session store) and the exports (JSON: origin, engine, rejected; gold JSONL)."""

from __future__ import annotations

import json

import pytest

from tui_corpus import nato_corpus
from tui_helpers import nato_extraction

pytest.importorskip("textual")

from test_tui import make_app, ready, settle  # noqa: E402
from workbench.tui.screens.export import ExportScreen  # noqa: E402
from workbench.tui.screens.note import AddQuoteScreen  # noqa: E402
from workbench.tui.screens.speaker import SpeakerScreen  # noqa: E402

pytestmark = pytest.mark.usefixtures("isolated")

ADDED = "present a unified presence in public"
Q2 = "Ukraine’s future is in NATO. All Allies agree on that,"


def ids(app) -> list[str]:
    return [q.id for q in app.main.quotes]


def text_of(app, quote_id: str) -> str:
    return next(q.text for q in app.main.quotes if q.id == quote_id)


async def export(app, pilot, tmp_path, fmt: str = "json"):
    """Export through the dialog (the format picked with the arrows); the parsed file."""
    await pilot.press("x")
    assert isinstance(app.screen, ExportScreen)
    for _ in range(("json", "claimreview", "gold").index(fmt)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    stem = "nato-divided-on-ukraine-status"
    path = tmp_path / (f"{stem}.review.json" if fmt == "json" else f"{stem}.gold.jsonl")
    if fmt == "gold":
        [line] = path.read_text(encoding="utf-8").splitlines()
        return json.loads(line)
    return json.loads(path.read_text(encoding="utf-8"))


async def test_add_a_missed_quote_with_its_speaker(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("G")  # near the last quote
        await pilot.press("a")
        assert isinstance(app.screen, AddQuoteScreen)
        await pilot.press(*"vast right-wing conspiracy", "enter")
        await pilot.pause()
        assert ids(app) == ["q1", "q2", "q3", "q4", "q5", "q6"]  # absent: nothing added
        assert any("not in the article" in n.message for n in app._notifications)
        await pilot.press("a", *"“PRESENT a  unified presence in public”", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)  # then its speaker, as with s
        await pilot.press(*"eastern", "enter")
        await settle(app, pilot)
        assert ids(app) == ["q1", "q2", "q3", "q4", "q5", "q6", "r1"]
        assert main.current_quote.id == "r1" and main.current_quote.text == ADDED
        assert main.session.verdict("r1").speaker == "an Eastern European official"
        assert "(added)" in str(main.query_one("#detail").render())
        await pilot.press("c")
        await pilot.press("z", "z", "z")  # the verdict, the speaker, the quote
        assert "r1" not in ids(app) and len(main.quote_list._rows) == 6
        await pilot.press("Z", "Z", "Z")
        assert ids(app)[-1] == "r1" and main.session.verdict("r1").status == "confirmed"

    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        assert ids(again)[-1] == "r1" and again.main.session.progress() == (1, 7)
        doc = await export(again, pilot, tmp_path)
        gold = await export(again, pilot, tmp_path, "gold")
    added = next(q for q in doc["quotes"] if q["id"] == "r1")
    assert (added["origin"], added["engine"], added["text"]) == ("reviewer", None, ADDED)
    assert added["speaker"]["override"] == "an Eastern European official"
    assert [(q["quote_id"], q["origin"], q["speaker"]) for q in gold["quotes"]][-1] == (
        "r1", "reviewer", "an Eastern European official")


async def test_merge_with_the_next_keeps_both_verdicts(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("c", "j", "d", "1")  # q1 confirmed, q2 disputed (misquoted)
        await pilot.pause()
        await pilot.press("g", "m")
        await pilot.pause()
        assert ids(app) == ["q1", "q3", "q4", "q5", "q6"]
        q1 = main.quotes[0]
        assert len(q1.parts) == 2 and q1.text.endswith(Q2)
        assert main.session.verdict("q1").status == "confirmed"
        assert [o.verdict.reason for o in main.session.orphans()] == ["misquoted"]
        assert len(main.article_view._quote_spans) == 6  # two parts marked in the article
        await pilot.press("z")
        assert ids(app) == ["q1", "q2", "q3", "q4", "q5", "q6"]
        assert main.session.verdict("q2").reason == "misquoted"
        await pilot.press("Z")
        assert ids(app) == ["q1", "q3", "q4", "q5", "q6"]

    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        assert ids(again) == ["q1", "q3", "q4", "q5", "q6"]
        doc = await export(again, pilot, tmp_path)
    merged = doc["quotes"][0]
    assert merged["corrections"] == ["merged q2"] and len(merged["parts"]) == 2
    assert merged["engine"]["text"].startswith("The Vilnius Summit")
    assert [o["verdict"]["reason"] for o in doc["orphaned"]] == ["misquoted"]


async def test_trim_and_extend_by_a_word_keep_the_verdict(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("j", "u")  # q2 unverifiable
        await settle(app, pilot, "right_curly_bracket")  # }: trim the end
        assert text_of(app, "q2") == "Ukraine’s future is in NATO. All Allies agree on"
        await settle(app, pilot, "left_curly_bracket")  # {: trim the start
        assert text_of(app, "q2") == "future is in NATO. All Allies agree on"
        await settle(app, pilot, "right_square_bracket")  # ]: extend the end
        assert text_of(app, "q2") == "future is in NATO. All Allies agree on that,"
        await settle(app, pilot, "right_square_bracket")
        # the closing mark stays out: "he" is a part of its own
        assert text_of(app, "q2") == "future is in NATO. All Allies agree on that, he"
        assert main.session.verdict("q2").status == "unverifiable"
        assert main.session.verdict("q2").recheck  # decided on other words: ↻
        assert "q2" not in main.found or main.found["q2"].query is None
        await pilot.press("z")
        assert text_of(app, "q2") == "future is in NATO. All Allies agree on that,"
        await settle(app, pilot, "left_square_bracket")  # [: extend the start
        assert text_of(app, "q2") == Q2
        await settle(app, pilot, "left_curly_bracket")
        assert text_of(app, "q2") == "future is in NATO. All Allies agree on that,"
        assert ids(app) == ["q1", "q2", "q3", "q4", "q5", "q6"]

    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        assert text_of(again, "q2") == "future is in NATO. All Allies agree on that,"
        assert again.main.session.verdict("q2").status == "unverifiable"
        doc = await export(again, pilot, tmp_path)
        await pilot.press("z")  # the restart keeps the undo history
        assert text_of(again, "q2") == Q2
    q2 = doc["quotes"][1]
    assert q2["text"] == "future is in NATO. All Allies agree on that,"
    assert q2["engine"]["text"] == Q2 and q2["verdict"]["status"] == "unverifiable"
    assert q2["corrections"][-1] == "trimmed at the start"


async def test_not_a_quote_leaves_the_list_and_stays_in_the_record(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("G", "X")
        await pilot.pause()
        assert ids(app) == ["q1", "q2", "q3", "q4", "q5"] and main.cursor == 4
        await pilot.press("g", "delete")  # the other key for it
        await pilot.pause()
        assert ids(app) == ["q2", "q3", "q4", "q5"]
        await pilot.press("z")
        assert ids(app) == ["q1", "q2", "q3", "q4", "q5"] and main.cursor == 0
        assert "Quotes 5" in str(main.quote_list.border_title)

    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        assert ids(again) == ["q1", "q2", "q3", "q4", "q5"]
        doc = await export(again, pilot, tmp_path)
        gold = await export(again, pilot, tmp_path, "gold")
    assert [(r["id"], r["reviewer"]) for r in doc["rejected"]] == [("q6", "tester")]
    assert "q6" not in {q["quote_id"] for q in gold["quotes"]}


async def test_the_correction_keys_are_remappable_and_in_help_and_the_palette(tmp_path):
    app = make_app(tmp_path, keymap={"merge": "M", "trim_end": "ctrl+t"})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("m")
        assert len(app.main.quotes) == 6
        await pilot.press("M")
        assert len(app.main.quotes) == 5
        await pilot.press("ctrl+t")
        assert app.main.quotes[0].text.endswith("All Allies agree on")
        commands = [c.title for c in app.get_system_commands(app.main)]
        assert "Merge (M)" in commands and "Trim end (ctrl+t)" in commands
        assert "Add quote (a)" in commands and "Not a quote (X, del)" in commands
        from workbench.tui.screens.help import help_table
        import io

        from rich.console import Console

        console = Console(width=100, record=True, file=io.StringIO())
        console.print(help_table(app.keymap))
        shown = console.export_text()
        assert "Correcting the engine" in shown and "Extend the quote by a word at its" in shown
        assert any(line.split()[:1] == ["["] for line in shown.splitlines())


async def test_a_corrected_or_added_quote_is_searched_in_the_corpus_again(tmp_path):
    store = nato_corpus(tmp_path / "corpus.db")
    try:
        app = make_app(tmp_path, corpus=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(app, pilot)
            main = app.main
            await settle(app, pilot, "j")
            before = main.found["q2"]
            await settle(app, pilot, "right_curly_bracket")
            after = main.found["q2"]
            assert after is not before and main.evidence_view.evidence
            await pilot.press("a", *"All Allies agree on that", "enter")
            await pilot.pause()
            await pilot.press("escape")  # no speaker for it
            await settle(app, pilot)
            assert main.current_quote.id == "r1" and "r1" in main.found
    finally:
        store.close()


def test_nato_extraction_is_what_the_tests_assume():
    quotes = nato_extraction().quotes
    assert quotes[1].text == Q2 and len(quotes) == 6


async def test_undo_and_redo_work_once_every_quote_is_not_a_quote(tmp_path):
    """With the last quote marked not a quote the list says "z (undo)": z brings it back and
    Z takes it away again; the empty list shows no stale title, detail or highlight."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        count = len(main.quotes)
        await pilot.press(*["X"] * count)
        await pilot.pause()
        assert ids(app) == []
        assert "Quotes 0" in str(main.quote_list.border_title)
        assert str(main.query_one("#detail").render()).strip() == ""
        assert main.article_view._current_index is None
        await pilot.press("z")
        await pilot.pause()
        assert ids(app) == ["q6"] and "Quotes 1" in str(main.quote_list.border_title)
        assert main.current_quote.id == "q6" and "Undone: q6: not a quote" in main.said
        await pilot.press("Z")
        await pilot.pause()
        assert ids(app) == [] and "Redone: q6: not a quote" in main.said
        await pilot.press("z", "z")
        await pilot.pause()
        assert ids(app) == ["q5", "q6"]


async def test_reopened_with_every_quote_marked_not_a_quote_the_list_says_undo(tmp_path):
    """Reopened after the last quote left the list, it does not claim the article has no
    quotes: it offers a (add) and z (undo), and z brings the quote back."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press(*["X"] * len(app.main.quotes))
        await pilot.pause()
        assert ids(app) == []
    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        main = again.main
        assert ids(again) == [] and main.quote_list.message.startswith("No quotes left")
        assert "Quotes 0" in str(main.quote_list.border_title)
        await pilot.press("z")
        await pilot.pause()
        assert ids(again) == ["q6"]


async def test_a_quote_added_under_a_filter_is_shown_not_hidden(tmp_path):
    """With the list filtered (`/q2`), a quote added is the current one: the filter goes, so
    its row is on screen rather than hidden behind the filter."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("slash", *"q2", "enter")
        await pilot.pause()
        assert main.quote_list.visible == [1]
        await pilot.press("a", *ADDED, "enter")
        await pilot.pause()
        await pilot.press("escape")  # no speaker
        await settle(app, pilot)
        assert main.current_quote.id == "r1" and main.filter_text == ""
        assert main.cursor in main.quote_list.visible
        assert "Quotes 7" in str(main.quote_list.border_title)


async def test_a_key_with_no_quote_to_act_on_says_why(tmp_path):
    """With every quote marked not a quote, m, [, c, d, J… do nothing, and each says so in
    one line (add, or undo) instead of nothing."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press(*["X"] * len(main.quotes))
        await pilot.pause()
        for key in ("m", "left_square_bracket", "right_curly_bracket", "c", "d", "j"):
            main.said = ""
            await pilot.press(key)
            await pilot.pause()
            assert main.said == "No quote to act on: a adds one, z undoes the last correction.", key
            assert ids(app) == []


async def test_a_key_in_an_article_with_no_quotes_says_why(tmp_path):
    """An article the engine found no quote in: m and c say "a adds one" (no undo offered:
    there is no correction to take back)."""
    from dataclasses import replace

    app = make_app(tmp_path, replace(nato_extraction(), quotes=[]))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        for key in ("m", "c"):
            app.main.said = ""
            await pilot.press(key)
            await pilot.pause()
            assert app.main.said == "No quote to act on: a adds one.", key
