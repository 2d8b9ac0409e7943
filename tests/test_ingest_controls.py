"""Control sequences, control characters and bidi formatting characters in corpus documents:
dropped at ingest, before passages are cut, so that a quote of the clean words is found
verbatim and every passage is still a span of the stored text."""

from __future__ import annotations

import json
import re

from workbench.cli import main
from workbench.controls import BIDI_CONTROLS, strip_controls
from workbench.corpus.ingest.clean import clean_markdown, clean_plain, meta_text
from workbench.corpus.search import search
from workbench.corpus.store import CorpusStore

ANY_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
SENTENCE = "We will rebuild the roads and the bridges that carry our goods to market."
HOSTILE = ("We will \x1b]0;pwned window title\x07rebuild the \x1b[31mroads\x1b[0m and the "
           "\x1b]8;;http://e.vil/\x1b\\bridges\x1b]8;;\x1b\\ that carry our \u202egoods\u202c "
           "to\x07 market.")


def ingest(tmp_path, files: dict[str, str]) -> CorpusStore:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["corpus", "--db", str(db), "add", *(str(tmp_path / n) for n in files)]) == 0
    return CorpusStore(db, create=False)


def test_a_quote_is_verbatim_in_a_document_with_an_osc_sequence_inside_a_sentence(tmp_path,
                                                                                  capsys):
    """OSC (title, hyperlink), CSI, BEL and bidi controls in .txt, .md and .jsonl documents are
    not stored (an OSC's payload used to become words, and the quote was judged altered); the
    clean sentence is found verbatim in each, and passages are still spans of the text."""
    files = {"a.txt": "Remarks on the economy.\n\n" + HOSTILE + "\n",
             "b.md": "---\ntitle: \"Remarks \\e]0;x\\a on \u2066the\u2069 Economy\"\n---\n\n"
                     + HOSTILE + "\n",
             "c.jsonl": json.dumps({"id": "c", "title": "Remarks\u202e", "text": HOSTILE}) + "\n"}
    with ingest(tmp_path, files) as store:
        docs = [store.get_document(d.id) for d in store.documents()]
        assert len(docs) == 3
        for doc in docs:
            assert not ANY_CONTROL.search(doc.text) and "pwned" not in doc.text
            assert "e.vil" not in doc.text and SENTENCE in doc.text
            assert not ANY_CONTROL.search(doc.title or "")
            for p in store.passages_of(doc.id):
                assert doc.text[p.start:p.end] == p.text
        matches = search(store, SENTENCE, limit=5)
        assert len(matches) == 3
        assert {m.kind for m in matches} == {"verbatim"}
        assert {m.doc.path.rsplit("/", 1)[-1] for m in matches} == {"a.txt", "b.md", "c.jsonl#c"}
    capsys.readouterr()


def test_cleaning_drops_controls_and_keeps_whitespace_controls_as_space():
    """Sequences go whole; tab, form feed and CR are whitespace as before; an unterminated OSC
    introducer takes the rest of its line, not the rest of the document."""
    assert clean_plain("a\x1b]0;title\x07b \x1b[1;31mc\x1b[m\x00d\x7fe\x85f") == "ab cde f"
    assert clean_plain("one\ttwo\fthree\rfour") == "one two three four"
    assert clean_plain("kept \x1b]0;stray\nnext line\n\nnext paragraph") == (
        "kept next line\n\nnext paragraph")
    assert clean_markdown("**bold\u202e** and \u200ftext\u061c") == "bold and text"
    assert meta_text("Title\x1b[2J\u2067 x") == "Title x"


def test_strip_controls_leaves_clean_text_alone():
    """Text without controls comes back as the same object (no copy on the common path)."""
    text = "“Ça va,” she said.\n\tNext — 東京 🙂\u00a0x"
    assert strip_controls(text) is text
    assert strip_controls("a\u202eb\x1b[0mc") == "abc"


def test_an_html_page_drops_control_sequences_whole_before_parsing(tmp_path, capsys):
    """In an .html document (a file, a fetched page or an article) the HTML parser dropped a
    lone ESC and kept the rest: `ESC[31m` became the word `[31m`, an OSC title its payload,
    and the quote was judged altered. The sequences go whole before the page is parsed; an
    unterminated one ends at the next tag, so it takes no text of the page with it."""
    from workbench.article import load_article

    page = ("<html><head><title>\x1b]0;pwned\x07Remarks on the economy</title></head><body>"
            f"<p>{HOSTILE}</p><p>A stray \x1b]0;unterminated</p><p>Kept paragraph.</p>"
            "</body></html>")
    with ingest(tmp_path, {"a.html": page}) as store:
        [doc] = [store.get_document(d.id) for d in store.documents()]
        assert doc.title == "Remarks on the economy"
        assert SENTENCE in doc.text and "[31m" not in doc.text and "pwned" not in doc.text
        assert "Kept paragraph." in doc.text and "unterminated" not in doc.text
        [match] = search(store, SENTENCE, limit=5)
        assert match.kind == "verbatim"
    article = load_article(str(tmp_path / "a.html"))
    assert SENTENCE in article.text and "[0m" not in article.text
    capsys.readouterr()
