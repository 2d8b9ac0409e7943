"""Pronoun speakers resolved to people (issue 12): the resolver's rules on hand-built records and
Docs (no model), and the benchmark's pronoun measure on made-up gold records."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from spacy.lang.en import English
from spacy.tokens import Doc

from workbench.models import TextSpan
from workbench.speakers.resolve import (EntIndex, Mention, PersonEnt, Recent, Resolver,
                                        SurnameToken, mention_of, people_of)

VOCAB = English().vocab


def _doc(spec: list[tuple[str, str, str, str, int, str]]) -> Doc:
    """A Doc of single-space-separated words: (word, pos, tag, dep, head offset, ent IOB)."""
    return Doc(VOCAB, words=[t[0] for t in spec], pos=[t[1] for t in spec],
               tags=[t[2] for t in spec], deps=[t[3] for t in spec],
               heads=[i + t[4] for i, t in enumerate(spec)], ents=[t[5] for t in spec])


def _person(text: str, name: str, titles=(), subject: bool = False) -> PersonEnt:
    start = text.index(name)
    return PersonEnt(TextSpan(start, start + len(name), name), titles, "", subject, None)


def _pronoun(text: str, word: str) -> Mention:
    at = text.index(f" {word} ") + 1
    return Mention(TextSpan(at, at + len(word), word), "nsubj", "PRON", "PRP", word)


# --------------------------------------------------------------------------- resolver

def test_a_role_noun_gives_the_gender_over_a_given_name_both_sexes_bear():
    """Ann Lee spoke. Then 9/11 widow Terry Strada spoke. Later she said more. -- "Terry" reads
    as a man's name, "widow" says she is a woman: "she" is Strada, the nearer subject."""
    text = "Ann Lee spoke. Then 9/11 widow Terry Strada spoke. Later she said more."
    resolver = Resolver([_person(text, "Ann Lee", subject=True),
                         _person(text, "Terry Strada", titles=(("9/11", "widow"),), subject=True)])
    she = resolver.resolve(_pronoun(text, "she"), Recent())
    assert she.cluster.name == "Terry Strada"


def test_a_bare_surname_the_recognizer_missed_goes_to_the_most_named_of_that_surname():
    """Carly Fiorina and her husband Frank Fiorina; Donald Trump named twice, Ivanka Trump once.
    -- A bare "Fiorina" or "Trump" the recognizer did not call a person still names someone
    (the first named on a tie, else the one named most), not nobody."""
    text = ("Carly Fiorina ran. Frank Fiorina, her husband, did not. Donald Trump ran. "
            "Ivanka Trump spoke. Donald Trump won. Fiorina said no. Trump said yes.")
    at = text.index("Donald Trump won")
    people = [_person(text, n, subject=True)
              for n in ("Carly Fiorina", "Frank Fiorina", "Donald Trump", "Ivanka Trump")]
    people.append(PersonEnt(TextSpan(at, at + 12, "Donald Trump"), (), "", True, None))
    bare = [SurnameToken(n.lower(), text.index(f"{n} said"), n, True) for n in ("Fiorina", "Trump")]
    resolver = Resolver(people, bare)
    holders = {c.name: [m.text for m in c.mentions] for c in resolver.clusters}
    assert holders["Carly Fiorina"] == ["Carly Fiorina", "Fiorina"]
    assert holders["Frank Fiorina"] == ["Frank Fiorina"]
    assert holders["Donald Trump"] == ["Donald Trump", "Donald Trump", "Trump"]
    assert holders["Ivanka Trump"] == ["Ivanka Trump"]


def test_a_bare_surname_is_the_person_of_that_surname_named_most_so_far():
    """Chris Murphy ... Chris Murphy ... victim Anne Marie Murphy ... Murphy said. -- The bare
    surname is the senator named twice before, not the fuller name named once."""
    text = ("Chris Murphy ran. Chris Murphy won. A victim, Anne Marie Murphy, died. "
            "Murphy said more.")
    second = text.index("Chris Murphy won")
    bare = text.index("Murphy said")
    resolver = Resolver([_person(text, "Chris Murphy", subject=True),
                         PersonEnt(TextSpan(second, second + 12, "Chris Murphy"), (), "", True, None),
                         _person(text, "Anne Marie Murphy"),
                         PersonEnt(TextSpan(bare, bare + 6, "Murphy"), (), "", True, None)])
    holders = {c.name: [m.text for m in c.mentions] for c in resolver.clusters}
    assert holders["Chris Murphy"] == ["Chris Murphy", "Chris Murphy", "Murphy"]


def test_a_person_named_inside_a_quote_is_not_the_clause_subject_a_pronoun_prefers():
    """“Hillary Clinton has done things,” he said. -- Clinton is the subject of the quoted
    clause, not someone "he" can be; a subject named outside a quote still counts."""
    doc = _doc([
        ("“", "PUNCT", "``", "punct", 9, "O"),
        ("Hillary", "PROPN", "NNP", "compound", 1, "B-PERSON"),
        ("Clinton", "PROPN", "NNP", "nsubj", 2, "I-PERSON"),
        ("has", "AUX", "VBZ", "aux", 1, "O"),
        ("done", "VERB", "VBN", "ccomp", 5, "O"),
        ("things", "NOUN", "NNS", "dobj", -1, "O"),
        (",", "PUNCT", ",", "punct", 3, "O"),
        ("”", "PUNCT", "''", "punct", 2, "O"),
        ("he", "PRON", "PRP", "nsubj", 1, "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "O"),
        (".", "PUNCT", ".", "punct", -1, "O"),
    ])
    in_quote = bytearray(len(doc))
    in_quote[0:8] = b"\x01" * 8  # the quote, its marks included (as DocIndex marks it)
    he = mention_of(doc[8:9], EntIndex(list(doc.ents), in_quote))
    assert he.sent_subjects == ()

    doc = _doc([
        ("Bush", "PROPN", "NNP", "nsubj", 1, "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "O"),
        ("that", "SCONJ", "IN", "mark", 2, "O"),
        ("he", "PRON", "PRP", "nsubj", 1, "O"),
        ("called", "VERB", "VBD", "ccomp", -3, "O"),
        (".", "PUNCT", ".", "punct", -4, "O"),
    ])
    assert mention_of(doc[3:4], EntIndex(list(doc.ents))).sent_subjects == ("Bush",)


def test_a_subjects_gender_comes_from_the_next_he_or_she_not_from_a_his_or_her():
    """Mukasey said the scandal hurt her career. -- "her" is Clinton's (named elsewhere), not
    Mukasey's: no gender is read; "Lee said she would go" still gives Lee hers."""
    def gender(words: list[tuple[str, str, str, str, int, str]]) -> str | None:
        doc = _doc(words)
        return people_of(doc, list(doc.ents), bytearray(len(doc)))[0].pronoun_gender

    assert gender([
        ("Mukasey", "PROPN", "NNP", "nsubj", 1, "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "O"),
        ("the", "DET", "DT", "det", 1, "O"),
        ("scandal", "NOUN", "NN", "nsubj", 1, "O"),
        ("hurt", "VERB", "VBD", "ccomp", -3, "O"),
        ("her", "PRON", "PRP$", "poss", 1, "O"),
        ("career", "NOUN", "NN", "dobj", -2, "O"),
        (".", "PUNCT", ".", "punct", -6, "O"),
    ]) is None
    assert gender([
        ("Lee", "PROPN", "NNP", "nsubj", 1, "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "O"),
        ("she", "PRON", "PRP", "nsubj", 2, "O"),
        ("would", "AUX", "MD", "aux", 1, "O"),
        ("go", "VERB", "VB", "ccomp", -3, "O"),
        (".", "PUNCT", ".", "punct", -4, "O"),
    ]) == "f"


@pytest.mark.parametrize("role", ["retired neurosurgeon", "organizer", "host"])
def test_a_role_noun_is_the_named_person_the_text_is_about(role):
    """Ben Carson spoke in Iowa. Later the retired neurosurgeon said it. He said more. -- "the
    retired neurosurgeon" is Carson, so the "he" after it is Carson too, not a nameless speaker."""
    text = f"Ben Carson spoke in Iowa. Later the {role} said it. He said more."
    resolver = Resolver([_person(text, "Ben Carson", subject=True)])
    phrase = f"the {role}"
    start = text.index(phrase)
    mention = Mention(TextSpan(start, start + len(phrase), phrase), "nsubj", "NOUN", "NN",
                      role.split()[-1], words=tuple(role.split()), definite=True, desc_name=phrase)
    assert resolver.resolve(mention, Recent()).cluster.name == "Ben Carson"


# --------------------------------------------------------------------------- the measure

def _measure():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "attribution.py"
    spec = importlib.util.spec_from_file_location("bench_attribution", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PRONOUNS = {"he", "she", "him", "her", "his", "i", "we", "they", "it"}


def _record(text: str, quotes: list[tuple[str, str]]) -> dict:
    """A gold record: each (quoted text, speaker as written right after it or before it)."""
    out, pos = [], 0
    for quoted, speaker in quotes:
        start = text.index(quoted, pos)
        at = text.index(speaker, start + len(quoted)) if speaker in text[start:] \
            else text.rindex(speaker, 0, start)
        out.append({"start": start, "end": start + len(quoted), "speaker": speaker,
                    "speaker_start": at, "speaker_end": at + len(speaker)})
        pos = start + len(quoted)
    return {"text": text, "quotes": out}


def _referents(rec: dict) -> list[str | None]:
    refs = _measure()._referents(rec, PRONOUNS)
    return [refs.get(id(q)) for q in rec["quotes"]]


def test_measure_bodies_and_long_descriptions_are_no_people():
    m = _measure()
    assert m._named("9/11 widow Terry Strada") and m._named("Sen. Ted Cruz") and m._named("Obama")
    assert not m._named("Yahoo News")
    assert not m._named("Another") and m._named("The Rev. Al Sharpton")
    assert not m._named("a 15-count complaint by Vermont")
    assert not m._named("the Texas senator")
    assert m._surname("House Speaker Paul Ryan, R-Wis.,") == "Ryan"


def test_measure_a_role_noun_gives_the_gender_over_the_given_name():
    """“A,” said 9/11 widow Terry Strada. She went on: “B,” she said. -- "widow": a woman,
    though "Terry" reads as a man's name; the exchange goes on with her, not with Hillary
    Clinton named before."""
    text = ("Hillary Clinton spoke on Monday. “A is so,” said 9/11 widow Terry Strada. "
            "She went on: “B is so,” she said.")
    rec = _record(text, [("A is so", "9/11 widow Terry Strada"), ("B is so", "she")])
    assert _referents(rec) == [None, "Strada"]


def test_measure_a_shared_surname_takes_the_gender_of_the_full_name_before_it():
    """Bill Clinton and Hillary Clinton both named: "Clinton" after "Hillary Clinton" is a
    woman, so "he" is not her but Ed Rendell."""
    text = ("Bill Clinton was president. Ed Rendell backed Hillary Clinton. “She will win,” "
            "Rendell said. Clinton is fit, he added. “She is fine,” he said.")
    rec = _record(text, [("She will win", "Rendell"), ("She is fine", "he")])
    assert _referents(rec) == [None, "Rendell"]


def test_measure_a_name_before_a_speech_verb_is_a_subject_and_one_after_said_is_not():
    """Tom Beruff ran. The state can act, Todd Wilcox said. -- Wilcox, right before "said", is who
    the next "he said" goes on with; "Tarar said selling Trump was hard": Trump is no subject."""
    text = ("Tom Beruff ran for office. The state can act, Todd Wilcox said. "
            "“It is so,” he said.")
    assert _referents(_record(text, [("It is so", "he")])) == ["Wilcox"]
    text = ("Mr. Sajid Tarar spoke. Mr. Tarar said selling Mr. Trump was hard. "
            "“It is so,” he said.")
    assert _referents(_record(text, [("It is so", "he")])) == ["Tarar"]


def test_measure_a_name_before_a_verb_is_a_subject_unless_in_a_clause_inside_the_sentence():
    """On Monday, in Maine, Gary Johnson demurred. -- Johnson is the subject; in "Trump
    said praise from Vladimir Putin would not matter" Putin is the subject of a clause only."""
    text = ("Mr. Ben Carson spoke first. On Monday, in Maine, Gary Johnson demurred. "
            "“It is so,” he said.")
    assert _referents(_record(text, [("It is so", "he")])) == ["Johnson"]
    text = ("Mr. Donald Trump spoke. Mr. Trump said praise from Mr. Vladimir Putin would not "
            "matter. “It is so,” he said.")
    assert _referents(_record(text, [("It is so", "he")])) == ["Trump"]


# --------------------------------------------------------------------------- whole pipeline

@pytest.mark.model
def test_he_after_a_quote_naming_someone_else_is_the_person_before(nlp):
    """Mukasey served under Bush, not Bill Clinton. “… Bill Clinton has done a lot of things …,”
    he said. -- "he" is Mukasey: Clinton, the subject inside the quote, is not the clause subject
    the pronoun prefers."""
    from workbench.extract import quotes_from_doc

    text = ("Michael Mukasey served under George W. Bush, not under Bill Clinton. "
            "“Over the years, Bill Clinton has done a lot of things and said a lot of things "
            "to show why his party should not be trusted,” he said.")
    assert [q.speaker_name for q in quotes_from_doc(nlp(text))] == ["Michael Mukasey"]


def test_measure_runs_of_capitalised_words_in_a_title_case_headline_are_no_names():
    """Big Night: Hillary Clinton Wins Delaware -- "Delaware" after a given name in a title-case
    headline is no surname; the same run in the body still is one."""
    from workbench.speakers.given_names import gender_of

    m = _measure()
    rec = {"text": "Big Night: Hillary Clinton Wins Delaware\n\nShe spoke in Dover.", "quotes": []}
    assert "Delaware" not in m._people(rec, PRONOUNS, gender_of)
    rec = {"text": "The vote\n\nHillary Clinton Wins Delaware, it said.", "quotes": []}
    assert "Delaware" in m._people(rec, PRONOUNS, gender_of)
