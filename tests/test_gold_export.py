"""``workbench export --format gold``: the reviewed article as one line of the scorer's gold
JSONL (score.py's fields), corrections and speaker overrides applied, validated by
gold.schema.json, and scoring F1 1.0 against itself through a scorer written here with the
same rules as score.py (the test needs nothing outside the repository)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from review_helpers import article_file, fake_model  # noqa: F401 - fixtures
from review_helpers import make_article, make_quotes, make_speakers
from workbench.article import load_article
from workbench.cli import main
from workbench.export.gold import export_gold, gold_id, load_gold_schema
from workbench.export.json_export import export_json, load_schema
from workbench.review import SessionStore

pytestmark = pytest.mark.usefixtures("isolated")

_TRIM = set(" \t\n\r\"'“”‘’«»„‚.,;:!?…—–-()[]")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def score_f1(gold: dict, pred: dict) -> tuple[float, float]:
    """(F1 of the spans, share of matched spans whose speaker names agree), as score.py
    counts them: segments trimmed of marks and punctuation, matched one to one when their
    overlap covers half of each, largest overlap first."""
    text = gold["text"]
    g = [(*_trim(text, q["start"], q["end"]), q) for q in gold["quotes"]]
    p = [(*_trim(text, s, e), q) for q in pred["quotes"]
         for s, e in (q.get("parts") or [[q["start"], q["end"]]])]
    g, p = [x for x in g if x[1] > x[0]], [x for x in p if x[1] > x[0]]
    cands = sorted(((min(ge, pe) - max(gs, ps), i, j)
                    for i, (gs, ge, _) in enumerate(g) for j, (ps, pe, _) in enumerate(p)
                    if min(ge, pe) - max(gs, ps) >= max(0.5 * (ge - gs), 0.5 * (pe - ps), 1)),
                   reverse=True)
    used_g, used_p, matched, speakers = set(), set(), 0, 0
    for _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        matched += 1
        speakers += g[i][2]["speaker"] == p[j][2]["speaker"]
    precision, recall = matched / len(p), matched / len(g)
    return 2 * precision * recall / (precision + recall), speakers / matched


def validate_gold(line: dict) -> None:
    schema = load_gold_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(line)


@pytest.fixture
def corrected(tmp_path):
    """A review with every kind of correction and a speaker override."""
    store = SessionStore(tmp_path / "review.db", reviewer="ana")
    s = store.open(make_article(), make_quotes(), make_speakers(), model="fake_model")
    s.resize("q1", "end", grow=False)          # "We will not give up," -> "We will not give"
    s.merge("q3")                               # q3 + q4: one statement, two parts
    s.add_quote("before the summer")            # r1
    s.set_speaker("r1", "Mary Smith")
    s.set_speaker("q2", "The Harbour Company")  # the reviewer's speaker wins
    s.reject("q2")
    s.undo()                                    # q2 back
    s.reject("q1")
    yield s
    store.close()


def test_gold_line_applies_corrections_and_speakers_and_validates(corrected):
    line = export_gold(corrected)
    validate_gold(line)
    assert line["id"] == "strike" and line["text"] == corrected.article.text
    text = line["text"]
    got = [(q["quote_id"], text[q["start"]:q["end"]], q["speaker"], q["origin"])
           for q in line["quotes"]]
    assert got == [
        ("q2", "The talks failed,", "The Harbour Company", "engine"),
        ("q2", "We go on strike on Monday.", "The Harbour Company", "engine"),
        ("q3", "Our offer stands.", "The Harbour Company", "engine"),
        ("q3", "a fair deal for every docker in this port", "The Harbour Company", "engine"),
        ("r1", "before the summer", "Mary Smith", "reviewer")]
    harbour = text.index("The Harbour Company")
    assert (line["quotes"][0]["speaker_start"], line["quotes"][0]["speaker_end"]) == (
        harbour, harbour + len("The Harbour Company"))
    assert json.loads(json.dumps(line, ensure_ascii=False)) == line


def test_a_corrected_export_scores_f1_one_against_itself(corrected):
    """The gold line as prediction (spans and parts as score.py reads them) against itself."""
    line = export_gold(corrected)
    assert score_f1(line, line) == (1.0, 1.0)
    # and the scorer here can fail: the engine's uncorrected quotes do not score 1.0
    engine = {"quotes": [q.to_dict() for q in make_quotes()]}
    assert score_f1(line, engine)[0] < 1.0


def test_the_json_export_marks_origin_keeps_the_engine_and_lists_rejected(corrected):
    doc = export_json(corrected)
    jsonschema.Draft202012Validator(load_schema()).validate(doc)
    by_id = {q["id"]: q for q in doc["quotes"]}
    assert doc["format"]["version"] == 4
    assert by_id["r1"]["origin"] == "reviewer" and by_id["r1"]["engine"] is None
    assert by_id["r1"]["corrections"] == ["added"]
    assert by_id["q3"]["engine"]["text"] == "Our offer stands."
    assert by_id["q3"]["corrections"] == ["merged q4"]
    assert by_id["q2"]["engine"] is None and by_id["q2"]["origin"] == "engine"
    [rejected] = doc["rejected"]
    assert rejected["id"] == "q1" and rejected["text"] == "We will not give"
    assert rejected["reviewer"] == "ana"


def test_gold_id_is_the_file_stem():
    assert gold_id("/news/2016/katy.tur.html") == "katy.tur"
    assert gold_id("strike") == "strike"


def test_export_cli_gold_is_one_line_to_a_file(capsys, article_file, fake_model, tmp_path):
    article = load_article(article_file)
    with SessionStore() as store:
        s = store.open(article, make_quotes(article.text), make_speakers(article.text))
        s.reject("q4")
    out = tmp_path / "gold.jsonl"
    code = main(["export", str(article_file), "--format", "gold", "--id", "doc-1",
                 "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    validate_gold(line)
    assert line["id"] == "doc-1" and [q["quote_id"] for q in line["quotes"]] == [
        "q1", "q2", "q2", "q3"]
    assert main(["export", str(article_file), "--format", "gold", "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err


def test_verify_reads_a_corrected_export(corrected, tmp_path):
    """`workbench verify` takes a format-4 export: every corrected or added quote's text is
    the article's at its offsets."""
    from workbench.export.verify import verify_export

    article = tmp_path / "strike.txt"
    article.write_text(corrected.article.text, encoding="utf-8")
    result = verify_export(export_json(corrected), article=article)
    assert not [f for f in result.findings if "offsets" in str(f)]
    assert result.quotes == len(corrected.quotes) + len(corrected.orphans(everyone=True))
