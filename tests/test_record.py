"""The review record end to end: every decision carries its evidence, from the UI and from
`workbench verdict`, and `workbench verify` passes on the export and fails when it is tampered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_helpers import Doc, build_store
from review_helpers import article_file, fake_model  # noqa: F401 - fixtures
from review_helpers import make_article, make_quotes, make_speakers
from workbench.cli import main
from workbench.models import Extraction

pytestmark = pytest.mark.usefixtures("isolated")

STRIKE_DOCS = [Doc("/src/union-rally.txt", "Union rally, 3 March", [
    ("Mary Smith", "Thank you all. We will not give up, whatever the company says."),
    ("Mary Smith", "The talks failed yesterday. We go on strike on Monday, all of us."),
])]


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "corpus.db"
    build_store(path, STRIKE_DOCS).close()
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_verdicts_from_the_command_line_carry_evidence_and_verify(capsys, tmp_path, corpus,
                                                                  article_file, fake_model):
    code, out, err = run(capsys, "verdict", article_file, "q1", "confirmed", "--db", corpus,
                         "--reviewer", "Ana")
    assert code == 0, err
    assert out.startswith("q1: confirmed · evidence: partial in “Union rally, 3 March” (2022-01-04)")
    code, out, err = run(capsys, "verdict", article_file, "q3", "unverifiable", "--db", corpus,
                         "--reviewer", "Ana", "--note", "no such statement on file")
    assert code == 0 and "no match" in out, err
    code, out, err = run(capsys, "verdict", article_file, "q1", "disputed", "--reason", "altered",
                         "--db", corpus, "--reviewer", "Ana")
    assert out.startswith("q1: confirmed -> disputed (altered) · evidence")

    export = tmp_path / "review.json"
    code, _, err = run(capsys, "export", article_file, "-o", export, "--db", corpus)
    assert code == 0, err
    doc = json.loads(export.read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in doc["quotes"]}
    assert by_id["q1"]["evidence"]["found"] and by_id["q1"]["evidence"]["kind"] == "partial"
    assert by_id["q3"]["evidence"]["found"] is False
    assert by_id["q3"]["verdict"]["note"] == "no such statement on file"
    assert by_id["q1"]["verdict"]["reviewer"] == "Ana"
    assert doc["progress"]["reviewed"] == 2

    code, out, err = run(capsys, "verify", export, "--db", corpus)
    assert code == 0, out + err

    # The same export with the evidence's words edited no longer verifies.
    by_id["q1"]["evidence"]["span"]["text"] = "We will never give up"
    by_id["q1"]["evidence"]["parts"][0]["span"]["text"] = "We will never give up"
    export.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "verify", export, "--db", corpus)
    assert code == 1 and "q1" in out


def test_verdict_refuses_bad_input_before_the_model_loads(capsys, article_file, monkeypatch):
    import workbench.nlp

    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: pytest.fail("loaded"))
    code, _, err = run(capsys, "verdict", article_file, "q1", "confirmed", "--reason", "altered",
                       "--reviewer", "Ana", "--evidence", "none")
    assert code == 2 and "a reason is only given with 'disputed'" in err
    code, _, err = run(capsys, "verdict", article_file, "q1", "confirmed", "--evidence", "none")
    assert code == 2 and "no reviewer name" in err
    assert err.count("\n") == 1


def test_verdict_on_an_unknown_quote_lists_the_ids(capsys, article_file, fake_model):
    code, _, err = run(capsys, "verdict", article_file, "q9", "skipped", "--reviewer", "Ana")
    assert code == 2 and "no quote 'q9'" in err and "q1, q2, q3, q4" in err


async def test_a_review_exported_from_the_ui_verifies(tmp_path, corpus, capsys):
    """Confirm in the UI with the match on screen, export from the UI: verify passes."""
    from tui_helpers import nato_extraction  # noqa: F401 - the UI test helpers' module
    from workbench.article import load_article
    from workbench.corpus.store import CorpusStore
    from workbench.tui.app import WorkbenchApp

    article_path = tmp_path / "strike.txt"
    article_path.write_bytes(make_article().text.encode("utf-8"))
    article = load_article(article_path)
    ex = Extraction(article, "fake_model", "9.9", make_speakers(article.text),
                    make_quotes(article.text))
    config = tmp_path / "config.toml"
    config.write_text('[reviewer]\nname = "Ana"\n[review]\nadvance = false\n', encoding="utf-8")
    store = CorpusStore(corpus, create=False)
    try:
        app = WorkbenchApp(article, extractor=lambda a: ex, corpus=store, keymap={},
                           session_path=tmp_path / "sessions.db", export_dir=tmp_path,
                           cursor_blink=False, config_path=config)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.wait_until_loaded()
            await app.wait_for_searches()
            await pilot.pause()
            await pilot.press("c", "j")
            await app.wait_for_searches()
            await pilot.pause()
            await pilot.press("u", "x", "enter")
            await pilot.pause()
            evidence = app.main.session.verdict("q1").evidence
            assert evidence["found"] and evidence["document"]["title"] == "Union rally, 3 March"
    finally:
        store.close()
    export = tmp_path / "strike.review.json"
    assert export.exists()
    doc = json.loads(export.read_text(encoding="utf-8"))
    assert all(q["evidence"] is not None for q in doc["quotes"]
               if q["verdict"]["status"] in ("confirmed", "disputed", "unverifiable"))
    assert main(["verify", str(export), "--db", str(corpus)]) == 0, capsys.readouterr()


def test_verdict_and_export_say_what_was_carried_from_a_changed_article(capsys, tmp_path, corpus,
                                                                       article_file, fake_model):
    """The article changes after a verdict: the next verdict says so on stderr (one line) and
    records; the export carries the same note in `carried`."""
    assert run(capsys, "verdict", article_file, "1", "confirmed", "--db", corpus,
               "--reviewer", "Ana")[0] == 0  # "1" as extract's table prints it
    article_file.write_bytes(("Update: the strike was called off on Sunday.\n\n"
                              + make_article().text).encode("utf-8"))
    code, out, err = run(capsys, "verdict", article_file, "q2", "disputed", "--reason",
                         "spliced", "--db", corpus, "--reviewer", "Ana")
    assert code == 0, err
    assert err.startswith("workbench verdict: article changed since ") and err.count("\n") == 1
    assert "1 verdict carried over" in err
    code, out, err = run(capsys, "export", article_file, "--db", corpus)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["carried"]["carried"] == 1
    assert [q["verdict"]["status"] for q in doc["quotes"]][:2] == ["confirmed", "disputed"]


def test_verdict_evidence_none_keeps_the_evidence_and_disputed_needs_a_reason(
        capsys, corpus, article_file, fake_model):
    assert run(capsys, "verdict", article_file, "q1", "confirmed", "--db", corpus,
               "--reviewer", "Ana")[0] == 0
    code, _, err = run(capsys, "verdict", article_file, "q1", "disputed", "--reviewer", "Ana",
                       "--evidence", "none")
    assert code == 2 and "needs --reason" in err
    code, out, err = run(capsys, "verdict", article_file, "q1", "unverifiable", "--reviewer",
                         "Ana", "--evidence", "none")
    assert code == 0, err
    from workbench.review import SessionStore

    with SessionStore(reviewer=None) as store:
        info = store.list()[0]
        assert info.reviewed == 1
    code, out, _ = run(capsys, "export", article_file)
    q1 = json.loads(out)["quotes"][0]
    assert q1["verdict"]["status"] == "unverifiable" and q1["evidence"]["found"]
