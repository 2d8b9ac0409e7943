"""Word documents (.docx) read with the standard library: paragraphs, tables and text boxes,
speaker turns, the title and date; bombs, broken and password-protected files fail safe."""

from __future__ import annotations

import io
import zipfile

from workbench.cli import main
from workbench.corpus.ingest import docx
from workbench.corpus.store import CorpusStore

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(*runs: str) -> str:
    """A w:p of runs; "\\t" and "\\n" in a run become w:tab and w:br."""
    out = []
    for run in runs:
        parts = []
        for i, piece in enumerate(run.split("\n")):
            if i:
                parts.append("<w:br/>")
            for j, bit in enumerate(piece.split("\t")):
                if j:
                    parts.append("<w:tab/>")
                if bit:
                    parts.append(f'<w:t xml:space="preserve">{bit}</w:t>')
        out.append(f"<w:r>{''.join(parts)}</w:r>")
    return f"<w:p>{''.join(out)}</w:p>"


def make_docx(body: str, title: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml",
                   f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
        if title is not None:
            z.writestr("docProps/core.xml",
                       '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
                       '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                       f"<dc:title>{title}</dc:title></cp:coreProperties>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


INTERVIEW = "".join([
    para("Interview with Senator Jane Doe"),
    para("March 3, 2022"),
    para("MR. SMITH: ", "Senator, will you vote for the farm bill?"),
    para("SENATOR DOE: Yes.\tI will vote for it, and I said so in Iowa."),
    para("MR. SMITH: Thank you.\nSENATOR DOE: Thank you for having me."),
    "<w:tbl><w:tr><w:tc>" + para("A table cell the speaker read out.") + "</w:tc></w:tr></w:tbl>",
    '<w:p><w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>'
    '<w:instrText>PAGE</w:instrText></w:r></w:p>',
])


def add(tmp_path, *names: str) -> list[str]:
    return ["corpus", "--db", str(tmp_path / "c.db"), "add", *(str(tmp_path / n) for n in names)]


def test_paragraphs_runs_tabs_breaks_and_tables_are_read_and_deletions_left_out():
    source = docx.read_bytes(make_docx(INTERVIEW), "talk.docx")
    assert "MR. SMITH: Senator, will you vote for the farm bill?" in source.text
    assert "SENATOR DOE: Yes. I will vote for it, and I said so in Iowa." in source.text
    assert "A table cell the speaker read out." in source.text
    assert "deleted words" not in source.text and "PAGE" not in source.text
    assert source.title == "Interview with Senator Jane Doe" and source.date == "2022-03-03"


def test_an_interview_docx_goes_in_with_its_speakers(tmp_path, capsys):
    (tmp_path / "talk.docx").write_bytes(make_docx(INTERVIEW, title="Doe interview"))
    assert main(add(tmp_path, "talk.docx")) == 0, capsys.readouterr().err
    with CorpusStore(tmp_path / "c.db", create=False) as store:
        doc = store.get_document(next(iter(store.documents())).id)
        said = {doc.text[p.start:p.end][:20]: p.speaker for p in store.passages_of(doc.id)}
    assert doc.title == "Doe interview" and doc.kind == "transcript"
    # The turn after a line break inside one Word paragraph is a turn of its own.
    assert said["Thank you for having"] == said["Yes. I will vote for"] == "Jane Doe"
    assert said["Senator, will you vo"] == "Mr. Smith"


def test_bombs_broken_and_locked_files_are_one_line_each_and_skipped(tmp_path, capsys,
                                                                    monkeypatch):
    monkeypatch.setattr(docx, "MAX_XML_BYTES", 100_000)  # (a smaller bomb, same check)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * 10_000_000 + b"</a>")
    (tmp_path / "bomb.docx").write_bytes(bomb.getvalue())
    entities = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document {W}>'
                "&a;</w:document>")
    lol = io.BytesIO()
    with zipfile.ZipFile(lol, "w") as z:
        z.writestr("word/document.xml", entities)
    (tmp_path / "lol.docx").write_bytes(lol.getvalue())
    (tmp_path / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "cut.docx").write_bytes(make_docx(INTERVIEW)[:200])
    (tmp_path / "nobody.docx").write_bytes(make_docx(para("")))
    (tmp_path / "good.docx").write_bytes(make_docx(INTERVIEW))
    code = main(add(tmp_path, "bomb.docx", "lol.docx", "locked.docx", "cut.docx", "nobody.docx",
                    "good.docx"))
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 1 and "Traceback" not in err and len(lines) == 5, err
    assert "bomb.docx: too large (word/document.xml inflates to over" in err
    assert "lol.docx: not a .docx file (its XML declares a DTD or entities)" in err
    assert "locked.docx: not a .docx file (no zip archive) (a password-protected document" in err
    assert "nobody.docx: the Word document has no text" in err
    assert "added 1" in out and "skipped 5" in out


def test_deeply_nested_xml_is_read_without_recursion():
    deep = "<w:sdt>" * 5000 + para("deep words") + "</w:sdt>" * 5000
    assert "deep words" in docx.read_bytes(make_docx(deep), "deep.docx").text
