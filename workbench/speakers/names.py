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
    fa, fb = ta[0], tb[0]
    return fa == fb or fa[0] == fb[0] and (len(fa) == 1 or len(fb) == 1)


def clean_name(text: str) -> str:
    """A display name from a mention: possessive and surrounding punctuation dropped."""
    text = re.sub(r"['’]s?$", "", text.strip())
    return text.strip(" ,;:.-—–\"'“”‘’") or text
