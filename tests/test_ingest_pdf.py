"""PDF transcripts and releases: running heads, footers and page numbers left out, hyphenated
words made whole, speaker turns read as in other transcripts; scans, encrypted and broken
PDFs are one line each and skipped while the rest go in."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from pdf_helpers import make_pdf
from workbench.cli import main
from workbench.corpus.ingest import pdf
from workbench.corpus.store import CorpusStore

HEAD = "COMMITTEE ON THE JUDICIARY"
HEARING = [
    [HEAD, "HEARING ON FARM TRADE", "March 3, 2022",
     "Chairman JONES. The committee will come to order. Today we take up the",
     "farm bill and the trade rules that our farmers have asked us to legis-",
     "late on for years.",
     "Mr. SMITH. Thank you, Mr. Chairman. Our farmers cannot sell their corn",
     "abroad while the tariffs stay where they are, and I will say so again.",
     "Page 1 of 3"],
    [HEAD, "Chairman JONES. Does the witness agree with that?",
     "Mr. SMITH. I do, and the numbers prove it: exports fell by half in the",
     "last two years.", "Page 2 of 3"],
    [HEAD, "Chairman JONES. The hearing is adjourned.", "Page 3 of 3"],
]


def add(tmp_path, *names: str) -> list[str]:
    return ["corpus", "--db", str(tmp_path / "c.db"), "add", *(str(tmp_path / n) for n in names)]


def passages(tmp_path) -> list[tuple[str | None, str]]:
    with CorpusStore(tmp_path / "c.db", create=False) as store:
        out = []
        for ref in store.documents():
            doc = store.get_document(ref.id)
            out += [(p.speaker, doc.text[p.start:p.end]) for p in store.passages_of(doc.id)]
        return out


def test_pages_text_drops_furniture_undoes_hyphens_and_starts_a_paragraph_at_each_label():
    text = pdf.pages_text(HEARING)
    assert HEAD not in text and "Page 1 of 3" not in text and "of 3" not in text
    assert "asked us to legislate on for years." in text
    paragraphs = text.split("\n\n")
    assert "Mr. SMITH. I do, and the numbers prove it: exports fell by half in the last two " \
           "years." in paragraphs
    assert paragraphs[-1] == "Chairman JONES. The hearing is adjourned."


def test_a_compound_split_at_a_line_end_keeps_its_hyphen():
    assert pdf.pages_text([["Farmers who are self-", "employed pay more for legis-",
                            "lation than anyone."]]) == \
        "Farmers who are self-employed pay more for legislation than anyone."


def test_a_bare_page_number_goes_even_on_a_single_page():
    assert pdf.pages_text([["- 7 -", "A statement by the Secretary on trade.", "7"]]) == \
        "A statement by the Secretary on trade."


def test_a_line_repeated_in_the_body_is_not_taken_for_a_running_head():
    pages = [["Intro line one.", "We will not back down.", "Closing of page one."],
             ["Intro line two.", "We will not back down.", "Closing of page two."],
             ["Intro line three.", "We will not back down.", "Closing of page three."]]
    assert pdf.pages_text(pages).count("We will not back down.") == 3


def test_a_hearing_pdf_goes_in_with_its_speakers_title_and_date(tmp_path, capsys):
    (tmp_path / "hearing.pdf").write_bytes(make_pdf(HEARING, title="Hearing on Farm Trade"))
    assert main(add(tmp_path, "hearing.pdf")) == 0, capsys.readouterr().err
    found = passages(tmp_path)
    said = {text[:20]: speaker for speaker, text in found}
    assert said["Thank you, Mr. Chair"] == said["I do, and the number"] == "Mr. Smith"
    assert said["The hearing is adjou"] == "Chairman Jones"
    with CorpusStore(tmp_path / "c.db", create=False) as store:
        doc = next(iter(store.documents()))
        assert doc.title == "Hearing on Farm Trade" and doc.date == "2022-03-03"
        assert doc.kind == "transcript"


def test_a_scanned_pdf_is_reported_and_not_stored_empty(tmp_path, capsys):
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[], []]))
    (tmp_path / "good.pdf").write_bytes(make_pdf(HEARING))
    code = main(add(tmp_path, "scan.pdf", "good.pdf"))
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert err.strip() == f"{tmp_path / 'scan.pdf'}: {pdf.NO_TEXT}"
    assert "added 1" in out and "skipped 1" in out  # the good one went in


def test_encrypted_malformed_and_fake_pdfs_are_one_line_each_and_skipped(tmp_path, capsys):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(HEARING))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "locked.pdf").write_bytes(buffer.getvalue())
    good = make_pdf(HEARING)
    (tmp_path / "cut.pdf").write_bytes(good[:len(good) // 3])
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (tmp_path / "fake.pdf").write_text("just some text", encoding="utf-8")
    code = main(add(tmp_path, "locked.pdf", "cut.pdf", "junk.pdf", "fake.pdf"))
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 1 and "Traceback" not in err and len(lines) == 4, err
    assert any("locked.pdf: encrypted PDF (it needs a password)" in line for line in lines)
    assert any("fake.pdf: not a PDF" in line for line in lines)
    assert any(line.startswith(str(tmp_path / "junk.pdf")) for line in lines)
    assert "added 0" in out and "skipped 4" in out


def test_a_pdf_encrypted_without_a_user_password_is_read(tmp_path, capsys):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(HEARING))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    source = pdf.read_bytes(buffer.getvalue(), "release.pdf")
    assert "The committee will come to order." in source.text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
                         max_size=8), max_size=5))
def test_pages_text_never_fails_and_gives_clean_paragraphs(pages):
    """Any lines (stripped as page_lines strips them) give paragraphs: none empty, none with a
    blank line inside, each made of the pages' words."""
    pages = [[" ".join(line.split()) for line in lines] for lines in pages]
    text = pdf.pages_text(pages)
    words = {w for lines in pages for line in lines for w in line.split()}
    for paragraph in text.split("\n\n") if text else []:
        assert paragraph.strip() and "\n" not in paragraph
        for word in paragraph.split():
            # a word is a page's word, or two halves of one joined at a line end
            assert word in words or any(word.startswith(w.rstrip("-")) for w in words)
