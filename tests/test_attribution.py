"""Attribution and speaker resolution on hand-built Docs: no model, every annotation written out.

Each case is a short text and its parse, given as (word, pos, tag, dep, head_offset, lemma, ent)
tuples; ``head_offset`` is relative to the token (0 for a root) and ``ent`` is an IOB tag ("O",
"B-PERSON", "I-PERSON", ...). Sentences follow from the roots of the parse.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from workbench.quotes.component import QuoteFinder
from workbench.speakers.names import clean_name, name_tokens, same_person, surname

Tok = tuple[str, str, str, str, int, str, str]

# A blank English vocab (no model): a bare ``Vocab()`` has no lexical attribute getters, so
# token.lower_ would be "" and token.is_punct False, which no real pipeline produces.
VOCAB = English().vocab


def build(text: str, spec: list[Tok]) -> Doc:
    """A Doc whose text is exactly ``text``, tokenised and annotated as ``spec`` says."""
    words, spaces, pos = [], [], 0
    for word, *_ in spec:
        start = text.index(word, pos)
        assert not text[pos:start].strip(), f"unexpected text before {word!r}: {text[pos:start]!r}"
        assert text[pos:start] in ("", " "), f"only single spaces between tokens: {text[pos:start]!r}"
        if words:
            spaces[-1] = start > pos
        words.append(word)
        spaces.append(False)
        pos = start + len(word)
    assert pos == len(text), f"spec does not cover the text: {text[pos:]!r}"
    doc = Doc(VOCAB, words=words, spaces=spaces,
              pos=[t[1] for t in spec], tags=[t[2] for t in spec], deps=[t[3] for t in spec],
              heads=[i + t[4] for i, t in enumerate(spec)], lemmas=[t[5] for t in spec],
              ents=[t[6] for t in spec])
    assert doc.text == text
    return doc


def run(doc: Doc) -> Doc:
    return QuoteFinder()(doc)


def quotes(doc: Doc):
    return [span._.quote for span in doc.spans["quotes"]]


def one_quote(doc: Doc):
    qs = quotes(doc)
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


# The quoted clause used by most cases, parsed as the model parses it. Heads of "“", "win" and ","
# point outside the quote and are filled in per case.
def win_fight(open_head: int, win_head: int, comma_head: int | None, closing: str = ",") -> list[Tok]:
    out = [
        ("“", "PUNCT", "``", "punct", open_head, '"', "O"),
        ("We", "PRON", "PRP", "nsubj", 2, "we", "O"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("win", "VERB", "VB", "ccomp", win_head, "win", "O"),
        ("this", "DET", "DT", "det", 1, "this", "O"),
        ("fight", "NOUN", "NN", "dobj", -2, "fight", "O"),
    ]
    if comma_head is not None:
        out.append((closing, "PUNCT", closing, "punct", comma_head, closing, "O"))
    return out


# “The plan is working well.” -- a second quote, a sentence of its own.
PLAN_WORKING: list[Tok] = [
        ("“", "PUNCT", "``", "punct", 4, '"', "O"),
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("plan", "NOUN", "NN", "nsubj", 2, "plan", "O"),
        ("is", "AUX", "VBZ", "aux", 1, "be", "O"),
        ("working", "VERB", "VBG", "ROOT", 0, "work", "O"),
        ("well", "ADV", "RB", "advmod", -1, "well", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
        ("”", "PUNCT", "''", "punct", -3, '"', "O"),
]


# -- cue forms -------------------------------------------------------------------------------

def test_tail_cue_name_then_verb():
    """“…,” Smith said. -- speaker Smith, mention Smith, cue said."""
    text = "“We will win this fight,” Smith said."
    doc = run(build(text, win_fight(9, 6, 3) + [
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]))
    q = one_quote(doc)
    assert q.text == "We will win this fight,"
    assert text[q.start:q.end] == q.text
    assert q.speaker_name == "Smith"
    assert q.mention.text == "Smith" and text[q.mention.start:q.mention.end] == "Smith"
    assert q.cue.text == "said" and text[q.cue.start:q.cue.end] == "said"
    assert 0.0 < q.confidence <= 1.0
    assert [(s.name, s.kind) for s in doc._.speakers] == [("Smith", "person")]
    assert q.speaker_id == doc._.speakers[0].id


def test_tail_cue_verb_then_name():
    """“…,” said Smith. -- inverted order, same attribution."""
    text = "“We will win this fight,” said Smith."
    doc = run(build(text, win_fight(8, 5, 2) + [
        ("”", "PUNCT", "''", "punct", 1, '"', "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("Smith", "PROPN", "NNP", "nsubj", -1, "Smith", "B-PERSON"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ]))
    q = one_quote(doc)
    assert q.text == "We will win this fight,"
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith", "said")
    assert [(s.name, s.kind) for s in doc._.speakers] == [("Smith", "person")]


def test_head_cue_with_colon():
    """Smith said: “…” -- the verb before the quote governs it."""
    text = "Smith said: “We will win this fight.”"
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (":", "PUNCT", ":", "punct", -1, ":", "O"),
    ] + win_fight(-2, -5, -8, ".") + [
        ("”", "PUNCT", "''", "punct", -9, '"', "O"),
    ]))
    q = one_quote(doc)
    assert q.text == "We will win this fight."
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith", "said")
    assert q.cue.start == text.index("said")


def test_colon_without_verb():
    """Smith: “…” -- a bare name and a colon attribute the quote, the cue is the colon."""
    text = "Smith: “We will win this fight.”"
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "ROOT", 0, "Smith", "B-PERSON"),
        (":", "PUNCT", ":", "punct", -1, ":", "O"),
    ] + win_fight(2, -3, -3, ".")[:1] + [
        ("We", "PRON", "PRP", "nsubj", 2, "we", "O"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("win", "VERB", "VB", "appos", -5, "win", "O"),
        ("this", "DET", "DT", "det", 1, "this", "O"),
        ("fight", "NOUN", "NN", "dobj", -2, "fight", "O"),
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
    ]))
    q = one_quote(doc)
    assert q.speaker_name == "Smith"
    assert q.mention.text == "Smith"
    assert q.cue.text == ":"


ACCORDING_TAIL = [
    (",", "PUNCT", ",", "punct", None, ",", "O"),
    ("“", "PUNCT", "``", "punct", 4, '"', "O"),
    ("the", "DET", "DT", "det", 1, "the", "O"),
    ("plan", "NOUN", "NN", "nsubj", 2, "plan", "O"),
    ("is", "AUX", "VBZ", "aux", 1, "be", "O"),
    ("working", "VERB", "VBG", "ROOT", 0, "work", "O"),
    ("well", "ADV", "RB", "advmod", -1, "well", "O"),
    (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ("”", "PUNCT", "''", "punct", -3, '"', "O"),
]


def according(head_tokens: list[Tok]) -> list[Tok]:
    """``According to <head_tokens>, “the plan is working well.”`` with heads filled in."""
    n = len(head_tokens)
    root = 2 + n + 5  # index of "working"
    spec = [("According", "VERB", "VBG", "prep", root, "accord", "O"),
            ("to", "ADP", "IN", "prep", -1, "to", "O")] + head_tokens
    comma = list(ACCORDING_TAIL[0])
    comma[4] = root - len(spec)
    return spec + [tuple(comma)] + ACCORDING_TAIL[1:]


def test_dash_byline_glued_to_the_closing_mark():
    """“…”― Jane Doe: the tokenizer glues the dash to the closing mark; the name after it is the
    speaker (collected reactions, epigraphs)."""
    text = "“We will win this fight.”― Jane Doe"
    spec = win_fight(3, 0, -3, ".") + [
        ("”―", "PUNCT", "''", "punct", -4, '"', "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "npadvmod", -6, "Doe", "I-PERSON"),
    ]
    spec[3] = spec[3][:3] + ("ROOT",) + spec[3][4:]
    q = one_quote(run(build(text, spec)))
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Jane Doe", "Jane Doe", "”―")


def test_object_of_a_later_verb_is_no_inverted_speaker():
    """“…,” but stopped calling Smith. -- Smith is what is called, not who speaks (“…,” said
    Smith would be)."""
    text = "“We will win this fight,” but stopped calling Smith."
    doc = run(build(text, win_fight(3, 6, -3) + [
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
        ("but", "CCONJ", "CC", "cc", 1, "but", "O"),
        ("stopped", "VERB", "VBD", "ROOT", 0, "stop", "O"),
        ("calling", "VERB", "VBG", "xcomp", -1, "call", "O"),
        ("Smith", "PROPN", "NNP", "dobj", -1, "Smith", "B-PERSON"),
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
    ]))
    assert all(q.speaker_name != "Smith" for q in quotes(doc))


def test_clause_after_the_quote_with_its_own_subject_is_no_attribution():
    """“…,” while Jones said nothing. -- "while" opens a clause of its own: Jones is not the
    speaker of the quote."""
    text = "“We will win this fight,” while Jones said nothing."
    spec = win_fight(3, 0, -3) + [
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
        ("while", "SCONJ", "IN", "mark", 2, "while", "O"),
        ("Jones", "PROPN", "NNP", "nsubj", 1, "Jones", "B-PERSON"),
        ("said", "VERB", "VBD", "advcl", -7, "say", "O"),
        ("nothing", "PRON", "NN", "dobj", -1, "nothing", "O"),
        (".", "PUNCT", ".", "punct", -9, ".", "O"),
    ]
    spec[3] = spec[3][:3] + ("ROOT",) + spec[3][4:]
    assert all(q.speaker_name != "Jones" for q in quotes(run(build(text, spec))))


def test_person_in_apposition_to_a_thing_subject():
    """The election, Jane Doe, said “…” -- when the parser makes a thing the subject, the person
    its apposition names is the speaker."""
    text = "The election, Jane Doe, said “We will win this fight.”"
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("election", "NOUN", "NN", "nsubj", 5, "election", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "appos", -3, "Doe", "I-PERSON"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
    ] + win_fight(3, -4, -3, ".") + [
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jane Doe", "said")


def test_byline_paragraph_under_the_quote():
    """“…”  then a paragraph "- Jane Doe." (fact checks, collected quotes): she is the speaker."""
    text = "“We will win this fight.”\n\n- Jane Doe."
    spec = win_fight(3, 0, -3, ".") + [
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
        ("\n\n", "SPACE", "_SP", "dep", -1, "\n\n", "O"),
        ("-", "PUNCT", ":", "punct", 2, "-", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "ROOT", 0, "Doe", "I-PERSON"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]
    spec[3] = spec[3][:3] + ("ROOT",) + spec[3][4:]
    q = one_quote(run(build(text, spec)))
    assert (q.speaker_name, q.mention.text) == ("Jane Doe", "Jane Doe")


def test_coordinate_clause_keeps_its_own_speaker():
    """Jones said no, and Smith vowed “…” -- Smith's clause stands beside Jones's words, not
    inside them (unlike Jones said that Smith begged “…”)."""
    text = "Jones said no, and Smith vowed “We will win this fight.”"
    doc = run(build(text, [
        ("Jones", "PROPN", "NNP", "nsubj", 1, "Jones", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("no", "INTJ", "UH", "dobj", -1, "no", "O"),
        (",", "PUNCT", ",", "punct", -2, ",", "O"),
        ("and", "CCONJ", "CC", "cc", -3, "and", "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("vowed", "VERB", "VBD", "conj", -5, "vow", "O"),
    ] + win_fight(3, -4, -3, ".") + [
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Smith", "vowed")


def test_speech_not_yet_made_goes_to_the_reporting_speaker():
    """Obama said Americans will say “…” -- the Americans have said nothing yet: Obama's words."""
    text = "Obama said Americans will say “We will win this fight.”"
    doc = run(build(text, [
        ("Obama", "PROPN", "NNP", "nsubj", 1, "Obama", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("Americans", "PROPN", "NNPS", "nsubj", 2, "Americans", "B-NORP"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("say", "VERB", "VB", "ccomp", -3, "say", "O"),
    ] + win_fight(3, -4, -3, ".") + [
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
    ]))
    assert one_quote(doc).speaker_name == "Obama"


def test_owner_of_a_speech_noun():
    """Smith’s claim that “…” was false. -- the claim's owner is the speaker, the noun the cue."""
    text = "Smith’s claim that “We will win this fight” was false."
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "poss", 2, "Smith", "B-PERSON"),
        ("’s", "PART", "POS", "case", -1, "’s", "O"),
        ("claim", "NOUN", "NN", "nsubj", 9, "claim", "O"),
        ("that", "SCONJ", "IN", "mark", 4, "that", "O"),
    ] + win_fight(3, -5, None) + [
        ("”", "PUNCT", "''", "punct", -3, '"', "O"),
        ("was", "AUX", "VBD", "ROOT", 0, "be", "O"),
        ("false", "ADJ", "JJ", "acomp", -1, "false", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ]))
    q = one_quote(doc)
    assert q.text == "We will win this fight"
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith’s", "claim")


def test_quote_modifying_a_speech_noun_is_not_its_owners():
    """Jones mocked Smith’s “we will win this fight” claim. -- a quote used as a modifier is the
    writer's or the subject's label for the claim, not the owner's statement."""
    text = "Jones mocked Smith’s “We will win this fight” claim."
    spec = [
        ("Jones", "PROPN", "NNP", "nsubj", 1, "Jones", "B-PERSON"),
        ("mocked", "VERB", "VBD", "ROOT", 0, "mock", "O"),
        ("Smith", "PROPN", "NNP", "poss", 9, "Smith", "B-PERSON"),
        ("’s", "PART", "POS", "case", -1, "’s", "O"),
    ] + win_fight(3, 4, None) + [
        ("”", "PUNCT", "''", "punct", -3, '"', "O"),
        ("claim", "NOUN", "NN", "dobj", -10, "claim", "O"),
        (".", "PUNCT", ".", "punct", -11, ".", "O"),
    ]
    spec[7] = spec[7][:3] + ("amod",) + spec[7][4:]  # "win" hangs on "claim" as a modifier
    q = one_quote(run(build(text, spec)))
    assert q.speaker_name == "Jones"


def test_according_to_name():
    """According to Smith, “…” -- speaker Smith, cue "According to"."""
    text = "According to Smith, “the plan is working well.”"
    doc = run(build(text, according([("Smith", "PROPN", "NNP", "pobj", -1, "Smith", "B-PERSON")])))
    q = one_quote(doc)
    assert q.text == "the plan is working well."
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith", "According to")


def test_according_to_description_cue():
    """According to an official, “…” -- the cue is "According to", not the tokens before "official"."""
    text = "According to an official, “the plan is working well.”"
    doc = run(build(text, according([
        ("an", "DET", "DT", "det", 1, "an", "O"),
        ("official", "NOUN", "NN", "pobj", -2, "official", "O"),
    ])))
    q = one_quote(doc)
    assert q.mention.text == "an official"
    assert q.cue.text == "According to"


def test_according_to_description_speaker():
    """According to an official, “…” -- the speaker is the description "an official"."""
    text = "According to an official, “the plan is working well.”"
    doc = run(build(text, according([
        ("an", "DET", "DT", "det", 1, "an", "O"),
        ("official", "NOUN", "NN", "pobj", -2, "official", "O"),
    ])))
    q = one_quote(doc)
    assert q.speaker_name == "an official"
    assert q.mention.text == "an official"
    assert [s.kind for s in doc._.speakers] == ["person"]


def test_relative_clause_between_subject_and_verb():
    """Smith, who chairs the board, said “…” -- the relcl is left out of the mention."""
    text = "Smith, who chairs the board, said “we will win this fight.”"
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "nsubj", 7, "Smith", "B-PERSON"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("who", "PRON", "WP", "nsubj", 1, "who", "O"),
        ("chairs", "VERB", "VBZ", "relcl", -3, "chair", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("board", "NOUN", "NN", "dobj", -2, "board", "O"),
        (",", "PUNCT", ",", "punct", -6, ",", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("we", "PRON", "PRP", "nsubj", 2, "we", "O"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("win", "VERB", "VB", "ccomp", -4, "win", "O"),
        ("this", "DET", "DT", "det", 1, "this", "O"),
        ("fight", "NOUN", "NN", "dobj", -2, "fight", "O"),
        (".", "PUNCT", ".", "punct", -7, ".", "O"),
        ("”", "PUNCT", "''", "punct", -8, '"', "O"),
    ]))
    q = one_quote(doc)
    assert q.text == "we will win this fight."
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith", "said")
    assert q.cue.start == text.index("said")


def test_relative_pronoun_subject_resolves_to_antecedent():
    """They met Smith, who said “…” -- the cue's mention is "who", and it resolves to Smith."""
    text = "They met Smith, who said “we will win this fight.”"
    doc = run(build(text, [
        ("They", "PRON", "PRP", "nsubj", 1, "they", "O"),
        ("met", "VERB", "VBD", "ROOT", 0, "meet", "O"),
        ("Smith", "PROPN", "NNP", "dobj", -1, "Smith", "B-PERSON"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("who", "PRON", "WP", "nsubj", 1, "who", "O"),
        ("said", "VERB", "VBD", "relcl", -3, "say", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("we", "PRON", "PRP", "nsubj", 2, "we", "O"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("win", "VERB", "VB", "ccomp", -4, "win", "O"),
        ("this", "DET", "DT", "det", 1, "this", "O"),
        ("fight", "NOUN", "NN", "dobj", -2, "fight", "O"),
        (".", "PUNCT", ".", "punct", -11, ".", "O"),
        ("”", "PUNCT", "''", "punct", -12, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "who", "said")


def test_pronoun_resolved_to_person_named_before():
    """Jane Smith spoke. “…,” she added. -- "she" resolves to Jane Smith."""
    text = "Jane Smith spoke at the rally. “We will win this fight,” she added."
    doc = run(build(text, [
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "I-PERSON"),
        ("spoke", "VERB", "VBD", "ROOT", 0, "speak", "O"),
        ("at", "ADP", "IN", "prep", -1, "at", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("rally", "NOUN", "NN", "pobj", -2, "rally", "O"),
        (".", "PUNCT", ".", "punct", -4, ".", "O"),
    ] + win_fight(9, 6, 3) + [
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("she", "PRON", "PRP", "nsubj", 1, "she", "O"),
        ("added", "VERB", "VBD", "ROOT", 0, "add", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]))
    q = one_quote(doc)
    assert q.speaker_name == "Jane Smith"
    assert q.mention.text == "she" and q.mention.start == text.index("she")
    assert q.cue.text == "added"
    speakers = doc._.speakers
    assert [(s.name, s.kind) for s in speakers] == [("Jane Smith", "person")]
    assert [m.text for m in speakers[0].mentions] == ["Jane Smith", "she"]


def test_title_resolved_to_named_holder():
    """Press secretary Jane Doe said … “…,” the press secretary said. -- the title is Jane Doe."""
    text = ("Press secretary Jane Doe said the talks went well. "
            "“We will win this fight,” the press secretary said.")
    doc = run(build(text, [
        ("Press", "NOUN", "NN", "compound", 1, "press", "O"),
        ("secretary", "NOUN", "NN", "compound", 2, "secretary", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "nsubj", 1, "Doe", "I-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("talks", "NOUN", "NNS", "nsubj", 1, "talk", "O"),
        ("went", "VERB", "VBD", "ccomp", -3, "go", "O"),
        ("well", "ADV", "RB", "advmod", -1, "well", "O"),
        (".", "PUNCT", ".", "punct", -5, ".", "O"),
    ] + win_fight(11, 8, 5) + [
        ("”", "PUNCT", "''", "punct", 4, '"', "O"),
        ("the", "DET", "DT", "det", 2, "the", "O"),
        ("press", "NOUN", "NN", "compound", 1, "press", "O"),
        ("secretary", "NOUN", "NN", "nsubj", 1, "secretary", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]))
    q = one_quote(doc)
    assert q.speaker_name == "Jane Doe"
    assert q.mention.text == "the press secretary"
    assert q.cue.text == "said" and q.cue.start == text.rindex("said")
    speakers = doc._.speakers
    assert [(s.name, s.kind) for s in speakers] == [("Jane Doe", "person")]
    assert "the press secretary" in [m.text for m in speakers[0].mentions]


def test_group_speaker():
    """U.S. officials said “…” -- the speaker is the group "U.S. officials"."""
    text = "U.S. officials said “the plan is working well.”"
    doc = run(build(text, [
        ("U.S.", "PROPN", "NNP", "compound", 1, "U.S.", "B-GPE"),
        ("officials", "NOUN", "NNS", "nsubj", 1, "official", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("plan", "NOUN", "NN", "nsubj", 2, "plan", "O"),
        ("is", "AUX", "VBZ", "aux", 1, "be", "O"),
        ("working", "VERB", "VBG", "ccomp", -5, "work", "O"),
        ("well", "ADV", "RB", "advmod", -1, "well", "O"),
        (".", "PUNCT", ".", "punct", -7, ".", "O"),
        ("”", "PUNCT", "''", "punct", -8, '"', "O"),
    ]))
    q = one_quote(doc)
    assert q.text == "the plan is working well."
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("U.S. officials", "U.S. officials", "said")
    assert [(s.name, s.kind) for s in doc._.speakers] == [("U.S. officials", "group")]


def test_quote_broken_by_attribution_is_one_statement():
    """“A,” Smith said. “B.” -- the component merges the two regions into one two-part quote."""
    text = "“We will win this fight,” Smith said. “The plan is working well.”"
    doc = run(build(text, win_fight(9, 6, 3) + [
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ] + PLAN_WORKING))
    q = one_quote(doc)
    assert [text[s:e] for s, e in q.parts] == ["We will win this fight,", "The plan is working well."]
    assert q.speaker_name == "Smith" and q.cue.text == "said"
    span = doc.spans["quotes"][0]
    assert span.start_char <= q.start and q.end <= span.end_char


def test_two_speakers_get_distinct_ids():
    """Two quotes by two people give two speakers, each quote pointing at its own."""
    text = "“We will win this fight,” Smith said. “We will win this fight,” said Jones."
    spec = win_fight(9, 6, 3) + [
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ] + win_fight(8, 5, 2) + [
        ("”", "PUNCT", "''", "punct", 1, '"', "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("Jones", "PROPN", "NNP", "nsubj", -1, "Jones", "B-PERSON"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ]
    doc = run(build(text, spec))
    qs = quotes(doc)
    assert [q.speaker_name for q in qs] == ["Smith", "Jones"]
    assert qs[0].speaker_id != qs[1].speaker_id
    assert {s.id for s in doc._.speakers} == {qs[0].speaker_id, qs[1].speaker_id}
    assert all(0.0 <= q.confidence <= 1.0 and len(q.alternatives) <= 3 for q in qs)


def test_short_scare_quote_without_cue_is_dropped():
    """A two-word quote with no cue (a scare quote) is not reported as a statement."""
    text = "The so-called “vacancy credit” was approved."
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 3, "the", "O"),
        ("so", "ADV", "RB", "advmod", 2, "so", "O"),
        ("-", "PUNCT", "HYPH", "punct", 1, "-", "O"),
        ("called", "VERB", "VBN", "amod", 3, "call", "O"),
        ("“", "PUNCT", "``", "punct", 2, '"', "O"),
        ("vacancy", "NOUN", "NN", "compound", 1, "vacancy", "O"),
        ("credit", "NOUN", "NN", "nsubjpass", 3, "credit", "O"),
        ("”", "PUNCT", "''", "punct", -1, '"', "O"),
        ("was", "AUX", "VBD", "auxpass", 1, "be", "O"),
        ("approved", "VERB", "VBN", "ROOT", 0, "approve", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]))
    assert quotes(doc) == []


# -- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("MS. JEAN-PIERRE", "Karine Jean-Pierre"),
    ("J. Biden", "Joe Biden"),
    ("Jean-Pierre", "Karine Jean-Pierre"),
    ("President Joe Biden", "Biden"),
    ("Stoltenberg’s", "Jens Stoltenberg"),
    ("George H.W. Bush", "George H. W. Bush"),
    ("Martin Luther King Jr.", "Martin L. King"),
    ("George W. Bush", "George Bush"),  # a middle name left out may be either
])
def test_same_person(a, b):
    """Names sharing a surname with compatible first names denote the same person (symmetrically)."""
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize("a, b", [
    ("Joe Biden", "Jill Biden"),
    ("Joe Biden", "Joe Smith"),
    ("J. Biden", "Hunter Biden"),
    ("Mr.", "Mr. Smith"),
    ("George W. Bush", "George H.W. Bush"),
    ("George W. Bush", "George H. W. Bush"),
    ("John Q. Adams", "John T. Adams"),
])
def test_not_same_person(a, b):
    """Different first names, different surnames, middle names or initials that differ
    (father and son), or an empty name are not the same person."""
    assert not same_person(a, b)
    assert not same_person(b, a)


@pytest.mark.parametrize("name, tokens", [
    ("Mr. Smith", ["smith"]),
    ("MS. JEAN-PIERRE", ["jean-pierre"]),
    ("Dr. Jane Doe Jr.", ["jane", "doe"]),
    ("Smith's", ["smith"]),
    ("Stoltenberg’s", ["stoltenberg"]),
    ("President Joe Biden", ["joe", "biden"]),
    ("José Álvarez", ["jose", "alvarez"]),
])
def test_name_tokens_drop_honorifics_and_possessive(name, tokens):
    """name_tokens folds case and accents and drops honorifics, titles, suffixes and 's."""
    assert list(name_tokens(name)) == tokens


def test_surname_and_clean_name():
    """surname() is the last meaningful token; clean_name() strips possessive and punctuation."""
    assert surname("Karine Jean-Pierre") == "jean-pierre"
    assert surname("Mr.") is None
    assert clean_name("Stoltenberg’s") == "Stoltenberg"
    assert clean_name("“Smith,”") == "Smith"


# -- confidence -------------------------------------------------------------------------------

def test_confidence_follows_the_cue_and_the_resolution_path():
    """A speaker named right after the quote is trusted (>= 0.9); one named before it, a
    description, a verb that is no speech verb, or a pronoun with rivals are not; a pronoun's
    confidence falls with the share its rivals take."""
    from workbench.speakers.confidence import speaker_confidence

    tail_name = speaker_confidence("tail", "name", 0.95, 0.95)
    assert tail_name >= 0.9
    assert speaker_confidence("head", "name", 0.95, 0.9) < 0.9
    assert speaker_confidence("head", "name", 0.95, 0.85) < speaker_confidence("head", "name", 0.95, 0.9)
    assert speaker_confidence("tail", "description", 0.85, 0.95) < 0.9
    assert speaker_confidence("govern", "name", 0.95, 0.6) < speaker_confidence("head", "name", 0.95, 0.9)
    alone = speaker_confidence("tail", "pronoun", 0.95, 0.95)
    rivalled = speaker_confidence("tail", "pronoun", 0.6, 0.95)
    assert alone >= 0.9 > rivalled
    assert speaker_confidence("tail", "unknown", 0.3, 0.95) <= 0.3


def test_named_speaker_after_the_quote_is_trusted_and_one_before_it_less():
    """“…,” Smith said. gets confidence >= 0.9; Smith said: “…” gets less."""
    tail = one_quote(run(build("“We will win this fight,” Smith said.", win_fight(9, 6, 3) + [
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ])))
    assert tail.confidence >= 0.9
    head = one_quote(run(build("Smith said: “We will win this fight.”", [
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (":", "PUNCT", ":", "punct", -1, ":", "O"),
    ] + win_fight(-2, -5, -8, ".") + [
        ("”", "PUNCT", "''", "punct", -9, '"', "O"),
    ])))
    assert head.speaker_name == "Smith" and 0.5 < head.confidence < tail.confidence


# -- resolution records (no Doc: the records resolution reads) ---------------------------------

def _person(text: str, name: str, prev_word: str = "", subject: bool = False, after: int = 0):
    from workbench.models import TextSpan
    from workbench.speakers.resolve import PersonEnt

    start = text.index(name, after)
    return PersonEnt(TextSpan(start, start + len(name), name), (), prev_word, subject, None)


def _name_mention(text: str, phrase: str, name: str, title: tuple[str, ...] = ()):
    from workbench.models import TextSpan
    from workbench.speakers.resolve import Mention

    start = text.index(phrase)
    name_at = text.index(name, start)
    return Mention(TextSpan(start, start + len(phrase), phrase), "nsubj", "PROPN", "NNP",
                   name.lower(), person=TextSpan(name_at, name_at + len(name), name),
                   person_title=title, name=name, words=tuple(w.lower() for w in phrase.split()))


def test_honorific_keeps_a_shared_surname_on_the_right_person():
    """Donald and Melania Trump both named; "Mrs. Trump" is Melania, "Mr. Trump" Donald."""
    from workbench.speakers.resolve import Recent, Resolver

    text = ("Donald Trump spoke first. Melania Trump followed him. Later Mrs. Trump said it. "
            "Then Mr. Trump said more.")
    ents = [_person(text, "Donald Trump"), _person(text, "Melania Trump")]
    ents.append(_person(text, "Trump", prev_word="mrs.", after=text.index("Mrs. Trump")))
    ents.append(_person(text, "Trump", prev_word="mr.", after=text.index("Mr. Trump")))
    resolver = Resolver(ents)
    mrs = resolver.resolve(_name_mention(text, "Mrs. Trump", "Trump", ("mrs.",)), Recent())
    assert mrs.cluster.name == "Melania Trump"
    mr = resolver.resolve(_name_mention(text, "Mr. Trump", "Trump", ("mr.",)), Recent())
    assert mr.cluster.name == "Donald Trump"


def test_a_bare_shared_surname_is_not_the_person_an_honorific_told_apart():
    """Melania Trump named, then twice as "Mrs. Trump", Donald Trump once: a bare "Trump" is
    still Donald Trump's (the honorific is the article telling her apart, no sign the bare
    surname means her); a person named more often without one still wins it."""
    from workbench.speakers.resolve import Recent, Resolver

    text = ("Donald Trump spoke first. Melania Trump followed him. Mrs. Trump waved. "
            "Mrs. Trump smiled. Then Trump said more.")
    ents = [_person(text, "Donald Trump"), _person(text, "Melania Trump")]
    for at in (text.index("Mrs. Trump waved"), text.index("Mrs. Trump smiled")):
        ents.append(_person(text, "Trump", prev_word="mrs.", after=at))
    ents.append(_person(text, "Trump", after=text.index("Trump said")))
    resolver = Resolver(ents)
    bare = resolver.resolve(_name_mention(text, "Trump said", "Trump", ()), Recent())
    assert bare.cluster.name == "Donald Trump"


def test_document_with_a_verb_of_finding_speaks_for_its_author():
    """A study by Acme found that the plan “…” -- the source is the study, named for Acme."""
    text = "A study by Acme found that the plan “would raise taxes on many families.”"
    doc = run(build(text, [
        ("A", "DET", "DT", "det", 1, "a", "O"),
        ("study", "NOUN", "NN", "nsubj", 3, "study", "O"),
        ("by", "ADP", "IN", "prep", -1, "by", "O"),
        ("Acme", "PROPN", "NNP", "pobj", -1, "Acme", "B-ORG"),
        ("found", "VERB", "VBD", "ROOT", 0, "find", "O"),
        ("that", "SCONJ", "IN", "mark", 5, "that", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("plan", "NOUN", "NN", "nsubj", 3, "plan", "O"),
        ("“", "PUNCT", "``", "punct", 2, '"', "O"),
        ("would", "AUX", "MD", "aux", 1, "would", "O"),
        ("raise", "VERB", "VB", "ccomp", -6, "raise", "O"),
        ("taxes", "NOUN", "NNS", "dobj", -1, "tax", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("many", "ADJ", "JJ", "amod", 1, "many", "O"),
        ("families", "NOUN", "NNS", "pobj", -2, "family", "O"),
        (".", "PUNCT", ".", "punct", -5, ".", "O"),
        ("”", "PUNCT", "''", "punct", -12, '"', "O"),
    ]))
    q = one_quote(doc)
    assert q.text == "would raise taxes on many families."
    assert (q.mention.text, q.cue.text, q.speaker_name) == ("A study by Acme", "found", "Acme")


def test_participle_after_a_subordinate_clause_is_the_main_subjects():
    """Smith spoke after the senator won, remarking that it was “…” -- Smith remarks, not the
    senator of the clause the parser hung the participle on."""
    text = "Smith spoke after the senator won, remarking that it was “a great night for the party.”"
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("spoke", "VERB", "VBD", "ROOT", 0, "speak", "O"),
        ("after", "SCONJ", "IN", "mark", 3, "after", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("senator", "NOUN", "NN", "nsubj", 1, "senator", "O"),
        ("won", "VERB", "VBD", "advcl", -4, "win", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("remarking", "VERB", "VBG", "advcl", -2, "remark", "O"),
        ("that", "SCONJ", "IN", "mark", 2, "that", "O"),
        ("it", "PRON", "PRP", "nsubj", 1, "it", "O"),
        ("was", "AUX", "VBD", "ccomp", -3, "be", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("a", "DET", "DT", "det", 2, "a", "O"),
        ("great", "ADJ", "JJ", "amod", 1, "great", "O"),
        ("night", "NOUN", "NN", "attr", -4, "night", "O"),
        ("for", "ADP", "IN", "prep", -1, "for", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("party", "NOUN", "NN", "pobj", -2, "party", "O"),
        (".", "PUNCT", ".", "punct", -8, ".", "O"),
        ("”", "PUNCT", "''", "punct", -18, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith", "remarking")


def test_said_according_to_a_report_is_the_reports():
    """“…,” Smith said, according to Reuters. -- the source given is the report."""
    text = "“We will win this fight,” Smith said, according to Reuters."
    doc = run(build(text, win_fight(9, 6, 3) + [
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("according", "VERB", "VBG", "prep", -2, "accord", "O"),
        ("to", "ADP", "IN", "prep", -1, "to", "O"),
        ("Reuters", "PROPN", "NNP", "pobj", -1, "Reuters", "B-ORG"),
        (".", "PUNCT", ".", "punct", -5, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Reuters", "Reuters", "according to")


def _description_mention(text: str, phrase: str, head: str):
    from workbench.models import TextSpan
    from workbench.speakers.resolve import Mention

    start = text.index(phrase)
    words = tuple(w.lower() for w in phrase.split() if w.lower() not in ("the", "a", "an"))
    return Mention(TextSpan(start, start + len(phrase), phrase), "nsubj", "NOUN", "NN", head,
                   words=words, definite=phrase.lower().startswith("the "),
                   desc_name=phrase)


def test_role_noun_goes_to_the_named_person_the_article_is_about():
    """Jane Doe campaigned ... "the candidate" said: Jane Doe (the latest named subject), with
    less confidence than a name; "a candidate" stays a description of someone else."""
    from workbench.speakers.confidence import speaker_confidence
    from workbench.speakers.resolve import Recent, Resolver

    text = "Jane Doe campaigned in Ohio on Monday. Later the candidate said it. Then a candidate said more."
    resolver = Resolver([_person(text, "Jane Doe", subject=True)])
    the = resolver.resolve(_description_mention(text, "the candidate", "candidate"), Recent())
    assert (the.cluster.name, the.how) == ("Jane Doe", "role")
    assert speaker_confidence("tail", the.how, the.confidence, 0.95) < 0.9
    other = resolver.resolve(_description_mention(text, "a candidate", "candidate"), Recent())
    assert other.cluster.name == "a candidate"


def test_it_speaks_for_the_organisation_subject_before():
    """The department opened an inquiry. It said the rules were “…” -- "it" is the department."""
    text = "The department opened an inquiry. It said the rules were “broken again and again by the staff.”"
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("department", "NOUN", "NN", "nsubj", 1, "department", "O"),
        ("opened", "VERB", "VBD", "ROOT", 0, "open", "O"),
        ("an", "DET", "DT", "det", 1, "an", "O"),
        ("inquiry", "NOUN", "NN", "dobj", -2, "inquiry", "O"),
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
        ("It", "PRON", "PRP", "nsubj", 1, "it", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("rules", "NOUN", "NNS", "nsubj", 1, "rule", "O"),
        ("were", "AUX", "VBD", "ccomp", -3, "be", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("broken", "VERB", "VBN", "acomp", -2, "break", "O"),
        ("again", "ADV", "RB", "advmod", -1, "again", "O"),
        ("and", "CCONJ", "CC", "cc", -1, "and", "O"),
        ("again", "ADV", "RB", "conj", -2, "again", "O"),
        ("by", "ADP", "IN", "agent", -4, "by", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("staff", "NOUN", "NN", "pobj", -2, "staff", "O"),
        (".", "PUNCT", ".", "punct", -9, ".", "O"),
        ("”", "PUNCT", "''", "punct", -13, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.mention.text, q.cue.text, q.speaker_name) == ("It", "said", "The department")


def test_clause_opened_by_when_after_the_quote_is_no_attribution():
    """Jones had said “…,” when Smith attacked him. -- Smith reacts; the words are Jones's."""
    text = "Jones had said “we will win this fight,” when Smith attacked him."
    doc = run(build(text, [
        ("Jones", "PROPN", "NNP", "nsubj", 2, "Jones", "B-PERSON"),
        ("had", "AUX", "VBD", "aux", 1, "have", "O"),
        ("said", "VERB", "VBN", "ROOT", 0, "say", "O"),
        ("“", "PUNCT", "``", "punct", 3, '"', "O"),
        ("we", "PRON", "PRP", "nsubj", 2, "we", "O"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("win", "VERB", "VB", "ccomp", -4, "win", "O"),
        ("this", "DET", "DT", "det", 1, "this", "O"),
        ("fight", "NOUN", "NN", "dobj", -2, "fight", "O"),
        (",", "PUNCT", ",", "punct", -3, ",", "O"),
        ("”", "PUNCT", "''", "punct", -8, '"', "O"),
        ("when", "SCONJ", "WRB", "advmod", 2, "when", "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("attacked", "VERB", "VBD", "advcl", -11, "attack", "O"),
        ("him", "PRON", "PRP", "dobj", -1, "he", "O"),
        (".", "PUNCT", ".", "punct", -13, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jones", "said")


# -- the outermost source, clause boundaries (issue 12) ---------------------------------------

def test_according_to_at_the_end_of_the_sentence_is_the_source():
    """Smith said the plan was “dead on arrival” in every way, according to the Times. -- the
    report that gives the whole sentence is the source, as news annotation counts it."""
    text = "Smith said the plan was “dead on arrival” in every way, according to the Times."
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("plan", "NOUN", "NN", "nsubj", 1, "plan", "O"),
        ("was", "AUX", "VBD", "ccomp", -3, "be", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("dead", "ADJ", "JJ", "acomp", -2, "dead", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("arrival", "NOUN", "NN", "pobj", -1, "arrival", "O"),
        ("”", "PUNCT", "''", "punct", -5, '"', "O"),
        ("in", "ADP", "IN", "prep", -6, "in", "O"),
        ("every", "DET", "DT", "det", 1, "every", "O"),
        ("way", "NOUN", "NN", "pobj", -2, "way", "O"),
        (",", "PUNCT", ",", "punct", -12, ",", "O"),
        ("according", "VERB", "VBG", "prep", -13, "accord", "O"),
        ("to", "ADP", "IN", "prep", -1, "to", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("Times", "PROPN", "NNP", "pobj", -2, "Times", "B-ORG"),
        (".", "PUNCT", ".", "punct", -17, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.mention.text, q.cue.text) == ("the Times", "according to")


def test_outlet_reporting_an_attributed_quote_is_the_source():
    """“…,” said Smith, reports Reuters. -- the outlet that reports it is the source."""
    text = "“We will win this fight,” said Smith, reports Reuters."
    doc = run(build(text, win_fight(8, 5, 2) + [
        ("”", "PUNCT", "''", "punct", 1, '"', "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("Smith", "PROPN", "NNP", "nsubj", -1, "Smith", "B-PERSON"),
        (",", "PUNCT", ",", "punct", -2, ",", "O"),
        ("reports", "VERB", "VBZ", "parataxis", -3, "report", "O"),
        ("Reuters", "PROPN", "NNP", "nsubj", -1, "Reuters", "B-ORG"),
        (".", "PUNCT", ".", "punct", -5, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Reuters", "Reuters", "reports")


def test_a_share_of_those_polled_speaks_for_the_poll():
    """31% of voters said “…” in a new poll. -- the poll is the source, not the percentage."""
    text = "31% of voters said “We will win this fight” in a new poll."
    doc = run(build(text, [
        ("31", "NUM", "CD", "nummod", 1, "31", "B-PERCENT"),
        ("%", "NOUN", "NN", "nsubj", 3, "%", "I-PERCENT"),
        ("of", "ADP", "IN", "prep", -1, "of", "O"),
        ("voters", "NOUN", "NNS", "pobj", -1, "voter", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
    ] + win_fight(-1, -4, None) + [
        ("”", "PUNCT", "''", "punct", -7, '"', "O"),
        ("in", "ADP", "IN", "prep", -8, "in", "O"),
        ("a", "DET", "DT", "det", 2, "a", "O"),
        ("new", "ADJ", "JJ", "amod", 1, "new", "O"),
        ("poll", "NOUN", "NN", "pobj", -3, "poll", "O"),
        (".", "PUNCT", ".", "punct", -12, ".", "O"),
    ]))
    q = one_quote(doc)
    assert q.mention.text == "a new poll"


def test_participle_after_a_reported_clause_is_the_reporters():
    """Smith said the plan could be “messy,” adding … -- the parser hangs "adding" on the
    reported clause, whose subject (the plan) says nothing; Smith does."""
    text = "Smith said the plan could be “messy,” adding that it would pass."
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("plan", "NOUN", "NN", "nsubj", 2, "plan", "O"),
        ("could", "AUX", "MD", "aux", 1, "could", "O"),
        ("be", "AUX", "VB", "ccomp", -4, "be", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("messy", "ADJ", "JJ", "acomp", -2, "messy", "O"),
        (",", "PUNCT", ",", "punct", -3, ",", "O"),
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
        ("adding", "VERB", "VBG", "advcl", -5, "add", "O"),
        ("that", "SCONJ", "IN", "mark", 3, "that", "O"),
        ("it", "PRON", "PRP", "nsubj", 2, "it", "O"),
        ("would", "AUX", "MD", "aux", 1, "would", "O"),
        ("pass", "VERB", "VB", "ccomp", -4, "pass", "O"),
        (".", "PUNCT", ".", "punct", -14, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Smith", "adding")


def _called_it_then(tail: list[Tok]) -> list[Tok]:
    """Jones called it “a fine plan,” and … -- the quote hangs from "called"."""
    return [
        ("Jones", "PROPN", "NNP", "nsubj", 1, "Jones", "B-PERSON"),
        ("called", "VERB", "VBD", "ROOT", 0, "call", "O"),
        ("it", "PRON", "PRP", "dobj", -1, "it", "O"),
        ("“", "PUNCT", "``", "punct", 3, '"', "O"),
        ("a", "DET", "DT", "det", 2, "a", "O"),
        ("fine", "ADJ", "JJ", "amod", 1, "fine", "O"),
        ("plan", "NOUN", "NN", "oprd", -5, "plan", "O"),
        (",", "PUNCT", ",", "punct", -6, ",", "O"),
        ("”", "PUNCT", "''", "punct", -7, '"', "O"),
        ("and", "CCONJ", "CC", "cc", -8, "and", "O"),
    ] + tail


def test_verb_after_the_quote_with_words_of_its_own_is_not_its_cue():
    """Jones called it “a fine plan,” and Smith said yes. -- Smith's words are "yes"."""
    text = "Jones called it “a fine plan,” and Smith said yes."
    doc = run(build(text, _called_it_then([
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "conj", -10, "say", "O"),
        ("yes", "INTJ", "UH", "intj", -1, "yes", "O"),
        (".", "PUNCT", ".", "punct", -12, ".", "O"),
    ])))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jones", "called")


def test_bare_verb_after_the_quote_is_still_its_cue():
    """Jones called it “a fine plan,” and Smith said. -- the same sentence without Smith's own
    words: the verb after the quote attributes it (the rule above cannot fire on every tail)."""
    text = "Jones called it “a fine plan,” and Smith said."
    doc = run(build(text, _called_it_then([
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "conj", -10, "say", "O"),
        (".", "PUNCT", ".", "punct", -11, ".", "O"),
    ])))
    assert one_quote(doc).speaker_name == "Smith"


def test_he_or_she_never_resolves_to_a_thing_that_spoke():
    """Jane Doe spoke. The article said “…”. Later she said “…”: "she" is Jane Doe, not the
    article quoted just before her (documents and media speak, but are not he or she)."""
    from workbench.models import TextSpan
    from workbench.speakers.resolve import Mention, Recent, Resolver

    text = "Jane Doe spoke on Monday. The article said it. Later she said more."
    resolver = Resolver([_person(text, "Jane Doe", subject=True)])
    recent = Recent()
    article = resolver.resolve(_description_mention(text, "The article", "article"), recent)
    recent.push(article.cluster)
    at = text.index("she")
    she = resolver.resolve(Mention(TextSpan(at, at + 3, "she"), "nsubj", "PRON", "PRP", "she"),
                           recent)
    assert (she.cluster.name, she.how) == ("Jane Doe", "pronoun")


def test_person_named_right_before_the_verb_speaks_when_the_subject_is_a_thing():
    """Saturday at the convention Jane Doe said “…” -- the parser makes "Saturday" the subject;
    the person named right before the verb is the speaker."""
    text = "Saturday at the convention Jane Doe said “We will win this fight.”"
    doc = run(build(text, [
        ("Saturday", "PROPN", "NNP", "nsubj", 6, "Saturday", "B-DATE"),
        ("at", "ADP", "IN", "prep", -1, "at", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("convention", "NOUN", "NN", "pobj", -2, "convention", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "appos", -5, "Doe", "I-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
    ] + win_fight(-1, -4, None) + [
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
        ("”", "PUNCT", "''", "punct", -8, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text) == ("Jane Doe", "Jane Doe")


def _giveaway(to_verb: int) -> list[Tok]:
    """“The cuts are a giveaway to the rich,” -- hung on the verb ``to_verb`` tokens after
    the closing mark."""
    return [
        ("“", "PUNCT", "``", "punct", 10 + to_verb, '"', "O"),
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("cuts", "NOUN", "NNS", "nsubj", 1, "cut", "O"),
        ("are", "AUX", "VBP", "ccomp", 7 + to_verb, "be", "O"),
        ("a", "DET", "DT", "det", 1, "a", "O"),
        ("giveaway", "NOUN", "NN", "attr", -2, "giveaway", "O"),
        ("to", "ADP", "IN", "prep", -1, "to", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("rich", "ADJ", "JJ", "pobj", -2, "rich", "O"),
        (",", "PUNCT", ",", "punct", 1 + to_verb, ",", "O"),
        ("”", "PUNCT", "''", "punct", to_verb, '"', "O"),
    ]


def test_it_after_a_document_speaks_for_the_document():
    """The study found flaws. “…,” it said. -- "it" is the study (documents speak in news)."""
    text = "The study found flaws. “The cuts are a giveaway to the rich,” it said."
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("study", "NOUN", "NN", "nsubj", 1, "study", "O"),
        ("found", "VERB", "VBD", "ROOT", 0, "find", "O"),
        ("flaws", "NOUN", "NNS", "dobj", -1, "flaw", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ] + _giveaway(2) + [
        ("it", "PRON", "PRP", "nsubj", 1, "it", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text) == ("The study", "it")


def test_quote_ending_a_sentence_with_its_own_cue_keeps_it():
    """Jane Doe called it “a sham from start to finish.” Smith disagreed. -- the quote ended
    Doe's sentence; Smith's verb starts the next one (“….” Smith said. alone would be Smith's)."""
    text = "Jane Doe called it “a sham from start to finish.” Smith disagreed."
    doc = run(build(text, [
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "nsubj", 1, "Doe", "I-PERSON"),
        ("called", "VERB", "VBD", "ROOT", 0, "call", "O"),
        ("it", "PRON", "PRP", "dobj", -1, "it", "O"),
        ("“", "PUNCT", "``", "punct", 2, '"', "O"),
        ("a", "DET", "DT", "det", 1, "a", "O"),
        ("sham", "NOUN", "NN", "oprd", -4, "sham", "O"),
        ("from", "ADP", "IN", "prep", -1, "from", "O"),
        ("start", "NOUN", "NN", "pobj", -1, "start", "O"),
        ("to", "ADP", "IN", "prep", -3, "to", "O"),
        ("finish", "NOUN", "NN", "pobj", -1, "finish", "O"),
        (".", "PUNCT", ".", "punct", -9, ".", "O"),
        ("”", "PUNCT", "''", "punct", -10, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("disagreed", "VERB", "VBD", "ROOT", 0, "disagree", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jane Doe", "called")


def test_the_company_after_a_named_organisation_is_that_organisation():
    """Acme found flaws. “…,” the company said. -- "the company" is Acme."""
    text = "Acme found flaws. “The cuts are a giveaway to the rich,” the company said."
    doc = run(build(text, [
        ("Acme", "PROPN", "NNP", "nsubj", 1, "Acme", "B-ORG"),
        ("found", "VERB", "VBD", "ROOT", 0, "find", "O"),
        ("flaws", "NOUN", "NNS", "dobj", -1, "flaw", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ] + _giveaway(3) + [
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("company", "NOUN", "NN", "nsubj", 1, "company", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text) == ("Acme", "the company")


def test_quote_ending_its_paragraph_goes_to_the_person_of_the_sentence_before():
    """Jane Doe was defiant. “…” (end of paragraph) -- no verb of saying, but the sentence
    before is about her: she is the speaker, with less confidence than a cue would give."""
    text = "Jane Doe was defiant. “We will win this fight.”"
    doc = run(build(text, [
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "nsubj", 1, "Doe", "I-PERSON"),
        ("was", "AUX", "VBD", "ROOT", 0, "be", "O"),
        ("defiant", "ADJ", "JJ", "acomp", -1, "defiant", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ] + win_fight(3, 0, None) + [
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
        ("”", "PUNCT", "''", "punct", -5, '"', "O"),
    ]))
    q = one_quote(doc)
    assert q.speaker_name == "Jane Doe"
    assert q.confidence < 0.7


def test_speech_verb_of_an_adverbial_clause_keeps_its_quote():
    """As Jones went on about “how the system is rigged,” Smith said yes. -- the "as" clause is
    beside Smith's words, not what Smith said: the quote is Jones's."""
    text = "As Jones went on about “how the system is rigged,” Smith said yes."
    doc = run(build(text, [
        ("As", "SCONJ", "IN", "mark", 2, "as", "O"),
        ("Jones", "PROPN", "NNP", "nsubj", 1, "Jones", "B-PERSON"),
        ("went", "VERB", "VBD", "advcl", 12, "go", "O"),
        ("on", "ADP", "RP", "prt", -1, "on", "O"),
        ("about", "ADP", "IN", "prep", -2, "about", "O"),
        ("“", "PUNCT", "``", "punct", -3, '"', "O"),
        ("how", "ADV", "WRB", "advmod", 4, "how", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("system", "NOUN", "NN", "nsubjpass", 2, "system", "O"),
        ("is", "AUX", "VBZ", "auxpass", 1, "be", "O"),
        ("rigged", "VERB", "VBN", "pcomp", -6, "rig", "O"),
        (",", "PUNCT", ",", "punct", 3, ",", "O"),
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("yes", "INTJ", "UH", "intj", -1, "yes", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jones", "went")


def test_subject_from_the_paragraph_above_gives_way_to_the_one_opening_the_verbs():
    """The Latest on the race:\\n\\nJane Doe is questioning the “…” -- the parser ran the
    sentence across the paragraph break and made the line above the subject."""
    text = "The Latest on the race:\n\nJane Doe is questioning the “integrity of the whole vote.”"
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("Latest", "PROPN", "NNP", "nsubj", 9, "Latest", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("race", "NOUN", "NN", "pobj", -2, "race", "O"),
        (":", "PUNCT", ":", "punct", -4, ":", "O"),
        ("\n\n", "SPACE", "_SP", "dep", -1, "\n\n", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "appos", -7, "Doe", "I-PERSON"),
        ("is", "AUX", "VBZ", "aux", 1, "be", "O"),
        ("questioning", "VERB", "VBG", "ROOT", 0, "question", "O"),
        ("the", "DET", "DT", "det", 2, "the", "O"),
        ("“", "PUNCT", "``", "punct", 1, '"', "O"),
        ("integrity", "NOUN", "NN", "dobj", -3, "integrity", "O"),
        ("of", "ADP", "IN", "prep", -1, "of", "O"),
        ("the", "DET", "DT", "det", 2, "the", "O"),
        ("whole", "ADJ", "JJ", "amod", 1, "whole", "O"),
        ("vote", "NOUN", "NN", "pobj", -3, "vote", "O"),
        (".", "PUNCT", ".", "punct", -8, ".", "O"),
        ("”", "PUNCT", "''", "punct", -9, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text) == ("Jane Doe", "Jane Doe")


def test_verb_without_subject_after_a_paragraph_break_takes_the_person_opening_it():
    """The polls:\\n\\nJane Doe, in Ohio, said that the plan was “…” -- the parser hung the
    paragraph's first words on the line above and left "said" without a subject."""
    text = "The polls:\n\nJane Doe, in Ohio, said that the plan was “a total disaster.”"
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("polls", "NOUN", "NNS", "npadvmod", 9, "poll", "O"),
        (":", "PUNCT", ":", "punct", -1, ":", "O"),
        ("\n\n", "SPACE", "_SP", "dep", -1, "\n\n", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "appos", -4, "Doe", "I-PERSON"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("in", "ADP", "IN", "prep", -2, "in", "O"),
        ("Ohio", "PROPN", "NNP", "pobj", -1, "Ohio", "B-GPE"),
        (",", "PUNCT", ",", "punct", 1, ",", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("that", "SCONJ", "IN", "mark", 3, "that", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("plan", "NOUN", "NN", "nsubj", 1, "plan", "O"),
        ("was", "AUX", "VBD", "ccomp", -4, "be", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("a", "DET", "DT", "det", 2, "a", "O"),
        ("total", "ADJ", "JJ", "amod", 1, "total", "O"),
        ("disaster", "NOUN", "NN", "attr", -4, "disaster", "O"),
        (".", "PUNCT", ".", "punct", -9, ".", "O"),
        ("”", "PUNCT", "''", "punct", -10, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jane Doe", "said")


def _said_then_quote(text: str, before_said: list[Tok], tail_words: list[str]) -> list[Tok]:
    """“We will win this fight,” <before_said> said <tail_words>. “The plan is working well.”
    -- a flat parse: every tail word hangs on "said" (their own parse does not matter here)."""
    n = len(before_said)
    said = 7 + n
    spec = win_fight(said, said - 3, said - 6) + [("”", "PUNCT", "''", "punct", said - 7, '"', "O")]
    spec += [(w, pos, tag, dep, said - (7 + k), lemma, ent)
             for k, (w, pos, tag, dep, _h, lemma, ent) in enumerate(before_said)]
    spec.append(("said", "VERB", "VBD", "ROOT", 0, "say", "O"))
    spec += [(w, "X", "XX", "dep", -(k + 1), w.lower(), "O") for k, w in enumerate(tail_words)]
    spec.append((".", "PUNCT", ".", "punct", -(len(tail_words) + 1), ".", "O"))
    return spec + PLAN_WORKING


def test_title_period_in_a_long_attribution_does_not_split_the_statement():
    """“A,” Sen. Smith (R-Utah) said after … . “B.” -- a long attribution sentence whose only
    other periods end titles and initials (Sen., Q.) is still one sentence: B continues A."""
    tail = ("after John Q Public left the long hearing on the bill that the committee had "
            "debated for nearly three weeks in the Senate chamber without any agreement").split()
    tail[2] = "Q."
    text = ("“We will win this fight,” Sen. Smith said " + " ".join(tail)
            + ". “The plan is working well.”")
    doc = run(build(text, _said_then_quote(text, [
        ("Sen.", "PROPN", "NNP", "compound", 0, "Sen.", "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 0, "Smith", "B-PERSON"),
    ], tail)))
    gap = text[text.index("”") + 1:text.rindex("“")].strip()
    assert len(gap) > 160  # beyond the short gap any sentence may fill
    q = one_quote(doc)
    assert [text[s:e] for s, e in q.parts] == ["We will win this fight,", "The plan is working well."]
    assert q.speaker_name == "Smith"


def test_title_in_the_attribution_does_not_end_the_statement():
    """“A,” Smith said on CBS's “Face the Nation” on Sunday. “B.” -- the show's title, quoted in
    the attribution, is not a statement, and B still continues A."""
    text = ("“We will win this fight,” Smith said on CBS's “Face the Nation” on Sunday. "
            "“The plan is working well.”")
    spec = win_fight(9, 6, 3) + [
        ("”", "PUNCT", "''", "punct", 2, '"', "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("CBS", "PROPN", "NNP", "poss", 5, "CBS", "B-ORG"),
        ("'s", "PART", "POS", "case", -1, "'s", "O"),
        ("“", "PUNCT", "``", "punct", 3, '"', "O"),
        ("Face", "PROPN", "NNP", "compound", 2, "Face", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("Nation", "PROPN", "NNP", "pobj", -6, "Nation", "O"),
        ("”", "PUNCT", "''", "punct", -1, '"', "O"),
        ("on", "ADP", "IN", "prep", -9, "on", "O"),
        ("Sunday", "PROPN", "NNP", "pobj", -1, "Sunday", "B-DATE"),
        (".", "PUNCT", ".", "punct", -11, ".", "O"),
    ] + PLAN_WORKING
    q = one_quote(run(build(text, spec)))
    assert [text[s:e] for s, e in q.parts] == ["We will win this fight,", "The plan is working well."]
    assert q.speaker_name == "Smith"


def _object_that_says(verb: str, noun: str, relative: str) -> tuple[str, list[Tok]]:
    """Smith <verb> an <noun> <relative> says “We will win this fight.”"""
    text = f"Smith {verb} an {noun} {relative} says “We will win this fight.”"
    tag = "WP" if relative == "who" else "WDT"
    return text, [
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        (verb, "VERB", "VBD", "ROOT", 0, verb[:-1], "O"),
        ("an", "DET", "DT", "det", 1, "an", "O"),
        (noun, "NOUN", "NN", "dobj", -2, noun, "O"),
        (relative, "PRON", tag, "nsubj", 1, relative, "O"),
        ("says", "VERB", "VBZ", "relcl", -2, "say", "O"),
    ] + win_fight(-1, -4, -3, closing=".") + [("”", "PUNCT", "''", "punct", -8, '"', "O")]


def test_a_thing_that_says_speaks_for_whoever_put_it_out():
    """Smith released an ad that says “…” -- the ad is no speaker: the quote is Smith's, the
    subject of the verb the ad is the object of."""
    q = one_quote(run(build(*_object_that_says("released", "ad", "that"))))
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith", "says")


def test_a_person_that_says_is_still_the_speaker():
    """Smith hired an aide who says “…” -- a person in the relative clause speaks for themself."""
    q = one_quote(run(build(*_object_that_says("hired", "aide", "who"))))
    assert q.speaker_name != "Smith"


def test_a_piece_of_speech_that_is_the_quote_names_its_owner():
    """Smith's answer was that “…” -- the answer is the subject of "was": its owner speaks."""
    text = "Smith's answer was that “We will win this fight.”"
    spec = [
        ("Smith", "PROPN", "NNP", "poss", 2, "Smith", "B-PERSON"),
        ("'s", "PART", "POS", "case", -1, "'s", "O"),
        ("answer", "NOUN", "NN", "nsubj", 1, "answer", "O"),
        ("was", "AUX", "VBD", "ROOT", 0, "be", "O"),
        ("that", "SCONJ", "IN", "mark", 4, "that", "O"),
    ] + win_fight(-2, -5, -8, closing=".") + [("”", "PUNCT", "''", "punct", -9, '"', "O")]
    q = one_quote(run(build(text, spec)))
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Smith", "Smith's", "answer")


def _win_fight_then(tail: list[Tok]) -> list[Tok]:
    """“We will win this fight,” + ``tail`` (whose root is its token ``root``): the quote's
    marks and verb hang on the tail's root, as the parser hangs them."""
    root = next(k for k, t in enumerate(tail) if t[3] == "ROOT") + 8
    return win_fight(root, root - 3, root - 6) + [("”", "PUNCT", "''", "punct", root - 7, '"', "O")] + tail


def test_speaker_and_any_one_verb_after_the_quote_attribute_it():
    """“A,” an angry Jane Doe retaliated. “B.” -- no verb of saying, but a sentence that after
    the quote holds only a speaker and one verb attributes it, and B continues the statement."""
    text = "“We will win this fight,” an angry Jane Doe retaliated. “The plan is working well.”"
    doc = run(build(text, _win_fight_then([
        ("an", "DET", "DT", "det", 3, "an", "O"),
        ("angry", "ADJ", "JJ", "amod", 2, "angry", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "nsubj", 1, "Doe", "I-PERSON"),
        ("retaliated", "VERB", "VBD", "ROOT", 0, "retaliate", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]) + PLAN_WORKING))
    q = one_quote(doc)
    assert [text[s:e] for s, e in q.parts] == ["We will win this fight,", "The plan is working well."]
    assert (q.speaker_name, q.cue.text) == ("Jane Doe", "retaliated")


def test_speech_verb_parsed_as_a_noun_after_the_quote_is_still_the_cue():
    """“…,” Doe notes. -- the parser reads "Doe notes" as a noun phrase; a lone plural noun
    that is a verb of saying, after the speaker, is the cue."""
    text = "“We will win this fight,” Doe notes."
    doc = run(build(text, _win_fight_then([
        ("Doe", "PROPN", "NNP", "compound", 1, "Doe", "B-PERSON"),
        ("notes", "NOUN", "NNS", "ROOT", 0, "note", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ])))
    assert one_quote(doc).speaker_name == "Doe"


def test_plural_present_speech_verb_parsed_as_a_noun_is_the_cue():
    """“A,” the two write. “B.” / “A,” the Does state in the letter. -- after a plural subject the
    parser reads "write" or "state" as a noun; a plain verb of saying in its base form there is
    the cue (with a place or medium after it), and B continues the statement."""
    text = "“We will win this fight,” the two write. “The plan is working well.”"
    doc = run(build(text, _win_fight_then([
        ("the", "DET", "DT", "det", 2, "the", "O"),
        ("two", "NUM", "CD", "nummod", 1, "two", "O"),
        ("write", "NOUN", "NN", "ROOT", 0, "write", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ]) + PLAN_WORKING))
    q = one_quote(doc)
    assert [text[s:e] for s, e in q.parts] == ["We will win this fight,", "The plan is working well."]
    assert (q.speaker_name, q.cue.text) == ("the two", "write")
    text = "“We will win this fight,” the Does state in the letter."
    doc = run(build(text, _win_fight_then([
        ("the", "DET", "DT", "det", 2, "the", "O"),
        ("Does", "PROPN", "NNPS", "compound", 1, "Doe", "B-NORP"),
        ("state", "NOUN", "NN", "ROOT", 0, "state", "O"),
        ("in", "ADP", "IN", "prep", -1, "in", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("letter", "NOUN", "NN", "pobj", -2, "letter", "O"),
        (".", "PUNCT", ".", "punct", -4, ".", "O"),
    ])))
    assert (one_quote(doc).speaker_name, one_quote(doc).cue.text) == ("the Does", "state")


def _when_doe_said(verb: str, lemma: str) -> tuple[str, Doc]:
    """When Doe said that “We will win this fight,” Roe VERB him. -- the quote closes a fronted
    "when" clause, parsed as the model parses it."""
    text = f"When Doe said that “We will win this fight,” Roe {verb} him."
    spec = [
        ("When", "SCONJ", "WRB", "advmod", 2, "when", "O"),
        ("Doe", "PROPN", "NNP", "nsubj", 1, "Doe", "B-PERSON"),
        ("said", "VERB", "VBD", "advcl", 11, "say", "O"),
        ("that", "SCONJ", "IN", "mark", 4, "that", "O"),
    ] + win_fight(3, -5, -3) + [
        ("”", "PUNCT", "''", "punct", -4, '"', "O"),
        ("Roe", "PROPN", "NNP", "nsubj", 1, "Roe", "B-PERSON"),
        (verb, "VERB", "VBD", "ROOT", 0, lemma, "O"),
        ("him", "PRON", "PRP", "dobj", -1, "he", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ]
    return text, run(build(text, spec))


def test_quote_closing_a_fronted_clause_is_not_the_main_clauses():
    """When Doe said that “…,” Roe hit him. -- the quote ends an adverbial clause that opens the
    sentence; the main clause after it is an act of its own, not the quote's attribution, so the
    clause's own cue (Doe said) gives the speaker. A plain verb of saying there (Roe said) is
    still the attribution."""
    _, doc = _when_doe_said("hit", "hit")
    assert one_quote(doc).speaker_name == "Doe"
    _, doc = _when_doe_said("said", "say")
    assert one_quote(doc).speaker_name == "Roe"


def test_capitalised_word_after_an_inverted_cue_is_the_speaker_whatever_its_tag():
    """“…,” said Skelly. -- the tagger makes an unusual surname an adverb and the recognizer
    misses it; a capitalised word right after the cue verb is still the speaker."""
    text = "“We will win this fight,” said Skelly."
    doc = run(build(text, _win_fight_then([
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("Skelly", "ADV", "RB", "advmod", -1, "skelly", "O"),
        (".", "PUNCT", ".", "punct", -2, ".", "O"),
    ])))
    assert one_quote(doc).speaker_name == "Skelly"


def test_cue_set_off_by_commas_reports_the_whole_sentence():
    """Doe, a top aide said, “is very confident in the contrast.” -- the cue between commas
    reports the sentence: the aide speaks, not the sentence's subject Doe (the parser makes
    the aide Doe's apposition and leaves the cue without a subject)."""
    text = "Doe, a top aide said, “is very confident in the contrast.”"
    doc = run(build(text, [
        ("Doe", "PROPN", "NNP", "nsubj", 8, "Doe", "B-PERSON"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("a", "DET", "DT", "det", 2, "a", "O"),
        ("top", "ADJ", "JJ", "amod", 1, "top", "O"),
        ("aide", "NOUN", "NN", "appos", -4, "aide", "O"),
        ("said", "VERB", "VBD", "parataxis", 3, "say", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("“", "PUNCT", "``", "punct", 1, '"', "O"),
        ("is", "AUX", "VBZ", "ROOT", 0, "be", "O"),
        ("very", "ADV", "RB", "advmod", 1, "very", "O"),
        ("confident", "ADJ", "JJ", "acomp", -2, "confident", "O"),
        ("in", "ADP", "IN", "prep", -1, "in", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("contrast", "NOUN", "NN", "pobj", -2, "contrast", "O"),
        (".", "PUNCT", ".", "punct", -6, ".", "O"),
        ("”", "PUNCT", "''", "punct", -7, '"', "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("a top aide", "said")


def test_speaker_phrase_hung_on_a_noun_before_the_cue_is_its_subject():
    """After the talks, a White House official who spoke anonymously said, “…” -- the parser
    makes the speaker's phrase an apposition of "talks" and leaves "said" without a subject; the
    person phrase ending right before the verb is the speaker."""
    text = "After the talks, a White House official who spoke anonymously said, “We will win this fight.”"
    doc = run(build(text, [
        ("After", "ADP", "IN", "prep", 11, "after", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("talks", "NOUN", "NNS", "pobj", -2, "talk", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("a", "DET", "DT", "det", 3, "a", "O"),
        ("White", "PROPN", "NNP", "compound", 1, "White", "B-ORG"),
        ("House", "PROPN", "NNP", "compound", 1, "House", "I-ORG"),
        ("official", "NOUN", "NN", "appos", -5, "official", "O"),
        ("who", "PRON", "WP", "nsubj", 1, "who", "O"),
        ("spoke", "VERB", "VBD", "relcl", -2, "speak", "O"),
        ("anonymously", "ADV", "RB", "advmod", -1, "anonymously", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
    ] + win_fight(3, -5, -8, closing=".") + [("”", "PUNCT", "''", "punct", -9, '"', "O")]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("a White House official", "said")


def test_some_of_a_group_as_subject_of_a_reporting_verb_speaks():
    """Another tweeted, “…” -- "another" (others, some, one) is no person pronoun, but as the
    subject of a reporting verb it names the speaker."""
    text = "Another tweeted, “We will win this fight.”"
    doc = run(build(text, [
        ("Another", "PRON", "DT", "nsubj", 1, "another", "O"),
        ("tweeted", "VERB", "VBD", "ROOT", 0, "tweet", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
    ] + win_fight(3, -2, -5, closing=".") + [("”", "PUNCT", "''", "punct", -6, '"', "O")]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Another", "tweeted")


def test_a_thing_and_a_verb_after_the_quote_are_no_attribution():
    """“…,” the crowd roared. -- only a speaker that can speak (a person, a pronoun, a person
    noun) makes a bare verb the cue; any verb would otherwise do."""
    text = "“We will win this fight,” the tide turned."
    doc = run(build(text, _win_fight_then([
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("tide", "NOUN", "NN", "nsubj", 1, "tide", "O"),
        ("turned", "VERB", "VBD", "ROOT", 0, "turn", "O"),
        (".", "PUNCT", ".", "punct", -1, ".", "O"),
    ])))
    assert all(q.speaker_name is None for q in quotes(doc))


def test_cue_verb_without_a_subject_takes_the_person_right_before_it():
    """Her adviser, Jane Doe, said: “…” -- the parser hangs "adviser" elsewhere and leaves
    "said" without a subject; the person named right before the verb is the speaker."""
    text = "In a statement, her adviser, Jane Doe, said: “We will win this fight.”"
    spec = [
        ("In", "ADP", "IN", "prep", 10, "in", "O"),
        ("a", "DET", "DT", "det", 1, "a", "O"),
        ("statement", "NOUN", "NN", "pobj", -2, "statement", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("her", "PRON", "PRP$", "poss", 1, "her", "O"),
        ("adviser", "NOUN", "NN", "appos", -3, "adviser", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "appos", -3, "Doe", "I-PERSON"),
        (",", "PUNCT", ",", "punct", -7, ",", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        (":", "PUNCT", ":", "punct", -1, ":", "O"),
    ]
    quote = win_fight(-2, -3, None)
    quote[0] = ("“", "PUNCT", "``", "punct", -2, '"', "O")
    quote[3] = ("win", "VERB", "VB", "ccomp", -4, "win", "O")
    spec += quote + [(".", "PUNCT", ".", "punct", -8, ".", "O"),
                     ("”", "PUNCT", "''", "punct", -9, '"', "O")]
    doc = run(build(text, spec))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jane Doe", "said")


def test_quote_in_a_clause_with_its_own_cue_is_not_the_next_clauses():
    """Smith said it was “a fine plan,” and Jones vowed to fight. -- the quote sits in Smith's
    clause; the clause joined by "and" after it is Jones's own."""
    text = "Smith said it was “a fine plan,” and Jones vowed to fight."
    doc = run(build(text, [
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("it", "PRON", "PRP", "nsubj", 1, "it", "O"),
        ("was", "AUX", "VBD", "ccomp", -2, "be", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("a", "DET", "DT", "det", 2, "a", "O"),
        ("fine", "ADJ", "JJ", "amod", 1, "fine", "O"),
        ("plan", "NOUN", "NN", "attr", -4, "plan", "O"),
        (",", "PUNCT", ",", "punct", -7, ",", "O"),
        ("”", "PUNCT", "''", "punct", -8, '"', "O"),
        ("and", "CCONJ", "CC", "cc", -9, "and", "O"),
        ("Jones", "PROPN", "NNP", "nsubj", 1, "Jones", "B-PERSON"),
        ("vowed", "VERB", "VBD", "conj", -11, "vow", "O"),
        ("to", "PART", "TO", "aux", 1, "to", "O"),
        ("fight", "VERB", "VB", "xcomp", -2, "fight", "O"),
        (".", "PUNCT", ".", "punct", -14, ".", "O"),
    ]))
    assert one_quote(doc).speaker_name == "Smith"


def test_only_main_clause_subjects_are_the_centre_of_attention():
    """Zorba Doe left after Quill Roe arrived. -- Doe is the sentence's subject, which pronouns
    after it prefer; Roe is the subject of a clause inside it, not the one the text is about."""
    from workbench.speakers.resolve import people_of

    text = "Zorba Doe left after Quill Roe arrived."
    doc = build(text, [
        ("Zorba", "PROPN", "NNP", "compound", 1, "Zorba", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "nsubj", 1, "Doe", "I-PERSON"),
        ("left", "VERB", "VBD", "ROOT", 0, "leave", "O"),
        ("after", "SCONJ", "IN", "mark", 3, "after", "O"),
        ("Quill", "PROPN", "NNP", "compound", 1, "Quill", "B-PERSON"),
        ("Roe", "PROPN", "NNP", "nsubj", 1, "Roe", "I-PERSON"),
        ("arrived", "VERB", "VBD", "advcl", -4, "arrive", "O"),
        (".", "PUNCT", ".", "punct", -5, ".", "O"),
    ])
    people = people_of(doc, list(doc.ents), bytearray(len(doc)))
    assert [(p.span.text, p.subject) for p in people] == [("Zorba Doe", True), ("Quill Roe", False)]


def test_he_passes_over_a_woman_named_by_her_given_name_alone():
    """John Smith spoke. Melanie nodded. Later he said more. -- "Melanie" alone is a woman's
    given name: "he" is John Smith, though Melanie is nearer and the latest subject."""
    from workbench.models import TextSpan
    from workbench.speakers.resolve import Mention, Recent, Resolver

    text = "John Smith spoke. Melanie nodded. Later he said more."
    resolver = Resolver([_person(text, "John Smith", subject=True),
                         _person(text, "Melanie", subject=True)])
    at = text.index("he said")
    he = resolver.resolve(Mention(TextSpan(at, at + 2, "he"), "nsubj", "PRON", "PRP", "he"), Recent())
    assert (he.cluster.name, he.how) == ("John Smith", "pronoun")


def test_a_name_tagged_a_place_more_often_than_a_person_is_no_person():
    """Ana Roe moved to Lisk. Lisk was quiet in Lisk. -- the recognizer tagged the town a
    person once (as a subject) and a place twice: it is no person, so "he"/"she" after it cannot
    go to it, while Ana Roe stays one."""
    from workbench.speakers.resolve import people_of

    text = "Ana Roe moved to Lisk. Lisk was quiet in Lisk."
    doc = build(text, [
        ("Ana", "PROPN", "NNP", "compound", 1, "Ana", "B-PERSON"),
        ("Roe", "PROPN", "NNP", "nsubj", 1, "Roe", "I-PERSON"),
        ("moved", "VERB", "VBD", "ROOT", 0, "move", "O"),
        ("to", "ADP", "IN", "prep", -1, "to", "O"),
        ("Lisk", "PROPN", "NNP", "pobj", -1, "Lisk", "B-GPE"),
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
        ("Lisk", "PROPN", "NNP", "nsubj", 1, "Lisk", "B-PERSON"),
        ("was", "AUX", "VBD", "ROOT", 0, "be", "O"),
        ("quiet", "ADJ", "JJ", "acomp", -1, "quiet", "O"),
        ("in", "ADP", "IN", "prep", -2, "in", "O"),
        ("Lisk", "PROPN", "NNP", "pobj", -1, "Lisk", "B-GPE"),
        (".", "PUNCT", ".", "punct", -5, ".", "O"),
    ])
    people = people_of(doc, list(doc.ents), bytearray(len(doc)))
    assert [p.span.text for p in people] == ["Ana Roe"]


def test_a_given_name_and_a_surname_the_recognizer_missed_name_a_person():
    """Zorba Doe met Susan Quill, who runs the club. -- "Susan Quill" was tagged an
    organisation; a capitalised run opening with a common given name is still a person, with
    that name's gender (so "she" later can find her)."""
    from workbench.speakers.resolve import Resolver, people_of

    text = "Zorba Doe met Susan Quill, who runs the club."
    doc = build(text, [
        ("Zorba", "PROPN", "NNP", "compound", 1, "Zorba", "B-PERSON"),
        ("Doe", "PROPN", "NNP", "nsubj", 1, "Doe", "I-PERSON"),
        ("met", "VERB", "VBD", "ROOT", 0, "meet", "O"),
        ("Susan", "PROPN", "NNP", "compound", 1, "Susan", "B-ORG"),
        ("Quill", "PROPN", "NNP", "dobj", -2, "Quill", "I-ORG"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("who", "PRON", "WP", "nsubj", 1, "who", "O"),
        ("runs", "VERB", "VBZ", "relcl", -3, "run", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("club", "NOUN", "NN", "dobj", -2, "club", "O"),
        (".", "PUNCT", ".", "punct", -8, ".", "O"),
    ])
    people = people_of(doc, list(doc.ents), bytearray(len(doc)))
    assert [p.span.text for p in people] == ["Zorba Doe", "Susan Quill"]
    susan = Resolver(people).person("Susan Quill")
    assert susan.gender == "f"


def test_which_right_after_a_noun_stands_for_it_even_outside_a_relative_clause():
    """They turned to the Boston Police Department which reported “…” -- the parser makes
    "reported" an adverbial clause of "turned", not a relative clause; "which" right after the
    noun still stands for it, and "they" who turned to it are not the source."""
    text = "They turned to the Boston Police Department which reported “2,521 incidents” in May."
    doc = run(build(text, [
        ("They", "PRON", "PRP", "nsubj", 1, "they", "O"),
        ("turned", "VERB", "VBD", "ROOT", 0, "turn", "O"),
        ("to", "ADP", "IN", "prep", -1, "to", "O"),
        ("the", "DET", "DT", "det", 3, "the", "B-ORG"),
        ("Boston", "PROPN", "NNP", "compound", 2, "Boston", "I-ORG"),
        ("Police", "PROPN", "NNP", "compound", 1, "Police", "I-ORG"),
        ("Department", "PROPN", "NNP", "pobj", -4, "Department", "I-ORG"),
        ("which", "PRON", "WDT", "nsubj", 1, "which", "O"),
        ("reported", "VERB", "VBD", "advcl", -7, "report", "O"),
        ("“", "PUNCT", "``", "punct", -1, '"', "O"),
        ("2,521", "NUM", "CD", "nummod", 1, "2,521", "B-CARDINAL"),
        ("incidents", "NOUN", "NNS", "dobj", -3, "incident", "O"),
        ("”", "PUNCT", "''", "punct", -1, '"', "O"),
        ("in", "ADP", "IN", "prep", -5, "in", "O"),
        ("May", "PROPN", "NNP", "pobj", -1, "May", "B-DATE"),
        (".", "PUNCT", ".", "punct", -14, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == \
        ("the Boston Police Department", "which", "reported")


def test_verb_right_before_the_quote_introduces_it_over_a_verb_of_saying_above():
    """She said …, and when pressed, the mother of three replied, “…” -- the parser joins
    "replied" to the clause "she said"; a verb set off from the quote by only a comma or a
    colon introduces it, and its own subject (any person noun) is the speaker."""
    text = ("She said fathers would not be eligible, and when pressed on why, "
            "the mother of three replied, “It is meant for mothers.”")
    doc = run(build(text, [
        ("She", "PRON", "PRP", "nsubj", 1, "she", "O"),
        ("said", "VERB", "VBD", "ROOT", 0, "say", "O"),
        ("fathers", "NOUN", "NNS", "nsubj", 3, "father", "O"),
        ("would", "AUX", "MD", "aux", 2, "would", "O"),
        ("not", "PART", "RB", "neg", 1, "not", "O"),
        ("be", "AUX", "VB", "ccomp", -4, "be", "O"),
        ("eligible", "ADJ", "JJ", "acomp", -1, "eligible", "O"),
        (",", "PUNCT", ",", "punct", -2, ",", "O"),
        ("and", "CCONJ", "CC", "cc", -3, "and", "O"),
        ("when", "SCONJ", "WRB", "advmod", 1, "when", "O"),
        ("pressed", "VERB", "VBN", "advcl", 8, "press", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("why", "SCONJ", "WRB", "advmod", 6, "why", "O"),
        (",", "PUNCT", ",", "punct", 5, ",", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("mother", "NOUN", "NN", "nsubj", 3, "mother", "O"),
        ("of", "ADP", "IN", "prep", -1, "of", "O"),
        ("three", "NUM", "CD", "pobj", -1, "three", "B-CARDINAL"),
        ("replied", "VERB", "VBD", "conj", -13, "reply", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("“", "PUNCT", "``", "punct", -2, "\"", "O"),
        ("It", "PRON", "PRP", "nsubjpass", 2, "it", "O"),
        ("is", "AUX", "VBZ", "auxpass", 1, "be", "O"),
        ("meant", "VERB", "VBN", "ccomp", -5, "mean", "O"),
        ("for", "ADP", "IN", "prep", -1, "for", "O"),
        ("mothers", "NOUN", "NNS", "pobj", -1, "mother", "O"),
        (".", "PUNCT", ".", "punct", -25, ".", "O"),
        ("”", "PUNCT", "''", "punct", -26, "\"", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("the mother", "the mother of three", "replied")


def test_verb_of_saying_in_a_relative_clause_keeps_the_quote_it_governs():
    """Jones criticized the deal, which an internal review said was “…” -- the quote is what the
    relative clause's subject said; the search does not climb past it to the main clause's verb
    (criticize, a reporting verb too)."""
    text = "Jones criticized the deal, which an internal review said was “deeply flawed” from the start."
    doc = run(build(text, [
        ("Jones", "PROPN", "NNP", "nsubj", 1, "Jones", "B-PERSON"),
        ("criticized", "VERB", "VBD", "ROOT", 0, "criticize", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("deal", "NOUN", "NN", "dobj", -2, "deal", "O"),
        (",", "PUNCT", ",", "punct", -1, ",", "O"),
        ("which", "PRON", "WDT", "nsubj", 5, "which", "O"),
        ("an", "DET", "DT", "det", 2, "an", "O"),
        ("internal", "ADJ", "JJ", "amod", 1, "internal", "O"),
        ("review", "NOUN", "NN", "nsubj", 1, "review", "O"),
        ("said", "VERB", "VBD", "relcl", -6, "say", "O"),
        ("was", "AUX", "VBD", "ccomp", -1, "be", "O"),
        ("“", "PUNCT", "``", "punct", 2, "\"", "O"),
        ("deeply", "ADV", "RB", "advmod", 1, "deeply", "O"),
        ("flawed", "ADJ", "JJ", "acomp", -3, "flawed", "O"),
        ("”", "PUNCT", "''", "punct", -1, "\"", "O"),
        ("from", "ADP", "IN", "prep", -2, "from", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("start", "NOUN", "NN", "pobj", -2, "start", "O"),
        (".", "PUNCT", ".", "punct", -17, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("an internal review", "said")


def test_congresswoman_is_a_person_noun_whose_verb_of_saying_keeps_its_quote():
    """Rep. Jane Miller called on the mayor to act -- meddling the Ohio congresswoman said is meant to
    "sow discord" -- the quote is what the congresswoman said (the mention is hers, resolved to
    Miller), not the object of "called" above: "congresswoman" is a word for a person."""
    text = ("Rep. Jane Miller called on the mayor to act against the firm -- meddling the Ohio "
            "congresswoman said is meant to \"sow discord\" in the city.")
    doc = run(build(text, [
        ("Rep.", "PROPN", "NNP", "compound", 2, "Rep.", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Miller", "PROPN", "NNP", "nsubj", 1, "Miller", "I-PERSON"),
        ("called", "VERB", "VBD", "ROOT", 0, "call", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("mayor", "NOUN", "NN", "pobj", -2, "mayor", "O"),
        ("to", "PART", "TO", "aux", 1, "to", "O"),
        ("act", "VERB", "VB", "xcomp", -5, "act", "O"),
        ("against", "ADP", "IN", "prep", -1, "against", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("firm", "NOUN", "NN", "pobj", -2, "firm", "O"),
        ("--", "PUNCT", ":", "punct", -4, "--", "O"),
        ("meddling", "VERB", "VBG", "advcl", -5, "meddle", "O"),
        ("the", "DET", "DT", "det", 2, "the", "O"),
        ("Ohio", "PROPN", "NNP", "compound", 1, "Ohio", "B-GPE"),
        ("congresswoman", "NOUN", "NN", "nsubj", 1, "congresswoman", "O"),
        ("said", "VERB", "VBD", "ccomp", -4, "say", "O"),
        ("is", "AUX", "VBZ", "auxpass", 1, "be", "O"),
        ("meant", "VERB", "VBN", "ccomp", -2, "mean", "O"),
        ("to", "PART", "TO", "aux", 2, "to", "O"),
        ("\"", "PUNCT", "``", "punct", 1, "\"", "O"),
        ("sow", "VERB", "VB", "xcomp", -3, "sow", "O"),
        ("discord", "NOUN", "NN", "dobj", -1, "discord", "O"),
        ("\"", "PUNCT", "''", "punct", -2, "\"", "O"),
        ("in", "ADP", "IN", "prep", -3, "in", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("city", "NOUN", "NN", "pobj", -2, "city", "O"),
        (".", "PUNCT", ".", "punct", -25, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("Jane Miller", "the Ohio congresswoman", "said")


def test_a_capitalised_name_someone_gave_is_their_quote_not_a_title():
    """Smith called the mayor “Mister Pothole” -- a few capitalised words look like a title
    (CBS’s “Face the Nation”) and are left out, unless a verb of naming (call, dub, nickname,
    label, brand, term, hail) governs them: then it is a name someone gave."""
    text = "At a rally on Monday, Smith called the mayor “Mister Pothole” and mocked his record."
    doc = run(build(text, [
        ("At", "ADP", "IN", "prep", 7, "at", "O"),
        ("a", "DET", "DT", "det", 1, "a", "O"),
        ("rally", "NOUN", "NN", "pobj", -2, "rally", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("Monday", "PROPN", "NNP", "pobj", -1, "Monday", "B-DATE"),
        (",", "PUNCT", ",", "punct", 2, ",", "O"),
        ("Smith", "PROPN", "NNP", "nsubj", 1, "Smith", "B-PERSON"),
        ("called", "VERB", "VBD", "ROOT", 0, "call", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("mayor", "NOUN", "NN", "dobj", -2, "mayor", "O"),
        ("“", "PUNCT", "``", "punct", -1, "\"", "O"),
        ("Mister", "PROPN", "NNP", "compound", 1, "Mister", "O"),
        ("Pothole", "PROPN", "NNP", "appos", -3, "Pothole", "B-PERSON"),
        ("”", "PUNCT", "''", "punct", -6, "\"", "O"),
        ("and", "CCONJ", "CC", "cc", -7, "and", "O"),
        ("mocked", "VERB", "VBD", "conj", -8, "mock", "O"),
        ("his", "PRON", "PRP$", "poss", 1, "his", "O"),
        ("record", "NOUN", "NN", "dobj", -2, "record", "O"),
        (".", "PUNCT", ".", "punct", -11, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.text, q.speaker_name, q.cue.text) == ("Mister Pothole", "Smith", "called")


def test_a_long_description_of_the_speaker_after_the_quote_still_reaches_the_verb():
    """“…!” The mayor’s niece, state Del. Marcia Price (D-Newport News), shouted to the crowd. --
    a speaker described at length (a relation, a title, a party and district) after the quote
    puts the verb far from it; the verb is still the cue."""
    text = ("“We will win this fight!” The mayor’s niece, state Del. Marcia Price (D-Newport News), "
            "shouted to the crowd.")
    doc = run(build(text, [
        ("“", "PUNCT", "``", "punct", 3, "\"", "O"),
        ("We", "PRON", "PRP", "nsubj", 2, "we", "O"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("win", "VERB", "VB", "ROOT", 0, "win", "O"),
        ("this", "DET", "DT", "det", 1, "this", "O"),
        ("fight", "NOUN", "NN", "dobj", -2, "fight", "O"),
        ("!", "PUNCT", ".", "punct", -3, "!", "O"),
        ("”", "PUNCT", "''", "punct", -4, "\"", "O"),
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("mayor", "NOUN", "NN", "poss", 2, "mayor", "O"),
        ("’s", "PART", "POS", "case", -1, "’s", "O"),
        ("niece", "NOUN", "NN", "nsubj", 13, "niece", "O"),
        (",", "PUNCT", ",", "punct", 12, ",", "O"),
        ("state", "NOUN", "NN", "compound", 1, "state", "O"),
        ("Del.", "PROPN", "NNP", "compound", 2, "Del.", "B-GPE"),
        ("Marcia", "PROPN", "NNP", "compound", 1, "Marcia", "B-PERSON"),
        ("Price", "PROPN", "NNP", "nsubj", 8, "Price", "I-PERSON"),
        ("(", "PUNCT", "-LRB-", "punct", 4, "(", "O"),
        ("D", "PROPN", "NNP", "compound", 2, "D", "B-ORG"),
        ("-", "PUNCT", "HYPH", "punct", 1, "-", "I-ORG"),
        ("Newport", "PROPN", "NNP", "compound", 1, "Newport", "I-ORG"),
        ("News", "PROPN", "NNP", "appos", -5, "News", "I-ORG"),
        (")", "PUNCT", "-RRB-", "punct", -1, ")", "O"),
        (",", "PUNCT", ",", "punct", -7, ",", "O"),
        ("shouted", "VERB", "VBD", "ROOT", 0, "shout", "O"),
        ("to", "ADP", "IN", "prep", -1, "to", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("crowd", "NOUN", "NN", "pobj", -2, "crowd", "O"),
        (".", "PUNCT", ".", "punct", -4, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Marcia Price", "shouted")


def test_a_quoted_nickname_inside_a_name_is_part_of_the_name():
    """“…,” Marcia "Cia" Price told the crowd. -- a quoted nickname between a given name and a
    surname is no quote of its own, and does not cut the name from the attribution."""
    text = "“We will win this fight,” Marcia \"Cia\" Price told the crowd."
    doc = run(build(text, [
        ("“", "PUNCT", "``", "punct", 13, "\"", "O"),
        ("We", "PRON", "PRP", "nsubj", 2, "we", "O"),
        ("will", "AUX", "MD", "aux", 1, "will", "O"),
        ("win", "VERB", "VB", "ccomp", 10, "win", "O"),
        ("this", "DET", "DT", "det", 1, "this", "O"),
        ("fight", "NOUN", "NN", "dobj", -2, "fight", "O"),
        (",", "PUNCT", ",", "punct", 7, ",", "O"),
        ("”", "PUNCT", "''", "punct", 6, "\"", "O"),
        ("Marcia", "PROPN", "NNP", "nmod", 4, "Marcia", "B-PERSON"),
        ("\"", "PUNCT", "``", "punct", 3, "\"", "I-PERSON"),
        ("Cia", "PROPN", "NNP", "nmod", 2, "Cia", "I-PERSON"),
        ("\"", "PUNCT", "''", "punct", 1, "\"", "I-PERSON"),
        ("Price", "PROPN", "NNP", "nsubj", 1, "Price", "I-PERSON"),
        ("told", "VERB", "VBD", "ROOT", 0, "tell", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("crowd", "NOUN", "NN", "dobj", -2, "crowd", "O"),
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text) == ("Marcia \"Cia\" Price", "Marcia \"Cia\" Price")


def test_a_person_saying_nearer_the_quote_beats_a_thing_the_parse_hangs_it_on():
    """The spot concludes with footage of Jane Miller saying …, “…” -- the parser hangs the quote
    on "concludes" (a reporting verb, but its subject is a thing); the verb of saying nearer the
    quote, with a person as subject, is the cue."""
    text = ("The spot concludes with footage of Jane Miller saying during the debate, "
            "“That makes me smart.”")
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("spot", "NOUN", "NN", "nsubj", 1, "spot", "O"),
        ("concludes", "VERB", "VBZ", "ROOT", 0, "conclude", "O"),
        ("with", "ADP", "IN", "prep", -1, "with", "O"),
        ("footage", "NOUN", "NN", "pobj", -1, "footage", "O"),
        ("of", "ADP", "IN", "prep", -1, "of", "O"),
        ("Jane", "PROPN", "NNP", "compound", 1, "Jane", "B-PERSON"),
        ("Miller", "PROPN", "NNP", "nsubj", 1, "Miller", "I-PERSON"),
        ("saying", "VERB", "VBG", "pobj", -3, "say", "O"),
        ("during", "ADP", "IN", "prep", -1, "during", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("debate", "NOUN", "NN", "pobj", -2, "debate", "O"),
        (",", "PUNCT", ",", "punct", -10, ",", "O"),
        ("“", "PUNCT", "``", "punct", -11, "\"", "O"),
        ("That", "PRON", "DT", "nsubj", 1, "that", "O"),
        ("makes", "VERB", "VBZ", "ccomp", -13, "make", "O"),
        ("me", "PRON", "PRP", "nsubj", 1, "I", "O"),
        ("smart", "ADJ", "JJ", "ccomp", -2, "smart", "O"),
        (".", "PUNCT", ".", "punct", -16, ".", "O"),
        ("”", "PUNCT", "''", "punct", -17, "\"", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("Jane Miller", "saying")


def test_others_as_a_noun_can_speak():
    """To date, 14 Catholics … were admitted as well as 29 others who only specified “…” -- "others"
    (a noun here) can speak, so the relative clause that governs the quote keeps it."""
    text = ("To date, 14 Catholics and six Baptists were admitted as well as 29 others who only "
            "specified “Christian” as their faith.")
    doc = run(build(text, [
        ("To", "ADP", "IN", "prep", 9, "to", "O"),
        ("date", "NOUN", "NN", "pobj", -1, "date", "O"),
        (",", "PUNCT", ",", "punct", 7, ",", "O"),
        ("14", "NUM", "CD", "nummod", 1, "14", "B-CARDINAL"),
        ("Catholics", "PROPN", "NNPS", "nsubjpass", 5, "Catholics", "B-NORP"),
        ("and", "CCONJ", "CC", "cc", -1, "and", "O"),
        ("six", "NUM", "CD", "nummod", 1, "six", "B-CARDINAL"),
        ("Baptists", "PROPN", "NNPS", "conj", -3, "Baptists", "O"),
        ("were", "AUX", "VBD", "auxpass", 1, "be", "O"),
        ("admitted", "VERB", "VBN", "ROOT", 0, "admit", "O"),
        ("as", "ADV", "RB", "advmod", 2, "as", "O"),
        ("well", "ADV", "RB", "advmod", 1, "well", "O"),
        ("as", "ADP", "IN", "prep", -3, "as", "O"),
        ("29", "NUM", "CD", "nummod", 1, "29", "B-CARDINAL"),
        ("others", "NOUN", "NNS", "npadvmod", -5, "other", "O"),
        ("who", "PRON", "WP", "nsubj", 2, "who", "O"),
        ("only", "ADV", "RB", "advmod", 1, "only", "O"),
        ("specified", "VERB", "VBD", "relcl", -3, "specify", "O"),
        ("“", "PUNCT", "``", "punct", 1, "\"", "O"),
        ("Christian", "PROPN", "NNP", "dobj", -2, "Christian", "B-NORP"),
        ("”", "PUNCT", "''", "punct", -3, "\"", "O"),
        ("as", "ADP", "IN", "prep", -4, "as", "O"),
        ("their", "PRON", "PRP$", "poss", 1, "their", "O"),
        ("faith", "NOUN", "NN", "pobj", -2, "faith", "O"),
        (".", "PUNCT", ".", "punct", -15, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.mention.text, q.cue.text) == ("others", "who", "specified")


def test_per_right_after_the_quote_names_its_source():
    """“…,” per the party’s bylaws -- "per" right after the quote is "according to"; the verb the
    parse hangs the quote on ("voting") has no speaker."""
    text = ("Members may not vote by proxy when voting “to fill a vacancy on the ticket,” "
            "per the party’s bylaws.")
    doc = run(build(text, [
        ("Members", "NOUN", "NNS", "nsubj", 3, "member", "O"),
        ("may", "AUX", "MD", "aux", 2, "may", "O"),
        ("not", "PART", "RB", "neg", 1, "not", "O"),
        ("vote", "VERB", "VB", "ROOT", 0, "vote", "O"),
        ("by", "ADP", "IN", "prep", -1, "by", "O"),
        ("proxy", "NOUN", "NN", "pobj", -1, "proxy", "O"),
        ("when", "SCONJ", "WRB", "advmod", 1, "when", "O"),
        ("voting", "VERB", "VBG", "advcl", -4, "vote", "O"),
        ("“", "PUNCT", "``", "punct", -1, "\"", "O"),
        ("to", "PART", "TO", "aux", 1, "to", "O"),
        ("fill", "VERB", "VB", "xcomp", -3, "fill", "O"),
        ("a", "DET", "DT", "det", 1, "a", "O"),
        ("vacancy", "NOUN", "NN", "dobj", -2, "vacancy", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("ticket", "NOUN", "NN", "pobj", -2, "ticket", "O"),
        (",", "PUNCT", ",", "punct", -13, ",", "O"),
        ("”", "PUNCT", "''", "punct", -14, "\"", "O"),
        ("per", "ADP", "IN", "prep", -1, "per", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("party", "NOUN", "NN", "poss", 2, "party", "O"),
        ("’s", "PART", "POS", "case", -1, "’s", "O"),
        ("bylaws", "NOUN", "NNS", "pobj", -4, "bylaw", "O"),
        (".", "PUNCT", ".", "punct", -20, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("the party’s bylaws", "per")


def test_reference_and_compare_are_verbs_that_report():
    """…, it referenced “political tensions” -- "reference" (and "compare", like "liken") reports
    the words it quotes; without a cue a two-word quote is taken for a scare quote and dropped."""
    text = ("Although the fund did not single out Smith, it referenced “political tensions” "
            "in richer countries.")
    doc = run(build(text, [
        ("Although", "SCONJ", "IN", "mark", 5, "although", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("fund", "NOUN", "NN", "nsubj", 3, "fund", "O"),
        ("did", "AUX", "VBD", "aux", 2, "do", "O"),
        ("not", "PART", "RB", "neg", 1, "not", "O"),
        ("single", "VERB", "VB", "advcl", 5, "single", "O"),
        ("out", "ADP", "RP", "prt", -1, "out", "O"),
        ("Smith", "PROPN", "NNP", "dobj", -2, "Smith", "B-ORG"),
        (",", "PUNCT", ",", "punct", 2, ",", "O"),
        ("it", "PRON", "PRP", "nsubj", 1, "it", "O"),
        ("referenced", "VERB", "VBD", "ROOT", 0, "reference", "O"),
        ("“", "PUNCT", "``", "punct", 2, "\"", "O"),
        ("political", "ADJ", "JJ", "amod", 1, "political", "O"),
        ("tensions", "NOUN", "NNS", "dobj", -3, "tension", "O"),
        ("”", "PUNCT", "''", "punct", -1, "\"", "O"),
        ("in", "ADP", "IN", "prep", -2, "in", "O"),
        ("richer", "ADJ", "JJR", "amod", 1, "rich", "O"),
        ("countries", "NOUN", "NNS", "pobj", -2, "country", "O"),
        (".", "PUNCT", ".", "punct", -8, ".", "O"),
    ]))
    q = one_quote(doc)
    assert (q.mention.text, q.cue.text) == ("it", "referenced")


def test_a_name_signing_the_paragraph_after_its_last_quote_speaks_its_quotes():
    """“…” And that is all he has, “…” ― Maria Lopez. -- collected reactions sign the
    paragraph once, after its last quote: the first quote, with no cue of its own, is hers."""
    text = ("“He never answers a question and he insults everyone who asks one. We deserve better "
            "than this.” And that is all he has, “a loud voice.” ― Maria Lopez.")
    doc = run(build(text, [
        ("“", "PUNCT", "``", "punct", 3, "\"", "O"),
        ("He", "PRON", "PRP", "nsubj", 2, "he", "O"),
        ("never", "ADV", "RB", "neg", 1, "never", "O"),
        ("answers", "VERB", "VBZ", "ROOT", 0, "answer", "O"),
        ("a", "DET", "DT", "det", 1, "a", "O"),
        ("question", "NOUN", "NN", "dobj", -2, "question", "O"),
        ("and", "CCONJ", "CC", "cc", -3, "and", "O"),
        ("he", "PRON", "PRP", "nsubj", 1, "he", "O"),
        ("insults", "VERB", "VBZ", "conj", -5, "insult", "O"),
        ("everyone", "PRON", "NN", "dobj", -1, "everyone", "O"),
        ("who", "PRON", "WP", "nsubj", 1, "who", "O"),
        ("asks", "VERB", "VBZ", "relcl", -2, "ask", "O"),
        ("one", "NUM", "CD", "dobj", -1, "one", "O"),
        (".", "PUNCT", ".", "punct", -5, ".", "O"),
        ("We", "PRON", "PRP", "nsubj", 1, "we", "O"),
        ("deserve", "VERB", "VBP", "ROOT", 0, "deserve", "O"),
        ("better", "ADJ", "JJR", "advmod", -1, "well", "O"),
        ("than", "ADP", "IN", "prep", -1, "than", "O"),
        ("this", "PRON", "DT", "pobj", -1, "this", "O"),
        (".", "PUNCT", ".", "punct", -4, ".", "O"),
        ("”", "PUNCT", "''", "punct", -5, "\"", "O"),
        ("And", "CCONJ", "CC", "cc", 2, "and", "O"),
        ("that", "PRON", "DT", "nsubj", 1, "that", "O"),
        ("is", "AUX", "VBZ", "ROOT", 0, "be", "O"),
        ("all", "PRON", "DT", "attr", -1, "all", "O"),
        ("he", "PRON", "PRP", "nsubj", 1, "he", "O"),
        ("has", "VERB", "VBZ", "relcl", -2, "have", "O"),
        (",", "PUNCT", ",", "punct", -4, ",", "O"),
        ("“", "PUNCT", "``", "punct", -5, "\"", "O"),
        ("a", "DET", "DT", "det", 2, "a", "O"),
        ("loud", "ADJ", "JJ", "amod", 1, "loud", "O"),
        ("voice", "NOUN", "NN", "attr", -8, "voice", "O"),
        (".", "PUNCT", ".", "punct", -9, ".", "O"),
        ("”", "PUNCT", "''", "punct", -10, "\"", "O"),
        ("―", "VERB", "VBZ", "ROOT", 0, "―", "O"),
        ("Maria", "PROPN", "NNP", "compound", 1, "Maria", "B-PERSON"),
        ("Lopez", "PROPN", "NNP", "nsubj", -2, "Lopez", "I-PERSON"),
        (".", "PUNCT", ".", "punct", -3, ".", "O"),
    ]))
    first = quotes(doc)[0]
    assert (first.speaker_name, first.mention.text) == ("Maria Lopez", "Maria Lopez")


def test_subject_of_a_clause_ending_in_the_colon_before_the_quote_speaks():
    """The campaign, in a Q&A …, worded it more carefully: “…” -- no verb of saying and no name right
    before the colon: the subject of the clause the colon ends (a person, an organisation, a
    document) is the one quoted."""
    text = ("The campaign, in a Q&A on the controversy, worded it more carefully: “Her practice was "
            "to email officials on their government accounts.”")
    doc = run(build(text, [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("campaign", "NOUN", "NN", "nsubj", 9, "campaign", "O"),
        (",", "PUNCT", ",", "punct", 8, ",", "O"),
        ("in", "ADP", "IN", "prep", 7, "in", "O"),
        ("a", "DET", "DT", "det", 1, "a", "O"),
        ("Q&A", "PROPN", "NNP", "pobj", -2, "Q&A", "B-FAC"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("the", "DET", "DT", "det", 1, "the", "O"),
        ("controversy", "NOUN", "NN", "pobj", -2, "controversy", "O"),
        (",", "PUNCT", ",", "punct", 1, ",", "O"),
        ("worded", "VERB", "VBD", "ROOT", 0, "word", "O"),
        ("it", "PRON", "PRP", "dobj", -1, "it", "O"),
        ("more", "ADV", "RBR", "advmod", 1, "more", "O"),
        ("carefully", "ADV", "RB", "advmod", -3, "carefully", "O"),
        (":", "PUNCT", ":", "punct", -4, ":", "O"),
        ("“", "PUNCT", "``", "punct", -5, "\"", "O"),
        ("Her", "PRON", "PRP$", "poss", 1, "her", "O"),
        ("practice", "NOUN", "NN", "nsubj", 1, "practice", "O"),
        ("was", "AUX", "VBD", "conj", -8, "be", "O"),
        ("to", "PART", "TO", "aux", 1, "to", "O"),
        ("email", "VERB", "VB", "xcomp", -2, "email", "O"),
        ("officials", "NOUN", "NNS", "dobj", -1, "official", "O"),
        ("on", "ADP", "IN", "prep", -1, "on", "O"),
        ("their", "PRON", "PRP$", "poss", 2, "their", "O"),
        ("government", "NOUN", "NN", "compound", 1, "government", "O"),
        ("accounts", "NOUN", "NNS", "pobj", -3, "account", "O"),
        (".", "PUNCT", ".", "punct", -8, ".", "O"),
        ("”", "PUNCT", "''", "punct", -9, "\"", "O"),
    ]))
    q = one_quote(doc)
    assert (q.speaker_name, q.cue.text) == ("The campaign", ":")
