"""``workbench correct``: the UI's corrections from the command line (same store, same rules),
and ``workbench verdict`` on a quote added in review."""

from __future__ import annotations

import pytest

from review_helpers import article_file, fake_model  # noqa: F401 - fixtures
from workbench.article import load_article
from workbench.cli import main
from workbench.review import SessionStore

pytestmark = pytest.mark.usefixtures("isolated")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def quotes_in_store(article_file) -> list[tuple[str, str]]:
    from review_helpers import make_quotes, make_speakers

    article = load_article(article_file)
    with SessionStore(reviewer="ana") as store:
        s = store.open(article, make_quotes(article.text), make_speakers(article.text))
        return [(q.id, q.text) for q in s.quotes]


def test_each_correction_from_the_command_line(capsys, article_file, fake_model):
    who = ("--reviewer", "ana")
    assert run(capsys, "correct", str(article_file), "--add", "before the summer",
               "--speaker", "Workers", *who)[1] == "r1: added (" + \
        f"{article_file.read_text(encoding='utf-8').index('before the summer')}-" + \
        f"{article_file.read_text(encoding='utf-8').index('before the summer') + 17}), " \
        "speaker Workers\n"
    assert run(capsys, "correct", str(article_file), "--trim", "Q1", *who)[1] == \
        "q1: trimmed at the end\n"
    assert run(capsys, "correct", str(article_file), "--extend", "1", *who)[1] == \
        "q1: extended at the end\n"
    assert run(capsys, "correct", str(article_file), "--merge", "q2", *who)[1] == \
        "q2: merged with q3\n"
    assert run(capsys, "correct", str(article_file), "--not-quote", "q4", *who)[1] == \
        "q4: not a quote\n"
    assert quotes_in_store(article_file)[0] == ("q1", "We will not give up,")
    assert [qid for qid, _ in quotes_in_store(article_file)] == ["q1", "q2", "r1"]
    code, out, err = run(capsys, "verdict", str(article_file), "R1", "confirmed",
                         "--evidence", "none", *who)
    assert code == 0 and out == "r1: confirmed\n", err


def test_bad_corrections_are_one_line(capsys, article_file, fake_model):
    code, _, err = run(capsys, "correct", str(article_file), "--add", "vast conspiracy",
                       "--reviewer", "ana")
    assert code == 2 and "not in the article: 'vast conspiracy'" in err
    assert fake_model == []  # refused before the model load
    code, _, err = run(capsys, "correct", str(article_file), "--merge", "q4", "--reviewer", "ana")
    assert code == 2 and "last quote" in err and "Traceback" not in err
    code, _, err = run(capsys, "correct", str(article_file), "--merge", "q9", "--reviewer", "ana")
    assert code == 2 and "no quote 'q9'" in err
    code, _, err = run(capsys, "correct", str(article_file), "--trim", "q1")
    assert code == 2 and "no reviewer name" in err


def test_a_script_run_twice_adds_one_quote(capsys, article_file, fake_model):
    """`correct --add` run again (a re-run script) is refused with one line, not a second
    quote on the same words."""
    argv = ("correct", str(article_file), "--add", "before the summer", "--reviewer", "ana")
    assert run(capsys, *argv)[0] == 0
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "") and "already a quote: r1" in err and "Traceback" not in err
    assert [qid for qid, _ in quotes_in_store(article_file)] == ["q1", "q2", "q3", "q4", "r1"]


def test_a_verdict_on_a_quote_a_correction_took_out_says_why(capsys, article_file, fake_model):
    """A verdict or a correction on a quote marked not a quote, or merged into another, says
    what became of it instead of listing the other ids."""
    who = ("--reviewer", "ana")
    assert run(capsys, "correct", str(article_file), "--not-quote", "q1", *who)[0] == 0
    assert run(capsys, "correct", str(article_file), "--merge", "q2", *who)[0] == 0
    code, _, err = run(capsys, "verdict", str(article_file), "q1", "confirmed",
                       "--evidence", "none", *who)
    assert code == 2 and err.rstrip().endswith(": marked not a quote by ana")
    code, _, err = run(capsys, "verdict", str(article_file), "q3", "confirmed",
                       "--evidence", "none", *who)
    assert code == 2 and err.rstrip().endswith(": merged into q2")
    code, _, err = run(capsys, "correct", str(article_file), "--trim", "q3", *who)
    assert code == 2 and "no quote 'q3' in this article (merged into q2)" in err


def test_a_negative_near_offset_is_refused(capsys, article_file, fake_model):
    """--near is an offset into the article: -5 is an argument error (exit 2, one error line
    after argparse's usage), before anything is read or saved."""
    code, out, err = run(capsys, "correct", str(article_file), "--add", "before the summer",
                         "--near", "-5", "--reviewer", "ana")
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == "workbench correct: error: argument --near: must be 0 or more, not -5"
    assert fake_model == [] and "r1" not in [i for i, _ in quotes_in_store(article_file)]
