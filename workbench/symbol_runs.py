"""A tokenizer wrapper that keeps long runs of marks and symbols away from spaCy's tokenizer.

spaCy strips prefixes and suffixes one character at a time, copying the rest of the string
each time, so a run of 20,000 quote marks (or brackets, asterisks, ellipses …) costs time
quadratic in its length. Such a run is cut into one-character tokens here and the text around
it is tokenized as usual; the Doc's text is the input text exactly, so offsets do not move.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

MAX_RUN = 16  # symbol characters in a row that go to the tokenizer as they are
_RUN_RE = re.compile(r"[^\w\s]{%d,}" % (MAX_RUN + 1))


class RunSafeTokenizer:
    """Wraps a spaCy tokenizer (``nlp.tokenizer``); every other text goes straight through."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        if _RUN_RE.search(text) is None:
            return self.tokenizer(text)
        docs, pos = [], 0
        for m in _RUN_RE.finditer(text):
            if m.start() > pos:
                docs.append(self.tokenizer(text[pos:m.start()]))
            run = m.group()
            pos = m.end()
            spaces = [False] * len(run)
            if text[pos:pos + 1] == " ":  # a single space after the run belongs to it, as usual
                spaces[-1] = True
                pos += 1
            docs.append(Doc(self.vocab, words=list(run), spaces=spaces))
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
        return doc if doc.text == text else self.tokenizer(text)  # never a shifted offset

    def __getattr__(self, name):  # rules, prefix_search, to_disk … of the wrapped tokenizer
        return getattr(self.tokenizer, name)
