"""Tests for workbench.corpus.ingest, passages and transcript: every format into the store."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.corpus import ingest
from workbench.corpus.ingest import collect, ingest_files, worker_pool
from workbench.corpus.ingest.clean import clean_markdown, clean_plain, normalize_date
from workbench.corpus.passages import MAX_CHARS, MAX_PARAGRAPHS, segment
from workbench.corpus.store import CorpusStore
from workbench.corpus.transcript import LabelResolver, display_label, title_person

BRIEFING = """---
title: "Press Briefing by Press Secretary Karine\\_Jean-Pierre and NSC Coordinator for\\
  \\ Strategic Communications John\\_Kirby"
date: '2022-06-15'
source_url: https://example.org/briefings/2022/06/15/
tags: press-briefings
---
\u00a0
Brady Press Briefing Room

1:05 P.M. EDT

MS. JEAN-PIERRE:  Good afternoon, everyone.  I have one item
at the top today.

The summit opens on Monday.

As Jake Sullivan told you yesterday, the agenda is set.

ADMIRAL KIRBY:  Thanks, Karine.  The talks went well.

Q    Admiral, the senator said, "The talks failed completely."  Do you agree?

ADMIRAL KIRBY:  No, I don't.

Q:  A follow-up on that?

MR. SULLIVAN:  That's right.

MS. DOE:  One more thing.

END  1:45 P.M. EDT
"""

REMARKS = """---
title: Remarks by President Biden at a Port Event
date: 2022-03-04
---

Port of Example

THE PRESIDENT:  Thank you.  My son Beau Biden loved this port.

AUDIENCE MEMBER:  We love you!

THE PRESIDENT:  Thank you all.
"""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def add(tmp_path: Path, *paths: Path | str, db: str = "c.db", **kw):
    """Ingest *paths* into tmp_path/db; (summary, warnings, store)."""
    warnings: list[str] = []
    items, problems = collect([str(p) for p in paths], warnings.append)
    store = CorpusStore(tmp_path / db)
    summary = ingest_files(store, items, warn=warnings.append, **kw)
    return summary, warnings + [f"problems={problems}"] * bool(problems), store


def doc_by_suffix(store: CorpusStore, suffix: str):
    for d in store.documents():
        if d.path.endswith(suffix):
            return store.get_document(d.id)
    raise AssertionError(f"no document {suffix}")


def passages(store: CorpusStore, doc) -> list[tuple[str | None, str]]:
    return [(p.speaker, p.text) for p in store.passages_of(doc.id)]


def assert_offsets(store: CorpusStore) -> None:
    """For every passage: doc.text[start:end] == passage.text, with no edge whitespace."""
    for listed in store.documents():
        doc = store.get_document(listed.id)
        for p in store.passages_of(doc.id):
            assert doc.text[p.start:p.end] == p.text
            assert p.text and p.text == p.text.strip()


# --------------------------------------------------------------------------- Markdown


def test_markdown_front_matter_metadata(tmp_path):
    """Front matter gives title (YAML escapes and folded lines decoded), date, url, kind."""
    summary, warnings, store = add(tmp_path, write(tmp_path / "b.md", BRIEFING))
    assert warnings == [] and summary.added == 1
    doc = doc_by_suffix(store, "b.md")
    assert doc.title == ("Press Briefing by Press Secretary Karine Jean-Pierre and NSC Coordinator "
                         "for Strategic Communications John Kirby")
    assert doc.date == "2022-06-15" and doc.url == "https://example.org/briefings/2022/06/15/"
    assert doc.kind == "briefing" and doc.speaker == "Karine Jean-Pierre"
    assert doc.path == str((tmp_path / "b.md").resolve())
    assert_offsets(store)


def test_impossible_front_matter_date_drops_the_date_not_the_document(tmp_path):
    """A front matter date that is no date (YAML refused it, and the file was skipped) is left
    out with a warning; the document and the rest of its front matter go in. Both the fast
    front matter reader and the YAML parser (a flow list sends the block there)."""
    files = {"a.md": "date: 2022-13-45\n", "b.md": "date: 2022-02-30\n",
             "c.md": "tags: [x, y]\ndate: 2022-02-30\n", "d.md": "published: '2022-13-45'\n"}
    for name, front in files.items():
        write(tmp_path / "in" / name, f"---\ntitle: Title {name}\n{front}---\nThe ferry runs.\n")
    summary, warnings, store = add(tmp_path, tmp_path / "in")
    assert (summary.added, summary.skipped) == (4, 0)
    shown = {name: str(tmp_path / "in" / name) for name in files}
    assert warnings == [f"{shown['a.md']}: ignored date '2022-13-45' (not a date)",
                        f"{shown['b.md']}: ignored date '2022-02-30' (not a date)",
                        f"{shown['c.md']}: ignored date '2022-02-30' (not a date)",
                        f"{shown['d.md']}: ignored date '2022-13-45' (not a date)"]
    for name in files:
        doc = doc_by_suffix(store, name)
        assert (doc.title, doc.date, doc.text) == (f"Title {name}", None, "The ferry runs.")
    assert doc_by_suffix(store, "c.md").kind == "article"


def test_a_good_date_wins_over_a_bad_one_without_a_warning(tmp_path):
    """Only a document left with no date is worth a warning."""
    path = write(tmp_path / "a.md", "---\ndate: 2022-13-45\npublished: 2022-01-04\n---\nText.\n")
    summary, warnings, store = add(tmp_path, path)
    assert warnings == [] and doc_by_suffix(store, "a.md").date == "2022-01-04"


def test_front_matter_without_its_closing_line_is_text(tmp_path):
    """An opening ``---`` never closed is no front matter: its lines are text, and the title
    is the first line of text (it was ``---``), in the corpus and in the article."""
    from workbench.article import article_from_text

    source = "---\ntitle: Draft\n\nThe ferry runs twice a day.\n"
    summary, warnings, store = add(tmp_path, write(tmp_path / "a.md", source))
    doc = doc_by_suffix(store, "a.md")
    assert summary.added == 1 and warnings == []
    assert doc.title == "title: Draft" and doc.text == "title: Draft\n\nThe ferry runs twice a day."
    assert article_from_text(source, fmt="md").title == "title: Draft"
    assert article_from_text("***\n\n- - -\nFirst words\n", fmt="md").title == "First words"


def test_markdown_hard_wraps_escapes_and_markup_are_cleaned():
    """Wrapped lines join with a space; escapes, emphasis, links, headings and bullets go."""
    body = ("# The \\[draft\\] plan\n\nThe *new* plan, **announced** on\nMonday, costs \\$5 and "
            "covers \\_all\\_ [ferry routes](https://example.org/routes \"Routes\").\nIt is\u00a0 "
            "`final`.\n\n- first item\n- second item\n\nA_b_c stays snake_case &amp; 2 * 3 = 6.")
    assert clean_markdown(body) == (
        "The [draft] plan\n\nThe new plan, announced on Monday, costs $5 and covers _all_ "
        "ferry routes. It is final.\n\nfirst item\nsecond item\n\n"
        "A_b_c stays snake_case & 2 * 3 = 6.")


def test_plain_text_joins_wraps_and_splits_turns_written_one_a_line():
    """In plain text, wrapped lines join, but a line opening a turn starts a new paragraph."""
    text = "MR. ROE: We will\nbuild it.\nQ: When?\nMR. ROE:  Soon."
    assert clean_plain(text) == "MR. ROE: We will build it.\n\nQ: When?\n\nMR. ROE: Soon."


def test_front_matter_dates_are_normalised():
    """Dates in common spellings become yyyy-mm-dd; nonsense becomes None."""
    import datetime as dt

    assert normalize_date("2022-01-04") == "2022-01-04"
    assert normalize_date(dt.date(2022, 1, 4)) == "2022-01-04"
    assert normalize_date("2022-01-04T19:50:00-05:00") == "2022-01-04"
    assert normalize_date("January 4, 2022") == "2022-01-04"
    assert normalize_date("4 Jan 2022") == "2022-01-04"
    assert normalize_date("2022/1/4") == "2022-01-04"
    assert normalize_date("2022-02-30") is None
    assert normalize_date("soon") is None and normalize_date(None) is None


# --------------------------------------------------------------------------- transcripts


def test_transcript_labels_resolved_from_title_and_earlier_mention(tmp_path):
    """Labels become speakers: from the title (MS. JEAN-PIERRE, ADMIRAL KIRBY), from an earlier
    full mention (MR. SULLIVAN), or title-cased when unresolved (MS. DOE); Q stays Q."""
    _, _, store = add(tmp_path, write(tmp_path / "b.md", BRIEFING))
    got = passages(store, doc_by_suffix(store, "b.md"))
    assert got == [
        (None, "Brady Press Briefing Room\n\n1:05 P.M. EDT"),
        ("Karine Jean-Pierre", "Good afternoon, everyone. I have one item at the top today.\n\n"
                               "The summit opens on Monday.\n\n"
                               "As Jake Sullivan told you yesterday, the agenda is set."),
        ("John Kirby", "Thanks, Karine. The talks went well."),
        ("Q", 'Admiral, the senator said, "The talks failed completely." Do you agree?'),
        ("John Kirby", "No, I don't."),
        ("Q", "A follow-up on that?"),
        ("Jake Sullivan", "That's right."),
        ("Ms. Doe", "One more thing."),
        (None, "END 1:45 P.M. EDT"),
    ]
    assert_offsets(store)


def test_reporter_quoting_official_is_attributed_to_q(tmp_path):
    """The words a reporter quotes in a Q turn are never given to the official."""
    _, _, store = add(tmp_path, write(tmp_path / "b.md", BRIEFING))
    rows = store.conn.execute(
        "SELECT p.speaker FROM passages_fts f JOIN passages p ON p.id = f.rowid "
        "WHERE passages_fts MATCH '\"talks failed completely\"'").fetchall()
    assert rows == [("Q",)]


def test_the_president_resolves_to_the_title_and_ignores_relatives(tmp_path):
    """THE PRESIDENT is the president of the title, 'President Biden' without a full name; a
    relative named later ("Beau Biden") is not taken; generic labels stay as they are."""
    _, _, store = add(tmp_path, write(tmp_path / "r.md", REMARKS))
    doc = doc_by_suffix(store, "r.md")
    assert [s for s, _ in passages(store, doc)] == [None, "President Biden", "Audience Member",
                                                    "President Biden"]
    assert doc.speaker == "President Biden" and doc.kind == "speech" and doc.date == "2022-03-04"


def test_the_president_gets_the_full_name_when_the_text_gives_it(tmp_path):
    """'President Joe Biden' in the text turns THE PRESIDENT (and the document) into Joe Biden."""
    text = REMARKS.replace("Port of Example", "President Joe Biden visits the Port of Example.")
    _, _, store = add(tmp_path, write(tmp_path / "r.md", text))
    doc = doc_by_suffix(store, "r.md")
    assert {s for s, _ in passages(store, doc)} == {None, "Joe Biden", "Audience Member"}
    assert doc.speaker == "Joe Biden"


def test_vice_president_and_first_lady_labels():
    """THE VICE PRESIDENT and THE FIRST LADY resolve from the title, not to the President."""
    resolver = LabelResolver("Vice President Kamala Harris spoke.",
                             "Remarks by President Biden, Vice President Harris and First Lady Jill Biden")
    assert resolver.resolve("THE VICE PRESIDENT") == "Kamala Harris"
    assert resolver.resolve("THE FIRST LADY") == "Jill Biden"
    assert resolver.resolve("THE PRESIDENT") == "President Biden"
    assert resolver.resolve("SECRETARY BLINKEN") == "Secretary Blinken"


def test_title_person_and_display_label():
    """Titles name who a document is by; labels display in title case."""
    assert title_person("Press Gaggle by Press Secretary Karine Jean-Pierre En Route Ohio") == (
        "Press Secretary", "Karine Jean-Pierre")
    assert title_person("Remarks By President Biden Before Meeting") == ("President", "Biden")
    assert title_person("Background Press Call by Senior Administration Officials") is None
    assert title_person("Press Briefing by White House Covid Response Team") is None
    assert display_label("MS. O’CONNELL") == "Ms. O’Connell"
    assert display_label("SENATOR JEAN-PIERRE") == "Senator Jean-Pierre"


def test_long_turns_split_at_paragraphs_and_keep_the_speaker():
    """A turn of many paragraphs becomes passages of at most 3 paragraphs / 1,500 characters,
    and a paragraph over 1,500 characters is split at sentence ends; all keep the speaker."""
    para = "This is a sentence about the budget and the plan."  # 50 characters
    long_para = " ".join([para] * 40)  # 2,039 characters
    text = "MR. ROE: " + "\n\n".join([para] * 5 + [long_para]) + "\n\nQ: Thanks.\n\nMR. ROE: Sure."
    seg = segment(text, "Remarks by Mayor Richard Roe")
    roe = [(s, e) for s, e, who in seg.passages if who == "Richard Roe"]
    assert [who for *_, who in seg.passages] == ["Richard Roe"] * 4 + ["Q", "Richard Roe"]
    for s, e in roe:
        assert e - s <= MAX_CHARS and text[s:e].count("\n\n") < MAX_PARAGRAPHS
        assert text[e - 1] == "." and not text[s].isspace()
    assert text[roe[0][0]:roe[0][1]].count("\n\n") == 2  # three paragraphs
    assert seg.main_speaker() == "Richard Roe"


def test_prose_merges_short_paragraphs_and_splits_long_ones():
    """Outside transcripts a short paragraph (a heading) joins the next; long ones are split."""
    sentence = "The council met on Monday and agreed the new ferry timetable for the winter. "
    long_para = (sentence * 30).strip()
    text = f"Ferry news\n\n{long_para}\n\nShort line.\n\nThe end of the story, told at length here."
    seg = segment(text)
    assert not seg.transcript
    spans = [(s, e) for s, e, _ in seg.passages]
    assert text[spans[0][0]:].startswith("Ferry news\n\nThe council")
    assert all(e - s <= MAX_CHARS for s, e in spans)
    assert len(spans) >= 3 and all(who is None for *_, who in seg.passages)
    assert text[spans[-1][0]:spans[-1][1]] == "Short line.\n\nThe end of the story, told at length here."


def test_speech_without_turns_gives_passages_the_document_speaker(tmp_path):
    """A speech with no labels is all its speaker's words: passages carry the front matter speaker."""
    text = "---\nspeaker: Mary Smith\nkind: speech\n---\nWe will build the bridge. It will open next year.\n"
    _, _, store = add(tmp_path, write(tmp_path / "s.md", text))
    doc = doc_by_suffix(store, "s.md")
    assert doc.speaker == "Mary Smith" and doc.kind == "speech"
    assert {s for s, _ in passages(store, doc)} == {"Mary Smith"}


# --------------------------------------------------------------------------- other formats


def test_txt_file_with_cp1252_fallback(tmp_path):
    """A .txt file in Windows-1252 is decoded; wrapped lines are joined; the title is the first line."""
    path = write(tmp_path / "t.txt", "Caf\xe9 talks\n\nThe caf\xe9 owners \u201cagreed\u201d on\nTuesday.\n"
                 .encode("cp1252"))
    _, warnings, store = add(tmp_path, path)
    doc = doc_by_suffix(store, "t.txt")
    assert warnings == []
    assert doc.text == "Café talks\n\nThe café owners “agreed” on Tuesday."
    assert doc.title == "Café talks" and doc.kind == "other"
    assert passages(store, doc) == [(None, doc.text)]


def test_html_main_text_title_and_meta(tmp_path):
    """An HTML page gives its main text (no menus or scripts), its title, date and canonical URL."""
    page = """<!DOCTYPE html><html><head><title>Ferry fares to rise</title>
    <meta property="article:published_time" content="2023-10-02T08:00:00Z">
    <link rel="canonical" href="https://example.org/ferry-fares">
    <script>var tracking = 1;</script></head>
    <body><nav><a href="/">Home menu</a></nav><article><h1>Ferry fares to rise</h1>
    <p>Ferry fares between the two islands will rise by a tenth in October, the operator said.</p>
    <p>\u201cWe held prices for three years, but we cannot hold them for a fourth,\u201d said
    operations manager Ruth Calloway.</p></article><footer>Copyright footer</footer></body></html>"""
    _, warnings, store = add(tmp_path, write(tmp_path / "p.html", page))
    doc = doc_by_suffix(store, "p.html")
    assert warnings == []
    assert doc.title == "Ferry fares to rise" and doc.kind == "article"
    assert doc.date == "2023-10-02" and doc.url == "https://example.org/ferry-fares"
    assert "cannot hold them for a fourth" in doc.text
    assert "tracking" not in doc.text and "Copyright footer" not in doc.text
    assert_offsets(store)


def test_jsonl_documents_metadata_and_bad_lines(tmp_path):
    """Each JSONL line is a document (FILE#id or FILE#LINE); bad lines are reported and skipped."""
    lines = [
        json.dumps({"id": "a1", "text": "MS. ROE: Hello.\n\nQ: Why?\n\nMS. ROE: Because.",
                    "title": "Briefing by Spokesperson Jane Roe", "date": "March 3, 2021",
                    "url": "https://example.org/a1", "kind": "briefing"}),
        "{not json",
        json.dumps({"text": "A plain note with no id.", "speaker": "Ann Lee"}),
        json.dumps({"id": "a1", "text": "A duplicate id."}),
        json.dumps({"id": "x", "title": "no text"}),
        "",
    ]
    path = write(tmp_path / "docs.jsonl", "\n".join(lines) + "\n")
    summary, warnings, store = add(tmp_path, path)
    assert summary.added == 2 and summary.skipped == 3
    shown = str(path)
    assert warnings[0].startswith(f"{shown}:2: not valid JSON")
    assert warnings[1] == f"{shown}:4: duplicate id (first on line 1)"
    assert warnings[2] == f'{shown}:5: missing "text"'
    a1 = doc_by_suffix(store, "docs.jsonl#a1")
    assert (a1.title, a1.date, a1.url, a1.kind) == ("Briefing by Spokesperson Jane Roe",
                                                    "2021-03-03", "https://example.org/a1", "briefing")
    assert [s for s, _ in passages(store, a1)] == ["Jane Roe", "Q", "Jane Roe"]
    note = doc_by_suffix(store, "docs.jsonl#3")
    assert note.speaker == "Ann Lee" and note.kind == "other"
    assert_offsets(store)


def test_jsonl_line_dropped_from_file_is_removed_on_readd(tmp_path):
    """Re-adding a JSONL file removes the documents of lines it no longer has."""
    path = write(tmp_path / "d.jsonl", '{"id": 1, "text": "One."}\n{"id": 2, "text": "Two."}\n')
    _, _, store = add(tmp_path, path)
    store.close()
    write(path, '{"id": 1, "text": "One."}\n')
    summary, _, store = add(tmp_path, path)
    assert (summary.unchanged, summary.removed) == (1, 1)
    assert [d.path.rsplit("#", 1)[1] for d in store.documents()] == ["1"]


# --------------------------------------------------------------------------- files and folders


def broken_files(folder: Path) -> list[Path]:
    """A binary file, bad UTF-8 that also fails cp1252, a dangling link and a FIFO."""
    made = [write(folder / "binary.txt", b"\x00\x01\x02\x03PK\x00" * 50),
            write(folder / "undecodable.md", b"caf\xc3 \x81\x8d\x8f\x90 broken")]
    os.symlink(folder / "missing-target.txt", folder / "dangling.txt")
    made.append(folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    made.append(folder / "pipe.txt")
    return made


def test_broken_files_are_reported_and_the_rest_go_in(tmp_path):
    """Unreadable files are reported as 'PATH: reason' and skipped; good files are added."""
    folder = tmp_path / "in"
    write(folder / "good.md", BRIEFING)
    write(folder / "sub" / "good.txt", "Plain words.\n")
    write(folder / ".hidden.txt", "Hidden.\n")
    write(folder / "ignored.xls", b"\xd0\xcf")
    broken = broken_files(folder)
    summary, warnings, store = add(tmp_path, folder)
    assert (summary.added, summary.skipped) == (2, len(broken))
    assert len(warnings) == len(broken)
    for path, message in zip(sorted(map(str, broken)), sorted(warnings)):
        assert message.startswith(f"{path}: ") and "\n" not in message
    assert any("binary" in w for w in warnings)
    assert any("cannot decode" in w for w in warnings)
    assert any("no such file" in w for w in warnings)
    assert sorted(Path(d.path).name for d in store.documents()) == ["good.md", "good.txt"]


def test_readding_unchanged_files_does_nothing(tmp_path):
    """A second add of the same files finds them unchanged and writes nothing."""
    path = write(tmp_path / "b.md", BRIEFING)
    _, _, store = add(tmp_path, path)
    store.close()
    summary, warnings, store = add(tmp_path, path)
    assert (summary.added, summary.replaced, summary.unchanged, summary.passages) == (0, 0, 1, 0)
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_changed_file_replaces_old_version_and_fts_follows(tmp_path):
    """A changed file replaces its old version: old passages go, FTS finds only new words."""
    path = write(tmp_path / "n.txt", "Zeppelins return to the harbour.\n")
    _, _, store = add(tmp_path, path)
    store.close()
    write(path, "Submarines return to the harbour.\n")
    summary, _, store = add(tmp_path, path)
    assert summary.replaced == 1
    assert [p.text for p in store.passages_of(1)] == ["Submarines return to the harbour."]
    assert store.conn.execute("SELECT count(*) FROM passages").fetchone()[0] == 1
    fts = "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?"
    assert store.conn.execute(fts, ("zeppelins",)).fetchone()[0] == 0
    assert store.conn.execute(fts, ("submarines",)).fetchone()[0] == 1
    store.conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")


def test_missing_path_and_unsupported_type_are_reported(tmp_path):
    """A path that does not exist and a file of an unknown type are reported."""
    pdf = write(tmp_path / "x.xls", b"\xd0\xcf")
    warnings: list[str] = []
    items, problems = collect([str(tmp_path / "nope"), str(pdf)], warnings.append)
    assert items == [] and problems == 2
    assert warnings[0] == f"{tmp_path / 'nope'}: no such file or directory"
    assert warnings[1].startswith(f"{pdf}: not a supported file type")


def test_worker_pool_gives_the_same_result(tmp_path, monkeypatch):
    """Ingest through worker processes stores exactly what the single-process path stores."""
    monkeypatch.setattr(ingest, "MIN_PARALLEL_FILES", 2)
    monkeypatch.setattr(ingest, "MIN_PARALLEL_BYTES", 1)
    folder = tmp_path / "in"
    for i in range(6):
        write(folder / f"b{i}.md", BRIEFING.replace("one item", f"item {i}"))
    write(folder / "r.md", REMARKS)
    write(folder / "bad.txt", b"\x00\x00binary")
    write(folder / "date.md", "---\ntitle: T\ndate: 2022-02-30\n---\nThe ferry runs.\n")
    plain = add(tmp_path, folder, db="plain.db")
    items, _ = collect([str(folder)], print)
    with worker_pool(items, workers=2) as pool:
        assert pool is not None
        parallel = add(tmp_path, folder, db="parallel.db", pool=pool)

    def dump(store):
        return [(d.path, d.title, d.speaker, d.kind, passages(store, d)) for d in store.documents()]

    assert dump(parallel[2]) == dump(plain[2])
    assert parallel[1] == plain[1] and parallel[0].skipped == 1
    assert any("ignored date '2022-02-30'" in w for w in parallel[1])


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _running(pids: list[int], wait: float = 0.0) -> list[int]:
    """The processes of *pids* still running (not ended, nor ended and not yet reaped), after
    waiting up to *wait* seconds for them to end."""
    deadline = time.monotonic() + wait
    while True:
        running = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
            except OSError:
                continue
            if state not in ("Z", "X"):
                running.append(pid)
        if not running or time.monotonic() >= deadline:
            return running
        time.sleep(0.05)


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
                    reason="needs /proc/PID/task/PID/children to find the worker processes")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_quietly_when_the_main_process_is_killed(tmp_path, sig):
    """`corpus add` killed while its workers parse: they end without a word on stderr (each
    printed a BrokenPipeError traceback on sending its next result) and none is left behind."""
    rng = random.Random(1)
    words = "the ferry said that jobs and prices matter to every family on the river".split()
    for i in range(240):
        paragraphs = (" ".join(rng.choice(words) for _ in range(100)) + "." for _ in range(40))
        write(tmp_path / "in" / f"f{i:03}.md", f"# Note {i}\n\n" + "\n\n".join(paragraphs))
    root = Path(ingest.__file__).parents[3]  # the checkout whose workbench is under test
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "corpus", "add", str(tmp_path / "in"),
         "--db", str(tmp_path / "c.db")], cwd=root, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(root)})
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            workers = _children(proc.pid)
        assert workers, "the workers did not start"
        time.sleep(0.15)  # they are parsing now
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)  # ends when every worker has closed stderr
    finally:
        proc.kill()
        left = _running(workers, wait=10)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    assert proc.returncode == -sig
    assert err.decode() == ""
    assert left == []


# --------------------------------------------------------------------------- fast paths
# The ingest speed-ups must not change what is read: each fast path against its reference.


FRONT_MATTERS = [
    "tags: press-briefings\ndate: '2022-01-04'\nmodified_time: 2022-01-04 19:50:00-05:00\n"
    "source_url: https://example.org/a/#b\npublished_time: 2022-01-04 20:00:00-05:00\n"
    'title: "Press Briefing by Press Secretary Jen\\_Psaki, January 4,\\_2022"\n',
    'title: "Remarks by President\\_Biden During a Virtual Meeting\\\n  \\ and Reducing\\_Prices"\n',
    'title: "Line one\n  line two\n\n  after an empty line"\n',
    'title: "COVID-\\u206019 \\x41\\U0001F600 \\"quoted\\" \\\\ \\/"\n',
    "title: 'It''s single-quoted: fine'\nspeaker: Joe Biden\n",
    "on: yes\nnull: ~\ncount: 012\nratio: .5\nflag: No\nwhen: 2022-01-04\nempty:\nx: <<\n",
    "title: a: b\n",                    # not YAML: the front matter is dropped
    "title: x #comment\ndate: 2022-01-04\n",
    "tags: [a, b]\ntitle: t\n",
    "tags:\n  - a\n  - b\n",
    "title: 'unterminated\n",
    "title: \"bad \\q escape\"\n",
    "# comment\ntitle: t\n",
    "title: t\n\ndate: 2022-01-04\n",
    "title:\tt\n",
    "title: *alias\n",
    "key:value\n",
    "title: caf\u00e9 \u2014 \u201cquoted\u201d\nurl: https://x.org\n",
    "",
]


def test_simple_front_matter_is_read_as_yaml_reads_it():
    """The front matter reader's fast path gives what the YAML parser gives, or steps aside."""
    import yaml

    from workbench import provenance

    def parser(block):
        try:
            data = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return {}
        return data if isinstance(data, dict) else {}

    fast = 0
    for block in FRONT_MATTERS:
        expected = parser(block)
        got = provenance._parse_yaml(block)
        assert got == expected and list(got) == list(expected), block
        assert [type(v) for v in got.values()] == [type(v) for v in expected.values()], block
        fast += provenance._simple_yaml(block) is not None
    assert fast >= 6  # the common shapes take the fast path


def test_an_impossible_date_is_text_on_both_front_matter_paths():
    """The fast reader and the YAML parser (a flow list sends the block there) read a date
    YAML refuses as the text of a quoted one: the rest of the front matter is kept."""
    import yaml

    from workbench import provenance

    for block in ("title: t\ndate: 2022-02-30\n", "tags: [a, b]\ndate: 2022-13-45\n"):
        quoted = re.sub(r"(\d{4}-\d\d-\d\d)", r"'\1'", block)
        assert provenance._parse_yaml(block) == yaml.safe_load(quoted), block
    assert provenance._simple_yaml("title: t\ndate: 2022-02-30\n") is not None  # (the fast path)


def test_front_matter_scalars_read_again_from_the_cache():
    """A plain scalar read a second time (the next file's "date:", "tags:") comes from
    _plain's cache and is what the YAML parser gives, type included."""
    import yaml

    from workbench import provenance

    block = "title: The Plan\ndraft: true\ncount: 12\ndate: 2022-01-04\nnone: ~\nmerge: x\n"
    expected = yaml.safe_load(block)
    for _ in range(2):
        got = provenance._parse_yaml(block)
        assert got == expected
        assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]
    assert provenance._simple_yaml("key: <<\n") is None  # a merge key, cached or not
    assert provenance._simple_yaml("key: <<\n") is None


def test_paragraph_spans_of_cleaned_and_uncleaned_text():
    """paragraph_spans (computed from lengths alone for cleaned text) agrees with the
    paragraph pattern it stands for, with and without whitespace to trim."""
    import re

    from workbench.corpus.passages import paragraph_spans

    def reference(text):
        spans = []
        for m in re.finditer(r"(?:[^\n]|\n(?!\n))+", text):
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append((start, end))
        return spans

    for text in ["One.\n\nTwo, two.\n\nThree", "", "x", "One.\nStill one.\n\nTwo.",
                 " lead\n\ntrail ", "a \n\nb", "a\n\n b", "a\n\n\nb", "a\n \nb",
                 "\n\na\n\n", "Q    Why?\n\nMS. X:  Because.\n\n\u00a0\n\nEND"]:
        assert paragraph_spans(text) == reference(text), text


def test_odd_space_check_matches_the_pattern():
    """_has_odd_space (a printable-lines test first) finds exactly what _ODD_SPACE finds."""
    from workbench.corpus.ingest import clean

    for code in list(range(0x3000 + 1)) + [0x1F600, 0xFEFF, 0x200B, 0xE000]:
        text = f"a{chr(code)}b\nc d"
        assert clean._has_odd_space(text) == bool(clean._ODD_SPACE.search(text)), hex(code)


def test_last_batch_is_kept_small():
    """Batches are BATCH_BYTES, but the last one holds about LAST_BATCH_BYTES (what is left to
    index and commit after the last file is parsed); every file is in exactly one batch."""
    items = [ingest.FileItem(f"/x/{i}.md", f"/x/{i}.md", 100_000) for i in range(200)]
    batches = list(ingest._batches(items))
    assert [item for batch in batches for item in batch] == items
    sizes = [sum(item.size for item in batch) for batch in batches]
    assert sizes[-1] <= ingest.LAST_BATCH_BYTES
    assert all(size >= ingest.LAST_BATCH_BYTES for size in sizes[:-1])
    assert max(sizes) <= ingest.BATCH_BYTES + 100_000
