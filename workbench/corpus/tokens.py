"""Words of a text as search and alignment see them, each with its offsets in the original.

A word is a run of letters and digits, case- and accent-folded: the same rule as the FTS5
``unicode61 remove_diacritics 2`` tokenizer, so the terms we query are the terms it indexed.
Everything else (spaces, punctuation, straight or curly quote marks, apostrophes) separates
words, which is what makes "don’t" and "don't", or "U.S." and "U. S.", compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|[^\W_]+")
"""A word: letters and digits; a number with thousands separators ("10,240") is one word, so it
equals "10240". Decimal points still separate: "3.5" must not equal "35"."""
ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Case- and accent-insensitive form of one word (ASCII words take the fast path)."""
    if word.isascii():
        return word.lower().replace(",", "")
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Tokens:
    """The folded words of ``text`` and where each one sits in it."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @property
    def joined(self) -> str:
        """The words joined by single spaces: what character-level scores compare."""
        return " ".join(self.words)

    def word_at(self, char: int) -> int:
        """Index of the word in :attr:`joined` that character *char* of it belongs to."""
        return bisect_right(self._joined_starts, char) - 1

    @cached_property
    def _joined_starts(self) -> list[int]:
        """Where each word starts in ``joined``."""
        return list(accumulate((len(w) + 1 for w in self.words[:-1]), initial=0))

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets in ``text`` covering words ``first`` to ``last - 1``."""
        return self.starts[first], self.ends[last - 1]


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """Split *text* (or ``text[start:end]``, offsets still into *text*) into folded words."""
    words, starts, ends = [], [], []
    for m in _WORD.finditer(text, start, len(text) if end is None else end):
        words.append(fold_word(m.group()))
        a, b = m.span()
        starts.append(a)
        ends.append(b)
    return Tokens(text, tuple(words), tuple(starts), tuple(ends))


# ASCII punctuation and spaces to one space, ASCII capitals to lower case: a same-length copy of
# a text, so that offsets found in it are offsets in the text (no Python loop over characters).
_FLAT = str.maketrans({**{chr(c): " " for c in range(128) if not chr(c).isalnum()},
                       **{chr(c): chr(c).lower() for c in range(65, 91)},
                       "’": " ", "‘": " ", "“": " ", "”": " ", "…": " ", "—": " ", "–": " ",
                       "\xa0": " "})


def flatten(text: str) -> str:
    """A same-length, lower-cased copy of *text* with punctuation turned into spaces: for the
    quick first comparison of a quote with a candidate passage."""
    flat = text.translate(_FLAT)
    if not flat.isascii():
        lowered = flat.lower()
        if len(lowered) == len(flat):  # a few letters (İ) grow when lower-cased: keep the case
            flat = lowered
    return flat


def normalize(text: str) -> str:
    """Folded words joined by single spaces (``Tokens.joined`` without the offsets)."""
    return " ".join(fold_word(w) for w in _WORD.findall(text))


def split_ellipsis(text: str) -> list[str]:
    """The non-empty sides of every ellipsis ("…" or "...") in *text*."""
    return [p for p in ELLIPSIS.split(text) if _WORD.search(p)]
