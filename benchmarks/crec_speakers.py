"""How many turns of a Congressional Record package get a full-name speaker.

    python benchmarks/crec_speakers.py ../shared/data/crec-1997-01-28

Reads every granule page as ``corpus add`` does (:mod:`workbench.corpus.ingest.crec`) and
counts the turns (``Mr. GRASSLEY.`` … up to the next label) whose speaker resolved to a full
name from ``mods.xml``, and those left with the label ("Mr. Drogan", "The Presiding Officer").
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.corpus.ingest import crec  # noqa: E402
from workbench.corpus.passages import paragraph_spans  # noqa: E402
from workbench.corpus.transcript import LabelResolver, find_turns  # noqa: E402


def main(folder: str) -> None:
    html = os.path.join(folder, "html")
    named: Counter = Counter()
    unnamed: Counter = Counter()
    pages = 0
    for name in sorted(os.listdir(html)):
        if not name.endswith(".htm"):
            continue
        pages += 1
        source = crec.read(os.path.join(html, name), name)
        full_names = set(source.aliases.values())
        turns = find_turns(source.text, paragraph_spans(source.text), written=True) or []
        resolver = LabelResolver(source.text, source.title, source.aliases)
        for turn in turns:
            if turn.label is None:
                continue
            who = resolver.resolve(turn.label, turn.spans[0][0] if turn.spans else 0)
            (named if who in full_names else unnamed)[who] += 1
    total = sum(named.values()) + sum(unnamed.values())
    print(f"{pages} pages, {total} turns: {sum(named.values())} with a full name from mods.xml "
          f"({sum(named.values()) / max(total, 1):.0%}), {sum(unnamed.values())} with the label only")
    print("label only:", ", ".join(f"{who} ({n})" for who, n in unnamed.most_common()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/crec-1997-01-28")
