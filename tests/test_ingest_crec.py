"""Congressional Record packages (GovInfo CREC folders): the pages' <pre> lines become
paragraphs with a turn at each label, speakers resolve through mods.xml to full names, the
chamber and date come from the package, and a broken package fails safe."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.cli import main
from workbench.corpus.ingest import crec
from workbench.corpus.store import CorpusStore

NS = 'xmlns="http://www.loc.gov/mods/v3"'


def member(parsed: str, full: str) -> str:
    return (f'<congMember chamber="S" party="R" role="SPEAKING" state="IA">'
            f'<name type="parsed">{parsed}</name><name type="authority-fnf">{full}</name>'
            f'<name type="authority-lnf">x</name></congMember>')


def granule(access: str, title: str, members: str, chamber: str = "SENATE") -> str:
    return f"""<relatedItem type="constituent" ID="id-{access}">
  <titleInfo><title>{title}</title><partName>Senate</partName></titleInfo>
  <location><url displayLabel="HTML rendition" access="raw object">https://www.govinfo.gov/content/pkg/CREC-1997-01-28/html/{access}.htm</url></location>
  <extension><granuleClass>{chamber}</granuleClass><accessId>{access}</accessId>
  <chamber>{chamber}</chamber><granuleDate>1997-01-28</granuleDate>{members}</extension>
</relatedItem>"""


MODS = f"""<?xml version="1.0" encoding="UTF-8"?>
<mods {NS} version="3.3">
  <originInfo><dateIssued encoding="w3cdtf">1997-01-28</dateIssued></originInfo>
  {granule("CREC-1997-01-28-pt1-PgS699-5", "MORNING BUSINESS", member("Mr. LOTT", "Trent Lott"))}
  {granule("CREC-1997-01-28-pt1-PgS700", "FARM TRADE",
           member("Mr. GRASSLEY", "Chuck Grassley") + member("Mr. SMITH of Texas", "Lamar Smith"))}
  {granule("CREC-1997-01-28-pt1-PgS701", "TRIBUTE", "")}
  {granule("CREC-1997-01-28-pt1-PgS702", "NOMINATIONS", member("Mr. KYL", "Jon Kyl"))}
</mods>
"""


def page(body: str) -> str:
    return ("<html>\n<head>\n<title>Congressional Record, Volume 143 Issue 8 (Tuesday, January 28,"
            " 1997)</title>\n</head>\n<body><pre>\n[Congressional Record Volume 143, Number 8 "
            "(Tuesday, January 28, 1997)]\n[Senate]\n[Page S699]\nFrom the Congressional Record "
            'Online through the Government Publishing Office [<a href="https://www.gpo.gov">'
            f"www.gpo.gov</a>]\n\n\n\n{body}\n</pre></body>\n</html>\n")


S699 = page("""                            MORNING BUSINESS

  Mr. LOTT. Mr. President, I ask unanimous consent there now be a
period for the transaction of morning business.
  The PRESIDING OFFICER (Mr. KYL). Without objection, it is so ordered.
  Mr. LOTT. I thank the Chair.
  The PRESIDING OFFICER. The Senator from Mississippi.
  THE PRESIDING OFFICER [Mr. Bennett]. The clerk will call the roll.
  The PRESIDING OFFICER. Is there objection?
""")

S700 = page("""                               FARM TRADE

<bullet> Mr. GRASSLEY. Mr. President, trade is vitally important to
farmers in Iowa, and the E.U. barriers hurt them: one-
third of the harvest is exported--
in good years.

[[Page S701]]

  That is why I rise today.
  Mr. SMITH of Texas. I agree with the Senator from Iowa that the
barriers &amp; tariffs must go.

       In closing, let me quote from the poem Ulysses by Alfred
     Lord Tennyson:
       To strive, to seek, to find, and not to yield.

  Mr. GRASSLEY. I thank my colleague.\x00\x00
""")

# A page naming Mr. LOTT though its own granule lists nobody: the package's one Mr. LOTT.
S701 = page("""  Mr. LOTT. Mr. President, I pay tribute to a great senator.
""")


def make_package(root, mods: str = MODS):
    folder = root / "CREC-1997-01-28"
    (folder / "html").mkdir(parents=True)
    (folder / "mods.xml").write_text(mods, encoding="utf-8")
    for access, body in (("PgS699-5", S699), ("PgS700", S700), ("PgS701", S701)):
        (folder / "html" / f"CREC-1997-01-28-pt1-{access}.htm").write_text(body, encoding="utf-8")
    return folder


def add(tmp_path, *paths) -> list[str]:
    return ["corpus", "--db", str(tmp_path / "c.db"), "add", *map(str, paths)]


def stored(tmp_path) -> dict[str, tuple]:
    """title -> (document, [(speaker, passage text)])"""
    out = {}
    with CorpusStore(tmp_path / "c.db", create=False) as store:
        for ref in store.documents():
            doc = store.get_document(ref.id)
            out[doc.title] = (doc, [(p.speaker, doc.text[p.start:p.end])
                                    for p in store.passages_of(doc.id)])
    return out


def test_record_text_joins_lines_into_paragraphs_with_a_turn_at_each_indented_label():
    text = crec.record_text(S700)
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "FARM TRADE"
    # The page break mid-turn is gone and does not end the paragraph before it; the furniture
    # (volume line, page marks, GPO line) is left out.
    assert paragraphs[1].startswith("Mr. GRASSLEY. Mr. President, trade is vitally important to "
                                    "farmers in Iowa")
    assert "hurt them: one-third of the harvest is exported--in good years." in paragraphs[1]
    assert "Page S701" not in text and "Congressional Record Volume" not in text
    assert "Government Publishing Office" not in text and "\x00" not in text
    assert "Mr. SMITH of Texas. I agree with the Senator from Iowa that the barriers & tariffs must go." \
        in paragraphs
    # An inserted quotation (set deeper) keeps its wrapped lines together.
    assert "In closing, let me quote from the poem Ulysses by Alfred Lord Tennyson:" in paragraphs
    assert paragraphs[-1] == "Mr. GRASSLEY. I thank my colleague."


def test_parse_mods_maps_each_granules_labels_to_full_names():
    package = crec.parse_mods(MODS.encode())
    assert package.date == "1997-01-28"
    farm = package.granules["CREC-1997-01-28-pt1-PgS700"]
    assert farm.title == "FARM TRADE" and farm.chamber == "Senate"
    assert farm.speakers == {"MR. GRASSLEY": "Chuck Grassley", "MR. SMITH of Texas": "Lamar Smith"}
    assert package.speakers["MR. LOTT"] == "Trent Lott"


def test_a_package_folder_goes_in_with_full_name_speakers_chamber_date_and_url(tmp_path, capsys):
    folder = make_package(tmp_path)
    assert main(add(tmp_path, folder)) == 0, capsys.readouterr().err
    docs = stored(tmp_path)
    doc, passages = docs["FARM TRADE (Congressional Record, Senate)"]
    assert doc.date == "1997-01-28" and doc.kind == "transcript"
    assert doc.url.endswith("/html/CREC-1997-01-28-pt1-PgS700.htm")
    speakers = [speaker for speaker, _ in passages]
    assert "Chuck Grassley" in speakers and "Lamar Smith" in speakers
    said = {text[:21]: speaker for speaker, text in passages}
    assert said["I agree with the Sena"] == "Lamar Smith"  # the label is not in the text
    assert said["I thank my colleague."] == "Chuck Grassley"
    # "Lord Tennyson:" in a quotation is no turn: the quotation is Mr. Smith's.
    assert not any(speaker and "Tennyson" in speaker for speaker in speakers)
    _, passages = docs["MORNING BUSINESS (Congressional Record, Senate)"]
    assert ("Trent Lott", "Mr. President, I ask unanimous consent there now be a period for the "
            "transaction of morning business.") in passages
    # The member in the chair is the speaker, named through mods.xml (Mr. KYL speaks in
    # another granule) and kept for the chair's next turns until another member takes it;
    # one the package does not name stays as the note writes him.
    assert ("Jon Kyl", "Without objection, it is so ordered.") in passages
    assert ("Jon Kyl", "The Senator from Mississippi.") in passages
    assert ("Mr. Bennett", "The clerk will call the roll.") in passages
    assert ("Mr. Bennett", "Is there objection?") in passages
    # One speaker's page is one turn (no conversation needed), resolved across the package.
    _, passages = docs["TRIBUTE (Congressional Record, Senate)"]
    assert passages == [("Trent Lott", "Mr. President, I pay tribute to a great senator.")]


def test_a_changed_mods_xml_alone_reloads_the_packages_pages(tmp_path, capsys):
    """The pages' speakers come from mods.xml: a name corrected there reaches the corpus on
    the next add (every page of the package replaced), and an unchanged package stays so."""
    folder = make_package(tmp_path)
    assert main(add(tmp_path, folder)) == 0
    capsys.readouterr()
    assert main(add(tmp_path, folder)) == 0
    assert capsys.readouterr().out.startswith("added 0, replaced 0, unchanged 3")
    (folder / "mods.xml").write_text(MODS.replace("Chuck Grassley", "Charles E. Grassley"),
                                     encoding="utf-8")
    assert main(add(tmp_path, folder)) == 0
    assert capsys.readouterr().out.startswith("added 0, replaced 3, unchanged 0")
    _, passages = stored(tmp_path)["FARM TRADE (Congressional Record, Senate)"]
    speakers = {speaker for speaker, _ in passages}
    assert "Charles E. Grassley" in speakers and "Chuck Grassley" not in speakers


def test_one_page_of_a_package_named_alone_is_read_with_the_package(tmp_path, capsys):
    folder = make_package(tmp_path)
    assert main(add(tmp_path, folder / "html" / "CREC-1997-01-28-pt1-PgS700.htm")) == 0
    assert "FARM TRADE (Congressional Record, Senate)" in stored(tmp_path)


def test_html_pages_outside_a_package_are_still_read_as_web_pages(tmp_path, capsys):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p.htm").write_text(S699, encoding="utf-8")  # no mods.xml beside
    assert main(add(tmp_path, tmp_path / "html")) == 0
    (doc, _), = stored(tmp_path).values()
    assert not doc.title.endswith("Senate)")


def test_a_broken_mods_xml_is_one_line_per_page_and_nothing_goes_in(tmp_path, capsys):
    folder = make_package(tmp_path, mods="<mods><unclosed>")
    code = main(add(tmp_path, folder))
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert "mods.xml: not well-formed XML" in err and len(err.strip().splitlines()) == 3


def test_an_xml_bomb_in_mods_xml_is_refused_before_parsing(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            f"<mods {NS}>&b;</mods>").encode()
    try:
        crec.parse_mods(bomb)
    except Exception as exc:  # noqa: BLE001 - the type is checked below
        assert "DTD or entities" in str(exc) and type(exc).__name__ == "ArticleError"
    else:
        raise AssertionError("the bomb was parsed")


def test_read_bytes_works_on_a_fetched_page_without_its_package():
    source = crec.read_bytes(S700.encode(), "CREC-1997-01-28-pt1-PgS700.htm")
    assert source.written_labels and source.text.startswith("FARM TRADE")
    assert source.title.startswith("Congressional Record, Volume 143")
    assert source.date == "1997-01-28"  # from the page's own title


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12),
                          st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                                  max_size=30)), max_size=20))
def test_record_text_keeps_every_word_once_in_order(lines):
    """Whatever the indents, the <pre> lines' characters come out once each, in order (only
    the spaces between them may change: none after a line-end hyphen), in paragraphs without
    blank lines (furniture lines aside)."""
    body = "\n".join(" " * indent + text for indent, text in lines)
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = crec.record_text(f"<pre>{escaped}</pre>")
    kept = [text for _, text in lines if not crec._FURNITURE.fullmatch(text)]
    assert "".join(text.split()) == "".join("".join(kept).replace("\x00", "").split())
    assert all(p.strip() for p in text.split("\n\n")) if text else True
