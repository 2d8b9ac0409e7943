"""Tests for workbench.corpus.search: constructed corpora with known answers, and the CLI."""

from __future__ import annotations

import json

import pytest
from corpus_helpers import (BACKENDS, SAMPLE_DOCS, build_store, new_corpus,  # noqa: F401
                            open_corpus_store)

from workbench.cli import main
from workbench.corpus.search import search
from workbench.corpus.store import CorpusStore


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    """The sample corpus on each backend: every test using it runs on SQLite and PostgreSQL."""
    path = new_corpus(request, tmp_path_factory, request.param)
    build_store(path, SAMPLE_DOCS).close()
    return path


def changes(match):
    return [(d.op, d.article, d.source) for d in match.diff if d.op != "equal"]


def test_verbatim_despite_curly_quotes_and_case(store):
    """Curly apostrophes and capitals still give one verbatim match with score 100."""
    [m, *_] = search(store, "we don’t back down, and WE WON’T START NOW")
    assert (m.kind, m.score, m.speaker) == ("verbatim", 100, "Joseph R. Biden")
    assert m.doc.title == "Remarks by President Biden on the Economy"


def test_offsets_and_context_point_into_the_document(store):
    """start/end are offsets into the document text; the context surrounds the span."""
    [m, *_] = search(store, "We don't back down, and we won't start now.")
    text = store.get_document(m.doc.id).text
    assert text[m.start:m.end] == m.text == "We don't back down, and we won't start now"
    assert text[:m.start].endswith(m.first.before)
    assert text[m.end:].startswith(m.first.after)
    assert m.to_dict()["context"] == {"before": m.first.before, "after": m.first.after}


def test_close(store):
    """One inflected word: 'close', with the replace in the diff."""
    [m, *_] = search(store, "Nobody should have to choose between paying for medicines and "
                            "putting food on the table.")
    assert m.kind == "close"
    assert changes(m) == [("replace", "medicines", "medicine")]


def test_altered_with_diff_ops(store):
    """A word changed and two dropped: 'altered'; the diff says which (article vs source)."""
    [m, *_] = search(store, "We are going to rebuild the spine of this country: the roads, the "
                            "bridges and the airports that carry our goods to market.")
    assert m.kind == "altered"
    assert changes(m) == [("replace", "spine", "backbone"), ("delete", "", "the ports")]
    assert {"op", "article", "source"} == set(m.to_dict()["diff"][0])


def test_ellipsis_across_places_is_spliced(store):
    """The two sides of an ellipsis from different passages: 'spliced', one span per side."""
    [m, *_] = search(store, "Nobody should have to choose between paying for medicine and putting "
                            "food on the table … I have never been more optimistic about the "
                            "future of America than I am tonight.")
    assert m.kind == "spliced"
    assert [p.text for p in m.parts] == [
        "Nobody should have to choose between paying for medicine and putting food on the table",
        "I have never been more optimistic about the future of America than I am tonight"]
    assert len(m.to_dict()["parts"]) == 2


def test_two_parts_from_different_turns_are_spliced(store):
    """Quote parts (interrupted by 'she said') that come from two turns are 'spliced'."""
    parts = ["We disagree with the senator.",
             "Our economy added more than four hundred thousand jobs last month"]
    [m, *_] = search(store, " ".join(parts), parts=parts)
    assert m.kind == "spliced"
    assert [p.text for p in m.parts] == ["We disagree with the senator",
                                         "Our economy added more than four hundred thousand jobs "
                                         "last month"]


def test_two_parts_that_run_together_are_one_verbatim_span(store):
    """Quote parts that are contiguous in the source make one verbatim match."""
    parts = ["Nobody should have to choose between paying for medicine",
             "and putting food on the table."]
    [m, *_] = search(store, " ".join(parts), parts=parts)
    assert m.kind == "verbatim"
    assert len(m.parts) == 1


def test_ellipsis_within_one_passage_is_a_marked_elision(store):
    """An ellipsis skipping words inside one passage is faithful: verbatim, the skip shown."""
    [m, *_] = search(store, "We disagree with the senator … we expect it to pass this year.")
    assert m.kind == "verbatim"
    assert changes(m) == [("delete", "…", "The bill has support from both parties, and")]


def test_partial(store):
    """A faithful cut of a longer sentence is 'partial'."""
    [m, *_] = search(store, "paying for medicine and putting food on the table")
    assert (m.kind, m.score) == ("partial", 100)


def test_one_word_quote_is_found_word_for_word(store):
    """A one-word quote is found where the word is (the index used to ask only for two words
    or more, so a single word was never found)."""
    [m, *_] = search(store, "backbone")
    assert (m.kind, m.text, m.score) == ("partial", "backbone", 100)
    assert store.get_document(m.doc.id).text[m.start:m.end] == "backbone"
    assert [m.text for m in search(store, "Optimistic!")] == ["optimistic"]


def test_one_word_quote_never_matches_a_lookalike(store):
    """A short quote counts only word for word: a word the corpus lacks finds nothing, not its
    nearest neighbour ("backbones" is not "backbone")."""
    assert search(store, "backbones") == []
    assert search(store, "rebuild the spine") == []


def test_invented_quote_has_no_match(store):
    """An invented quote gets no match at all, not a weak lookalike."""
    assert search(store, "The moon landing was staged in a studio outside Burbank according to "
                         "several officials.") == []


def test_short_passage_does_not_match_a_long_quote(store):
    """The passage 'The U.S.' is inside the quote but is no match for it."""
    assert search(store, "The U.S. economy is growing faster than any other advanced economy in "
                         "the world this year") == []


def test_reporter_question_keeps_its_speaker(store):
    """Words only a reporter said (the Q turn) are attributed to 'Q', never to the official."""
    [m] = search(store, "the infrastructure bill is dead on arrival in the Senate")
    assert m.speaker == "Q"
    assert search(store, "the infrastructure bill is dead on arrival in the Senate",
                  speaker="Karine Jean-Pierre") == []


def test_speaker_filter_accepts_a_role_named_in_the_title(store):
    """--speaker 'the press secretary' finds the turns of the briefing's press secretary."""
    [m] = search(store, "We disagree with the senator", speaker="the press secretary")
    assert m.speaker == "Karine Jean-Pierre"
    assert search(store, "We disagree with the senator", speaker="Jane Doe") == []


def test_unmarked_splice_of_two_sentences(store):
    """Two sentences from two speeches, joined without an ellipsis, are still 'spliced'."""
    [m, *_] = search(store, "The state budget will protect our schools and our hospitals from the "
                            "cuts proposed in the capital. We don't back down, and we won't start "
                            "now.")
    assert m.kind == "spliced"
    assert [p.speaker for p in m.parts] == ["Jane Doe", "Joseph R. Biden"]


# --------------------------------------------------------------------------- the CLI


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json(capsys, db):
    """search --json prints the matches with every documented field."""
    code, out, err = run(capsys, "search", "We don't back down", "--db", str(db), "--json")
    assert code == 0, err
    [m] = json.loads(out)["matches"]
    assert set(m) >= {"doc", "speaker", "start", "end", "text", "score", "kind", "diff",
                      "context"}
    assert set(m["doc"]) == {"id", "title", "speaker", "date", "url", "path"}


def test_cli_table_escapes_corpus_text(capsys, tmp_path):
    """Markup and control sequences in the corpus are shown inert in the table."""
    from corpus_helpers import Doc

    db = tmp_path / "evil.db"
    build_store(db, [Doc(path="evil", title="[bold red]Evil\x1b]0;pwned\x07 title",
                         turns=[("X", "We will never surrender to the cynics of this town. "
                                      "[link=http://x]Click[/link] \x1b[31mnow.")])]).close()
    code, out, err = run(capsys, "search", "We will never surrender to the cynics", "--db", str(db))
    assert code == 0, err
    assert "[bold red]Evil" in out and "[link=http://x]Click[/link]" in out
    assert "\x1b" not in out and "pwned" not in out


def test_cli_one_word(capsys, db):
    """workbench search WORD finds the word (it used to say "No match")."""
    code, out, err = run(capsys, "search", "hospitals", "--db", str(db), "--json")
    assert code == 0, err
    [m] = json.loads(out)["matches"]
    assert (m["text"], m["kind"], m["speaker"]) == ("hospitals", "partial", "Jane Doe")


def test_cli_no_match_says_so(capsys, db):
    """An invented quote prints a plain 'no match' line and exits 0."""
    code, out, _ = run(capsys, "search", "Purple elephants govern the moon", "--db", str(db))
    assert code == 0
    assert out.startswith("No match")


def test_cli_missing_db_is_one_error_line(capsys, tmp_path):
    """A missing database: one error line, exit 2, no traceback."""
    code, out, err = run(capsys, "search", "anything at all", "--db", str(tmp_path / "none.db"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no corpus database" in err and "Traceback" not in err


def test_cli_empty_db_is_one_error_line(capsys, tmp_path):
    """A corpus with no passages: one error line naming the problem, exit 2."""
    CorpusStore(tmp_path / "empty.db").close()
    code, _, err = run(capsys, "search", "anything at all", "--db", str(tmp_path / "empty.db"))
    assert code == 2
    assert err.count("\n") == 1 and "the corpus is empty" in err


def test_cli_not_a_database(capsys, tmp_path):
    """A file that is not a corpus: one error line, exit 2."""
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    code, _, err = run(capsys, "search", "anything at all", "--db", str(bad))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_cli_quote_without_words(capsys, db):
    """A quote of punctuation only is refused with one line."""
    code, _, err = run(capsys, "search", "“…”", "--db", str(db))
    assert code == 2 and "no words" in err


def test_cli_jsonl_numeric_ids_are_echoed_as_given(capsys, db, tmp_path):
    """--jsonl: a whole-number id is accepted (as in corpus JSONL) and echoed as a number."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 42, "text": "We don\'t back down"}\n', encoding="utf-8")
    code, out, err = run(capsys, "search", "--jsonl", str(src), "--db", str(db))
    assert code == 0, err
    assert json.loads(out)["id"] == 42 and out.startswith('{"id": 42, ')


def test_cli_jsonl_skips_a_bad_line(capsys, db, tmp_path):
    """--jsonl: a bad line is reported as FILE:LINE and skipped, the others answered, exit 1."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "We don\'t back down"}\n'
                   "not json\n"
                   '{"id": "b", "text": "Purple elephants govern the moon"}\n', encoding="utf-8")
    code, out, err = run(capsys, "search", "--jsonl", str(src), "--db", str(db))
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["matches"][0]["kind"] == "partial" and rows[1]["matches"] == []
    assert f"{src}:2: not valid JSON" in err and "Traceback" not in err


def test_a_match_wrapped_in_a_narrow_window_keeps_its_indent(store):
    """At 40 columns every line of a match after its first is indented: the source line, the
    context and the changes wrap under themselves, not back at the margin where they would
    read as the next result; unwrapped (a pipe) the lines are as before."""
    import io

    from rich.console import Console

    from workbench.commands.search import match_view
    from workbench.render import output_console

    [m, *_] = search(store, "We don't back down, and we won't start now.")
    console = Console(width=40, record=True, file=io.StringIO(), color_system=None)
    console.print(match_view(1, m))
    lines = [line for line in console.export_text().splitlines() if line.strip()]
    assert len(lines) > 4 and lines[0].startswith("1. ")
    assert all(line.startswith("   ") for line in lines[1:]), lines
    piped = io.StringIO()
    output_console(piped).print(match_view(1, m))
    shown = [line for line in piped.getvalue().splitlines() if line.strip()]
    assert len(shown) == 3 + (1 if changes(m) else 0)  # head, where, context[, changes]
    assert all(line.startswith("   ") and line[3] != " " for line in shown[1:])
    assert m.text in shown[2] and shown[2] == shown[2].rstrip()
