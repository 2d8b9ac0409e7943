"""Speaker classes of issue 12 through the real pipeline, where the parse itself matters
(hand-made sentences; the hand-built Doc versions are in test_attribution.py)."""

from __future__ import annotations

import pytest

from workbench.extract import quotes_from_doc

pytestmark = pytest.mark.model


def _speakers(nlp, text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker_name, q.mention.text if q.mention else None)
            for q in quotes_from_doc(nlp(text))]


def test_report_at_the_end_of_the_sentence_is_the_source(nlp):
    text = ("Jane Doe said on Monday that the plan was “dead on arrival” in the Senate this "
            "year, according to the Associated Press.")
    assert _speakers(nlp, text) == [("the Associated Press", "the Associated Press")]


def test_share_of_voters_speaks_for_the_poll(nlp):
    text = ("In a new Reuters poll, 31% of voters said they were “extremely worried about the "
            "economy and their jobs.”")
    assert _speakers(nlp, text)[0][1] == "a new Reuters poll"


def test_quote_ending_a_paragraph_goes_to_the_person_just_described(nlp):
    text = ("The rally went on for hours. Jane Doe was defiant. “We will win this fight and we "
            "will win the next one.”\n\nThe crowd cheered.")
    assert _speakers(nlp, text) == [("Jane Doe", "Jane Doe")]


def test_next_sentence_verb_does_not_take_a_quote_that_had_its_cue(nlp):
    text = "Jane Doe called the bill “a sham from start to finish.” John Smith disagreed."
    assert _speakers(nlp, text) == [("Jane Doe", "Jane Doe")]


def test_quote_mark_glued_to_the_cue_still_finds_the_speaker(nlp):
    """Jane Doe said,“…” and “…,”John Roe said: a quote mark with no space beside it is split off
    by the tokenizer, so the reporting verb and its subject are parsed as words."""
    text = ("The senator spoke first. Jane Doe said,“We will keep fighting for these families.”\n\n"
            "“The bill will never pass the House this year,”John Roe said.")
    assert _speakers(nlp, text) == [("Jane Doe", "Jane Doe"), ("John Roe", "John Roe")]


def test_glued_quote_marks_and_dashes_are_their_own_tokens(nlp):
    """The tokenizer rule behind the test above, word by word (dashes after a quote too)."""
    words = [t.text for t in nlp.tokenizer("said,“Look at it,”Doe said—“no”—and left")]
    assert words == ["said", ",", "“", "Look", "at", "it", ",", "”", "Doe", "said", "—", "“", "no",
                     "”", "—", "and", "left"]


def test_a_judgment_with_its_owner_names_the_speaker(nlp):
    text = ("The board was shaken by Jane Doe's conclusion that the plan was “dead on arrival "
            "in the Senate.”")

def test_speaker_and_a_verb_that_is_no_verb_of_saying_after_the_quote(nlp):
    text = ("“We will win this fight and the next one,” an angry Jane Doe retaliated. “Nobody "
            "will stop us now.”")
    assert [name for name, _ in _speakers(nlp, text)] == ["Jane Doe"]


def test_quote_describing_someone_in_a_relative_clause_is_the_describers(nlp):
    text = ("In her speech, Jane Doe portrayed her father as a generous man who would be “the "
            "people's champion and a fighter for every family in the country.”")
    assert _speakers(nlp, text)[0][1] == "Jane Doe"


def test_cue_opening_the_next_quote_with_a_colon_is_not_the_first_quotes(nlp):
    text = ("After Jane Doe said that small schools might do better at “less advanced "
            "teaching,” John Smith said: “I don't like what she said at all.”")
    assert [mention for _, mention in _speakers(nlp, text)] == ["Jane Doe", "John Smith"]


def test_she_finds_a_woman_the_entity_recognizer_did_not_tag(nlp):
    # the small model tags no entity in "Ivanka Doe took the stage": she is still a person, and a
    # woman by her given name, so "she" is not the man named before her
    text = ("John Doe spoke first. Then Ivanka Doe took the stage. “We are ready for this "
            "fight and we will win it,” she said.")
    assert _speakers(nlp, text)[0][0] == "Ivanka Doe"


def test_frames_after_or_around_the_quote_name_who_said_it(nlp):
    """Verbs that are not verbs of saying but frame someone's words: "That was how X described
    …: “…”", "X hammered the media for its “…”", "the “joke,” as he called it"."""
    assert _speakers(nlp, "That was how Senator Jane Smith once described the plan: “a total "
                          "disaster for working families.”") == [("Jane Smith",
                                                                  "Senator Jane Smith")]
    assert _speakers(nlp, "John Roe hammered the media for its “dishonest and disgusting "
                          "coverage” of the rally.") == [("John Roe", "John Roe")]
    text = "John Roe spoke for an hour. The “joke,” as he called it, fell flat with the crowd."
    assert _speakers(nlp, text) == [("John Roe", "he")]
