"""Attribute a quoted region to a cue and a speaker mention, using the dependency parse.

The search goes from the strongest evidence to the weakest: a reporting verb right after the
quote (“…,” she said), one before it in the same sentence (she said “…”, according to X, X: “…”),
the verb that governs a partial quote (X called it “…”), a cue in the sentence before, and last
the speaker of the previous quote when the quote stands alone in its paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import HEAD, IDX
from spacy.tokens import Doc, Span, Token

from workbench.quotes.cues import (CORE_VERBS, DOCUMENT_NOUNS, FINDING_VERBS, GROUP_HEADS, PERSON_DESCRIPTORS,
                                   PERSON_PRONOUNS, PHRASAL_CUES, OWNED_SPEECH_NOUNS, REPORTING_VERBS,
                                   SPEECH_NOUNS)
from workbench.quotes.marks import MARKS, QuoteRegion

_SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
_NP_DROP = {"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "prep", "parataxis", "ccomp",
            "dep", "npadvmod", "advmod", "mark"}
_NP_PREP_KEEP = {"of", "for", "at", "with", "from", "in", "on"}
_SENT_END = {".", "!", "?"}
_TAIL_PUNCT = set(",?!—–-…:;")
_MAX_TAIL = 30  # tokens scanned after a quote for its cue
_TAIL_VERB = 20  # of which the cue verb is looked for in the first: room for a long description


@dataclass
class Attribution:
    """Where a quote's speaker was found: the cue, the mention, how, and how sure."""

    cue: Span | None = None
    mention: Span | None = None
    method: str = "none"  # tail | head | according | colon | govern | previous | none
    confidence: float = 0.0


class DocIndex:
    """Per-document lookups built once: token by character offset, paragraphs, quote masks."""

    def __init__(self, doc: Doc, regions: list[QuoteRegion], paragraphs: list[tuple[int, int]],
                 text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text joins every token per call
        self.ents = list(doc.ents)
        # plain ints: Token objects are costly to create by the million
        arr = doc.to_array([IDX, HEAD]).astype("int64")
        self.starts = arr[:, 0].tolist()
        self.heads = [i + int(rel) for i, rel in enumerate(arr[:, 1].tolist())]
        self.paragraphs = paragraphs
        self.para_starts = [p[0] for p in paragraphs]
        self.in_quote = bytearray(len(doc))
        for r in regions:
            for s, e in r.parts:
                for i in range(self.token_at(s), self.token_at(max(s, e - 1)) + 1):
                    self.in_quote[i] = 1
            for pos in (r.open_mark, r.close_mark):
                if pos is not None:
                    self.in_quote[self.token_at(pos)] = 1

    def token_at(self, char: int) -> int:
        """Index of the token that contains (or is the nearest before) a character offset."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def para_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)


def is_cue_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return False
    if tok.lemma_.lower() in REPORTING_VERBS:
        return True
    # "issued a statement", "posted a tweet": a verb whose object is a piece of speech
    return any((tok.lemma_.lower(), c.lower_) in PHRASAL_CUES if c.dep_ == "prt"
               else c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS for c in tok.children)


def subject_of(verb: Token, in_quote: bytearray | None = None) -> Token | None:
    """The speaker-subject of a verb: the agent of a passive (was asked by X), else the subject,
    following conjunctions and relative clauses to the real noun. Words inside quote marks are
    never the subject: the parser sometimes hangs a quoted noun on the reporting verb."""
    seen = 0
    while verb is not None and seen < 4:
        seen += 1
        agent = _agent_of(verb) if seen == 1 else None  # the passive's own agent, not a conjunct's
        if agent is not None and not (in_quote and in_quote[agent.i]):
            return agent
        subjects = [c for c in verb.children if c.dep_ in _SUBJ and c.dep_ != "expl"
                    and not (in_quote and in_quote[c.i])]
        if subjects:
            # X, who ..., said: the mention is "who"; the resolver takes it to X
            return _named_in_apposition(min(subjects, key=lambda c: abs(c.i - verb.i)))
        if verb.dep_ in ("conj", "xcomp", "advcl", "relcl") and verb.head.i != verb.i:
            participle = verb.tag_ == "VBG" and verb.dep_ == "advcl"
            verb = verb.head if verb.dep_ != "relcl" else None
            if participle and verb is not None and (_subordinate(verb) or _reported(verb, in_quote)):
                # X spoke after the senator won, remarking “…” -- the participle is X's: the
                # parser hangs it on the nearer clause, whose subject is someone else; so in
                # X said the process could be “messy,” adding … (the clause X reports)
                verb = verb.head
            # X said that Y “had a policy,” adding … -- the quoted verb is not the one that adds
            while verb is not None and in_quote and in_quote[verb.i] and verb.head.i != verb.i:
                verb = verb.head
        else:
            break
    return None


_SUBORDINATORS = frozenset("after before when while as because since until once".split())


def _subordinate(verb: Token) -> bool:
    """A verb heading a subordinate clause (after X won, when Y spoke) inside a higher clause."""
    return verb.dep_ in ("advcl", "ccomp") and verb.head.i != verb.i and any(
        c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in verb.children)


def _reported(verb: Token, in_quote: bytearray | None) -> bool:
    """A verb heading the clause a reporting verb reports (X said [Y was …]); not itself one
    (“…,” X added, saying … is X's, whatever the parser hangs "added" on)."""
    return verb.dep_ == "ccomp" and verb.head.i != verb.i and is_cue_verb(verb.head) \
        and not is_cue_verb(verb) and not (in_quote and in_quote[verb.head.i])


def _named_in_apposition(subj: Token) -> Token:
    """The person an apposition names when the parser made a thing the subject: in "With 50
    days until the election, Minyon Moore, an adviser, called …" the subject is "election"."""
    if subj.pos_ != "NOUN" or subj.lemma_.lower() in PERSON_DESCRIPTORS or subj.lower_ in GROUP_HEADS:
        return subj
    for c in subj.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            return c
    return subj


def _agent_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":  # "was asked by X": X is the one speaking
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


_SPEAKER_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


# Pronouns for some of a group that speak as the subject of a reporting verb ("Another tweeted, “…”").
_SOME_PEOPLE = frozenset("another others some many several one both few".split())


def relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for: X, who ..., said. Also when the parser did not
    make its clause a relative one (the Police Department which reported “…” read as an
    adverbial clause): a "which"/"who" subject right after a noun stands for that noun."""
    if tok.tag_ not in ("WP", "WDT"):
        return None
    if tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        return tok.head.head
    if tok.dep_ != "nsubj" or tok.i < 1:
        return None
    k = tok.i - 2 if tok.doc[tok.i - 1].text == "," and tok.i >= 2 else tok.i - 1
    return tok.doc[k] if tok.doc[k].pos_ in ("NOUN", "PROPN") else None


def plausible_speaker(tok: Token, strict: bool) -> bool:
    """Can this word denote someone who speaks? ``strict`` for verbs that are not reporting verbs."""
    antecedent = relative_antecedent(tok)
    if antecedent is not None:
        return plausible_speaker(antecedent, strict)  # X, who ..., said: as X
    if tok.pos_ == "PRON":
        return tok.lower_ in PERSON_PRONOUNS or not strict and (
            tok.lower_ == "it" or tok.lower_ in _SOME_PEOPLE and tok.dep_ == "nsubj")
    if tok.ent_type_ in _SPEAKER_ENTS or tok.pos_ == "PROPN":
        return True
    if tok.pos_ in ("ADJ", "NUM") and tok.dep_ in ("nsubj", "nsubjpass"):
        return not strict  # “…,” said the 46-year-old
    if tok.pos_ != "NOUN":
        return False
    return not strict or tok.lemma_.lower() in PERSON_DESCRIPTORS or tok.lower_ in GROUP_HEADS \
        or tok.lower_ in _SOME_PEOPLE  # 29 others who specified “…” (others as a noun)


def noun_phrase(head: Token, index: DocIndex) -> Span:
    """The mention around a head noun: its modifiers, not its clauses, never inside a quote."""
    doc = head.doc
    lo = hi = head.i
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if index.in_quote[c.i]:
                continue
            if c.dep_ in _NP_DROP and not (c.dep_ == "prep" and c.lower_ in _NP_PREP_KEEP
                                          and t is not head.head) and not _authored(t, c, head):
                continue
            if c.dep_ == "prep" and t.i == head.i and c.i < head.i:
                continue
            lo, hi = min(lo, c.i), max(hi, c.i)
            stack.append(c)
    # keep it contiguous and trim stray punctuation at the edges
    while lo < head.i and (doc[lo].is_punct or index.in_quote[lo]):
        lo += 1
    while hi > head.i and (doc[hi].is_punct or index.in_quote[hi]):
        hi -= 1
    if any(index.in_quote[i] for i in range(lo, hi + 1)):
        lo = hi = head.i
    return doc[lo:hi + 1]


def _authored(t: Token, c: Token, head: Token) -> bool:
    """A study by X: the "by" phrase of a document that speaks names its author."""
    return t.i == head.i and c.dep_ == "prep" and c.lower_ == "by" \
        and head.lemma_.lower() in DOCUMENT_NOUNS


def _document_finding(verb: Token, subj: Token) -> bool:
    """A document with a verb of finding: "a study found that “…”", "disclosures show"."""
    return subj.pos_ == "NOUN" and subj.lemma_.lower() in DOCUMENT_NOUNS \
        and verb.lemma_.lower() in FINDING_VERBS


def _according_to(tokens: list[Token], index: DocIndex) -> Attribution | None:
    """According to X -- X is the object of "to". "…,” per the bylaws -- "per" right after the
    quote (not "$5 per person", nor "X said, per a translator,") says the same."""
    doc = index.doc
    for t in tokens:
        according = t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to"
        per = t.lower_ == "per" and any(index.in_quote[i] for i in range(max(0, t.i - 2), t.i))
        if according or per:
            prep = doc[t.i + 1] if according else t
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None and prep.i + 1 < len(doc):
                obj = doc[prep.i + 1]
            if obj is not None and not index.in_quote[obj.i]:
                return Attribution(cue=doc[t.i:prep.i + 1], mention=noun_phrase(obj, index),
                                   method="according", confidence=0.9)
    return None


def _clause_after(region: QuoteRegion, index: DocIndex) -> list[Token]:
    """Tokens after the closing mark, to the end of the sentence, the paragraph or the next quote."""
    if region.close_mark is None:
        return []
    doc = index.doc
    p_end = index.paragraphs[index.para_of(region.close_mark)][1]
    out = []
    for i in range(index.token_at(region.close_mark) + 1, len(doc)):
        t = doc[i]
        if t.idx >= p_end or index.in_quote[i] or len(out) >= _MAX_TAIL:
            break
        out.append(t)
        if t.text in _SENT_END:
            break
    return out


def _clause_before(region: QuoteRegion, index: DocIndex) -> list[Token]:
    """Tokens from the sentence start (or paragraph start, or previous quote) to the opening mark."""
    doc = index.doc
    p_start = index.paragraphs[index.para_of(region.open_mark)][0]
    out = []
    for i in range(index.token_at(region.open_mark) - 1, -1, -1):
        t = doc[i]
        if t.idx < p_start or index.in_quote[i] or t.text in _SENT_END:
            break
        out.append(t)
    out.reverse()
    return out


def _mention_for(subj: Token | None, index: DocIndex) -> Span | None:
    if subj is None or index.in_quote[subj.i]:
        return None
    return noun_phrase(subj, index)


def _verb_cue(tokens: list[Token], index: DocIndex, prefer_last: bool,
              inverted: bool = False) -> Attribution | None:
    """The first (or last) reporting verb among ``tokens`` with a subject that can speak;
    ``inverted`` also takes the word after the verb (“…,” said X), right only after a quote."""
    verbs = [t for t in tokens if is_cue_verb(t)]
    if prefer_last:
        verbs.reverse()
    for v in verbs:
        subj = subject_of(v, index.in_quote) or _paragraph_opener(v, index)
        named = False
        if subj is None and inverted:
            subj = _inverted_subject(v, tokens)
            # “…,” said Skelly -- a capitalised word right after the verb is a name, even one
            # the tagger made an adverb
            named = subj is not None and subj.i == v.i + 1 and subj.is_title and subj.is_alpha \
                and subj.ent_type_ not in ("DATE", "TIME")
        if subj is None:
            subj = _person_right_before(v, index) or _phrase_right_before(v, index)
        if subj is not None and (named or plausible_speaker(subj, strict=False)):
            mention = _mention_for(subj, index)
            if mention is not None:
                return Attribution(cue=index.doc[v.i:v.i + 1], mention=mention)
    return None


def _person_right_before(verb: Token, index: DocIndex) -> Token | None:
    """Her adviser, Jake Sullivan, said: “…” / Rep. Paul Ryan (R-Wis.) said “…” -- a cue verb the
    parser left without a subject, right after a person's name: only commas or a parenthesis
    between them."""
    doc = index.doc
    i, depth = verb.i - 1, 0
    while i >= max(0, verb.i - 10) and not index.in_quote[i]:
        t = doc[i]
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            depth -= 1
        elif depth == 0 and t.ent_type_ == "PERSON":
            return t
        elif depth == 0 and t.text != ",":
            return None
        i -= 1
    return None


def _phrase_right_before(verb: Token, index: DocIndex) -> Token | None:
    """Although …, a White House official who spoke anonymously said Wednesday, “…” -- the
    parser hung the speaker's phrase on a noun before it and left the cue without a subject: a
    person noun whose phrase (with its relative clause) ends right before the verb."""
    doc = index.doc
    for t in reversed(doc[max(verb.sent.start, verb.i - 15):verb.i]):  # the nearest phrase
        if t.right_edge.i == verb.i - 1 and t.pos_ in ("NOUN", "PROPN") and t.dep_ == "appos" \
                and plausible_speaker(t, strict=True) \
                and not any(index.in_quote[i] for i in range(t.left_edge.i, verb.i)):
            return t
    return None


def _inverted_subject(verb: Token, tokens: list[Token]) -> Token | None:
    """“…,” wrote a Trump supporter -- the parser often makes the speaker an object here; or it
    loses the subject of a long appositive: “…,” the nominee, Donald Trump, tweeted Sunday."""
    last = tokens[-1].i if tokens else verb.i
    before = [t for t in tokens if t.i < verb.i]
    for t in reversed(before):
        if t.ent_type_ == "PERSON" or t.pos_ == "PRON" and t.lower_ in PERSON_PRONOUNS:
            return t
    if any(not (t.is_punct or t.is_space) for t in before):
        return None  # “…,” but stopped short of calling Shelby’s actions …: an object, no speaker
    for c in verb.children:
        if verb.i < c.i <= last and c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dep") \
                and c.pos_ in ("PROPN", "NOUN", "PRON") and c.ent_type_ not in ("DATE", "TIME"):
            return c
    # by position: “…,” declared Alyssa Van Wagenen / said Skelly, whatever the parse says
    after = [t for t in tokens if t.i > verb.i]
    while after and after[0].pos_ == "DET":
        after = after[1:]
    if after and (after[0].pos_ in ("PROPN", "NOUN") or after[0].is_title and after[0].is_alpha):
        t = after[0]
        while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i <= after[-1].i:
            t = t.head
        return t
    return None


# Verbs whose object after them is the one spoken to ("“…,” she told reporters")
_ADDRESS_VERBS = frozenset("tell ask inform assure warn remind urge advise thank answer".split())


def _says_its_own(verb: Token, index: DocIndex) -> bool:
    """A verb after the quote that has its own words outside the quote: "“…,” X said yes",
    "“…,” X said the party would …": what X said there is that, not the quote. Only with the
    subject before the verb: in "“…,” added a New Hampshire Democrat" the parser often takes
    the speaker for an object."""
    if not any(c.dep_ == "nsubj" and c.i < verb.i and not index.in_quote[c.i]
               for c in verb.children):
        return False
    for c in verb.children:
        if c.i <= verb.i or index.in_quote[c.i]:
            continue
        if c.dep_ in ("ccomp", "intj") or c.dep_ == "dobj" and c.pos_ != "PRON" \
                and verb.lemma_.lower() not in _ADDRESS_VERBS and c.lemma_.lower() not in SPEECH_NOUNS:
            return True
    return False


def _quote_ends_clause(text: str, region: QuoteRegion, tail: list[Token]) -> bool:
    """Does the quote end where its attribution may follow (“…,” he said)?"""
    end = region.end
    while end > region.start + 1 and text[end - 1] in MARKS:
        end -= 1  # ‘That’s ridiculous,’” the president said -- look past nested closing marks
    last = text[end - 1] if end > region.start else ""
    if last in _TAIL_PUNCT:
        return True
    if tail and tail[0].is_punct and tail[0].text in ",—–-:":
        return True  # “…”, she said (punctuation outside the marks)
    if last in ".":
        # “….” Trump said. -- a bare attribution may follow a full stop; “….” He writes that
        # … starts a new statement instead
        for k in (1, 2):
            if len(tail) > k and is_cue_verb(tail[k]):
                rest = tail[k + 1:]
                return not rest or rest[0].text in ".,;" or len(rest) <= 2 and rest[-1].text in ".!?"
        return False
    return not tail or tail[0].text in _SENT_END


def _bare_tail(tail: list[Token], index: DocIndex) -> Attribution | None:
    """“…,” an angry Hollande retaliated. / “…,” Conway notes. -- a sentence that after the
    quote holds only a speaker and one verb (and adverbs): that verb is the cue, whatever it is,
    and whatever the parser made of it ("notes" as a plural noun). A plain verb of saying in the
    present after a plural subject that the parser read as a noun (“…,” the two write. / “…,” the
    Saudis state in the white paper, which …) is one too, and may take a place or medium after it."""
    if not tail or tail[-1].text not in _SENT_END:
        return None
    words = _words(tail)
    if len(words) < 2:
        return None
    for k in range(1, min(len(words), 5)):
        verb, rest = words[k], words[k + 1:]
        plural = _plural_present_cue(verb, rest)
        if plural or verb.tag_ in ("VBD", "VBZ") \
                or verb.tag_ == "NNS" and verb.lemma_.lower() in REPORTING_VERBS:
            break
    else:
        return None
    if not plural and (len(words) > 7 or any(t.pos_ != "ADV" for t in rest)):
        return None
    subject = words[:k]
    head = subject[-1]
    pair = head.pos_ == "NUM" and len(subject) == 2 and subject[0].lower_ == "the"  # the two write
    if any(index.in_quote[t.i] for t in subject) or not (pair or plausible_speaker(head, strict=True)) \
            or head.pos_ == "PRON" and len(subject) > 1:
        return None
    return Attribution(cue=index.doc[verb.i:verb.i + 1], mention=index.doc[subject[0].i:head.i + 1],
                       method="tail", confidence=0.8)


def _plural_present_cue(word: Token, rest: list[Token]) -> bool:
    """"write" / "state" in “…,” the two write (in the letter). -- a plain verb of saying in its
    base form that the parser made a noun or a present verb, followed by nothing, adverbs, or a
    place or medium ("in", "on")."""
    if word.tag_ not in ("NN", "NNS", "NNP", "VBP") or word.lower_ not in CORE_VERBS:
        return False
    return not rest or rest[0].lower_ in ("in", "on") or all(t.pos_ == "ADV" for t in rest)


# Words that, right after a quote, start a clause of its own rather than its attribution:
# in "… agreed that Clinton is “healthy enough,” while 73 percent said the same of Trump" the
# 73 percent are no speaker of the quote, nor X in "“…,” when X blasted him". ("as she put it"
# is an attribution: not listed.)
_CLAUSE_OPENERS = frozenset(
    "while whereas but although though because yet when after before if since until unless".split())


def _next_clause(tail: list[Token]) -> bool:
    """After a quote inside a sentence with a cue of its own: a clause joined by "and" (X said
    he'd make sand “glow in the dark,” and Y vowed …), or a verb that opens the next quote with a
    colon (After X said … “less advanced schools,” Y said: “…”) is another speaker's."""
    words = _words(tail)
    if words and words[0].lower_ in ("and", "or"):
        return not is_cue_verb(words[-1])  # “…,” and Smith said. -- a bare cue is still this one's
    return any(is_cue_verb(t) and t.i + 1 < len(t.doc) and t.nbor().text == ":" for t in tail[:8])


def _words(tokens: list[Token]) -> list[Token]:
    """The tokens that are words (no punctuation, no spaces)."""
    return [t for t in tokens if not (t.is_punct or t.is_space)]


def _opens_new_clause(tail: list[Token]) -> bool:
    words = _words(tail)
    return bool(words) and words[0].lower_ in _CLAUSE_OPENERS


# Words that open an adverbial clause put before the main one ("When X said “…”, Y replied").
_FRONTED_OPENERS = frozenset("when while after before as since although though because if once".split())


def _ends_fronted_clause(region: QuoteRegion, head: list[Token], tail: list[Token],
                         index: DocIndex) -> bool:
    """When X pointed out that Y calls it “…,” Z seized upon it, repeating … -- the quote closes
    an adverbial clause that opens the sentence (it runs on from the clause's words, no comma
    before its mark), and the main clause after it is no plain attribution (“…,” Z said): its
    verb is not the quote's cue, the clause's own cue before it is. Read from the words, not the
    parse, which often runs such long sentences together."""
    if not head or not tail or head[0].lower_ not in _FRONTED_OPENERS or head[-1].is_punct:
        return False
    if not (index.text[region.end - 1:region.end] == "," or tail[0].text == ","):
        return False
    found = _verb_cue(tail[:12], index, prefer_last=False, inverted=True)
    return found is not None and found.cue.root.lemma_.lower() not in CORE_VERBS


def _parenthetical_cue(region: QuoteRegion, index: DocIndex) -> Attribution | None:
    """Joe Doe, Rubio said, had been in the Senate for “a thousand years” and passed “…” /
    Clinton, a top aide said, “is very confident” -- a cue set off by commas inside the sentence
    before the quote reports the whole sentence: its subject (or the words between the commas)
    speaks, not the sentence's subject."""
    doc = index.doc
    opening = index.token_at(region.open_mark)
    for v in doc[opening].sent:
        if v.i >= opening:
            return None
        if v.dep_ != "parataxis" or not is_cue_verb(v) or index.in_quote[v.i] \
                or v.i + 1 >= len(doc) or doc[v.i + 1].text != ",":
            continue
        lo = v.i - 1
        while lo > v.sent.start and doc[lo - 1].text != "," and v.i - lo < 6:
            lo -= 1
        if lo <= v.sent.start or doc[lo - 1].text != "," or lo < 2 or doc[lo - 2].text in MARKS \
                or any(index.in_quote[t.i] for t in doc[lo:v.i]):
            continue
        subj = subject_of(v, index.in_quote)
        if subj is None or not lo <= subj.i < v.i:
            subj = doc[v.i - 1]
        if not plausible_speaker(subj, strict=False):
            continue
        return Attribution(cue=doc[v.i:v.i + 1], mention=doc[lo:subj.i + 1], method="head",
                           confidence=0.85)
    return None


def attribute_region(region: QuoteRegion, index: DocIndex) -> Attribution:
    """The cue and mention for one quoted region, from its own sentence only. A source that
    reports the whole sentence (…, according to X; …, reported X; a poll's percentages) is
    the one given: news annotation credits the outermost source."""
    found = _attribute_region(region, index)
    aside = _parenthetical_cue(region, index)
    if aside is not None and (found.cue is None or found.cue.root.i != aside.cue.root.i):
        return aside
    if found.method in ("none", "according") or found.mention is None:
        return found
    found.mention = _person_before_verb(found, index) or _across_paragraphs(found, index) \
        or _owner_of_thing(found, index) or found.mention
    outer = None if _ends_sentence(index.text, region) else \
        _reported_by(_clause_after(region, index), found, index)
    if outer is not None:
        return outer
    return _poll_source(found, index) or found


def _paragraph_opener(verb: Token, index: DocIndex) -> Token | None:
    """A verb with no subject in a sentence the parser ran across a paragraph break: the
    person who opens the verb's paragraph (…polls\n\nTrump, in Kentucky, said …)."""
    if verb.sent.start_char >= index.paragraphs[index.para_of(verb.idx)][0]:
        return None
    ent = _opening_person(verb, index)
    return ent.root if ent is not None else None


def _opening_person(verb: Token, index: DocIndex) -> Span | None:
    """The PERSON entity that opens the verb's paragraph, before the verb."""
    first = index.token_at(index.paragraphs[index.para_of(verb.idx)][0])
    while first < verb.i and index.doc[first].is_space:
        first += 1
    ent = next((e for e in index.ents if e.start == first and e.label_ == "PERSON"), None)
    return ent if ent is not None and ent.end <= verb.i and not index.in_quote[ent.start] else None


def _across_paragraphs(found: Attribution, index: DocIndex) -> Span | None:
    """WASHINGTON (AP) — The Latest on the race:\n\nDonald Trump is questioning …: the parser
    ran a sentence across paragraphs and made the line above the subject; the person who opens
    the verb's own paragraph is the one speaking."""
    if found.cue is None:
        return None
    verb = found.cue.root
    if index.para_of(found.mention.root.idx) == index.para_of(verb.idx):
        return None
    return _opening_person(verb, index)


_OBJECTS = frozenset({"dobj", "pobj", "iobj", "attr", "oprd", "dative"})


def _person_before_verb(found: Attribution, index: DocIndex) -> Span | None:
    """Saturday at the convention Sen. Jane Doe (D-Mass.) said … / Acme Vice President for news
    Jane Doe called …: the parser makes a thing or a title the subject, but the person named
    right before the verb is the one speaking."""
    if found.cue is None or len(found.cue) != 1:
        return None
    head, verb = found.mention.root, found.cue.root
    if head.ent_type_ == "PERSON" or head.pos_ == "PRON" or not head.i < verb.i \
            or head.lemma_.lower() in PERSON_DESCRIPTORS or head.lower_ in GROUP_HEADS:
        return None
    doc, i = index.doc, verb.i - 1
    if i >= 0 and doc[i].text == ")":  # Sen. Jane Doe (D-Mass.) said
        while i > head.i and doc[i].text != "(":
            i -= 1
        i -= 1
    while i > head.i and doc[i].text == "," or i > head.i and doc[i].dep_ in ("aux", "neg", "advmod"):
        i -= 1
    t = doc[i] if i > head.i else None
    if t is None or t.ent_type_ != "PERSON" or index.in_quote[t.i]:
        return None
    if verb.tag_ == "VBG" and t.i != verb.i - 1 or verb.tag_ != "VBG" and t.dep_ in _OBJECTS:
        return None  # X attacked Romney, calling him … / a note sent to Jane Doe called …
    ent = next((e for e in index.ents if e.start <= t.i < e.end), None)
    return ent if ent is not None and ent.end == t.i + 1 else None


_THING_RELATIVES = frozenset({"that", "which"})


def _owner_of_thing(found: Attribution, index: DocIndex) -> Span | None:
    """X released an ad that says “…”, Y held up a sign which read “…”: the thing speaks for
    whoever put it out -- the subject of the verb it is the object of -- unless it is a person
    or a named source itself."""
    m = found.mention
    if len(m) != 1 or m[0].lower_ not in _THING_RELATIVES or m[0].head.dep_ != "relcl":
        return None
    thing = m[0].head.head
    if thing.pos_ != "NOUN" or thing.ent_type_ or plausible_speaker(thing, strict=True):
        return None
    verb = thing.head if thing.dep_ == "dobj" else \
        thing.head.head if thing.dep_ == "pobj" and thing.head.dep_ == "prep" else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    subj = subject_of(verb, index.in_quote)
    if subj is None or not plausible_speaker(subj, strict=False) or subj.lower_ in _THING_RELATIVES:
        return None
    return _mention_for(subj, index)


def _ends_sentence(text: str, region: QuoteRegion) -> bool:
    """“… step down.” The … -- what follows the closing mark is another sentence (not so
    in: greeted with chants of “Bobby!” at a conference)."""
    end = region.end
    while end > region.start + 1 and (text[end - 1] in MARKS or text[end - 1].isspace()):
        end -= 1
    if text[end - 1:end] not in (".", "!", "?"):
        return False
    after = _NEXT_WORD_RE.search(text, region.close_mark + 1 if region.close_mark is not None
                                 else region.end)
    return after is None or after.group()[0].isupper()


_NEXT_WORD_RE = re.compile(r"[^\W\d_]")


_REPORT_VERBS = frozenset({"report"})
# Heads of a share of the people asked: "31% of Republicans", "the vast majority of Americans"
_SHARE_HEADS = frozenset("percent % majority most half third quarter plurality share minority "
                         "fifth tenth".split())
_POLL_NOUNS = frozenset("poll polls survey surveys study".split())


def _reported_by(tail: list[Token], found: Attribution, index: DocIndex) -> Attribution | None:
    """… noted that “…” is central, reported the Washington Examiner. / …, according to an
    AP poll. -- a report at the end of the sentence, after the cue found."""
    after = [t for t in tail if found.cue is None or t.i > found.cue.end - 1]
    acc = _according_to(after, index)
    if acc is not None:
        return acc
    for t in after:
        if t.lemma_.lower() in _REPORT_VERBS and t.i > 0 and t.doc[t.i - 1].text == "," \
                and is_cue_verb(t):
            rest = [u for u in after if u.i > t.i]
            subj = _inverted_subject(t, [t] + rest) if rest else None
            if subj is not None and (subj.ent_type_ in ("ORG", "PERSON") or subj.pos_ == "PROPN"):
                return Attribution(cue=t.doc[t.i:t.i + 1], mention=noun_phrase(subj, index),
                                   method="according", confidence=0.85)
    return None


def _poll_source(found: Attribution, index: DocIndex) -> Attribution | None:
    """“31% of Republicans said …” in a sentence that names the poll: the poll is the source."""
    head = found.mention.root
    if not (head.lower_ in _SHARE_HEADS or head.like_num or head.pos_ == "NUM"):
        return None
    sent = found.cue[0].sent if found.cue is not None else head.sent
    for t in sent:
        if t.lower_ in _POLL_NOUNS and not index.in_quote[t.i] and t.pos_ in ("NOUN", "PROPN") \
                and not found.mention.start <= t.i < found.mention.end:
            return Attribution(cue=found.cue, mention=noun_phrase(t, index), method="according",
                               confidence=0.85)
    return None


def _attribute_region(region: QuoteRegion, index: DocIndex) -> Attribution:
    text = index.text
    tail = _clause_after(region, index)
    head = _clause_before(region, index)
    # (Not after a cue verb: in "… insisted his party was “…”--Kim Jones." the name after the
    # dash is the reporter's.)
    byline = None if any(is_cue_verb(t) for t in head) else _dash_byline(region, tail, index)
    if byline is not None:
        return byline
    own_cue = any(is_cue_verb(t) for t in head)
    if tail and _quote_ends_clause(text, region, tail) and not _opens_new_clause(tail) \
            and not (_ends_sentence(text, region) and own_cue) \
            and not (own_cue and _next_clause(tail)) and not _ends_fronted_clause(region, head, tail, index):
        # (“…,” X said. is the quote's; in "as she called it, “….” X disagreed." the quote
        # ended a sentence with its own cue, and X's verb starts the next)
        found = _verb_cue(tail[:_TAIL_VERB], index, prefer_last=False, inverted=True)
        if found and _says_its_own(found.cue.root, index):
            found = None  # “…,” Melanie said yes, yes -- her words are these, not the quote
        if found:
            # “…,” Smith said, according to Reuters -- the report is the source given
            reported = _according_to([t for t in tail if t.i > found.cue.end], index)
            if reported is not None:
                return reported
            found.method, found.confidence = "tail", 0.95
            return found
        acc = _according_to(tail[:6], index)
        if acc is not None:
            return acc
        bare = _bare_tail(tail, index)
        if bare is not None:
            return bare
    acc = _according_to(head, index)
    if acc is not None:
        return acc
    governed = _governing_cue(region, index, reporting=True)
    found = _verb_cue(head, index, prefer_last=True)
    if governed and not (found and _nearer_speaker(found, governed)):
        return governed
    if found:
        found.method, found.confidence = "head", 0.85
        return found
    governed = _governing_cue(region, index, reporting=False)
    if governed:
        return governed
    if head and head[-1].text == ":":
        colon = index.doc[head[-1].i:head[-1].i + 1]
        np = _colon_speaker(head[:-1], index)
        if np is not None:
            return Attribution(cue=colon, mention=np, method="colon", confidence=0.8)
        np = _colon_clause_subject(head[:-1], index)
        if np is not None:
            return Attribution(cue=colon, mention=np, method="colon", confidence=0.7)
    return _paragraph_byline(region, index) or Attribution()


def _nearer_speaker(found: Attribution, governed: Attribution) -> bool:
    """The spot concludes with footage of Trump saying, “…” -- the parse hangs the quote on a
    reporting verb whose subject is a thing ("concludes"); a verb of saying nearer the quote
    whose subject is a person is the cue."""
    return governed.confidence < 0.9 and found.cue.root.i > governed.cue.root.i \
        and plausible_speaker(found.mention.root, strict=True)


_DASH_CHARS = "―—–-"


def _is_dash(tok: Token) -> bool:
    return set(tok.text) <= set(_DASH_CHARS)
_BYLINE_GAP = 3  # characters between the closing mark and the dash: spaces, no-break spaces


def _dash_byline(region: QuoteRegion, tail: list[Token], index: DocIndex) -> Attribution | None:
    """“…” ― Jane Doe: a name after a dash, as in epigraphs and collected reactions. Read from
    the text: the tokenizer may glue the dash to the closing mark (“…”―Jane).
    """
    if region.close_mark is None:
        return None
    text = index.text
    dash = region.close_mark + 1
    while dash < min(len(text), region.close_mark + 1 + _BYLINE_GAP) and text[dash] in " \xa0\t":
        dash += 1
    if dash >= len(text) or text[dash] not in _DASH_CHARS:
        return None
    names: list[Token] = []
    for t in tail:
        if t.idx <= dash or t.is_space or (not names and _is_dash(t)):
            continue
        if t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or (names and t.text[:1].isupper() and t.is_alpha):
            names.append(t)
        else:
            break
    if not names or names[-1].i - names[0].i > 5:
        return None
    doc = index.doc
    cue = index.token_at(dash)
    return Attribution(cue=doc[cue:cue + 1], mention=doc[names[0].i:names[-1].i + 1],
                       method="tail", confidence=0.9)


# “…” ― Jane Doe. at the very end of the paragraph: a closing mark, a dash, a short name
_PARAGRAPH_BYLINE_RE = re.compile(r"[”\"’]\s*[―—–]\s*((?:[A-Z][\w.'’-]*\s*){1,5}?)\.?\s*$")


def _paragraph_byline(region: QuoteRegion, index: DocIndex) -> Attribution | None:
    """“…” And that’s all he has, “…” ― Jane Doe. -- collected reactions sign the paragraph
    once, after its last quote: a quote with no cue of its own in such a paragraph is the
    signer's."""
    if region.close_mark is None:
        return None
    lo, hi = index.paragraphs[index.para_of(region.close_mark)]
    m = _PARAGRAPH_BYLINE_RE.search(index.text, region.close_mark, hi)
    if m is None:
        return None
    doc = index.doc
    name_end = m.start(1) + len(m.group(1).rstrip(" ."))  # not the sentence's full stop
    first, last = index.token_at(m.start(1)), index.token_at(name_end - 1)
    if index.in_quote[first] or doc[first].idx != m.start(1):
        return None
    dash = index.token_at(m.start(1) - 1)
    return Attribution(cue=doc[dash:dash + 1], mention=doc[first:last + 1], method="tail",
                       confidence=0.85)


def next_paragraph_byline(region: QuoteRegion, index: DocIndex) -> Attribution | None:
    """“…” ending its paragraph, then a paragraph that is only "- Clinton." (fact checks and
    collected quotes put the speaker under the quote)."""
    if region.close_mark is None:
        return None
    text, para = index.text, index.para_of(region.close_mark)
    if text[region.close_mark + 1:index.paragraphs[para][1]].strip(" .\xa0") \
            or para + 1 >= len(index.paragraphs):
        return None
    lo, hi = index.paragraphs[para + 1]
    if lo >= hi or text[lo] not in _DASH_CHARS or hi - lo > _MAX_BYLINE_CHARS:
        return None
    doc = index.doc
    words = [doc[i] for i in range(index.token_at(lo), index.token_at(hi - 1) + 1)
             if doc[i].idx < hi and not (doc[i].is_space or doc[i].is_punct or _is_dash(doc[i]))]
    if not words or not all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or t.is_title
                            for t in words):
        return None
    dash = index.token_at(lo)
    return Attribution(cue=doc[dash:dash + 1], mention=doc[words[0].i:words[-1].i + 1],
                       method="tail", confidence=0.85)


_MAX_BYLINE_CHARS = 60


def _colon_speaker(tokens: list[Token], index: DocIndex) -> Span | None:
    """`X: “…”` -- the noun phrase right before the colon."""
    for t in reversed(tokens):
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            root = t
            while root.head.i != root.i and root.dep_ in ("compound", "flat") and root.head.i <= tokens[-1].i:
                root = root.head
            return noun_phrase(root, index)
        if not t.is_punct:
            return None
    return None


def _colon_clause_subject(tokens: list[Token], index: DocIndex) -> Span | None:
    """The campaign, in a Q&A, worded it more carefully: “…” / A footnote in the report makes
    that clear: “…” -- a clause ending in the colon that opens the quote: its subject, if it can
    speak (a person, an organisation, a document), is the one quoted."""
    if not tokens:
        return None
    lo, hi = tokens[0].i, tokens[-1].i
    root = tokens[-1]
    while root.head.i != root.i and lo <= root.head.i <= hi:
        root = root.head  # the clause's own root: the parse may hang it on the quote's verb
    if root.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or index.in_quote[subj.i] or not (
            plausible_speaker(subj, strict=True) or subj.ent_type_ == "ORG"
            or subj.lemma_.lower() in DOCUMENT_NOUNS | _SOURCE_HEADS):
        return None
    return _mention_for(subj, index)


# Organisations and texts that speak for themselves in "X did Y:" before a quote.
_SOURCE_HEADS = frozenset("""campaign committee party agency department company group organization
organisation administration government footnote statement""".split())


def _governing_cue(region: QuoteRegion, index: DocIndex, reporting: bool) -> Attribution | None:
    """The verb outside the quote that the quote's tokens hang from: a reporting verb (X said
    that “…”), or with ``reporting`` off any verb whose subject can speak (X called it “…”).
    Climbing stops at the paragraph: the parser sometimes runs a sentence across one."""
    doc = index.doc
    lo, hi = index.paragraphs[index.para_of(region.open_mark)]
    first, last = index.token_at(region.parts[0][0]), index.token_at(max(region.parts[0][0],
                                                                         region.parts[0][1] - 1))
    heads, in_quote, starts = index.heads, index.in_quote, index.starts
    for i in range(first, min(last + 1, first + 40)):
        j, hops, below = i, 0, i  # below: the quote's token that hangs from j
        while in_quote[j] and heads[j] != j and hops < 30:
            j, hops, below = heads[j], hops + 1, j
        if in_quote[j] or not lo <= starts[j] < hi:
            continue
        weak = None  # a reporting verb whose subject is no speaker ("it", "the areas")
        found = None
        t, hops, child = doc[j], 0, doc[below]
        while hops < 6 and lo <= t.idx < hi:
            if reporting and found is None and child.dep_ in _CONTENT_DEPS:
                owned = _owned_speech(t, index) or _owned_speech_was(t, index)
                if owned is not None:
                    return owned
            if is_cue_verb(t) if reporting else t.pos_ in ("VERB", "AUX") and not _described(t):
                subj = subject_of(t, index.in_quote) or _paragraph_opener(t, index)
                if reporting and subj is not None and _keeps_quote(t, subj, region, index):
                    return Attribution(cue=doc[t.i:t.i + 1], mention=_mention_for(subj, index),
                                       method="head", confidence=0.9)
                if subj is not None and (plausible_speaker(subj, strict=True)
                                         or not reporting and _document_finding(t, subj)):
                    mention = _mention_for(subj, index)
                    if mention is not None:
                        attr = Attribution(cue=doc[t.i:t.i + 1], mention=mention,
                                           method="head" if reporting else "govern",
                                           confidence=0.9 if reporting else 0.6)
                        if not reporting or t.lemma_.lower() in CORE_VERBS and not _unsaid(t):
                            return attr
                        # X said that Y begged “…”, X said Y will say “…”: a core speech verb
                        # above wins
                        found = found or attr
                if reporting and weak is None and subj is not None and plausible_speaker(subj, False):
                    weak = (t, subj)
            if t.head.i == t.i or (found is not None and t.dep_ in ("conj", "advcl")
                                   and t.head.lemma_.lower() in CORE_VERBS):
                # X said …, and Y vowed “…” / as Y went on about “…”, X said yes: Y's clause
                # is beside X's words, not in them
                break
            t, hops, child = t.head, hops + 1, t
        if found is not None:
            return found
        if weak is not None and _mention_for(weak[1], index) is not None:
            return Attribution(cue=doc[weak[0].i:weak[0].i + 1], mention=_mention_for(weak[1], index),
                               method="head", confidence=0.7)
        return None
    return None


def _keeps_quote(verb: Token, subj: Token, region: QuoteRegion, index: DocIndex) -> bool:
    """A reporting verb that the search does not climb past to a verb of saying above it: one
    that introduces the quote (the mother of three replied, “…”), or heads a relative clause
    (the deal, which a review said was “…”) -- whatever clause the parser put it in -- when its
    own subject can speak."""
    return (_introduces(verb, region, index) or verb.dep_ == "relcl" and not _unsaid(verb)) \
        and _own_speaker(verb, subj) and _mention_for(subj, index) is not None


def _introduces(verb: Token, region: QuoteRegion, index: DocIndex) -> bool:
    """X replied, “…” / X said: “…” -- the verb stands right before the quote, a comma or a
    colon between them: direct speech, introduced by this verb and no other."""
    between = index.text[verb.idx + len(verb.text):region.open_mark]
    return between.strip() in (",", ":")


def _own_speaker(verb: Token, subj: Token) -> bool:
    """The verb's own subject (not one borrowed from a clause it is joined to), and one that
    can speak: a person noun of any kind (the mother of three), not "it" or a thing's "which"."""
    if subj.head.i != verb.i or subj.lower_ == "it":
        return False
    return plausible_speaker(subj, strict=relative_antecedent(subj) is not None)


def _described(verb: Token) -> bool:
    """"who would be “…”": a relative clause of "be" describes the one it is about (X portrayed
    him as a man who would be “the people's champion”); that one says nothing."""
    return verb.lemma_ == "be" and verb.dep_ == "relcl" and any(
        c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in verb.children)


# How a quote hangs from a noun whose content it is: her claim that “…” (acl), his words:
# “…” (appos). Not as a modifier: Trump’s “divisive” comments are someone else’s verdict.
_CONTENT_DEPS = {"acl", "ccomp", "appos"}


def _owned_speech(noun: Token, index: DocIndex) -> Attribution | None:
    """Her comment that “…”, Obama’s words, “…”: a piece of speech with its owner."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in OWNED_SPEECH_NOUNS:
        return None
    for c in noun.children:
        if c.dep_ == "poss" and not index.in_quote[c.i] and plausible_speaker(c, strict=True):
            mention = _mention_for(c, index)
            if mention is not None:
                return Attribution(cue=noun.doc[noun.i:noun.i + 1], mention=mention,
                                   method="head", confidence=0.8)
    return None


def _owned_speech_was(verb: Token, index: DocIndex) -> Attribution | None:
    """Her answer was that “…”, his motto is, “…”: the piece of speech is the subject of "be"."""
    if verb.lemma_.lower() != "be":
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return _owned_speech(subj, index) if subj is not None else None


_MODALS = frozenset("will would could should may might must can shall 'll 'd".split())


def _unsaid(verb: Token) -> bool:
    """A speech verb in the future, the conditional or the negative: nothing was said."""
    return any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


def previous_sentence_cue(region: QuoteRegion, index: DocIndex) -> Attribution | None:
    """A speaker introduced in the sentence before, in the same paragraph (X spoke. “…”)."""
    doc = index.doc
    p_start = index.paragraphs[index.para_of(region.open_mark)][0]
    i = index.token_at(region.open_mark) - 1
    while i >= 0 and doc[i].idx >= p_start and doc[i].is_punct:
        i -= 1
    if i < 0 or doc[i].idx < p_start or index.in_quote[i]:
        return None
    sent = doc[i].sent
    tokens = [t for t in sent if t.idx >= p_start and not index.in_quote[t.i]]
    found = _verb_cue(tokens, index, prefer_last=True)
    if found:
        found.method, found.confidence = "previous", 0.7
        return found
    return _person_before_last_quote(region, sent, index)


def _person_before_last_quote(region: QuoteRegion, sent: Span, index: DocIndex) -> Attribution | None:
    """Jane Doe was defiant. “…” -- a quote ending its paragraph, right after a sentence whose
    subject is a person: that person, though no verb of saying introduced the quote."""
    if region.close_mark is None:
        return None
    p_end = index.paragraphs[index.para_of(region.close_mark)][1]
    if index.text[region.close_mark + 1:p_end].strip(" .\xa0"):
        return None
    root = sent.root
    for c in root.children:
        if c.dep_ == "nsubj" and not index.in_quote[c.i] and (
                c.ent_type_ == "PERSON" or c.pos_ == "PRON" and c.lower_ in ("he", "she")):
            mention = _mention_for(c, index)
            if mention is not None:
                return Attribution(cue=sent.doc[root.i:root.i + 1], mention=mention,
                                   method="previous", confidence=0.6)
    return None


def previous_paragraph_subject(region: QuoteRegion, index: DocIndex, since: int) -> Attribution | None:
    """A person introduced at the end of the previous paragraph, after the last quote
    (Smith disagreed.\n\n“…”): the subject of its last sentence, if it can speak."""
    para = index.para_of(region.open_mark)
    return paragraph_end_subject(para - 1, index, since) if para > 0 else None


def paragraph_end_subject(para: int, index: DocIndex, since: int) -> Attribution | None:
    """The speaker-subject of paragraph ``para``'s last sentence, after offset ``since``."""
    lo, hi = index.paragraphs[para]
    doc = index.doc
    last = index.token_at(max(lo, hi - 1))
    if index.in_quote[last] or doc[last].idx < max(lo, since):
        return None
    colon = doc[last].text == ":"  # X issued the following statement:
    first = index.token_at(max(lo, since))
    k = last
    while k > first and doc[k - 1].text not in _SENT_END:
        k -= 1  # back to the start of the paragraph's last sentence
    for t in doc[k:last + 1]:
        head = t.head
        if t.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX") \
                and not index.in_quote[head.i] and (colon or head.dep_ == "ROOT" or is_cue_verb(head)) \
                and not index.in_quote[t.i] and plausible_speaker(t, strict=True):
            mention = _mention_for(t, index)
            if mention is not None:
                return Attribution(cue=doc[last:last + 1] if colon else doc[head.i:head.i + 1],
                                   mention=mention, method="colon" if colon else "previous",
                                   confidence=0.8 if colon else 0.6)
    return None
