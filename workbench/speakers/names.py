"""Person names: normalise them and tell when two refer to the same person.

"MS. JEAN-PIERRE", "Karine Jean-Pierre" and "Jean-Pierre" all share the key surname
``jean-pierre``; honorifics, titles and possessives are dropped before comparing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HONORIFICS = frozenset("""
mr mrs ms miss mx dr prof sir dame lord lady rev fr sen senator rep representative gov governor
president vice pres secretary sec gen general adm admiral col colonel lt capt captain sgt judge
justice chancellor minister prime premier mayor chairman chairwoman chair speaker leader
ambassador commissioner director deputy attorney the former late acting u.s. us
""".split())
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_TOKEN_RE = re.compile(r"[\w][\w'’.-]*")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a string."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> tuple[str, ...]:
    """The meaningful tokens of a name: no honorifics, titles, suffixes or possessive."""
    out = []
    for tok in _TOKEN_RE.findall(fold(name)):
        tok = re.sub(r"['’]s$", "", tok).strip(".'’-")
        if tok and tok not in HONORIFICS and tok.rstrip(".") not in HONORIFICS and tok not in _SUFFIXES:
            out.append(tok)
    return tuple(out)


def surname(name: str) -> str | None:
    toks = name_tokens(name)
    return toks[-1] if toks else None


@lru_cache(maxsize=16384)
def same_person(a: str, b: str) -> bool:
    """True when two names can denote the same person: same surname, and first names agree
    where both are given (an initial matches a full first name)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    if len(ta) == 1 or len(tb) == 1:
        return True
    return _agree(ta[0], tb[0]) and _middles_agree(ta[1:-1], tb[1:-1])


def _agree(x: str, y: str) -> bool:
    """Two given names agree: the same, or one is the other's initial."""
    return x == y or x[0] == y[0] and (len(x) == 1 or len(y) == 1)


def _middles_agree(ma: tuple[str, ...], mb: tuple[str, ...]) -> bool:
    """Middle names agree when either is left out (John Adams, John Quincy Adams: may be one),
    else name for name, an initial for a name (George W. Bush is not George H.W. Bush)."""
    xa = [p for m in ma for p in m.split(".") if p]
    xb = [p for m in mb for p in m.split(".") if p]
    if not xa or not xb:
        return True
    return len(xa) == len(xb) and all(_agree(x, y) for x, y in zip(xa, xb))


def clean_name(text: str) -> str:
    """A display name from a mention: possessive and surrounding punctuation dropped."""
    text = re.sub(r"['’]s?$", "", text.strip())
    return text.strip(" ,;:.-—–\"'“”‘’") or text


# --------------------------------------------------------------------------- roles
# "the press secretary" names nobody by itself; a source document does when its title (or its
# speaker metadata) reads "Press Briefing by Press Secretary Karine Jean-Pierre".

ROLE_WORDS = frozenset("""
president vice secretary press principal deputy assistant senior first lady gentleman second
chief staff of state defense treasury national security adviser advisor advisers spokesperson
spokesman spokeswoman communications director attorney general ambassador envoy special
coordinator administrator surgeon governor senator representative speaker leader majority
minority house white u.s. us united states mayor prime minister chancellor
""".split())
_ROLE_NOISE = frozenset({"the", "a", "an", "white", "house", "u.s.", "us", "united", "states",
                         "of", "our", "his", "her", "their", "then", "current"})
_TITLE_WORD_RE = re.compile(r"[\w][\w'’.-]*|[,;:()|–—]")
_STATE_OF_THE_UNION = re.compile(r"state\s+of\s+the\s+union", re.IGNORECASE)


@lru_cache(maxsize=4096)
def role_key(text: str) -> tuple[str, ...] | None:
    """The role a description names ("the White House press secretary" -> ("press",
    "secretary")), or None when *text* holds anything but role words (a person's name)."""
    words = [w.strip(".'’") or w for w in _TOKEN_RE.findall(fold(text))]
    words = [w for w in words if w]
    if not words or any(w not in ROLE_WORDS and w not in _ROLE_NOISE for w in words):
        return None
    key = tuple(w for w in words if w not in _ROLE_NOISE)
    return key or None


@lru_cache(maxsize=4096)
def role_holders(text: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(role, name) pairs a title or byline states: "Remarks by President Biden and First Lady
    Jill Biden" -> ((president,), "Biden"), ((first, lady), "Jill Biden")."""
    out: list[tuple[tuple[str, ...], str]] = []
    role: list[str] = []
    name: list[str] = []
    for word in [*_TITLE_WORD_RE.findall(text), ","]:
        folded = fold(word).strip(".'’")
        if name and (not word[0].isupper() or folded in ROLE_WORDS and not _initial(word)):
            out.append((tuple(role), " ".join(name)))
            role, name = [], []
        if folded in ROLE_WORDS and not name:
            if folded not in _ROLE_NOISE:
                role.append(folded)
        elif role and word[0].isupper():
            name.append(word)
        else:
            role, name = [], []
    return tuple(out)


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def holders_of(role: tuple[str, ...], title: str | None, doc_speaker: str | None = None
               ) -> list[str]:
    """Names a document gives the holder of *role*, from its title or speaker metadata; the
    speaker of a State of the Union address holds ("president",). Titles are in title case
    ("Remarks by Vice President Harris Marking One Year"), so where a name ends is unknown: every
    leading run of up to four words is offered, shortest first."""
    out: list[str] = []
    for text in (title, doc_speaker):
        for found, name in role_holders(text or ""):
            if found == role:
                words = name.split()
                out += [" ".join(words[:k]) for k in range(1, min(len(words), 4) + 1)]
    if role == ("president",) and doc_speaker and _STATE_OF_THE_UNION.search(title or ""):
        out.append(doc_speaker)
    return out


NICKNAMES = {
    "joe": "joseph", "bill": "william", "will": "william", "bob": "robert", "rob": "robert",
    "jim": "james", "jimmy": "james", "mike": "michael", "chris": "christopher", "tom": "thomas",
    "dick": "richard", "rick": "richard", "dan": "daniel", "dave": "david", "tony": "anthony",
    "ted": "edward", "ed": "edward", "ron": "ronald", "jack": "john", "al": "albert",
    "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine", "jen": "jennifer",
    "jenny": "jennifer", "sam": "samuel", "ben": "benjamin", "nick": "nicholas", "pete": "peter",
    "andy": "andrew", "steve": "steven", "matt": "matthew", "greg": "gregory", "jerry": "gerald",
    "larry": "lawrence", "harry": "harold", "hank": "henry", "chuck": "charles", "charlie": "charles",
    "frank": "francis", "jeff": "jeffrey", "ken": "kenneth", "don": "donald", "ike": "dwight",
}
"""Common English short forms of given names: "Joe Biden" is "Joseph R. Biden"."""


def formal_name(name: str) -> str:
    """*name* with a leading nickname spelled out ("Joe Biden" -> "joseph Biden")."""
    toks = name_tokens(name)
    if len(toks) < 2 or toks[0] not in NICKNAMES:
        return name
    return " ".join((NICKNAMES[toks[0]], *toks[1:]))


def same_speaker(article_name: str, source_name: str, title: str | None = None,
                 doc_speaker: str | None = None) -> bool:
    """True when an article's speaker and a source passage's speaker are the same person: by
    name (:func:`same_person`, nicknames spelled out), or where either is a role ("the press
    secretary") that the source document's title or metadata gives to the other."""
    if same_person(article_name, source_name) or same_person(formal_name(article_name),
                                                             formal_name(source_name)):
        return True
    for role_side, other in ((article_name, source_name), (source_name, article_name)):
        role = role_key(role_side)
        if role is not None:
            if any(same_person(formal_name(h), formal_name(other))
                   for h in holders_of(role, title, doc_speaker)):
                return True
    return False
