"""UK Hansard (TheyWorkForYou ParlParse XML): a document per debate, every paragraph with the
speaker the XML names (none for headings and procedure), the chamber and the file's date;
a changed day replaces its debates, a bad file is one line."""

from __future__ import annotations

from workbench.cli import main
from workbench.corpus.store import CorpusStore

DAY = """<?xml version="1.0" encoding="UTF-8"?>
<publicwhip scraperversion="a" latest="yes">
<major-heading id="uk.org.publicwhip/debate/2020-01-07a.1.0" nospeaker="true">Farm Trade</major-heading>
<speech id="uk.org.publicwhip/debate/2020-01-07a.1.1" speakername="Jane Doe" person_id="uk.org.publicwhip/person/1">
<p pid="a.1.1/1">Our farmers cannot sell their lamb abroad while the tariffs stay.</p>
<p pid="a.1.1/2">I will say so <i>again</i> &amp; again.</p>
</speech>
<minor-heading id="uk.org.publicwhip/debate/2020-01-07a.1.2">Tariffs</minor-heading>
<speech id="uk.org.publicwhip/debate/2020-01-07a.1.3" speakername="John Roe" person_id="uk.org.publicwhip/person/2">
<p>The tariffs fell by half last year.</p>
</speech>
<speech id="uk.org.publicwhip/debate/2020-01-07a.1.4" nospeaker="true">
<p>Question put and agreed to.</p>
</speech>
<major-heading id="uk.org.publicwhip/debate/2020-01-07a.2.0" nospeaker="true">Fishing</major-heading>
<speech id="uk.org.publicwhip/debate/2020-01-07a.2.1" speakername="Jane Doe">
<p>The fishing fleet needs a deal.</p>
</speech>
</publicwhip>
"""


def add(tmp_path, *paths) -> tuple[int, str, str]:
    return main(["corpus", "--db", str(tmp_path / "c.db"), "add", *map(str, paths)])


def stored(tmp_path) -> dict[str, tuple]:
    with CorpusStore(tmp_path / "c.db", create=False) as store:
        out = {}
        for ref in store.documents():
            doc = store.get_document(ref.id)
            out[doc.title] = (doc, [(p.speaker, doc.text[p.start:p.end])
                                    for p in store.passages_of(doc.id)])
        return out


def test_a_day_becomes_a_document_per_debate_with_the_speakers_the_xml_names(tmp_path, capsys):
    folder = tmp_path / "debates"
    folder.mkdir()
    (folder / "debates2020-01-07a.xml").write_text(DAY, encoding="utf-8")
    (folder / "other.xml").write_text("<config/>", encoding="utf-8")  # not a day file: not read
    assert add(tmp_path, folder) == 0, capsys.readouterr().err
    docs = stored(tmp_path)
    assert set(docs) == {"Farm Trade (House of Commons)", "Fishing (House of Commons)"}
    doc, passages = docs["Farm Trade (House of Commons)"]
    assert doc.date == "2020-01-07" and doc.kind == "transcript"
    assert doc.url == "https://www.theyworkforyou.com/debates/?id=2020-01-07a.1.0"
    assert doc.source_kind == "hansard" and doc.path.endswith("debates2020-01-07a.xml#2020-01-07a.1.0")
    assert passages == [
        ("Jane Doe", "Our farmers cannot sell their lamb abroad while the tariffs stay.\n\n"
                     "I will say so again & again."),
        (None, "Tariffs"),
        ("John Roe", "The tariffs fell by half last year."),
        (None, "Question put and agreed to."),  # procedure is no one's words
    ]


def test_a_changed_day_replaces_its_debates_and_drops_the_gone_ones(tmp_path, capsys):
    day = tmp_path / "debates2020-01-07a.xml"
    day.write_text(DAY, encoding="utf-8")
    assert add(tmp_path, day) == 0
    start = DAY.index('<major-heading id="uk.org.publicwhip/debate/2020-01-07a.2.0"')
    day.write_text(DAY[:start].replace("lamb", "beef") + "</publicwhip>\n", encoding="utf-8")
    assert add(tmp_path, day) == 0
    out = capsys.readouterr().out
    assert "replaced 1" in out and "removed 1" in out
    docs = stored(tmp_path)
    assert list(docs) == ["Farm Trade (House of Commons)"]
    assert "beef" in docs["Farm Trade (House of Commons)"][1][0][1]


def test_bad_hansard_files_are_one_line_each_and_skipped(tmp_path, capsys):
    (tmp_path / "debates2020-01-08a.xml").write_text("<publicwhip><speech>", encoding="utf-8")
    (tmp_path / "debates2020-01-09a.xml").write_text("<html/>", encoding="utf-8")
    (tmp_path / "lords2020-01-09a.xml").write_text(
        '<!DOCTYPE p [<!ENTITY a "aaa">]><publicwhip>&a;</publicwhip>', encoding="utf-8")
    (tmp_path / "debates2020-01-07a.xml").write_text(DAY, encoding="utf-8")
    code = add(tmp_path, tmp_path)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 1 and "Traceback" not in err and len(lines) == 3, err
    assert any("not well-formed XML" in line for line in lines)
    assert any("no <publicwhip> root" in line for line in lines)
    assert any("declares a DTD or entities" in line for line in lines)
    assert len(stored(tmp_path)) == 2
