"""A small corpus of sources for the seed article's quotes (built through the real store)."""

from __future__ import annotations

from corpus_helpers import Doc, build_store

NATO_DOCS = [
    Doc(path="nato-2023-04-21", title="Press conference by NATO Secretary General Jens Stoltenberg",
        speaker="Jens Stoltenberg", kind="transcript", date="2023-04-21",
        url="https://example.org/nato/2023-04-21", turns=[
            ("Jens Stoltenberg", "Good morning. The Vilnius Summit will be important for many "
                                 "reasons. President Zelensky will raise the issue of membership, "
                                 "of security guarantees, and this will be high on the agenda of "
                                 "the meeting in July."),
            ("Jens Stoltenberg", "Ukraine's rightful place is in the Euro-Atlantic family. "
                                 "Ukraine's future lies in NATO. All NATO Allies agree on that, and we "
                                 "will continue to support Ukraine for as long as it takes."),
        ]),
    Doc(path="briefing-2023-05-30", title="Press Briefing by Press Secretary Karine Jean-Pierre",
        kind="briefing", date="2023-05-30", turns=[
            ("Q", "Does the President support Ukraine joining NATO this summer?"),
            ("Karine Jean-Pierre", "The decision to admit new members is up to NATO and its "
                                   "members. Our focus right now is to help Ukraine push back "
                                   "against Russian aggression and defend its territory."),
        ]),
]


def nato_corpus(path):
    """An open CorpusStore at *path* holding NATO_DOCS (the caller closes it)."""
    return build_store(path, NATO_DOCS)
