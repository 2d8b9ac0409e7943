"""How sure a speaker is: the share of quotes found by that cue and resolved that way whose
speaker proved right.

The figures are speaker accuracies measured on the PolNeAR train split (840 articles; see
``benchmarks/attribution.py``), rounded down a little so that a confidence is a floor rather than
a promise: at 0.9 and above at least 97 % of the speakers were right there. A pronoun's figure is
further scaled by how clearly one candidate won (``Resolution.confidence``): the scorer checks a
pronoun's span, not whom it resolves to, and a pronoun with rivals is the likeliest wrong name.
"""

from __future__ import annotations

# (cue method, resolution path) -> confidence; method alone for the paths not listed
_BY_PATH = {
    ("tail", "name"): 0.95, ("tail", "surname"): 0.95, ("tail", "pronoun"): 0.95,
    ("tail", "description"): 0.88, ("tail", "title"): 0.75,
    ("head", "name"): 0.88, ("head", "surname"): 0.86, ("head", "pronoun"): 0.88,
    ("head", "description"): 0.8, ("head", "title"): 0.8,
    ("according", "name"): 0.85, ("according", "description"): 0.88,
    ("colon", "name"): 0.88, ("colon", "description"): 0.4,
    ("govern", "name"): 0.78, ("govern", "surname"): 0.7, ("govern", "pronoun"): 0.7,
    ("govern", "description"): 0.5,
    ("previous", "name"): 0.8, ("previous", "surname"): 0.8, ("previous", "pronoun"): 0.8,
    ("previous", "description"): 0.5,
}
_BY_METHOD = {"tail": 0.88, "head": 0.8, "according": 0.85, "colon": 0.75, "govern": 0.6,
              "previous": 0.7}
# a cue before the quote is surer when it governs the quote (X said that “…”, Attribution 0.9)
# than when it only stands in the sentence (0.85) or has a doubtful subject (0.7)
_HEAD_GOVERNS = 0.9
# a speaker from the sentence before is surer with a verb of saying there (0.7) than as the
# bare subject of a sentence ending with the quote's paragraph (Jane Doe was defiant. “…”, 0.6)
_PREVIOUS_CUE = 0.7
ROLE = 0.8  # "the candidate" taken to the latest named subject: right 46 times in 48 on train
UNKNOWN = 0.3  # a pronoun with no candidate, a mention of no known kind
CONTINUATION = 0.6  # a quote-only paragraph taking the previous speaker: share of its figure
_PRONOUN_SURE = 0.95  # Resolution.confidence of a pronoun with no rival


def speaker_confidence(method: str, how: str, resolved: float, attributed: float) -> float:
    """The confidence of a speaker found by cue ``method`` (Attribution.method, with its own
    figure ``attributed``) and resolved by path ``how`` (Resolution.how, with ``resolved``)."""
    if how == "unknown":
        return round(min(UNKNOWN, attributed * resolved), 3)
    base = _BY_PATH.get((method, how), _BY_METHOD.get(method, attributed))
    if how == "role":
        base = min(base, ROLE)
    if method == "head":
        base *= min(1.0, attributed / _HEAD_GOVERNS)
    elif method == "previous":
        base *= min(1.0, attributed / _PREVIOUS_CUE)
    if how == "pronoun":
        base *= min(1.0, resolved / _PRONOUN_SURE)
    return round(base, 3)
