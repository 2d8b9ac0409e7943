"""Tests for workbench.cli: the ``workbench`` command line."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import workbench.article
import workbench.nlp
from workbench import __version__
from workbench.article import load_article
from workbench.cli import main
from workbench.models import Quote, TextSpan

ROOT = Path(__file__).resolve().parent.parent
NATO = ROOT / "sample_articles" / "nato-divided-on-ukraine-status.txt"
GOOD_TEXT = "“We will not give up,” said Mary Smith, the union leader.\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_module(*argv: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "workbench", *argv], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def one_error_line(err: str) -> str:
    """The single stderr line of a failed run (asserts that there is exactly one)."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("workbench: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def no_model(monkeypatch):
    """Fail the test if anything tries to load the spaCy model."""
    def refuse(model=None):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(workbench.nlp, "load_nlp", refuse)


@pytest.fixture
def fake_pipeline(monkeypatch):
    """A stand-in model and extract_records: each text yields one quote of its first 5 characters.

    Returns the list of the record iterables extract_records was given.
    """
    import workbench.extract

    seen = []
    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: "fake-nlp")

    def fake_extract_records(nlp, records, batch_size=16):
        assert nlp == "fake-nlp"
        seen.append(records)
        for rid, text in records:
            quote = Quote(id="q1", parts=[(0, min(5, len(text)))], text=text[:5],
                          speaker_id="s1", speaker_name="Ann", mention=TextSpan(0, 3, "Ann"),
                          cue=TextSpan(6, 10, "said"), confidence=0.5)
            yield rid, [quote], []

    monkeypatch.setattr(workbench.extract, "extract_records", fake_extract_records)
    return seen


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def jsonl(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


# --------------------------------------------------------------------------- bad input, no model


def test_missing_article_is_one_error_line(capsys, no_model, tmp_path):
    """A missing ARTICLE gives one error line naming it, exit 2, no output, no model load."""
    code, out, err = run(capsys, "extract", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert one_error_line(err).endswith("nope.txt: no such file")


def test_empty_article_is_one_error_line(capsys, no_model, tmp_path):
    """An empty file gives one error line, exit 2."""
    path = write(tmp_path / "empty.txt", "")
    code, out, err = run(capsys, "extract", str(path))
    assert code == 2 and out == ""
    assert "empty" in one_error_line(err)


def test_whitespace_only_article_is_one_error_line(capsys, no_model, tmp_path):
    """A file of blank lines counts as empty: one error line, exit 2."""
    path = write(tmp_path / "blank.md", "\n  \n\t\n")
    code, _, err = run(capsys, "extract", str(path))
    assert code == 2 and "empty" in one_error_line(err)


def test_binary_article_is_one_error_line(capsys, no_model, tmp_path):
    """A binary file gives one error line, exit 2."""
    path = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, err = run(capsys, "extract", str(path))
    assert code == 2 and out == ""
    assert "binary" in one_error_line(err)


def test_directory_article_is_one_error_line(capsys, no_model, tmp_path):
    """A directory given as ARTICLE gives one error line, exit 2."""
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 2 and out == ""
    assert "directory" in one_error_line(err)


def test_too_large_article_is_one_error_line(capsys, no_model, monkeypatch, tmp_path):
    """A file over the loader's size limit gives one error line, exit 2."""
    monkeypatch.setattr(workbench.article, "MAX_CHARS", 10)
    path = write(tmp_path / "long.txt", GOOD_TEXT * 5)
    code, out, err = run(capsys, "extract", str(path))
    assert code == 2 and out == ""
    assert "too large" in one_error_line(err)


def test_bad_model_name_is_one_error_line(capsys, tmp_path):
    """An unknown --model gives one error line naming the model, exit 2 (nothing is loaded)."""
    path = write(tmp_path / "a.txt", GOOD_TEXT)
    code, out, err = run(capsys, "extract", str(path), "--model", "no_such_model_xyz")
    assert code == 2 and out == ""
    assert "no_such_model_xyz" in one_error_line(err)


def test_article_is_checked_before_the_model_name(capsys, tmp_path):
    """With both a missing article and a bad model, the article error comes first (fail fast)."""
    code, _, err = run(capsys, "extract", str(tmp_path / "nope.txt"), "--model", "no_such_model_xyz")
    assert code == 2 and "no such file" in one_error_line(err)


def test_output_onto_existing_file_needs_force(capsys, no_model, tmp_path):
    """-o onto an existing file is refused (before the model load) and the file is untouched."""
    article = write(tmp_path / "a.txt", GOOD_TEXT)
    target = write(tmp_path / "out.json", "keep me")
    code, out, err = run(capsys, "extract", str(article), "--json", "-o", str(target))
    assert code == 2 and out == ""
    assert "already exists" in one_error_line(err) and "--force" in err
    assert target.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.json"]


def test_output_into_missing_directory_fails_fast(capsys, no_model, tmp_path):
    """-o into a directory that does not exist fails before the model load."""
    article = write(tmp_path / "a.txt", GOOD_TEXT)
    code, _, err = run(capsys, "extract", str(article), "-o", str(tmp_path / "no" / "out.txt"))
    assert code == 2 and "no such directory" in one_error_line(err)


def test_output_onto_a_fifo_streams_into_it(capsys, fake_pipeline, tmp_path):
    """`-o FIFO --force` writes into the FIFO (a reader gets the lines); it stays a FIFO."""
    from test_files import fifo_reader

    source = write(tmp_path / "in.jsonl", jsonl('{"id": "a", "text": "some text"}'))
    fifo = tmp_path / "myfifo"
    with fifo_reader(fifo) as received:
        code, out, err = run(capsys, "extract", "--jsonl", str(source), "-o", str(fifo), "--force")
    assert (code, out, err) == (0, "", "")
    assert json.loads(received[0])["id"] == "a"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_onto_a_device_is_never_replaced(capsys, tmp_path, monkeypatch):
    """`--json -o DEVICE --force`: the null device (a mknod copy of /dev/null) is written into
    and stays a device; any other device is refused with one line, before the model load."""
    import workbench.extract
    from test_files import NULL_DEVICE, ZERO_DEVICE, device
    from workbench.models import Extraction

    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: "fake-nlp")
    monkeypatch.setattr(workbench.extract, "extract",
                        lambda nlp, article: Extraction(article, "fake", "0", [], []))
    article = write(tmp_path / "a.txt", GOOD_TEXT)
    null = device(tmp_path / "mynull", NULL_DEVICE)
    code, out, err = run(capsys, "extract", str(article), "--json", "-o", str(null), "--force")
    assert (code, out, err) == (0, "", "")
    assert stat.S_ISCHR(os.lstat(null).st_mode) and os.lstat(null).st_rdev == NULL_DEVICE

    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: pytest.fail("model loaded"))
    zero = device(tmp_path / "myzero", ZERO_DEVICE)
    code, out, err = run(capsys, "extract", str(article), "--json", "-o", str(zero), "--force")
    assert code == 2 and out == ""
    assert "is a character device, not a regular file" in one_error_line(err)
    assert stat.S_ISCHR(os.lstat(zero).st_mode)


def test_output_is_never_the_input(capsys, no_model, tmp_path):
    """`extract ART -o ART --force`, through a symlink too, and `--jsonl IN -o IN --force` are
    refused with one line before the model load; the input is untouched."""
    article = write(tmp_path / "a.txt", GOOD_TEXT)
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    for output in (article, link):
        code, out, err = run(capsys, "extract", str(article), "--json", "-o", str(output), "--force")
        assert code == 2 and out == ""
        assert "would replace the input" in one_error_line(err)
    code, _, err = run(capsys, "extract", str(link), "-o", str(article), "--force")
    assert code == 2 and "would replace the input" in one_error_line(err)
    source = write(tmp_path / "in.jsonl", jsonl('{"id": "a", "text": "some text"}'))
    code, _, err = run(capsys, "extract", "--jsonl", str(source), "-o", str(source), "--force")
    assert code == 2 and "would replace the input" in one_error_line(err)
    assert article.read_text() == GOOD_TEXT and link.is_symlink()
    assert source.read_text() == jsonl('{"id": "a", "text": "some text"}')


def test_output_is_never_the_file_on_stdin(tmp_path):
    """`extract --jsonl - -o IN --force < IN` is refused too (stdin is an input)."""
    source = write(tmp_path / "in.jsonl", jsonl('{"id": "a", "text": "some text"}'))
    with open(source, "rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "workbench", "extract", "--jsonl", "-",
                               "-o", str(source), "--force"], cwd=ROOT, stdin=stdin,
                              env={**os.environ, "PYTHONPATH": str(ROOT)},
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "would replace the input" in one_error_line(proc.stderr)
    assert source.read_text() == jsonl('{"id": "a", "text": "some text"}')


def test_jsonl_missing_file_is_one_error_line(capsys, no_model, tmp_path):
    """--jsonl with a missing file gives one error line, exit 2, no model load."""
    code, out, err = run(capsys, "extract", "--jsonl", str(tmp_path / "in.jsonl"))
    assert code == 2 and out == ""
    assert one_error_line(err).endswith("in.jsonl: no such file")


def test_jsonl_directory_is_one_error_line(capsys, no_model, tmp_path):
    """--jsonl with a directory gives one error line, exit 2."""
    code, _, err = run(capsys, "extract", "--jsonl", str(tmp_path))
    assert code == 2 and "directory" in one_error_line(err)


def test_article_and_jsonl_are_mutually_exclusive(capsys, no_model, tmp_path):
    """ARTICLE together with --jsonl is a usage error, exit 2."""
    code, out, err = run(capsys, "extract", "a.txt", "--jsonl", "in.jsonl")
    assert code == 2 and out == "" and "not allowed with" in err


def test_article_or_jsonl_is_required(capsys, no_model):
    """extract with neither ARTICLE nor --jsonl is a usage error, exit 2."""
    code, out, err = run(capsys, "extract")
    assert code == 2 and out == "" and "required" in err


def test_no_command_is_a_usage_error(capsys):
    """workbench with no command prints usage and exits 2."""
    code, _, err = run(capsys)
    assert code == 2 and "usage:" in err


@pytest.mark.parametrize("argv, usage", [
    (["--bogus"], "usage: workbench [-h]"),
    (["extract", "--bogus", "{empty}"], "usage: workbench extract "),
    (["corpus", "--bogus"], "usage: workbench corpus "),
    (["corpus", "add", "--bogus", "{empty}"], "usage: workbench corpus add "),
    (["{empty}", "--bogus"], "usage: workbench review "),  # workbench ARTICLE is review
])
def test_an_unknown_option_is_named_under_its_commands_usage(capsys, no_model, tmp_path, argv,
                                                             usage):
    """An option no parser knows is named ("unrecognized arguments: --bogus", not "COMMAND is
    required") under the usage of the (sub)command it was given to; exit 2, no traceback."""
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(capsys, *(a.format(empty=empty) for a in argv))
    assert code == 2 and out == ""
    assert err.startswith(usage) and err.rstrip().endswith("unrecognized arguments: --bogus")
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, missing", [([], "COMMAND"), (["corpus"], "SUBCOMMAND"),
                                           (["db"], "ACTION")])
def test_a_missing_subcommand_is_still_asked_for(capsys, argv, missing):
    """With no unknown option, a missing (sub)command is named, as before."""
    code, _, err = run(capsys, *argv)
    assert code == 2 and f"the following arguments are required: {missing}" in err


def test_version(capsys):
    """--version prints "workbench X.Y.Z" and exits 0."""
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"workbench {__version__}\n"


def test_keyboard_interrupt_exits_130_quietly(capsys, monkeypatch, tmp_path):
    """Ctrl-C (during the model load) exits 130 with nothing printed."""
    def interrupted(model=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(workbench.nlp, "load_nlp", interrupted)
    article = write(tmp_path / "a.txt", GOOD_TEXT)
    code, out, err = run(capsys, "extract", str(article))
    assert (code, out, err) == (130, "", "")


def test_broken_pipe_exits_quietly(capsys, fake_pipeline, monkeypatch, tmp_path):
    """A closed stdout (e.g. `| head`) ends the run quietly, without a traceback."""
    class ClosedPipe(io.StringIO):
        def write(self, s):
            raise BrokenPipeError(32, "Broken pipe")

    source = write(tmp_path / "in.jsonl", jsonl('{"id": "a", "text": "hello there"}'))
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["extract", "--jsonl", str(source)])
    err = capsys.readouterr().err
    assert code == 141 and err == ""


@pytest.mark.parametrize("argv, needle", [
    (["extract", "sample_articles/nope.txt"], "nope.txt: no such file"),
    (["extract", "sample_articles"], "directory"),
    (["extract", "--jsonl", "nope.jsonl"], "nope.jsonl: no such file"),
    (["extract", "sample_articles/nato-divided-on-ukraine-status.txt", "--model", "no_such_model_xyz"],
     "no_such_model_xyz"),
])
def test_subprocess_errors_are_one_line_without_traceback(argv, needle):
    """Run as `python -m workbench`, bad input gives exit 2 and one stderr line, no traceback."""
    proc = run_module(*argv)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert needle in one_error_line(proc.stderr)


@pytest.mark.model
def test_subprocess_bad_jsonl_lines_are_reported_without_traceback():
    """Run as `python -m workbench` on stdin, bad JSONL lines are reported one by one, exit 1, no traceback."""
    proc = run_module("extract", "--jsonl", "-", stdin=jsonl("oops", "[]"))
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[:2] == ["<stdin>:1: not valid JSON (expected a value at column 1)",
                                            "<stdin>:2: expected a JSON object, got an array"]


# --------------------------------------------------------------------------- JSONL plumbing (stand-in model)


def test_jsonl_bad_line_among_good_ones(capsys, fake_pipeline, tmp_path):
    """A bad JSONL line is reported as FILE:LINE and skipped; good lines are output; exit 1."""
    source = write(tmp_path / "in.jsonl", jsonl(
        '{"id": "a", "text": "first text"}',
        '{"id": "b", "text": ',
        '{"id": "c", "text": "third text"}',
    ))
    code, out, err = run(capsys, "extract", "--jsonl", str(source))
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "c"]
    lines = err.splitlines()
    assert lines[0] == (f"{source}:2: not valid JSON (the line ends at column 21 "
                        "before the value does: cut off?)")
    assert lines[1] == f"workbench: skipped 1 bad line of 3 in {source}"
    assert len(lines) == 2  # no progress bar when stderr is not a terminal


def test_jsonl_every_kind_of_bad_line(capsys, fake_pipeline, monkeypatch, tmp_path):
    """Each kind of bad line is reported with its line number and reason; blank lines are ignored."""
    monkeypatch.setattr(workbench.article, "MAX_CHARS", 20)
    lines = [
        b'\xef\xbb\xbf{"id": "bom", "text": "a BOM before line 1"}',
        b"",
        b"   ",
        b"not json",
        b'["an", "array"]',
        b'{"text": "no id"}',
        b'{"id": "no text"}',
        b'{"id": 7.5, "text": "decimal id"}',
        b'{"id": "t", "text": null}',
        b'{"id": "u", "text": "\xff\xfe"}',
        b'{"id": "v", "text": "lone \\ud800 surrogate"}',
        b'{"id": "w", "text": "' + b"x" * 21 + b'"}',
        b'{"id": "ok", "text": "fine"}\r',
    ]
    source = write(tmp_path / "in.jsonl", b"\n".join(lines))  # no newline at the end
    code, out, err = run(capsys, "extract", "--jsonl", str(source))
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["bom", "ok"]
    reported = err.splitlines()
    expected = [
        (4, "not valid JSON"), (5, "expected a JSON object, got an array"), (6, 'missing "id"'),
        (7, 'missing "text"'), (8, '"id" must be a string or a whole number, not a decimal number'),
        (9, '"text" must be a string, not null'), (10, "not valid UTF-8"),
        (11, "unpaired surrogate"), (12, '"text" too long'),
    ]
    assert len(reported) == len(expected) + 1
    for line, (number, reason) in zip(reported, expected):
        assert line.startswith(f"{source}:{number}: ") and reason in line, line
    assert reported[-1] == f"workbench: skipped 9 bad lines of 11 in {source}"


def test_jsonl_numeric_ids_are_echoed_as_given(capsys, fake_pipeline, tmp_path):
    """A whole-number id is accepted (as corpus JSONL accepts it) and comes back as a number;
    a boolean, a decimal or NaN is refused."""
    source = write(tmp_path / "in.jsonl", jsonl(
        '{"id": 7, "text": "seven"}', '{"id": 12345678901234567890, "text": "big"}',
        '{"id": true, "text": "x"}', '{"id": 1.5, "text": "x"}', '{"id": NaN, "text": "x"}'))
    code, out, err = run(capsys, "extract", "--jsonl", str(source))
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == [7, 12345678901234567890]
    assert out.startswith('{"id": 7, ')
    reasons = [line.split(": ", 1)[1] for line in err.splitlines()[:3]]
    assert reasons == ['"id" must be a string or a whole number, not a boolean',
                       '"id" must be a string or a whole number, not a decimal number',
                       '"id" must be a string or a whole number, not a decimal number']


@pytest.mark.parametrize("line, reason", [
    ('{"id": "a", "text": "cut off her', "the line ends inside a string, at column 33: cut off?"),
    ('{"id": "a", "text": ', "the line ends at column 21 before the value does: cut off?"),
    ('{"id": "a", "text": "tab\there"}', "a raw control character U+0009 in a string, at column 25"),
    ('{"id": "a" "text": "x"}', "expected a ',' at column 12"),
    ('{"id": "a", "text": "x"} extra', "more after the end of the JSON value at column 26"),
    ('{"id": ' + "1" * 5000 + ', "text": "x"}', "a number with too many digits"),
], ids=["cut-in-a-string", "cut-before-a-value", "raw-tab", "no-comma", "extra", "huge-number"])
def test_jsonl_syntax_errors_read_clearly(capsys, fake_pipeline, tmp_path, line, reason):
    """Each JSON syntax error is `FILE:LINE: not valid JSON (reason)`, one line, no traceback."""
    source = write(tmp_path / "in.jsonl", line + "\n" + '{"id": "ok", "text": "fine"}\n')
    code, out, err = run(capsys, "extract", "--jsonl", str(source))
    assert code == 1 and json.loads(out)["id"] == "ok"
    assert err.splitlines()[0] == f"{source}:1: not valid JSON ({reason})"


def test_jsonl_all_good_exits_0_and_streams_a_generator(capsys, fake_pipeline, tmp_path):
    """All-good JSONL exits 0, one output object per record, and extract_records gets a lazy iterator."""
    source = write(tmp_path / "in.jsonl", jsonl(*(json.dumps({"id": f"d{i}", "text": f"text {i}"})
                                                  for i in range(40))))
    code, out, err = run(capsys, "extract", "--jsonl", str(source))
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [f"d{i}" for i in range(40)]
    assert set(records[0]) == {"id", "quotes"} and records[0]["quotes"][0]["text"] == "text "
    [given] = fake_pipeline
    assert isinstance(given, Iterator) and not isinstance(given, (list, tuple))


def test_jsonl_progress_bar_only_on_a_terminal(capsys, fake_pipeline, monkeypatch, tmp_path):
    """With stderr a terminal, a progress bar counting documents is drawn there (never on stdout)."""
    import workbench.cli
    from rich.console import Console

    terminal = io.StringIO()
    monkeypatch.setattr(workbench.cli, "_stderr_console",
                        lambda: Console(file=terminal, force_terminal=True, width=100))
    source = write(tmp_path / "in.jsonl", jsonl(*(json.dumps({"id": f"d{i}", "text": "t"}) for i in range(3))))
    code, out, err = run(capsys, "extract", "--jsonl", str(source))
    assert code == 0 and err == "" and len(out.splitlines()) == 3
    assert "3 documents" in terminal.getvalue()


def test_jsonl_from_stdin(capsys, fake_pipeline, monkeypatch):
    """--jsonl - reads the records from stdin; bad lines are named <stdin>:LINE."""
    data = jsonl('{"id": "é", "text": "ünïcode"}', "{}").encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, err = run(capsys, "extract", "--jsonl", "-")
    assert code == 1
    assert json.loads(out)["id"] == "é" and "é" in out  # ensure_ascii=False
    assert err.splitlines()[0] == '<stdin>:2: missing "id"'


def test_jsonl_output_file_is_written_atomically(capsys, fake_pipeline, tmp_path):
    """--jsonl -o writes the file (nothing on stdout), and --force replaces an existing one."""
    source = write(tmp_path / "in.jsonl", jsonl('{"id": "a", "text": "some text"}'))
    target = write(tmp_path / "out.jsonl", "old\n")
    code, out, err = run(capsys, "extract", "--jsonl", str(source), "-o", str(target), "--force")
    assert (code, out, err) == (0, "", "")
    assert json.loads(target.read_text())["id"] == "a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no temp left


def test_interrupted_run_leaves_no_output_file(capsys, fake_pipeline, monkeypatch, tmp_path):
    """Ctrl-C in the middle of a JSONL run exits 130 and leaves neither the output nor a temp file."""
    import workbench.extract

    def interrupted(nlp, records, batch_size=16):
        for rid, _text in records:
            yield rid, [], []
            raise KeyboardInterrupt

    monkeypatch.setattr(workbench.extract, "extract_records", interrupted)
    source = write(tmp_path / "in.jsonl", jsonl('{"id": "a", "text": "x"}', '{"id": "b", "text": "y"}'))
    code, out, err = run(capsys, "extract", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert (code, out, err) == (130, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_table_to_file_is_plain_and_safe(capsys, monkeypatch, tmp_path):
    """A table written with -o has no escape codes (even with FORCE_COLOR) and shows hostile text inert."""
    import workbench.extract
    from workbench.models import Extraction

    def fake_extract(nlp, article):
        quote = Quote(id="q1", parts=[(0, 5)], text="\x1b]0;pwned\x07[bold]hi[/bold]\x1b[31m",
                      speaker_id="s1", speaker_name="Ann\x07 Lee", confidence=0.9)
        return Extraction(article, "fake", "0", [], [quote, Quote(id="q2", parts=[(6, 9)], text="bye")])

    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: "fake-nlp")
    monkeypatch.setattr(workbench.extract, "extract", fake_extract)
    monkeypatch.setenv("FORCE_COLOR", "1")
    article = write(tmp_path / "a.txt", "Title [link=http://e.vil]x[/link]\n" + GOOD_TEXT)
    target = tmp_path / "table.txt"
    code, out, err = run(capsys, "extract", str(article), "-o", str(target))
    assert (code, out, err) == (0, "", "")
    shown = target.read_text(encoding="utf-8")
    assert "\x1b" not in shown and "\x07" not in shown and "pwned" not in shown
    assert "Title [link=http://e.vil]x[/link]" in shown and "[bold]hi[/bold]" in shown
    assert "Ann Lee" in shown and "—" in shown


# --------------------------------------------------------------------------- the real model


@pytest.fixture
def shared_model(monkeypatch, nlp):
    """Make the CLI use the session's one loaded pipeline instead of loading its own."""
    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: nlp)
    return nlp


@pytest.mark.model
def test_json_output_shape(capsys, shared_model):
    """--json prints the documented document; single-part quote texts match the article offsets."""
    code, out, err = run(capsys, "extract", str(NATO), "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    text = load_article(NATO).text
    assert set(doc) == {"article", "model", "speakers", "quotes"}
    assert set(doc["article"]) == {"path", "title", "sha256", "chars", "url", "date"}
    assert doc["article"]["chars"] == len(text) and len(doc["article"]["sha256"]) == 64
    assert set(doc["model"]) == {"name", "version"} and doc["model"]["name"]
    assert doc["speakers"] and doc["quotes"]
    for speaker in doc["speakers"]:
        assert set(speaker) == {"id", "name", "kind", "mentions"}
        for mention in speaker["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    speaker_ids = {s["id"] for s in doc["speakers"]}
    for quote in doc["quotes"]:
        assert set(quote) == {"id", "start", "end", "text", "parts", "speaker", "cue", "alternatives"}
        assert quote["start"] == quote["parts"][0][0] and quote["end"] == quote["parts"][-1][1]
        if len(quote["parts"]) == 1:
            assert quote["text"] == text[quote["start"]:quote["end"]]
        if quote["speaker"] is not None:
            assert quote["speaker"]["id"] in speaker_ids
            assert 0 <= quote["speaker"]["confidence"] <= 1
        if quote["cue"] is not None:
            assert text[quote["cue"]["start"]:quote["cue"]["end"]] == quote["cue"]["text"]
    assert "Stoltenberg" in doc["quotes"][0]["speaker"]["name"]
    assert "’" in out  # ensure_ascii=False: non-ASCII kept as is


@pytest.mark.model
def test_table_output(capsys, shared_model):
    """Without --json a plain table prints (no escape codes in a pipe) and names Stoltenberg."""
    code, out, err = run(capsys, "extract", str(NATO))
    assert code == 0 and err == ""
    assert "\x1b" not in out
    assert "Stoltenberg" in out
    for column in ("#", "speaker", "confidence", "quote"):
        assert column in out
    assert "Eastern Europe" in out.splitlines()[0]


@pytest.mark.model
def test_jsonl_streams_three_records(capsys, shared_model, tmp_path):
    """Three JSONL records come out as three lines in order, each with valid quote offsets."""
    texts = {
        "one": "“We will not give up,” said Mary Smith, the union leader.",
        "two": "The weather was mild on Tuesday.",
        "three": "Officials met on Monday. “Talks went well,” John Brown told reporters.",
    }
    source = write(tmp_path / "in.jsonl", jsonl(*(json.dumps({"id": k, "text": v}) for k, v in texts.items())))
    code, out, err = run(capsys, "extract", "--jsonl", str(source))
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == list(texts)
    for record in records:
        assert set(record) == {"id", "quotes"}
        for quote in record["quotes"]:
            if len(quote["parts"]) == 1:
                assert quote["text"] == texts[record["id"]][quote["start"]:quote["end"]]
    assert records[0]["quotes"] and "Mary Smith" in records[0]["quotes"][0]["speaker"]["name"]


@pytest.mark.model
def test_subprocess_end_to_end_json_to_file(tmp_path):
    """`python -m workbench extract ARTICLE --json -o FILE` loads the real model and writes the JSON."""
    target = tmp_path / "nato.json"
    proc = run_module("extract", str(NATO), "--json", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["article"]["path"] == str(NATO) and doc["quotes"]


def test_a_mistyped_command_gets_did_you_mean(capsys, tmp_path, monkeypatch):
    """`workbench revew FILE` and `workbench exprot` name the command meant (exit 2), instead
    of "unrecognized arguments" or "no such file"; an existing file is still an article."""
    from workbench.cli import main as cli_main

    monkeypatch.chdir(tmp_path)
    assert cli_main(["revew", "article.txt"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'review'?" in err and err.count("\n") == 1
    assert cli_main(["exprot"]) == 2
    assert "did you mean 'export'?" in capsys.readouterr().err
    (tmp_path / "exprot").write_text("", encoding="utf-8")  # a file of that name: an article
    assert cli_main(["exprot"]) == 2
    assert "did you mean" not in capsys.readouterr().err
