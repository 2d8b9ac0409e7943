"""The spaCy pipeline component that finds quoted statements and their speakers.

It writes ``doc.spans["quotes"]`` (token-aligned spans over each quote, marks excluded), with the
exact character-level result on ``span._.quote`` (a :class:`workbench.models.Quote`) and the
article's speakers on ``doc._.speakers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from workbench.models import Alternative, Quote, Speaker, TextSpan
from workbench.quotes.marks import QuoteRegion, paragraphs, scan
from workbench.speakers.attribute import (Attribution, DocIndex, attribute_region,
                                          next_paragraph_byline, previous_paragraph_subject,
                                          previous_sentence_cue)
from workbench.speakers.resolve import Cluster, Resolver

COMPONENT_NAME = "workbench_quotes"
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_MERGE_GAP = 160  # characters of attribution allowed between two parts of one statement
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
_CONTINUE_PARAS = 2  # a bare quote paragraph continues a speaker this many paragraphs back

if not Span.has_extension("quote"):
    Span.set_extension("quote", default=None)
if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)


@dataclass
class _Statement:
    regions: list[QuoteRegion]
    attribution: Attribution
    para: int
    cluster: Cluster | None = None
    confidence: float = 0.0
    alternatives: list = field(default_factory=list)


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
        paras = paragraphs(text)
        regions = self._candidates(text, paras)
        index = DocIndex(doc, regions, paras, text)
        statements = self._attribute(regions, index, text)
        statements = [s for s in statements if self._is_speech(s, text)]
        speakers = self._resolve(statements, doc, index)
        self._write(doc, text, statements, speakers)
        return doc

    # -- candidates -------------------------------------------------------------------------
    def _candidates(self, text: str, paras: list[tuple[int, int]]) -> list[QuoteRegion]:
        regions = scan(text, self.typewriter_quotes)
        skip_until = _headline_end(text, paras) if self.skip_headline else 0
        regions = [r for r in regions if r.open_mark >= skip_until]
        doubles = sum(r.family == "double" for r in regions) + text.count("''") // 2
        if self.single_quotes == "never" or self.single_quotes == "auto" and \
                doubles >= sum(r.family == "single" for r in regions):
            regions = [r for r in regions if r.family == "double"]
        return regions

    # -- attribution ------------------------------------------------------------------------
    def _attribute(self, regions: list[QuoteRegion], index: DocIndex, text: str) -> list[_Statement]:
        out: list[_Statement] = []
        for region in regions:
            attr = attribute_region(region, index)
            para = index.para_of(region.open_mark)
            prev = out[-1] if out else None
            if attr.method == "none" and prev is not None and _continues(prev, region, para, text):
                prev.regions.append(region)  # “…,” he said. “…” -- one statement, two parts
                continue
            if attr.method == "none":
                attr = self._context_cue(region, index, para, out, text) or attr
            out.append(_Statement([region], attr, para))
        return out

    def _context_cue(self, region, index, para, out, text) -> Attribution | None:
        p_start = index.paragraphs[para][0]
        opens_paragraph = not text[p_start:region.open_mark].strip()
        prev = next((s for s in reversed(out) if s.attribution.mention is not None), None)
        if opens_paragraph:
            byline = next_paragraph_byline(region, index)
            if byline is not None:
                return byline
            since = prev.regions[-1].end if prev is not None else 0
            found = previous_paragraph_subject(region, index, since)
            if found is not None:
                return found
        if opens_paragraph and prev is not None and para - prev.para <= _CONTINUE_PARAS:
            return self._continuation(prev, out, 0.75)
        return previous_sentence_cue(region, index)

    @staticmethod
    def _continuation(prev: _Statement, out: list[_Statement], factor: float) -> Attribution:
        return Attribution(cue=None, mention=prev.attribution.mention, method="continuation",
                           confidence=factor * prev.attribution.confidence, source=out.index(prev))

    def _is_speech(self, st: _Statement, text: str) -> bool:
        """Leave out titles (on CBS's “Face the Nation”), and scare quotes and nicknames:
        short or title-like quotes with no cue."""
        if not self.mixed_marks:
            st.regions = [r for r in st.regions if not _mixed(text, r)]
            if not st.regions:
                return False
        first = st.regions[0]
        title = _looks_like_title(text, first)
        if title and _TITLE_BEFORE_RE.search(text, max(0, first.open_mark - 40), first.open_mark):
            return False
        if st.attribution.method in ("tail", "according", "colon") and st.attribution.mention is not None:
            return not title or st.attribution.method != "tail" or text[first.end - 1] in ",?!"
        words = sum(len(_WORD_RE.findall(text[s:e])) for r in st.regions for s, e in r.parts)
        if st.attribution.mention is None:
            return words >= max(self.min_words, 8) and first.closed
        return not title

    # -- resolution -------------------------------------------------------------------------
    def _resolve(self, statements: list[_Statement], doc: Doc, index: DocIndex) -> Resolver:
        resolver = Resolver(doc, index.in_quote, index.ents)
        recent: list[Cluster] = []
        for st in statements:
            attr = st.attribution
            if attr.method == "continuation" and attr.source is not None:
                src = statements[attr.source] if attr.source < len(statements) else None
                if src is not None and src.cluster is not None:
                    st.cluster, st.confidence = src.cluster, 0.8 * src.confidence
                    st.alternatives = src.alternatives
                    continue
            if attr.mention is None:
                continue
            res = resolver.resolve(attr.mention, recent)
            st.cluster, st.alternatives = res.cluster, res.alternatives
            st.confidence = round(attr.confidence * res.confidence, 3)
            if res.cluster in recent:
                recent.remove(res.cluster)
            recent.insert(0, res.cluster)
        return resolver

    # -- output -----------------------------------------------------------------------------
    def _write(self, doc: Doc, text: str, statements: list[_Statement], resolver: Resolver) -> None:
        used = [c for c in resolver.clusters if c.mentions]
        used.sort(key=lambda c: c.positions[0] if c.positions else len(text))
        ids = {id(c): f"s{k + 1}" for k, c in enumerate(used)}
        speakers = [Speaker(ids[id(c)], c.name, c.kind,
                            [TextSpan(m.start_char, m.end_char, m.text)
                             for m in sorted(c.mentions, key=lambda m: m.start_char)])
                    for c in used]
        spans = []
        for k, st in enumerate(statements):
            parts = [p for r in st.regions for p in r.parts]
            attr = st.attribution
            quote = Quote(
                id=f"q{k + 1}", parts=parts,
                text=" ".join(text[s:e] for s, e in parts),
                speaker_id=ids.get(id(st.cluster)) if st.cluster else None,
                speaker_name=st.cluster.name if st.cluster else None,
                mention=_text_span(attr.mention) if st.cluster else None,
                cue=_text_span(attr.cue),
                confidence=st.confidence if st.cluster else 0.0,
                alternatives=[Alternative(ids[id(c)], c.name, conf) for c, conf in st.alternatives
                              if id(c) in ids and c is not st.cluster][:3])
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            span._.quote = quote
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.speakers = speakers


def _text_span(span: Span | None) -> TextSpan | None:
    return TextSpan(span.start_char, span.end_char, span.text) if span is not None else None


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
        len(gap) <= 3 * _MERGE_GAP and len(_SENTENCE_END_RE.findall(gap)) <= 1
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


_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _headline_end(text: str, paras: list[tuple[int, int]]) -> int:
    """Where the body starts: after front matter, the headline and short lines without a
    full stop (section labels, captions)."""
    front = _FRONT_MATTER_RE.match(text)
    if front:
        paras = [p for p in paras if p[0] >= front.end()]
    if len(paras) < 3:
        return front.end() if front else 0
    end = paras[0][1]
    for s, e in paras[1:4]:
        chunk = text[s:e].strip()
        if len(chunk.split()) <= 12 and chunk[-1:] not in ".!?”\"’:":
            end = e
        else:
            break
    return end
