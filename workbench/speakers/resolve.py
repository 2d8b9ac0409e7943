"""Resolve speaker mentions to the people (or groups) they denote within one article.

Full names gather their surnames ("Stoltenberg" -> Jens Stoltenberg), titles point to their
named holder ("the press secretary" -> Karine Jean-Pierre, learnt from "press secretary Karine
Jean-Pierre" or an appositive), pronouns go to the nearest compatible person, preferring the
one just quoted; groups and anonymous sources keep their own description.

Resolution works on small records (:class:`PersonEnt`, :class:`Mention`, :class:`SurnameToken`)
taken from each parsed piece of the article while its ``Doc`` is alive, so an article can be
parsed in pieces and resolved as a whole. Every lookup goes through an index (clusters by
surname and first name, by name key, mentions by position), so the work per mention does not
grow with the article: ``Resolver.work`` counts the clusters and entries each lookup examines.
"""

from __future__ import annotations

import bisect
import sys
from dataclasses import dataclass, field

from spacy.attrs import DEP, ENT_TYPE, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span

from workbench.models import TextSpan
from workbench.quotes.cues import DOCUMENT_NOUNS, GROUP_HEADS, PERSON_PRONOUNS
from workbench.speakers.attribute import relative_antecedent
from workbench.speakers.given_names import gender_of
from workbench.speakers.names import clean_name, fold, name_tokens, same_person

_TITLE_DEPS = {"compound", "amod", "nmod", "poss"}
_ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}
_MALE = {"mr", "mr.", "sir", "lord", "king", "he"}
_FEMALE = {"ms", "ms.", "mrs", "mrs.", "miss", "dame", "lady", "queen", "she"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_PRONOUN_REACH = 1500  # characters back that a pronoun may reach for its antecedent
_GENDER_LOOKAHEAD = 40  # tokens after a subject searched for the he/she that refers to it


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class PersonEnt:
    """What resolution keeps of a PERSON entity outside quotes."""

    span: TextSpan
    titles: tuple[tuple[str, ...], ...]  # title words from its modifiers and appositives
    prev_word: str  # the lowercased word before it ("mr.", "ms.")
    subject: bool
    pronoun_gender: str | None  # m/f: the first he/she after it, when it is a subject


@dataclass(frozen=True, slots=True)
class SurnameToken:
    """A proper noun outside quotes that the entity recognizer did not call a PERSON (one per
    such token in the article: kept small, its strings shared)."""

    key: str  # folded text
    start: int
    text: str
    subject: bool


@dataclass(frozen=True)
class Mention:
    """A speaker mention with the parse facts resolution reads (offsets into the article)."""

    span: TextSpan
    dep: str
    pos: str
    tag: str
    lower: str  # the head word, lowercased
    antecedent: Mention | None = None  # X, who ..., said: X
    person: TextSpan | None = None  # the first PERSON entity overlapping the mention
    person_title: tuple[str, ...] = ()  # words before that entity in the mention
    name: str = ""  # the proper-noun run ending at the head, cleaned
    head_ent: str = ""
    sent_subjects: tuple[str, ...] = ()  # pronouns: named subjects earlier in its sentence
    words: tuple[str, ...] = ()  # description words up to the head (no determiners)
    definite: bool = False
    desc_name: str = ""
    org: bool = False  # the head is inside an ORG/NORP/GPE/FAC entity

    @property
    def start(self) -> int:
        return self.span.start


def _text_span(span: Span, offset: int) -> TextSpan:
    return TextSpan(span.start_char + offset, span.end_char + offset, span.text)


class EntIndex:
    """A piece's entities, sorted, with the lookups mentions need (by bisection, not by scan)."""

    def __init__(self, ents: list[Span], in_quote: bytearray | None = None):
        self.ents = ents
        self.in_quote = in_quote or bytearray(len(ents[0].doc) if ents else 0)
        """Tokens inside the piece's quotes (DocIndex.in_quote): a person named in a quote
        (“… Hillary Clinton has done …,” he said) is not who a pronoun after it is."""
        self.starts = [e.start for e in ents]
        self.ends = [e.end for e in ents]

    def overlapping(self, lo: int, hi: int):
        """Entities overlapping tokens [lo, hi), in order."""
        k = bisect.bisect_right(self.ends, lo)
        while k < len(self.ents) and self.ents[k].start < hi:
            yield self.ents[k]
            k += 1

    def within(self, lo: int, hi: int):
        """Entities wholly inside tokens [lo, hi), in order."""
        k = bisect.bisect_left(self.starts, lo)
        while k < len(self.ents) and self.ents[k].start < hi:
            if self.ents[k].end <= hi:
                yield self.ents[k]
            k += 1


def mention_of(span: Span, ents: EntIndex, offset: int = 0) -> Mention:
    """The record of a mention span; ``offset`` is where the span's Doc starts in the article."""
    doc, head = span.doc, span.root
    if head.pos_ == "DET" and len(span) > 1:
        head = span[-1]  # "the Saudis" both hanging off a verb the parser took for a noun
    antecedent = None
    ant = relative_antecedent(head)  # X, who ..., said
    if ant is not None:
        lo = ant.i
        while lo > 0 and doc[lo - 1].dep_ in ("compound", "amod", "det", "poss", "nmod") \
                and doc[lo - 1].head.i == ant.i:
            lo -= 1
        antecedent = mention_of(doc[lo:ant.i + 1], ents, offset)
    if antecedent is None and head.lower_ == "it" and head.pos_ == "PRON":
        antecedent = _it_antecedent(head, ents, offset)
    elif antecedent is None and head.lemma_.lower() in ORG_NOUNS and head.pos_ == "NOUN" \
            and span[0].lower_ == "the" and span.end == head.i + 1:
        antecedent = _it_antecedent(head, ents, offset, named=True)  # the company -> Acme
    person = next((e for e in ents.overlapping(span.start, span.end) if e.label_ == "PERSON"), None)
    person_title: tuple[str, ...] = ()
    if person is not None and span.start < person.start:
        person_title = tuple(t.lower_ for t in doc[span.start:person.start]
                             if t.pos_ not in ("DET", "PUNCT"))
    sent_subjects: tuple[str, ...] = ()
    if head.pos_ == "PRON" and head.lower_ in PERSON_PRONOUNS:
        sent = head.sent
        sent_subjects = tuple(clean_name(e.text) for e in ents.within(sent.start, span.start)
                              if e.label_ == "PERSON" and e.root.dep_ in _SUBJECT_DEPS
                              and not ents.in_quote[e.start] and name_tokens(clean_name(e.text)))
    lo = head.i
    while lo > span.start and doc[lo - 1].pos_ == "PROPN":
        lo -= 1
    first = doc[span.start]
    author = _author(head, span)
    desc_name = clean_name((author if author is not None else doc[span.start:head.i + 1]).text)
    return Mention(
        span=_text_span(span, offset), dep=head.dep_, pos=head.pos_, tag=head.tag_,
        lower=head.lower_, antecedent=antecedent,
        person=_text_span(person, offset) if person is not None else None,
        person_title=person_title, name=clean_name(doc[lo:head.i + 1].text),
        head_ent=head.ent_type_, sent_subjects=sent_subjects,
        words=tuple(t.lower_ for t in doc[span.start:head.i + 1] if t.pos_ not in ("DET", "PUNCT")),
        definite=first.lower_ in ("the", "this", "that") or first.dep_ == "poss",
        desc_name=desc_name,
        org=any(e.label_ in _ORG_LABELS and e.start <= head.i < e.end
                for e in ents.overlapping(head.i, head.i + 1)))


def _it_antecedent(it, ents: EntIndex, offset: int, named: bool = False) -> Mention | None:
    """What "it" speaks for: the organisation or the document that is the main subject of one
    of the two sentences before ("The department opened an inquiry. It said …", "A study by X
    found …. It described …"); with ``named``, a named organisation only ("the company")."""
    doc = it.doc
    k = it.sent.start - 1
    for _ in range(2):
        if k < 0:
            return None
        sent = doc[k].sent
        for t in sent:
            if t.dep_ in _SUBJECT_DEPS and t.head.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN") \
                    and (t.ent_type_ == "ORG" or not named and (t.lemma_.lower() in ORG_NOUNS
                                                               or t.lemma_.lower() in DOCUMENT_NOUNS)):
                lo = min([t.i] + [c.left_edge.i for c in t.lefts
                                  if c.dep_ in ("compound", "amod", "det", "nmod", "poss")])
                return mention_of(doc[max(lo, sent.start):t.i + 1], ents, offset)
        k = sent.start - 1
    return None


# Things that speak in news (documents, media, organisations) but are never "he" or "she"
THING_NOUNS = frozenset("""
article ad ads advert advertisement video spot piece book film movie show story tweet post
letter statement website site page sign banner poster headline editorial platform bill law
resolution memo email message song clip speech documentary series program programme
""".split())


def _thing(cluster: Cluster) -> bool:
    """A description cluster whose head is a thing or an organisation ("the article",
    "the spot", "a study by X", "the campaign")."""
    if cluster.kind != "person" or cluster.name[:1].isupper() and not \
            cluster.name.split()[0].lower() in ("the", "a", "an", "this", "that", "its", "his", "her"):
        return False
    words = cluster.name.lower().split(" of ")[0].split()
    return bool(words) and (words[-1] in THING_NOUNS or words[-1] in DOCUMENT_NOUNS
                            or words[-1] in ORG_NOUNS)


# Heads of a phrase for an organisation, which "it" can speak for
ORG_NOUNS = frozenset("""
company firm corporation department agency campaign committee organization organisation group
government administration ministry office party union association council board commission
bank network newspaper paper station court bureau institute university foundation
""".split())


def _author(head, span: Span) -> Span | None:
    """X of "a study by X" (within the mention): the document speaks for its author."""
    if head.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.i < span.end:
                    lo = obj.left_edge.i
                    while lo < obj.i and obj.doc[lo].pos_ == "DET":
                        lo += 1
                    return obj.doc[lo:obj.i + 1]
    return None


def people_of(doc: Doc, ents: list[Span], in_quote: bytearray, offset: int = 0) -> list[PersonEnt]:
    """The PERSON entities outside quotes, with the titles and gender hints around them; a name
    the recognizer calls a place more often than a person is none (a town tagged a person once),
    and a given name and surname it did not call a person are one (see ``_given_name_runs``)."""
    out = []
    places = _mostly_places(ents, in_quote)
    for ent in sorted([*ents, *_given_name_runs(doc, ents, in_quote)], key=lambda e: e.start):
        if ent.label_ != "PERSON" or in_quote[ent.start] or fold(ent.text) in places:
            continue
        subject = ent.root.dep_ in _SUBJECT_DEPS and _main_clause(ent.root)
        out.append(PersonEnt(_text_span(ent, offset), _titles(doc, ent),
                             doc[ent.start - 1].lower_ if ent.start > 0 else "", subject,
                             _pronoun_gender(doc, ent, in_quote) if subject else None))
    return out


def _mostly_places(ents: list[Span], in_quote: bytearray) -> set[str]:
    """Names (folded) tagged a place more often than a person (not an organisation: the
    recognizer often calls a bare surname one)."""
    votes: dict[str, int] = {}
    for e in ents:
        if in_quote[e.start]:
            continue
        if e.label_ in ("PERSON", "GPE", "LOC", "FAC"):
            key = fold(e.text)
            votes[key] = votes.get(key, 0) + (1 if e.label_ == "PERSON" else -1)
    return {k for k, v in votes.items() if v < 0}


def _given_name_runs(doc: Doc, ents: list[Span], in_quote: bytearray) -> list[Span]:
    """Runs of two or three capitalised proper nouns opening with a common given name that no
    entity covers as a person ("Susan Quill" tagged an organisation): people the recognizer
    missed, who pronouns and surnames after them would otherwise pass by."""
    person = bytearray(len(doc))
    for e in ents:
        if e.label_ == "PERSON":
            person[e.start:e.end] = b"\x01" * (e.end - e.start)
    propn = [p == PROPN for p in doc.to_array([POS]).tolist()]  # (array: cheaper than tokens)
    out = []
    i, n = 0, len(doc)
    while i < n:
        if not propn[i] or person[i] or in_quote[i] or i > 0 and propn[i - 1] \
                or gender_of(doc[i].text) is None:
            i += 1
            continue
        hi = i + 1
        while hi < n and hi - i < 3 and propn[hi] and doc[hi].text[:1].isupper() \
                and doc[hi].is_alpha and not person[hi]:
            hi += 1
        if hi > i + 1 and (hi == n or not propn[hi]):
            out.append(Span(doc, i, hi, label="PERSON"))
        i = hi
    return out


def _main_clause(subj) -> bool:
    """A subject of its sentence's main verb (or of a verb joined to it), not of a clause
    inside it: in "she took off eight days after her child, Arabella, was born" the centre of
    attention is "she", not Arabella."""
    verb = subj.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _titles(doc: Doc, ent: Span) -> tuple[tuple[str, ...], ...]:
    words: list[str] = []
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in _TITLE_DEPS and doc[i].head.i >= ent.start - 1 \
            and not doc[i].is_punct and doc[i].ent_type_ != "PERSON" and doc[i].pos_ != "DET":
        words.insert(0, doc[i].lower_)
        i -= 1
    out = []
    if words and words[-1] not in ("mr.", "ms.", "mrs.", "dr."):
        out.append(tuple(words))
    for c in ent.root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            out.append(tuple(t.lower_ for t in doc[c.left_edge.i:c.i + 1]
                             if t.pos_ not in ("DET", "PUNCT")))
    return tuple(out)


def _pronoun_gender(doc: Doc, ent: Span, in_quote: bytearray) -> str | None:
    """A person who is a subject is usually picked up by the next he/his or she/her."""
    for t in doc[ent.end:min(len(doc), ent.end + _GENDER_LOOKAHEAD)]:
        if t.ent_type_ == "PERSON" or in_quote[t.i]:
            return None
        word = t.lower_
        if word in ("he", "himself"):
            return "m"
        if word in ("she", "herself"):
            return "f"
    return None


def surname_tokens_of(doc: Doc, in_quote: bytearray, offset: int = 0) -> list[SurnameToken]:
    """Proper nouns outside quotes and outside PERSON entities: bare surnames, perhaps."""
    strings = doc.vocab.strings
    person = strings["PERSON"]
    subjects = {strings[d] for d in _SUBJECT_DEPS}
    arr = doc.to_array([POS, ENT_TYPE, DEP]).tolist()
    out = []
    for i, (pos, ent, dep) in enumerate(arr):
        if pos != PROPN or ent == person or in_quote[i]:
            continue
        t = doc[i]
        text = sys.intern(t.text)
        out.append(SurnameToken(sys.intern(fold(text)), t.idx + offset, text, dep in subjects))
    return out


def _role_gender(titles) -> str | None:
    """m/f from a role noun among title word tuples ("widow", "spokeswoman"), else None."""
    for words in titles:
        for w in words:
            if w in _ROLE_GENDER:
                return _ROLE_GENDER[w]
    return None


def _honorific_gender(words) -> str | None:
    """m/f from an honorific among ``words`` (Mr., Mrs., Ms.), else None."""
    for w in reversed(words):
        w = w.lower()
        if w in _MALE_HONORIFICS:
            return "m"
        if w in _FEMALE_HONORIFICS:
            return "f"
    return None


# Role nouns that, with "the", stand for a person named earlier ("the candidate")
ROLE_NOUNS = frozenset("""
candidate nominee senator governor congressman congresswoman businessman businesswoman
billionaire mogul frontrunner front-runner contender hopeful mayor lawmaker neurosurgeon
surgeon tycoon magnate developer organizer activist host anchor
""".split())
_MALE_HONORIFICS = {"mr", "mr."}
# Role nouns that say a person's sex ("9/11 widow Terry Strada", "spokeswoman Hope Hicks"): surer
# than a given name, which both sexes may bear
_ROLE_GENDER = {**dict.fromkeys("man father husband son brother widower congressman businessman "
                                "grandfather uncle boy king prince".split(), "m"),
                **dict.fromkeys("woman mother wife daughter sister widow spokeswoman congresswoman "
                                "businesswoman chairwoman grandmother aunt girl actress queen "
                                "princess".split(), "f")}
_FEMALE_HONORIFICS = {"ms", "ms.", "mrs", "mrs.", "miss"}


# --------------------------------------------------------------------------- clusters

@dataclass(eq=False)
class Cluster:
    """One speaker being built: every mention, the titles it holds, its gender if known."""

    id: str
    name: str
    kind: str
    order: int = 0  # creation order: ties between clusters go to the older one
    mentions: list[TextSpan] = field(default_factory=list)
    gender: str | None = None
    sure: bool = False  # the gender comes from an honorific or a role noun, not a given name
    honored: int = 0  # mentions with an honorific ("Mrs. Trump"): the article telling them apart
    first: int | None = None  # offset of the earliest mention
    _seen: set = field(default_factory=set, repr=False)


@dataclass
class Resolution:
    cluster: Cluster
    confidence: float
    alternatives: list[tuple[Cluster, float]]
    how: str = "name"  # name | surname | pronoun | title | role | description | unknown


class Recent:
    """The speakers quoted so far and the latest of them (what pronouns prefer)."""

    def __init__(self) -> None:
        self.latest: Cluster | None = None
        self._seen: set[int] = set()

    def push(self, cluster: Cluster) -> None:
        self.latest = cluster
        self._seen.add(id(cluster))

    def __contains__(self, cluster: Cluster) -> bool:
        return id(cluster) in self._seen


def _by_order(c: Cluster) -> int:
    return c.order


class _Surname:
    """The person clusters sharing one surname, filed by first name."""

    def __init__(self) -> None:
        self.single: list[Cluster] = []  # the surname alone ("Smith")
        self.by_first: dict[str, list[Cluster]] = {}  # "john" -> John Smith, John A. Smith
        self.by_initial: dict[str, list[Cluster]] = {}  # "j" -> every J... Smith
        self.best: Cluster | None = None  # the fullest name, the older on a tie

    def lists(self, toks: tuple[str, ...]) -> list[list[Cluster]]:
        if len(toks) == 1:
            return [[self.best]] if self.best is not None else []
        first = toks[0]
        out = [self.single, self.by_first.get(first, [])]
        if len(first) == 1:
            out.append(self.by_initial.get(first, []))
        else:
            out.append(self.by_first.get(first[0], []))  # "J. Smith" for "John Smith"
        return out


def _merged(lists: list[list[Cluster]]) -> list[Cluster]:
    """The clusters of several lists, each once, oldest first."""
    seen, out = set(), []
    for lst in lists:
        for c in lst:
            if id(c) not in seen:
                seen.add(id(c))
                out.append(c)
    out.sort(key=_by_order)
    return out


class _People:
    """Person clusters indexed by surname and first name: a name meets only its candidates."""

    def __init__(self) -> None:
        self.surnames: dict[str, _Surname] = {}

    def candidates(self, toks: tuple[str, ...]) -> list[Cluster]:
        entry = self.surnames.get(toks[-1])
        return _merged(entry.lists(toks)) if entry is not None else []

    def every(self, surname: str, counter: list[int]) -> list[Cluster]:
        """Every person cluster with this surname, oldest first."""
        entry = self.surnames.get(surname)
        if entry is None:
            return []
        lists = [entry.single, *entry.by_first.values()]
        counter[0] += sum(len(lst) for lst in lists)
        return _merged(lists)

    def file(self, c: Cluster, toks: tuple[str, ...]) -> None:
        entry = self.surnames.setdefault(toks[-1], _Surname())
        for lst in self._lists_of(entry, toks):
            bisect.insort(lst, c, key=_by_order)
        best = entry.best
        if best is None or len(toks) > len(name_tokens(best.name)) or \
                len(toks) == len(name_tokens(best.name)) and c.order < best.order:
            entry.best = c

    def unfile(self, c: Cluster, toks: tuple[str, ...]) -> None:
        entry = self.surnames[toks[-1]]
        for lst in self._lists_of(entry, toks):
            lst.remove(c)

    @staticmethod
    def _lists_of(entry: _Surname, toks: tuple[str, ...]) -> list[list[Cluster]]:
        if len(toks) == 1:
            return [entry.single]
        return [entry.by_first.setdefault(toks[0], []), entry.by_initial.setdefault(toks[0][0], [])]


class _Positions:
    """Mention offsets in buckets of the pronoun reach: who was mentioned near an offset, in
    work proportional to the mentions there, not in the article."""

    def __init__(self, width: int = _PRONOUN_REACH):
        self.width = width
        self.buckets: dict[int, list[tuple[int, Cluster]]] = {}

    def add(self, pos: int, cluster: Cluster) -> None:
        self.buckets.setdefault(pos // self.width, []).append((pos, cluster))

    def latest(self, lo: int, hi: int, counter: list[int]) -> list[tuple[Cluster, int]]:
        """Each cluster mentioned at lo <= offset < hi with its latest such offset, oldest
        cluster first."""
        best: dict[Cluster, int] = {}
        for b in range(max(0, lo) // self.width, max(0, hi - 1) // self.width + 1):
            bucket = self.buckets.get(b, ())
            counter[0] += len(bucket)
            for pos, c in bucket:
                if lo <= pos < hi and best.get(c, -1) < pos:
                    best[c] = pos
        return sorted(best.items(), key=lambda kv: kv[0].order)


class _Timeline:
    """Offset -> cluster, for "the latest subject before this offset": sorted buckets."""

    def __init__(self, width: int = _PRONOUN_REACH):
        self.width = width
        self.buckets: dict[int, tuple[list[int], list[Cluster]]] = {}
        self.keys: list[int] = []  # sorted non-empty bucket numbers

    def set(self, pos: int, cluster: Cluster) -> None:
        b = pos // self.width
        if b not in self.buckets:
            self.buckets[b] = ([], [])
            bisect.insort(self.keys, b)
        positions, clusters = self.buckets[b]
        k = bisect.bisect_left(positions, pos)
        if k < len(positions) and positions[k] == pos:
            clusters[k] = cluster
            return
        positions.insert(k, pos)
        clusters.insert(k, cluster)

    def last_before(self, at: int) -> Cluster | None:
        b = bisect.bisect_right(self.keys, at // self.width) - 1
        while b >= 0:
            positions, clusters = self.buckets[self.keys[b]]
            k = bisect.bisect_left(positions, at)
            if k:
                return clusters[k - 1]
            b -= 1
        return None


class _Titles:
    """Holders of one title by offset: the latest before a mention, else the latest of all."""

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.holder: dict[int, Cluster] = {}  # the first holder registered at an offset

    def add(self, pos: int, cluster: Cluster) -> None:
        if pos not in self.holder:
            self.holder[pos] = cluster
            bisect.insort(self.positions, pos)

    def before(self, at: int) -> Cluster | None:
        if not self.positions:
            return None
        k = bisect.bisect_left(self.positions, at)
        return self.holder[self.positions[k - 1] if k else self.positions[-1]]


class Resolver:
    """Builds speaker clusters for one article and resolves mentions against them."""

    def __init__(self, people: list[PersonEnt] = (), surnames: list[SurnameToken] = ()):
        self.clusters: list[Cluster] = []
        self.titles: dict[str, _Titles] = {}
        self.subjects = _Timeline()
        self.positions = _Positions()
        self._people = _People()
        self._by_key: dict[tuple[str, str], list[Cluster]] = {}  # (folded name, kind)
        self._work = [0]
        self._index_people(list(people))
        self._index_surnames(surnames)

    @property
    def work(self) -> int:
        """Clusters and index entries examined so far (for tests of linear behaviour)."""
        return self._work[0]

    # -- building -------------------------------------------------------------------------
    def _new(self, name: str, kind: str) -> Cluster:
        c = Cluster(f"s{len(self.clusters) + 1}", name, kind, order=len(self.clusters))
        self.clusters.append(c)
        self._file(c)
        return c

    def _file(self, c: Cluster) -> None:
        self._by_key.setdefault((fold(c.name), c.kind), []).append(c)
        toks = name_tokens(c.name)
        if c.kind == "person" and toks:
            self._people.file(c, toks)

    def _rename(self, c: Cluster, name: str) -> None:
        lst = self._by_key[(fold(c.name), c.kind)]
        lst.remove(c)
        self._people.unfile(c, name_tokens(c.name))
        c.name = name
        key = (fold(name), c.kind)
        bisect.insort(self._by_key.setdefault(key, []), c, key=_by_order)
        self._people.file(c, name_tokens(name))

    def add(self, cluster: Cluster, span: TextSpan) -> None:
        """Record a mention of ``cluster`` (once per offsets)."""
        key = (span.start, span.end)
        if key in cluster._seen:
            return
        cluster._seen.add(key)
        cluster.mentions.append(span)
        if cluster.first is None or span.start < cluster.first:
            cluster.first = span.start
        self.positions.add(span.start, cluster)

    def person(self, name: str, gender: str | None = None) -> Cluster:
        """The person cluster for a name, merging surnames and fuller forms. ``gender`` (from an
        honorific: "Mrs. Trump") keeps a bare surname off a person of the other gender."""
        toks = name_tokens(name)
        if gender is not None and len(toks) == 1:
            every = self._people.every(toks[-1], self._work)
            if any(c.gender not in (None, gender) for c in every):
                fits = [c for c in every if c.gender == gender] or \
                    [c for c in every if c.gender is None]
                return max(fits, key=lambda c: len(name_tokens(c.name))) if fits \
                    else self._new_person(name, gender)
        candidates = [c for c in self._candidates(toks) if same_person(c.name, name)]
        if len(toks) == 1 and candidates:
            # a bare surname: of the people bearing it, the one named most so far (the
            # senator the article is about, not a victim with a longer name named once)
            candidates = [c for c in self._people.every(toks[0], self._work)
                          if c.kind == "person"] or candidates
            # (a mention with an honorific is the article telling that person apart from the
            # others of the surname, no sign that the bare surname means them: "Melania Trump …
            # Mrs. Trump … Trump said" is still Donald Trump's)
            best = max(candidates, key=lambda c: (len(c.mentions) - c.honored,
                                                  len(name_tokens(c.name)), -c.order))
            return best
        if candidates:
            best = max(candidates, key=lambda c: len(name_tokens(c.name)))
            if len(toks) > len(name_tokens(best.name)):
                self._rename(best, name)
            return best
        return self._new_person(name, gender)

    def _new_person(self, name: str, gender: str | None) -> Cluster:
        c = self._new(name, "person")
        toks = name_tokens(name)
        c.gender = gender or (gender_of(toks[0]) if len(toks) >= 2 else None)
        c.sure = gender is not None
        return c

    def _candidates(self, toks: tuple[str, ...]) -> list[Cluster]:
        if not toks:
            return []
        out = self._people.candidates(toks)
        self._work[0] += len(out) + 1
        return out

    def _index_people(self, ents: list[PersonEnt]) -> None:
        # full names first, so that a surname seen before its full name still joins it
        for ent in sorted(ents, key=lambda e: -len(name_tokens(e.span.text))):
            name = clean_name(ent.span.text)
            if not name_tokens(name):
                continue
            cluster = self.person(name, _honorific_gender((ent.prev_word,)))
            for words in ent.titles:
                self._add_title(list(words), ent.span.start, cluster)
        for ent in ents:
            name = clean_name(ent.span.text)
            if name_tokens(name):
                honorific = _honorific_gender((ent.prev_word,))
                cluster = self.person(name, honorific)
                if honorific and (ent.span.start, ent.span.end) not in cluster._seen:
                    cluster.honored += 1
                self.add(cluster, ent.span)
                self._learn_gender(ent, cluster)
        for ent in ents:
            if not ent.subject:
                continue
            cluster = self.person(clean_name(ent.span.text), _honorific_gender((ent.prev_word,)))
            if cluster.gender is None and ent.pronoun_gender is not None:
                cluster.gender = ent.pronoun_gender
            self.note_subject(ent.span.start, cluster)

    def _index_surnames(self, tokens: list[SurnameToken]) -> None:
        """Bare surnames the entity recognizer missed ("Marrant was scornful") still name the
        person introduced with that surname."""
        # (several people with one surname: the one named most often, then the first named --
        # Carly Fiorina, not her husband Frank named later; Donald Trump, not Ivanka)
        by_surname: dict[str, Cluster] = {}
        for c in self.clusters:
            toks = name_tokens(c.name)
            if c.kind == "person" and len(toks) >= 2:
                had = by_surname.get(toks[-1])
                if had is None or len(c.mentions) > len(had.mentions):
                    by_surname[toks[-1]] = c
        if not by_surname:
            return
        for t in tokens:
            cluster = by_surname.get(t.key)
            if cluster is None:
                continue
            self.add(cluster, TextSpan(t.start, t.start + len(t.text), t.text))
            if t.subject:
                self.note_subject(t.start, cluster)

    def note_subject(self, pos: int, cluster: Cluster) -> None:
        """Remember who was the subject at ``pos``: pronouns look back to the latest one."""
        self.subjects.set(pos, cluster)

    def _add_title(self, words: list[str], pos: int, cluster: Cluster) -> None:
        for k in range(len(words)):
            self.titles.setdefault(" ".join(words[k:]), _Titles()).add(pos, cluster)

    def _learn_gender(self, ent: PersonEnt, cluster: Cluster) -> None:
        if not cluster.sure and (role := _role_gender(ent.titles)) is not None:
            cluster.gender, cluster.sure = role, True
            return
        if cluster.gender is not None:
            return
        if ent.prev_word in _MALE | _FEMALE:
            cluster.gender = "m" if ent.prev_word in _MALE else "f"
            return
        toks = name_tokens(cluster.name)
        # (a lone given name that no one else bears as a surname: "Melanie said")
        if len(toks) >= 2 or len(toks) == 1 and all(
                c is cluster for c in self._people.every(toks[0], self._work)):
            cluster.gender = gender_of(toks[0])

    # -- resolving ------------------------------------------------------------------------
    def resolve(self, mention: Mention, recent: Recent) -> Resolution:
        """The speaker a mention denotes. ``recent`` holds the speakers quoted so far."""
        res = self._resolve(mention, recent)
        if mention.dep in _SUBJECT_DEPS or mention.pos == "PRON":
            self.note_subject(mention.start, res.cluster)
        return res

    def _resolve(self, mention: Mention, recent: Recent) -> Resolution:
        if mention.antecedent is not None:
            return self._resolve(mention.antecedent, recent)
        if mention.pos == "PRON" and mention.lower in PERSON_PRONOUNS:
            return self._pronoun(mention, recent)
        if mention.person is not None:
            cluster = self.person(clean_name(mention.person.text),
                                  _honorific_gender(mention.person_title))
            self.add(cluster, mention.person)
            if mention.person_title:
                self._add_title(list(mention.person_title), mention.person.start, cluster)
                if not cluster.sure and (role := _role_gender((mention.person_title,))):
                    cluster.gender, cluster.sure = role, True
            return self._with_alternatives(cluster, 0.95, mention, recent, "name")
        if mention.pos == "PROPN" and mention.tag != "NNPS":
            name = mention.name
            toks = name_tokens(name)
            known = any(same_person(c.name, name) for c in self._candidates(toks))
            if known or mention.head_ent not in _ORG_LABELS:
                cluster = self.person(name, _honorific_gender(mention.words))
                self.add(cluster, mention.span)
                return self._with_alternatives(cluster, 0.85, mention, recent, "surname")
        return self._description(mention, recent)

    def _pronoun(self, mention: Mention, recent: Recent) -> Resolution:
        gender = PERSON_PRONOUNS[mention.lower]
        at = mention.start
        subjects = {id(self.person(name)) for name in mention.sent_subjects}
        last_subject = self.subjects.last_before(at)  # centering: the latest subject
        scored = []
        for c, last in self.positions.latest(at - _PRONOUN_REACH, at, self._work):
            plural = c.kind in ("group", "organization")
            if (gender == "p") != plural:
                continue
            if gender != "p" and _thing(c):
                continue  # “…,” she said -- not "the article" quoted before her
            score = 1.0 / (1.0 + (at - last) / 400.0)
            if c is last_subject:
                score *= 2.5
            if c is recent.latest:
                score *= 1.6
            elif c in recent:
                score *= 1.2
            if gender in ("m", "f") and c.gender and c.gender != gender:
                score *= 0.1
            if id(c) in subjects:
                score *= 3.0  # Bush said that when he called ... -- the clause's own subject
            scored.append((score, c))
        scored.sort(key=lambda x: -x[0])
        if not scored:
            cluster = self._new(mention.span.text, "unknown")
            self.add(cluster, mention.span)
            return Resolution(cluster, 0.3, [], "unknown")
        total = sum(s for s, _ in scored[:4])
        best = scored[0][1]
        self.add(best, mention.span)
        if gender in ("m", "f") and best.gender is None:
            best.gender = gender
        conf = 0.5 + 0.45 * scored[0][0] / total
        alts = [(c, round(0.9 * s / total, 3)) for s, c in scored[1:4]]
        return Resolution(best, conf, alts, "pronoun")

    def _description(self, mention: Mention, recent: Recent) -> Resolution:
        words = mention.words
        if mention.definite and mention.tag in ("NN", "NNP"):
            for k in range(len(words)):
                holders = self.titles.get(" ".join(words[k:]))
                self._work[0] += 1
                cluster = holders.before(mention.start) if holders is not None else None
                if cluster is not None:
                    self.add(cluster, mention.span)
                    return self._with_alternatives(cluster, 0.8, mention, recent, "title")
            role = self._role_holder(mention)
            if role is not None:
                self.add(role, mention.span)
                return self._with_alternatives(role, 0.7, mention, recent, "role")
        name = mention.desc_name
        if mention.org and mention.pos == "PROPN":
            kind = "organization"
        elif mention.tag in ("NNS", "NNPS") or mention.lower in GROUP_HEADS:
            kind = "group"
        else:
            kind = "person" if mention.pos in ("NOUN", "PROPN") else "unknown"
        same = self._by_key.get((fold(name), kind))
        self._work[0] += 1
        cluster = same[0] if same else self._new(name, kind)
        self.add(cluster, mention.span)
        return self._with_alternatives(cluster, 0.85, mention, recent, "description")

    def _role_holder(self, mention: Mention) -> Cluster | None:
        """"The candidate", "the senator" with no named holder of that title: the person who
        is the latest subject before it (centering: the one the article is about there)."""
        if mention.lower not in ROLE_NOUNS or not mention.span.text.lower().startswith("the "):
            return None
        cluster = self.subjects.last_before(mention.start)
        if cluster is None or cluster.kind != "person" or len(name_tokens(cluster.name)) < 2 \
                or not cluster.name[:1].isupper():
            return None  # a named person only: "a reporter" holds no role
        return cluster

    def _with_alternatives(self, cluster: Cluster, conf: float, mention: Mention,
                           recent: Recent, how: str) -> Resolution:
        """Other plausible speakers nearby: the latest speakers and people just mentioned."""
        at = mention.start
        near = []
        for c, last in self.positions.latest(at - _PRONOUN_REACH + 1, at + 1, self._work):
            if c is cluster:
                continue
            near.append((1.0 / (1.0 + (at - last) / 400.0) * (1.5 if c in recent else 1.0), c))
        near.sort(key=lambda x: -x[0])
        alts = [(c, round(min(0.5, (1 - conf) + 0.3 * s), 3)) for s, c in near[:3]]
        return Resolution(cluster, conf, alts, how)
