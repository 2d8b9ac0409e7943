"""Whole-pipeline tests on the sample articles, with the real spaCy model.

The NATO seed article is the reference case: its six quotes and their speakers must be exact.
The two other samples check the speakers a careful human reader assigns (compared by surname);
each quote is also a test of its own, so a failure names it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.article import load_article
from workbench.extract import extract
from workbench.speakers.names import surname

pytestmark = pytest.mark.model

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"
NATO = SAMPLES / "nato-divided-on-ukraine-status.txt"
COUNCIL = SAMPLES / "city-council-budget.md"
HARBOUR = SAMPLES / "harbour-strike.html"

# surface forms of speech cues; a cue must be one of these (case-insensitive)
CUE_WORDS = {"said", "says", "say", "added", "adds", "told", "according to", "reaffirmed",
             "confirmed", "insisted", "warned", "argued", "stated", "explained", "noted",
             "acknowledged", "wrote", "asked", "replied", ":"}


@pytest.fixture(scope="module")
def nato(nlp):
    article = load_article(NATO)
    return article, extract(nlp, article)


@pytest.fixture(scope="module")
def council(nlp):
    article = load_article(COUNCIL)
    return article, extract(nlp, article)


@pytest.fixture(scope="module")
def harbour(nlp):
    article = load_article(HARBOUR)
    return article, extract(nlp, article)


def find(quotes, snippet: str):
    """The quotes whose text contains ``snippet``."""
    return [q for q in quotes if snippet in q.text]


def check_well_formed(article, extraction) -> None:
    text = article.text
    ids = {s.id for s in extraction.speakers}
    for q in extraction.quotes:
        assert q.parts, q
        for s, e in q.parts:
            assert 0 <= s < e <= len(text), (q.id, s, e)
        assert q.parts == sorted(q.parts)
        assert q.text == " ".join(text[s:e] for s, e in q.parts)
        assert 0.0 <= q.confidence <= 1.0, (q.id, q.confidence)
        assert len(q.alternatives) <= 3, (q.id, q.alternatives)
        assert all(0.0 <= a.confidence <= 1.0 for a in q.alternatives)
        if q.speaker_name is not None:
            assert q.speaker_id in ids, (q.id, q.speaker_id)
        for span in (q.mention, q.cue):
            if span is not None:
                assert text[span.start:span.end] == span.text, (q.id, span)
    for s in extraction.speakers:
        for m in s.mentions:
            assert text[m.start:m.end] == m.text, (s.id, m)


# -- the NATO seed article ---------------------------------------------------------------------

# (snippet from the quote, exact speaker name, mention text, cue text)
NATO_QUOTES = [
    ("The Vilnius Summit will be important", "Jens Stoltenberg", "Stoltenberg", "said"),
    ("Ukraine’s future is in NATO. All Allies agree on that", "Jens Stoltenberg", "he", "added"),
    ("Membership and potential security guarantees", "U.S. officials", "U.S. officials", "said"),
    ("up to NATO", "Karine Jean-Pierre", None, "said"),
    ("push back against Russian aggression.", "Karine Jean-Pierre", "she", "reaffirmed"),
    ("something of a ping-pong", "an Eastern European official", None, "According to"),
]


def test_nato_has_exactly_six_quotes(nato):
    """The seed article yields exactly the six quoted statements, in text order."""
    _, ex = nato
    assert len(ex.quotes) == 6, [q.text for q in ex.quotes]
    for q, (snippet, *_rest) in zip(ex.quotes, NATO_QUOTES):
        assert snippet in q.text, (snippet, q.text)
    assert [q.start for q in ex.quotes] == sorted(q.start for q in ex.quotes)


@pytest.mark.parametrize("snippet, speaker, mention, cue", NATO_QUOTES,
                         ids=[q[0][:24] for q in NATO_QUOTES])
def test_nato_quote_speaker(nato, snippet, speaker, mention, cue):
    """Each seed quote has the right speaker, mention and reporting cue."""
    _, ex = nato
    found = find(ex.quotes, snippet)
    assert len(found) == 1, [q.text for q in ex.quotes]
    q = found[0]
    if speaker == "an Eastern European official":
        assert q.speaker_name is not None and q.speaker_name.startswith(speaker), q.speaker_name
    else:
        assert q.speaker_name == speaker
    if mention is not None:
        assert q.mention is not None and q.mention.text == mention
    else:
        assert q.mention is not None and speaker.split()[-1] in q.mention.text
    assert q.cue is not None and q.cue.text == cue


def test_nato_exact_quote_texts(nato):
    """Quote texts are exactly the quoted words: marks excluded, nothing cut off."""
    article, ex = nato
    texts = [q.text for q in ex.quotes]
    assert texts[0].startswith("The Vilnius Summit will be important for many reasons… President Zelensky")
    assert texts[0].endswith("high on the agenda of the meeting,")
    assert texts[1] == "Ukraine’s future is in NATO. All Allies agree on that,"
    assert texts[2] == ("Membership and potential security guarantees as matters that should be "
                        "addressed as part of an eventual settlement to the war.")
    assert texts[3] == "up to NATO"
    assert texts[4] == "push back against Russian aggression."
    assert texts[5] == "something of a ping-pong between Germany, France, and the U.S.,"
    for q in ex.quotes:
        s, e = q.parts[0][0], q.parts[-1][1]
        assert article.text[s - 1] in "“\"" and article.text[e] in "”\"", q.text


def test_nato_stoltenberg_is_one_speaker(nato):
    """Both Stoltenberg quotes point to one speaker, Jens Stoltenberg, whose mentions include "he"."""
    _, ex = nato
    q1, q2 = find(ex.quotes, "Vilnius Summit")[0], find(ex.quotes, "All Allies agree")[0]
    assert q1.speaker_id == q2.speaker_id
    speaker = next(s for s in ex.speakers if s.id == q1.speaker_id)
    assert speaker.name == "Jens Stoltenberg" and speaker.kind == "person"
    assert "he" in [m.text for m in speaker.mentions]
    assert q2.mention.start == ex.article.text.index("he added")


def test_nato_speaker_kinds(nato):
    """U.S. officials is a group; Stoltenberg and Jean-Pierre are people."""
    _, ex = nato
    kinds = {s.name: s.kind for s in ex.speakers}
    assert kinds["U.S. officials"] == "group"
    assert kinds["Jens Stoltenberg"] == "person"
    assert kinds["Karine Jean-Pierre"] == "person"


def test_nato_no_ad_is_not_a_quote(nato):
    """‘NO AD’ (a banner in single marks) is not reported as a quote."""
    _, ex = nato
    assert not find(ex.quotes, "NO AD")
    assert not any("subscription" in q.text for q in ex.quotes)


def test_nato_parts_cues_confidences(nato):
    """Parts point into the text, cues are reporting words, confidences in [0,1], <= 3 alternatives."""
    article, ex = nato
    check_well_formed(article, ex)
    for q in ex.quotes:
        assert q.cue is not None and q.cue.text.lower() in CUE_WORDS, (q.text, q.cue)
        assert q.speaker_name is not None and q.confidence > 0.0


# -- the two other samples: speakers as a careful reader assigns them ---------------------------

# (snippet, expected surname) for every statement; the engine may merge parts of one statement
COUNCIL_EXPECTED = [
    ("This is not the budget anyone wanted", "voss"),
    ("We are balancing the books", "reyna"),
    ("Students, pensioners, job seekers", "reyna"),
    ("We looked at every line", "brill"),
    ("There is no hidden reserve", "brill"),
    ("patched but passable", "voss"),
    ("no later than next spring", "voss"),
    ("I grew up on that street", "voss"),
    ("I know every pothole by name", "voss"),
    ("People don’t remember the spreadsheets", "reyna"),
    ("They remember whether the library was open", "reyna"),
    ("pushing every hard choice on to the next council", "reyna"),
    ("We were told it was temporary then", "oyelaran"),
    ("Temporary has a way of becoming permanent", "oyelaran"),
    ("A half-finished road", "achterberg"),
    ("is worse for my customers than an old one", "achterberg"),
    ("If the contracts come in lower than we fear", "voss"),
    ("What I will not do is pretend", "voss"),
]
# not statements: the headline/front matter and a so-called term
COUNCIL_NOT_QUOTES = ["Marrowby council passes leaner budget", "vacancy credit"]

HARBOUR_EXPECTED = [
    ("We are not walking back in on a promise", "marrant"),
    ("We want it in writing, and we want it signed", "marrant"),
    ("Every other harbour on this coast already works this way", "teller"),
    ("ready to talk tonight, tomorrow, whenever the union is", "teller"),
    ("They don’t want to talk", "marrant"),
    ("They want us to listen", "marrant"),
    ("Twelve hours’ notice", "marrant"),
    ("means nobody on these docks can promise their kids", "marrant"),
    ("I was a young man the last time", "sorhaug"),
    ("But I am more frightened of what happens to the young ones", "sorhaug"),
    ("Nobody wins a long strike", "teller"),
    ("We will look at any name they put forward", "teller"),
]
# a term the port authority uses: may be left out, but if reported it is the authority's
HARBOUR_OPTIONAL = [("flexible rostering", "authority")]
HARBOUR_NOT_QUOTES = ["Harbour strike enters third day"]


def speaker_problems(extraction, expected, optional=(), not_quotes=()) -> list[str]:
    """Every way the extraction differs from a careful reader's attribution."""
    problems = []
    quotes = extraction.quotes
    for snippet, want in expected:
        found = find(quotes, snippet)
        if not found:
            problems.append(f"missing quote {snippet!r}")
            continue
        got = surname(found[0].speaker_name or "")
        if got != want:
            problems.append(f"{snippet!r}: speaker {found[0].speaker_name!r}, want {want!r}")
    for snippet, want in optional:
        for q in find(quotes, snippet):
            if surname(q.speaker_name or "") != want:
                problems.append(f"{snippet!r}: speaker {q.speaker_name!r}, want {want!r} or no quote")
    known = [s for s, _ in expected] + [s for s, _ in optional]
    for q in quotes:
        if not any(s in q.text for s in known):
            problems.append(f"unexpected quote {q.text!r} ({q.speaker_name!r})")
    for snippet in not_quotes:
        if find(quotes, snippet):
            problems.append(f"{snippet!r} reported as a quote")
    return problems


def test_council_speakers(council):
    """city-council-budget.md: every quote has the speaker a careful reader assigns, no extras."""
    article, ex = council
    check_well_formed(article, ex)
    problems = speaker_problems(ex, COUNCIL_EXPECTED, not_quotes=COUNCIL_NOT_QUOTES)
    assert not problems, "\n".join(problems)


def test_harbour_speakers(harbour):
    """harbour-strike.html: every quote has the speaker a careful reader assigns, no extras."""
    article, ex = harbour
    check_well_formed(article, ex)
    problems = speaker_problems(ex, HARBOUR_EXPECTED, HARBOUR_OPTIONAL, HARBOUR_NOT_QUOTES)
    assert not problems, "\n".join(problems)


# Per quote as well, so that a failure names the quote that went wrong.
def _per_quote(expected):
    return [pytest.param(snippet, want, id=re.sub(r"\W+", "-", snippet[:30]).strip("-"))
            for snippet, want in expected]


@pytest.mark.parametrize("snippet, want", _per_quote(COUNCIL_EXPECTED))
def test_council_quote_speaker(council, snippet, want):
    """One council quote: found, and attributed to the right person (by surname)."""
    _, ex = council
    found = find(ex.quotes, snippet)
    assert found, f"missing quote {snippet!r}"
    assert surname(found[0].speaker_name or "") == want, found[0].speaker_name


@pytest.mark.parametrize("snippet, want", _per_quote(HARBOUR_EXPECTED))
def test_harbour_quote_speaker(harbour, snippet, want):
    """One harbour quote: found, and attributed to the right person (by surname)."""
    _, ex = harbour
    found = find(ex.quotes, snippet)
    assert found, f"missing quote {snippet!r}"
    assert surname(found[0].speaker_name or "") == want, found[0].speaker_name


@pytest.mark.parametrize("fixture", ["council", "harbour"])
def test_samples_well_formed(request, fixture):
    """Offsets, texts, confidences and alternatives of the other samples are consistent."""
    article, ex = request.getfixturevalue(fixture)
    check_well_formed(article, ex)
    assert ex.quotes, "the sample has quotes"
    for snippet in COUNCIL_NOT_QUOTES[:1] + HARBOUR_NOT_QUOTES:
        assert not find(ex.quotes, snippet), f"headline {snippet!r} reported as a quote"
