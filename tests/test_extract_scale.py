"""Huge and hostile articles: work grows linearly with the mentions, an article is parsed in
pieces that keep every cross-paragraph rule, and runs of marks never reach spaCy's tokenizer.

Nothing here is timed: work is counted (``Resolver.work``, the longest run the tokenizer sees).
Speed and memory are measured by ``benchmarks/extraction.py``.
"""

from __future__ import annotations

import re

import pytest
import spacy

from workbench.models import TextSpan
from workbench.quotes.marks import paragraphs, scan
from workbench.quotes.pieces import HARD_FACTOR, clip, plan
from workbench.speakers.resolve import Mention, PersonEnt, Recent, Resolver
from workbench.symbol_runs import MAX_RUN, RunSafeTokenizer

# --------------------------------------------------------------------------- resolution


def _story(n: int):
    """n short stories, 300 characters apart, each with its own person: "Ann Lee0 said …",
    then "Lee0 said", "she said" and "the official said"."""
    people, mentions = [], []
    for k in range(n):
        at = 300 * k
        full = f"Person{k} Lee{k}"
        people.append(PersonEnt(TextSpan(at, at + len(full), full), (("official",),), "", True, None))
        mentions.append(Mention(TextSpan(at + 50, at + 54 + len(str(k)), f"Lee{k}"), "nsubj", "PROPN",
                                "NNP", f"lee{k}", name=f"Lee{k}"))
        mentions.append(Mention(TextSpan(at + 100, at + 103, "she"), "nsubj", "PRON", "PRP", "she"))
        mentions.append(Mention(TextSpan(at + 150, at + 162, "the official"), "nsubj", "NOUN", "NN",
                                "official", words=("official",), definite=True,
                                desc_name="the official"))
    return people, mentions


def _resolve(n: int):
    people, mentions = _story(n)
    resolver = Resolver(people, [])
    recent = Recent()
    names = []
    for m in mentions:
        res = resolver.resolve(m, recent)
        recent.push(res.cluster)
        names.append(res.cluster.name)
    return resolver, names


def test_resolution_resolves_surnames_pronouns_and_titles_to_the_nearby_person():
    _, names = _resolve(3)
    assert names == ["Person0 Lee0"] * 3 + ["Person1 Lee1"] * 3 + ["Person2 Lee2"] * 3


def test_resolution_work_grows_linearly_with_the_mentions():
    """Twice the people and mentions, about twice the work (a scan over every earlier cluster,
    as Resolver.person and Cluster.add did, makes it four times)."""
    small, _ = _resolve(200)
    large, _ = _resolve(400)
    assert large.work <= 2.2 * small.work, (small.work, large.work)
    assert small.work / (4 * 200) < 30  # a small constant per mention, not a count of clusters


def test_shared_surnames_still_merge_by_first_name():
    people = [PersonEnt(TextSpan(0, 10, "John Smith"), (), "", False, None),
              PersonEnt(TextSpan(100, 110, "Jane Smith"), (), "", False, None),
              PersonEnt(TextSpan(200, 208, "J. Smith"), (), "", False, None),
              PersonEnt(TextSpan(300, 305, "Smith"), (), "", False, None)]
    resolver = Resolver(people, [])
    assert sorted(c.name for c in resolver.clusters) == ["Jane Smith", "John Smith"]
    assert resolver.person("John A. Smith").name == "John A. Smith"  # the fuller form wins
    assert resolver.person("Smith").name == "John A. Smith"


# --------------------------------------------------------------------------- pieces

_LONG_QUOTE = "“" + "A long first paragraph of a quote that goes on. " * 4 + "\n\n“" + \
    "And it continues here, still quoting.”"


def _cuts(text, pieces):
    return [text[p.start:p.start + 1] for p in pieces[1:]]


def test_pieces_cover_the_text_and_never_cut_a_quote_or_its_dash_byline():
    paras = ["Intro paragraph that is plain narration."] * 3 + [_LONG_QUOTE] + \
        ["“A quote signed below,” it read."] + ["― Jane Doe"] + ["Narration again."] * 3
    text = "\n\n".join(paras)
    regions = scan(text)
    pieces = plan(text, paragraphs(text), regions, piece_chars=80)
    assert len(pieces) > 3
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))
    for r in regions:  # each quote, marks included, inside one piece
        last = r.close_mark if r.close_mark is not None else r.end - 1
        assert any(p.start <= r.open_mark and last < p.end for p in pieces)
    assert "―" not in _cuts(text, pieces)  # the byline stays with the quote above it


def test_a_quote_longer_than_the_hard_limit_is_cut_and_read_as_unclosed():
    text = "\n\n".join(["“Quoted paragraph number %d goes on and on." % k for k in range(40)] +
                       ["“The end.”"])
    regions = scan(text)
    assert len(regions) == 1 and len(regions[0].parts) == 41
    pieces = plan(text, paragraphs(text), regions, piece_chars=100)
    assert len(pieces) > 1
    assert max(p.end - p.start for p in pieces) <= HARD_FACTOR * 100 + 100
    first = clip(regions[0], pieces[0])
    assert first.close_mark is None and not first.closed
    assert first.parts[-1][1] <= pieces[0].end - pieces[0].start


# --------------------------------------------------------------------------- marks


class _Recording:
    """A tokenizer that remembers the longest run of symbols it was given."""

    def __init__(self, tokenizer):
        self.tokenizer, self.vocab, self.longest = tokenizer, tokenizer.vocab, 0

    def __call__(self, text):
        runs = re.findall(r"[^\w\s]+", text)
        self.longest = max([self.longest] + [len(r) for r in runs])
        return self.tokenizer(text)


def test_a_run_of_20000_quote_marks_never_reaches_the_tokenizer():
    nlp = spacy.blank("en")
    inner = _Recording(nlp.tokenizer)
    text = "“This is fine,” she said. " + '"' * 20_000 + " “And so is this,” he said.\n\n" + \
        "(" * 5_000 + "x" + "…" * 3_000
    doc = RunSafeTokenizer(inner)(text)
    assert doc.text == text  # offsets unchanged
    assert inner.longest <= MAX_RUN
    assert len(doc) > 28_000  # the run became one token a mark
    assert [t.text for t in doc[:6]] == ["“", "This", "is", "fine", ",", "”"]


def test_short_runs_tokenize_as_before():
    nlp = spacy.blank("en")
    text = 'He said "' + '"' * 30 + 'no" and (((' + ")" * 20 + " ok. Wow!!!"
    safe = RunSafeTokenizer(nlp.tokenizer)
    assert [(t.text, t.whitespace_) for t in safe(text)] == \
        [(t.text, t.whitespace_) for t in nlp.tokenizer(text)]


class _CountingStr(str):
    """A str that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key):
        out = str.__getitem__(self, key)
        _CountingStr.copied += len(out)
        return out


def test_the_mark_scanner_copies_linearly_in_a_long_paragraph_of_apostrophes():
    """students’ in a single-quoted paragraph: each apostrophe used to copy the rest of the
    paragraph to look at the next word."""
    text = "‘" + "the students’ union " * 5_000 + "said.’"
    _CountingStr.copied = 0
    regions = scan(_CountingStr(text))
    assert len(regions) == 1
    assert _CountingStr.copied < 20 * len(text)


# --------------------------------------------------------------------------- with the model

_ARTICLE = """Talks resume in Brussels

BRUSSELS — Allies met on Tuesday to discuss the plan.

Jens Stoltenberg, the NATO secretary general, spoke first. “We are united,” he said. “Ukraine’s future is in NATO.”

The secretary general then turned to the budget. Stoltenberg was blunt.

“Every ally must pay its share. There is no other way.”

“We will keep our promises,” said Karine Jean-Pierre, the press secretary.

“The president has been clear about that for a long time, and the allies know it.

“Nothing has changed since the summit.”

Some diplomats were doubtful. Petra Novak, a Czech official, disagreed.

“This is not enough for us,” she said, adding that Prague wanted more.

“We need a clear date,” Novak said.
"""


@pytest.mark.model
def test_pieces_give_the_same_quotes_as_the_whole_article(nlp):
    """Cut before nearly every paragraph: multi-paragraph quotes, the speaker introduced at the
    end of the previous paragraph, quote-only paragraphs and surnames all resolve as in one Doc."""
    from workbench.extract import find_quotes, quotes_from_doc, speakers_from_doc

    whole = nlp(_ARTICLE)
    pieces = plan(_ARTICLE, paragraphs(_ARTICLE), scan(_ARTICLE), piece_chars=60)
    assert len(pieces) >= 6
    quotes, speakers = find_quotes(nlp, _ARTICLE, piece_chars=60)
    assert [q.to_dict() for q in quotes] == [q.to_dict() for q in quotes_from_doc(whole)]
    assert [s.to_dict() for s in speakers] == [s.to_dict() for s in speakers_from_doc(whole)]
    by_text = {q.text[:12]: q.speaker_name for q in quotes}
    assert by_text["Every ally m"] == "Jens Stoltenberg"  # a subject ending the paragraph before
    assert by_text["The presiden"] == "Karine Jean-Pierre"  # runs over two paragraphs
    assert by_text["We need a cl"] == "Petra Novak"


@pytest.mark.model
def test_a_short_article_with_20000_quote_marks_extracts_its_quotes(nlp):
    from workbench.extract import find_quotes

    text = "Trouble\n\n“The plan is working well,” Smith said. " + '"' * 20_000 + \
        "\n\n“We will not stop now,” Smith added."
    quotes, _ = find_quotes(nlp, text)
    found = [(text[q.start:q.end], q.speaker_name) for q in quotes]
    assert found == [("The plan is working well,", "Smith"), ("We will not stop now,", "Smith")]


@pytest.mark.model
def test_jsonl_records_keep_their_order_when_a_long_one_is_parsed_in_pieces(nlp):
    from workbench.extract import extract_records
    from workbench.quotes.pieces import PIECE_CHARS

    short = "“We are ready to talk to anyone,” Smith said."
    long = "\n\n".join(["The committee met again on Monday to go over the figures."] * 400 +
                       ["“The numbers do not add up at all,” Jones said."])
    assert len(long) > PIECE_CHARS
    out = list(extract_records(nlp, [("a", short), ("b", long), ("c", short)], batch_size=2))
    assert [rid for rid, _, _ in out] == ["a", "b", "c"]
    assert [[q.speaker_name for q in quotes] for _, quotes, _ in out] == [["Smith"], ["Jones"], ["Smith"]]
    assert long[out[1][1][0].start:out[1][1][0].end] == "The numbers do not add up at all,"
