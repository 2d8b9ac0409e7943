"""The spaCy pipeline component that finds quoted statements and their speakers.

It writes ``doc.spans["quotes"]`` (token-aligned spans over each quote, marks excluded), with the
exact character-level result on ``span._.quote`` (a :class:`workbench.models.Quote`) and the
article's speakers on ``doc._.speakers``.

The same finder also runs over an article parsed in pieces (:meth:`QuoteFinder.find`): each
piece's ``Doc`` is read for the quotes that open in it and then dropped; what attribution and
resolution need later is kept as small records with offsets into the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from workbench.models import Alternative, Quote, Speaker, TextSpan
from workbench.quotes import pieces as pieces_mod
from workbench.quotes.marks import QuoteRegion, paragraphs, scan
from workbench.quotes.pieces import Piece
from workbench.speakers.attribute import (Attribution, DocIndex, attribute_region,
                                          next_paragraph_byline, paragraph_end_subject,
                                          previous_paragraph_subject, previous_sentence_cue)
from workbench.speakers.confidence import CONTINUATION, speaker_confidence
from workbench.speakers.given_names import gender_of
from workbench.speakers.resolve import (Cluster, EntIndex, Mention, PersonEnt, Recent, Resolver,
                                        SurnameToken, mention_of, people_of, surname_tokens_of)

COMPONENT_NAME = "workbench_quotes"
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_MERGE_GAP = 160  # characters of attribution allowed between two parts of one statement
_SENTENCE_END_RE = re.compile(r"(\w*)[.!?](?:\s|$)")
# periods that end a title or an initial, not a sentence (Rep. Jane Doe, John Q. Public)
_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof jr sr st lt gen col sgt capt cmdr adm gov sen sens rep reps rev hon
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
okla ore pa tenn tex va vt wash wis wyo
""".split())
_NON_SPACE_RE = re.compile(r"\S")
_CONTINUE_PARAS = 2  # a bare quote paragraph continues a speaker this many paragraphs back

if not Span.has_extension("quote"):
    Span.set_extension("quote", default=None)
if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)

# Parses the texts of an article's pieces, yielding one Doc per text, in order.
Parser = Callable[[Iterable[str]], Iterator[Doc]]


@dataclass
class _Found:
    """An attribution reduced to what resolution and output need: no spaCy objects, offsets
    into the article."""

    cue: TextSpan | None = None
    mention: Mention | None = None
    method: str = "none"  # tail | head | according | colon | govern | previous | continuation | none
    confidence: float = 0.0
    source: int | None = None  # index of the statement whose speaker this one continues


@dataclass
class _Statement:
    regions: list[QuoteRegion]
    attribution: _Found
    para: int
    cluster: Cluster | None = None
    confidence: float = 0.0
    alternatives: list = field(default_factory=list)
    how: str = ""  # how the mention was resolved (Resolution.how), or "continuation"


@dataclass
class _Run:
    """What the finder carries from piece to piece."""

    text: str
    paras: list[tuple[int, int]]
    out: list[_Statement] = field(default_factory=list)
    last_mentioned: int | None = None  # index in ``out`` of the latest statement with a mention
    people: list[PersonEnt] = field(default_factory=list)
    surnames: list[SurnameToken] = field(default_factory=list)
    # the subject ending the previous piece's last paragraph, for a quote opening the next one
    carried: _Found | None = None


class _Local:
    """One parsed piece: its Doc and index, and the conversions to article offsets."""

    def __init__(self, doc: Doc, piece: Piece, regions: list[QuoteRegion], run: _Run):
        self.piece = piece
        self.offset = piece.start
        paras = [(s - piece.start, e - piece.start) for s, e in run.paras[piece.para_lo:piece.para_hi]]
        self.index = DocIndex(doc, regions, paras, run.text[piece.start:piece.end])
        self.ents = EntIndex(self.index.ents, self.index.in_quote)

    def found(self, attr: Attribution | None) -> _Found | None:
        if attr is None:
            return None
        cue = attr.cue
        return _Found(TextSpan(cue.start_char + self.offset, cue.end_char + self.offset, cue.text)
                      if cue is not None else None,
                      mention_of(attr.mention, self.ents, self.offset) if attr.mention is not None else None,
                      attr.method, attr.confidence)


@Language.factory(
    COMPONENT_NAME,
    default_config={"spans_key": "quotes", "min_words": 4, "single_quotes": "auto",
                    "typewriter_quotes": False, "mixed_marks": False, "skip_headline": True},
    assigns=["doc.spans", "span._.quote", "doc._.speakers"],
    requires=["token.dep", "token.head", "token.pos", "token.lemma", "token.ent_type"],
)
def make_quote_finder(nlp: Language, name: str, spans_key: str, min_words: int,
                      single_quotes: str, typewriter_quotes: bool, mixed_marks: bool,
                      skip_headline: bool) -> "QuoteFinder":
    return QuoteFinder(spans_key, min_words, single_quotes, typewriter_quotes, skip_headline,
                       mixed_marks)


class QuoteFinder:
    """Scan quote marks, attribute each quote, drop what is not speech, resolve speakers."""

    def __init__(self, spans_key: str = "quotes", min_words: int = 4, single_quotes: str = "auto",
                 typewriter_quotes: bool = False, skip_headline: bool = True,
                 mixed_marks: bool = False):
        if single_quotes not in ("auto", "always", "never"):
            raise ValueError("single_quotes must be 'auto', 'always' or 'never'")
        self.spans_key = spans_key
        self.min_words = min_words
        self.single_quotes = single_quotes
        self.typewriter_quotes = typewriter_quotes
        self.mixed_marks = mixed_marks
        self.skip_headline = skip_headline

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # computed by joining tokens: read once and pass along
        quotes, speakers = self.find(text, lambda texts: iter([doc]), piece_chars=None)
        spans = []
        for quote in quotes:
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is not None:
                span._.quote = quote
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.speakers = speakers
        return doc

    def find(self, text: str, parse: Parser, piece_chars: int | None = pieces_mod.PIECE_CHARS
             ) -> tuple[list[Quote], list[Speaker]]:
        """Quotes and speakers of ``text``, parsed piece by piece by ``parse`` (given the pieces'
        texts, it yields their Docs in order; only one needs to be alive at a time)."""
        run = _Run(text, paragraphs(text))
        regions = self._candidates(text, run.paras)
        plan = pieces_mod.plan(text, run.paras, regions, piece_chars)
        docs = parse(text[p.start:p.end] for p in plan)
        k = j = 0  # the first region not yet attributed; the first that may reach this piece
        for piece, doc in zip(plan, docs):
            while j < len(regions) and _region_end(regions[j]) <= piece.start:
                j += 1
            own = _opening(regions, k, piece)
            seen = [c for r in regions[j:k] + own
                    if (c := pieces_mod.clip(r, piece)) is not None] if len(plan) > 1 else regions
            local = _Local(doc, piece, seen, run)
            k += len(own)
            self._attribute(own, local, run)
            index = local.index
            run.people += people_of(doc, index.ents, index.in_quote, piece.start)
            run.surnames += surname_tokens_of(doc, index.in_quote, piece.start)
            run.carried = self._carry(local, run)
        statements = [s for s in run.out if self._is_speech(s, text)]
        resolver = self._resolve(statements, run)
        return self._results(text, statements, resolver)

    # -- candidates -------------------------------------------------------------------------
    def _candidates(self, text: str, paras: list[tuple[int, int]]) -> list[QuoteRegion]:
        regions = scan(text, self.typewriter_quotes)
        skip_until = _headline_end(text, paras) if self.skip_headline else 0
        regions = [_cut_at_cue(text, r) for r in regions
                   if r.open_mark >= skip_until and not _nickname(text, r)]
        doubles = sum(r.family == "double" for r in regions) + text.count("''") // 2
        if self.single_quotes == "never" or self.single_quotes == "auto" and \
                doubles >= sum(r.family == "single" for r in regions):
            regions = [r for r in regions if r.family == "double"]
        return regions

    # -- attribution ------------------------------------------------------------------------
    def _attribute(self, regions: list[QuoteRegion], local: _Local, run: _Run) -> None:
        out, text, index = run.out, run.text, local.index
        for region in regions:
            inside = pieces_mod.clip(region, local.piece) or region
            attr = local.found(attribute_region(inside, index))
            para = local.piece.para_lo + index.para_of(inside.open_mark)
            prev = _before_titles(out, text)
            if attr.method == "none" and prev is not None and _continues(prev, region, para, text):
                prev.regions.append(region)  # “…,” he said. “…” -- one statement, two parts
                continue
            if attr.method == "none":
                attr = self._context_cue(region, inside, local, para, run) or attr
            if attr.mention is not None:
                run.last_mentioned = len(out)
            out.append(_Statement([region], attr, para))

    def _context_cue(self, region, inside, local: _Local, para: int, run: _Run) -> _Found | None:
        text, index = run.text, local.index
        p_start = run.paras[para][0]
        opens_paragraph = _NON_SPACE_RE.search(text, p_start, region.open_mark) is None
        prev_k = run.last_mentioned
        prev = run.out[prev_k] if prev_k is not None else None
        if opens_paragraph:
            byline = local.found(next_paragraph_byline(inside, index))
            if byline is not None:
                return byline
            if para == local.piece.para_lo and para > 0:
                found = run.carried  # the previous paragraph was read with the previous piece
            else:
                since = prev.regions[-1].end - local.offset if prev is not None else 0
                found = local.found(previous_paragraph_subject(inside, index, since))
            if found is not None:
                return found
        if opens_paragraph and prev is not None and para - prev.para <= _CONTINUE_PARAS:
            return _Found(cue=None, mention=prev.attribution.mention, method="continuation",
                          confidence=0.75 * prev.attribution.confidence, source=prev_k)
        return local.found(previous_sentence_cue(inside, index))

    @staticmethod
    def _carry(local: _Local, run: _Run) -> _Found | None:
        """The subject ending the piece, as previous_paragraph_subject would read it for a
        quote opening the next piece (after the latest statement with a mention)."""
        if local.piece.para_hi <= local.piece.para_lo:
            return None
        prev = run.out[run.last_mentioned] if run.last_mentioned is not None else None
        since = prev.regions[-1].end - local.offset if prev is not None else 0
        last = local.piece.para_hi - local.piece.para_lo - 1
        return local.found(paragraph_end_subject(last, local.index, since))

    def _is_speech(self, st: _Statement, text: str) -> bool:
        """Leave out titles (on CBS's “Face the Nation”), and scare quotes and nicknames:
        short or title-like quotes with no cue."""
        if not self.mixed_marks:
            st.regions = [r for r in st.regions if not _mixed(text, r)]
            if not st.regions:
                return False
        first = st.regions[0]
        title = _looks_like_title(text, first)
        if title and _after_title_word(text, first):
            return False
        if st.attribution.method in ("tail", "according", "colon") and st.attribution.mention is not None:
            return not title or st.attribution.method != "tail" or text[first.end - 1] in ",?!"
        words = sum(len(_WORD_RE.findall(text[s:e])) for r in st.regions for s, e in r.parts)
        if st.attribution.mention is None:
            return words >= max(self.min_words, 8) and first.closed
        return not title or _names(st.attribution)

    # -- resolution -------------------------------------------------------------------------
    @staticmethod
    def _resolve(statements: list[_Statement], run: _Run) -> Resolver:
        resolver = Resolver(run.people, run.surnames)
        run.people, run.surnames = [], []
        recent = Recent()
        for st in statements:
            attr = st.attribution
            if attr.method == "continuation" and attr.source is not None:
                # (source indexes every statement found, this list only the speech: as before)
                src = statements[attr.source] if attr.source < len(statements) else None
                if src is not None and src.cluster is not None:
                    st.cluster, st.confidence = src.cluster, CONTINUATION * src.confidence
                    st.alternatives, st.how = src.alternatives, "continuation"
                    continue
            if attr.mention is None:
                continue
            res = resolver.resolve(attr.mention, recent)
            st.cluster, st.alternatives, st.how = res.cluster, res.alternatives, res.how
            st.confidence = speaker_confidence(attr.method, res.how, res.confidence, attr.confidence)
            recent.push(res.cluster)
        return resolver

    # -- output -----------------------------------------------------------------------------
    @staticmethod
    def _results(text: str, statements: list[_Statement], resolver: Resolver
                 ) -> tuple[list[Quote], list[Speaker]]:
        used = [c for c in resolver.clusters if c.mentions]
        used.sort(key=lambda c: c.first if c.first is not None else len(text))
        ids = {id(c): f"s{k + 1}" for k, c in enumerate(used)}
        speakers = [Speaker(ids[id(c)], c.name, c.kind, sorted(c.mentions, key=lambda m: m.start))
                    for c in used]
        quotes = []
        for k, st in enumerate(statements):
            parts = [p for r in st.regions for p in r.parts]
            attr = st.attribution
            quotes.append(Quote(
                id=f"q{k + 1}", parts=parts,
                text=" ".join(text[s:e] for s, e in parts),
                speaker_id=ids.get(id(st.cluster)) if st.cluster else None,
                speaker_name=st.cluster.name if st.cluster else None,
                mention=attr.mention.span if st.cluster and attr.mention is not None else None,
                cue=attr.cue,
                confidence=st.confidence if st.cluster else 0.0,
                alternatives=[Alternative(ids[id(c)], c.name, conf) for c, conf in st.alternatives
                              if id(c) in ids and c is not st.cluster][:3]))
        return quotes, speakers


# Verbs that give a name ("called her “Miss Piggy”", "dubbed it “Project Fear”"): a capitalised
# quote they govern is a name someone gave, which is theirs to answer for, not a title.
_NAMING_CUE_RE = re.compile(r"(?:call|dub|nicknam|label|brand|term|hail)", re.I)


def _names(attr: _Found) -> bool:
    return attr.method in ("head", "govern") and attr.cue is not None \
        and _NAMING_CUE_RE.match(attr.cue.text) is not None


# Marcia "Cia" Price, Dwayne "The Rock" Johnson: a given name, a quoted nickname, a surname.
_NICKNAME_RE = re.compile(r"([A-Z][a-z]+)\s+$")
_SURNAME_AFTER_RE = re.compile(r"\s+[A-Z][a-z]")


def _nickname(text: str, region: QuoteRegion) -> bool:
    """A nickname inside a person's name is part of the name, not a quote: left as a quote, it
    would also hide the name and the verb after it from the attribution of a quote before."""
    if region.close_mark is None or len(region.parts) != 1:
        return False
    words = _WORD_RE.findall(text[region.start:region.end])
    if not 1 <= len(words) <= 3 or not all(w[0].isupper() or w.lower() == "the" for w in words):
        return False
    given = _NICKNAME_RE.search(text, max(0, region.open_mark - 20), region.open_mark)
    return given is not None and gender_of(given.group(1)) is not None \
        and _SURNAME_AFTER_RE.match(text, region.close_mark + 1) is not None


def _opening(regions: list[QuoteRegion], k: int, piece: Piece) -> list[QuoteRegion]:
    """The regions from ``k`` on that open inside the piece."""
    end = k
    while end < len(regions) and regions[end].open_mark < piece.end:
        end += 1
    return regions[k:end]


def _region_end(region: QuoteRegion) -> int:
    return region.close_mark + 1 if region.close_mark is not None else region.end


def _mixed(text: str, region: QuoteRegion) -> bool:
    """“…" or "…”: opened in one style and closed in the other. In edited copy that is broken
    text whose pairing is a guess, and news annotation does not count it as a quote."""
    if region.close_mark is None:
        return False
    return (text[region.open_mark] in "\"'`") != (text[region.close_mark] in "\"'`") or \
        text[region.open_mark] == "”" and text[region.close_mark] == "”" or \
        text[region.open_mark] == "“" and text[region.close_mark] == "“"


def _continues(prev: _Statement, region: QuoteRegion, para: int, text: str) -> bool:
    """Is this cue-less quote the second half of ``prev`` (“…,” he said. “…”): in the same
    paragraph, after nothing but the one sentence that carries the attribution?"""
    last = prev.regions[-1]
    if prev.para != para or last.close_mark is None:
        return False
    if prev.attribution.method not in ("tail", "head", "according"):
        return False
    gap = text[last.close_mark + 1:region.open_mark].strip()
    return len(gap) <= _MERGE_GAP and "\n" not in gap or \
        len(gap) <= 3 * _MERGE_GAP and _sentence_ends(gap) <= 1


def _before_titles(out: list[_Statement], text: str) -> _Statement | None:
    """The latest statement, looking past cue-less titles quoted after it (“…,” she said on
    CBS's “Face the Nation.” “…”): a title in the attribution does not end the statement."""
    k = len(out) - 1
    while k > 0 and len(out[k].regions) == 1 and _looks_like_title(text, out[k].regions[0]) \
            and (out[k].attribution.method == "none" or _after_title_word(text, out[k].regions[0])):
        k -= 1
    return out[k] if k >= 0 else None


def _after_title_word(text: str, region: QuoteRegion) -> bool:
    return _TITLE_BEFORE_RE.search(text, max(0, region.open_mark - 40), region.open_mark) is not None


def _sentence_ends(text: str) -> int:
    return sum(1 for m in _SENTENCE_END_RE.finditer(text)
               if m.group(1).lower() not in _ABBREVIATIONS and not re.fullmatch(r"[A-Z]", m.group(1)))


# what stands before a title: a possessive, "on"/"in", or a word for a work (show, film, book …)
_TITLE_BEFORE_RE = re.compile(
    r"(?:['’]s|\b(?:on|titled|entitled|show|film|movie|book|memoir|documentary|program|"
    r"programme|series|song|album|column|essay|op-ed|headline|episode|magazine|podcast|novel|"
    r"poem))"
    r"[\s\xa0]*[\W_]*$", re.I)


def _looks_like_title(text: str, region: QuoteRegion) -> bool:
    """“Sunday Morning Futures”: a few capitalised words and no sentence punctuation inside."""
    s, e = region.parts[0]
    content = text[s:e]
    words = _WORD_RE.findall(content)
    if not words or len(words) > 8 or any(ch in content for ch in ".?!"):
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by", "with"}
    return len(words) >= 2 and all(w[0].isupper() or w.lower() in small for w in words) \
        and words[0][0].isupper()


# A sentence-case first paragraph this long, or of this many sentences, is the article's first
# paragraph (text pasted without its headline), not a headline: headlines of news run to 17 words
# in sentence case and 2 sentences (measured on 924 PolNeAR headlines).
_PROSE_WORDS = 25
_PROSE_SENTENCES = 3
_SENTENCE_END_RE = re.compile(r"(\w*)[.!?][\"”’']?(?:\s+|$)")
# A quoted sentence closed by a comma, its cue to follow (“We will …,” she said): a headline
# quotes a few words (‘revolution,’ ‘feel the Bern,’), a lede a statement.
_QUOTED_STATEMENT_RE = re.compile(r"[“\"]([^”\"\n]{1,400}),[”\"]\s")
_STATEMENT_WORDS = 6


def _reads_as_prose(first: str) -> bool:
    """Whether the first paragraph is body text rather than a headline: in sentence case (most
    longer words in lower case) and longer or of more sentences than a headline is, or quoting
    a statement with its cue to follow."""
    words = _WORD_RE.findall(first)
    long = [w for w in words if len(w) >= 4]
    if not long or sum(w[0].isupper() for w in long) >= 0.6 * len(long):
        return False  # Title Case Is A Headline's
    ends = [w for w in _SENTENCE_END_RE.findall(first)  # not after Mr, Dr, St, U.S, a single letter
            if not (w[:1].isupper() and len(w) <= 3) and len(w) != 1]
    statement = any(len(_WORD_RE.findall(m)) >= _STATEMENT_WORDS
                    for m in _QUOTED_STATEMENT_RE.findall(first))
    return len(words) > _PROSE_WORDS or len(ends) >= _PROSE_SENTENCES or statement


# In a quote never closed, the writer's own cue: “… of our time, Obama said, before moving on.
_CUE_INSIDE_RE = re.compile(
    r",\s+(?:(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]*|he|she|they)\s+"
    r"(?:said|says|told|tells|added|adds|asked|asks|wrote|writes|noted|explained|insisted|"
    r"argued|claimed|declared|replied|continued)\b")


def _cut_at_cue(text: str, region: QuoteRegion) -> QuoteRegion:
    """A quote whose closing mark is missing ends at a cue in its last part (", Obama said,"):
    the mark left out is where the cue begins, and the cue then names the speaker."""
    if region.closed or region.family != "double":
        return region
    s, e = region.parts[-1]
    m = _CUE_INSIDE_RE.search(text, s, e)
    if m is None or m.start() == s:
        return region
    return replace(region, parts=region.parts[:-1] + ((s, m.start() + 1),))


_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _headline_end(text: str, paras: list[tuple[int, int]]) -> int:
    """Where the body starts: after front matter, the headline and short lines without a
    full stop (section labels, captions)."""
    front = _FRONT_MATTER_RE.match(text)
    if front:
        paras = [p for p in paras if p[0] >= front.end()]
    if len(paras) < 3 or _reads_as_prose(text[paras[0][0]:paras[0][1]]):
        return front.end() if front else 0
    end = paras[0][1]
    for s, e in paras[1:4]:
        chunk = text[s:e].strip()
        if len(chunk.split()) <= 12 and chunk[-1:] not in ".!?”\"’:":
            end = e
        else:
            break
    return end
