"""Hand-built extractions and corpora for the review UI tests (no spaCy model needed)."""

from __future__ import annotations

from pathlib import Path

from workbench.article import article_from_text, load_article
from workbench.models import Alternative, Extraction, Quote, Speaker, TextSpan

ROOT = Path(__file__).resolve().parent.parent
NATO = ROOT / "sample_articles" / "nato-divided-on-ukraine-status.txt"


def _span(text: str, needle: str, after: int = 0) -> TextSpan:
    start = text.index(needle, after)
    return TextSpan(start, start + len(needle), needle)


def _quote(text: str, qid: str, parts: list[str], speaker: Speaker | None,
           mention: str | None, cue: str | None, confidence: float = 0.8,
           alternatives: list[Alternative] | None = None, before: bool = False) -> Quote:
    """A quote from its parts' text; the mention and cue are the nearest occurrences after the
    quote (or, with *before*, in the 300 characters before it)."""
    spans, pos = [], 0
    for part in parts:
        s = _span(text, part, pos)
        spans.append((s.start, s.end))
        pos = s.end
    start, end = spans[0][0], spans[-1][1]
    at = max(0, start - 300) if before else end
    m = _span(text, mention, at) if mention is not None else None
    c = _span(text, cue, at) if cue is not None else None
    return Quote(id=qid, parts=spans, text=" ".join(text[s:e] for s, e in spans),
                 speaker_id=speaker.id if speaker else None,
                 speaker_name=speaker.name if speaker else None, mention=m, cue=c,
                 confidence=confidence if speaker else 0.0, alternatives=alternatives or [])


def nato_extraction(article=None) -> Extraction:
    """The seed article's quotes and speakers, built by hand from its text."""
    article = article or load_article(NATO)
    t = article.text
    stolt = Speaker("s1", "Jens Stoltenberg", "person", [_span(t, "Jens Stoltenberg")])
    officials = Speaker("s2", "U.S. officials", "group", [_span(t, "U.S. officials")])
    kjp = Speaker("s3", "Karine Jean-Pierre", "person", [_span(t, "Karine Jean-Pierre")])
    eeo = Speaker("s4", "an Eastern European official", "unknown",
                  [_span(t, "an Eastern European official")])
    zel = Speaker("s5", "Zelensky", "person", [_span(t, "Zelensky")])
    putin = Speaker("s6", "Putin", "person", [_span(t, "Putin")])
    q1 = _quote(t, "q1", ["The Vilnius Summit will be important for many reasons… President "
                          "Zelensky will raise the issue of membership, of security guarantees, "
                          "and this will be high on the agenda of the meeting,"],
                stolt, "Stoltenberg", "said", 0.81,
                [Alternative("s5", "Zelensky", 0.2)])
    q2 = _quote(t, "q2", ["Ukraine’s future is in NATO. All Allies agree on that,"], stolt, "he",
                "added", 0.74)
    q3 = _quote(t, "q3", ["Membership and potential security guarantees as matters that should "
                          "be addressed as part of an eventual settlement to the war."],
                officials, "U.S. officials", "said", 0.66, before=True)
    q4 = _quote(t, "q4", ["up to NATO"], kjp, "press secretary Karine Jean-Pierre", "said",
                0.7, before=True)
    q5 = _quote(t, "q5", ["push back against Russian aggression."], kjp, "she", "reaffirmed",
                0.62, before=True)
    q6 = _quote(t, "q6", ["something of a ping-pong between Germany, France, and the U.S.,"],
                eeo, "an Eastern European official", "According to", 0.58, before=True)
    return Extraction(article, "en_core_web_sm", "3.8.0",
                      [zel, stolt, officials, kjp, eeo, putin], [q1, q2, q3, q4, q5, q6])


def many_quotes_extraction(n: int = 200) -> Extraction:
    """A synthetic article with *n* quotes (one paragraph each) by a handful of speakers."""
    names = ["Jane Doe", "John Roe", "Ana Lima", "Wei Chen", "Omar Haddad"]
    paras, quotes = [], []
    speakers = [Speaker(f"s{k + 1}", name, "person", []) for k, name in enumerate(names)]
    pos = 0
    for i in range(n):
        sp = speakers[i % len(speakers)]
        words = f"Statement number {i + 1} says the budget will change the city in year {2000 + i}"
        para = f"“{words},” {sp.name} said on Tuesday. The council met again after that."
        qs = pos + 1
        quotes.append(Quote(id=f"q{i + 1}", parts=[(qs, qs + len(words) + 1)],
                            text=words + ",", speaker_id=sp.id, speaker_name=sp.name,
                            mention=TextSpan(pos + para.index(sp.name),
                                             pos + para.index(sp.name) + len(sp.name), sp.name),
                            cue=TextSpan(pos + para.index(" said") + 1,
                                         pos + para.index(" said") + 5, "said"),
                            confidence=0.8))
        sp.mentions.append(quotes[-1].mention)
        paras.append(para)
        pos += len(para) + 2
    article = article_from_text("\n\n".join(paras), path="many-quotes.txt",
                                title="Two hundred quotes")
    return Extraction(article, "synthetic", "0", speakers, quotes)
