"""Resolve speaker mentions to the people (or groups) they denote within one article.

Full names gather their surnames ("Stoltenberg" -> Jens Stoltenberg), titles point to their
named holder ("the press secretary" -> Karine Jean-Pierre, learnt from "press secretary Karine
Jean-Pierre" or an appositive), pronouns go to the nearest compatible person, preferring the
one just quoted; groups and anonymous sources keep their own description.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from workbench.quotes.cues import GROUP_HEADS, PERSON_PRONOUNS
from workbench.speakers.given_names import gender_of
from workbench.speakers.names import clean_name, fold, name_tokens, same_person

_TITLE_DEPS = {"compound", "amod", "nmod", "poss"}
_ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}
_MALE = {"mr", "mr.", "sir", "lord", "king", "he"}
_FEMALE = {"ms", "ms.", "mrs", "mrs.", "miss", "dame", "lady", "queen", "she"}
_PRONOUN_REACH = 1500  # characters back that a pronoun may reach for its antecedent


@dataclass(eq=False)
class Cluster:
    """One speaker being built: every mention, the titles it holds, its gender if known."""

    id: str
    name: str
    kind: str
    mentions: list[Span] = field(default_factory=list)
    gender: str | None = None
    positions: list[int] = field(default_factory=list)  # sorted char offsets of mentions

    def add(self, span: Span) -> None:
        if any(m.start_char == span.start_char and m.end_char == span.end_char for m in self.mentions):
            return
        self.mentions.append(span)
        bisect.insort(self.positions, span.start_char)

    def last_before(self, char: int) -> int | None:
        k = bisect.bisect_left(self.positions, char)
        return self.positions[k - 1] if k else None


@dataclass
class Resolution:
    cluster: Cluster
    confidence: float
    alternatives: list[tuple[Cluster, float]]


class Resolver:
    """Builds speaker clusters for one document and resolves mentions against them."""

    def __init__(self, doc: Doc, in_quote: bytearray, ents: list[Span] | None = None):
        self.doc = doc
        self.ents = list(doc.ents) if ents is None else ents
        self.in_quote = in_quote
        self.clusters: list[Cluster] = []
        self.titles: dict[str, list[tuple[int, Cluster]]] = {}
        self.subject_pos: list[int] = []  # sorted char offsets of subject mentions
        self.subject_of_pos: list[Cluster] = []
        self._index_people()

    # -- building -------------------------------------------------------------------------
    def _new(self, name: str, kind: str) -> Cluster:
        c = Cluster(f"s{len(self.clusters) + 1}", name, kind)
        self.clusters.append(c)
        return c

    def person(self, name: str) -> Cluster:
        """The person cluster for a name, merging surnames and fuller forms."""
        toks = name_tokens(name)
        candidates = [c for c in self.clusters if c.kind == "person" and name_tokens(c.name)
                      and same_person(c.name, name)]
        if candidates:
            best = max(candidates, key=lambda c: len(name_tokens(c.name)))
            if len(toks) > len(name_tokens(best.name)):
                best.name = name
            return best
        return self._new(name, "person")

    def _index_people(self) -> None:
        ents = [e for e in self.ents if e.label_ == "PERSON" and not self.in_quote[e.start]]
        # full names first, so that a surname seen before its full name still joins it
        for ent in sorted(ents, key=lambda e: -len(name_tokens(e.text))):
            name = clean_name(ent.text)
            if not name_tokens(name):
                continue
            cluster = self.person(name)
            self._learn_title(ent, cluster)
        for ent in ents:
            name = clean_name(ent.text)
            if name_tokens(name):
                cluster = self.person(name)
                cluster.add(ent)
                self._learn_gender(ent, cluster)
        for ent in ents:
            self._gender_from_pronoun(ent)
            if ent.root.dep_ in ("nsubj", "nsubjpass"):
                self.note_subject(ent.start_char, self.person(clean_name(ent.text)))
        self._index_surnames()

    def _index_surnames(self) -> None:
        """Bare surnames the entity recognizer missed ("Marrant was scornful") still name the
        person introduced with that surname."""
        by_surname: dict[str, Cluster | None] = {}
        for c in self.clusters:
            toks = name_tokens(c.name)
            if c.kind == "person" and len(toks) >= 2:
                by_surname[toks[-1]] = None if toks[-1] in by_surname else c
        if not by_surname:
            return
        for t in self.doc:
            if t.pos_ != "PROPN" or t.ent_type_ == "PERSON" or self.in_quote[t.i]:
                continue
            cluster = by_surname.get(fold(t.text))
            if cluster is None:
                continue
            span = self.doc[t.i:t.i + 1]
            cluster.add(span)
            if t.dep_ in ("nsubj", "nsubjpass"):
                self.note_subject(t.idx, cluster)

    def note_subject(self, pos: int, cluster: Cluster) -> None:
        """Remember who was the subject at ``pos``: pronouns look back to the latest one."""
        k = bisect.bisect_left(self.subject_pos, pos)
        if k < len(self.subject_pos) and self.subject_pos[k] == pos:
            self.subject_of_pos[k] = cluster
            return
        self.subject_pos.insert(k, pos)
        self.subject_of_pos.insert(k, cluster)

    def _learn_title(self, ent: Span, cluster: Cluster) -> None:
        doc = self.doc
        words = []
        i = ent.start - 1
        while i >= 0 and doc[i].dep_ in _TITLE_DEPS and doc[i].head.i >= ent.start - 1 \
                and not doc[i].is_punct and doc[i].ent_type_ != "PERSON" and doc[i].pos_ != "DET":
            words.insert(0, doc[i].lower_)
            i -= 1
        if words and words[-1] not in ("mr.", "ms.", "mrs.", "dr."):
            self._add_title(words, ent.start_char, cluster)
        for c in ent.root.children:
            if c.dep_ == "appos" and c.pos_ == "NOUN":
                words = [t.lower_ for t in doc[c.left_edge.i:c.i + 1] if t.pos_ not in ("DET", "PUNCT")]
                self._add_title(words, ent.start_char, cluster)

    def _add_title(self, words: list[str], pos: int, cluster: Cluster) -> None:
        for k in range(len(words)):
            key = " ".join(words[k:])
            self.titles.setdefault(key, []).append((pos, cluster))

    def _learn_gender(self, ent: Span, cluster: Cluster) -> None:
        if cluster.gender is not None:
            return
        if ent.start > 0 and self.doc[ent.start - 1].lower_ in _MALE | _FEMALE:
            cluster.gender = "m" if self.doc[ent.start - 1].lower_ in _MALE else "f"
            return
        toks = name_tokens(cluster.name)
        if len(toks) >= 2:
            cluster.gender = gender_of(toks[0])

    def _gender_from_pronoun(self, ent: Span) -> None:
        """A person who is a subject is usually picked up by the next he/his or she/her."""
        if ent.root.dep_ not in ("nsubj", "nsubjpass"):
            return
        cluster = self.person(clean_name(ent.text))
        if cluster.gender is not None:
            return
        doc = self.doc
        for t in doc[ent.end:min(len(doc), ent.end + 40)]:
            if t.ent_type_ == "PERSON" or self.in_quote[t.i]:
                return
            word = t.lower_
            if word in ("he", "him", "his", "himself"):
                cluster.gender = "m"
                return
            if word in ("she", "her", "hers", "herself"):
                cluster.gender = "f"
                return

    # -- resolving ------------------------------------------------------------------------
    def resolve(self, mention: Span, recent: list[Cluster]) -> Resolution:
        """The speaker a mention denotes. ``recent`` lists the latest speakers, newest first."""
        res = self._resolve(mention, recent)
        if mention.root.dep_ in ("nsubj", "nsubjpass") or mention.root.pos_ == "PRON":
            self.note_subject(mention.start_char, res.cluster)
        return res

    def _resolve(self, mention: Span, recent: list[Cluster]) -> Resolution:
        head = mention.root
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            ant = head.head.head  # X, who ..., said
            lo = ant.i
            while lo > 0 and self.doc[lo - 1].dep_ in ("compound", "amod", "det", "poss", "nmod") \
                    and self.doc[lo - 1].head.i == ant.i:
                lo -= 1
            return self._resolve(self.doc[lo:ant.i + 1], recent)
        if head.pos_ == "PRON" and head.lower_ in PERSON_PRONOUNS:
            return self._pronoun(mention, recent)
        person = next((e for e in self.ents if e.label_ == "PERSON"
                       and e.start < mention.end and mention.start < e.end), None)
        if person is not None:
            cluster = self.person(clean_name(person.text))
            cluster.add(person)
            if mention.start < person.start:
                words = [t.lower_ for t in self.doc[mention.start:person.start]
                         if t.pos_ not in ("DET", "PUNCT")]
                if words:
                    self._add_title(words, person.start_char, cluster)
            return self._with_alternatives(cluster, 0.95, mention, recent)
        if head.pos_ == "PROPN" and head.tag_ != "NNPS":
            name = clean_name(self._name_span(mention).text)
            known = any(c.kind == "person" and same_person(c.name, name) for c in self.clusters)
            if known or head.ent_type_ not in _ORG_LABELS:
                cluster = self.person(name)
                cluster.add(mention)
                return self._with_alternatives(cluster, 0.85, mention, recent)
        return self._description(mention, recent)

    def _name_span(self, mention: Span) -> Span:
        head = mention.root
        lo = head.i
        while lo > mention.start and self.doc[lo - 1].pos_ == "PROPN":
            lo -= 1
        return self.doc[lo:head.i + 1]

    def _pronoun(self, mention: Span, recent: list[Cluster]) -> Resolution:
        word = mention.root.lower_
        gender = PERSON_PRONOUNS[word]
        at = mention.start_char
        sent = mention.root.sent
        subjects = {id(self.person(clean_name(e.text))) for e in self.ents
                    if e.label_ == "PERSON" and sent.start <= e.start and e.end <= mention.start
                    and e.root.dep_ in ("nsubj", "nsubjpass") and name_tokens(clean_name(e.text))}
        k = bisect.bisect_left(self.subject_pos, at)
        last_subject = self.subject_of_pos[k - 1] if k else None  # centering: the latest subject
        scored = []
        for c in self.clusters:
            last = c.last_before(at)
            if last is None or at - last > _PRONOUN_REACH:
                continue
            plural = c.kind in ("group", "organization")
            if (gender == "p") != plural:
                continue
            score = 1.0 / (1.0 + (at - last) / 400.0)
            if c is last_subject:
                score *= 2.5
            if recent and c is recent[0]:
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
            cluster = self._new(mention.text, "unknown")
            cluster.add(mention)
            return Resolution(cluster, 0.3, [])
        total = sum(s for s, _ in scored[:4])
        best = scored[0][1]
        best.add(mention)
        if gender in ("m", "f") and best.gender is None:
            best.gender = gender
        conf = 0.5 + 0.45 * scored[0][0] / total
        alts = [(c, round(0.9 * s / total, 3)) for s, c in scored[1:4]]
        return Resolution(best, conf, alts)

    def _description(self, mention: Span, recent: list[Cluster]) -> Resolution:
        doc = self.doc
        head = mention.root
        words = [t.lower_ for t in doc[mention.start:head.i + 1] if t.pos_ not in ("DET", "PUNCT")]
        definite = doc[mention.start].lower_ in ("the", "this", "that") or \
            doc[mention.start].dep_ == "poss"
        if definite and head.tag_ in ("NN", "NNP"):
            for k in range(len(words)):
                holders = [(p, c) for p, c in self.titles.get(" ".join(words[k:]), ())
                           if p < mention.start_char] or self.titles.get(" ".join(words[k:]), [])
                if holders:
                    cluster = max(holders, key=lambda pc: pc[0])[1]
                    cluster.add(mention)
                    return self._with_alternatives(cluster, 0.8, mention, recent)
        org = next((e for e in self.ents if e.label_ in _ORG_LABELS and e.start <= head.i < e.end), None)
        name = clean_name(doc[mention.start:head.i + 1].text)
        if org is not None and head.pos_ == "PROPN":
            kind = "organization"
        elif head.tag_ in ("NNS", "NNPS") or head.lower_ in GROUP_HEADS:
            kind = "group"
        else:
            kind = "person" if head.pos_ in ("NOUN", "PROPN") else "unknown"
        key = fold(name)
        cluster = next((c for c in self.clusters if fold(c.name) == key and c.kind == kind), None) \
            or self._new(name, kind)
        cluster.add(mention)
        return self._with_alternatives(cluster, 0.85, mention, recent)

    def _with_alternatives(self, cluster: Cluster, conf: float, mention: Span,
                           recent: list[Cluster]) -> Resolution:
        """Other plausible speakers nearby: the latest speakers and people just mentioned."""
        at = mention.start_char
        near = []
        for c in self.clusters:
            if c is cluster:
                continue
            last = c.last_before(at + 1)
            if last is not None and at - last < _PRONOUN_REACH:
                near.append((1.0 / (1.0 + (at - last) / 400.0) * (1.5 if c in recent else 1.0), c))
        near.sort(key=lambda x: -x[0])
        alts = [(c, round(min(0.5, (1 - conf) + 0.3 * s), 3)) for s, c in near[:3]]
        return Resolution(cluster, conf, alts)
