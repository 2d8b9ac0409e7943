"""Plain dataclasses for the domain. Offsets are character offsets into ``Article.text``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """An article as loaded: ``text`` is exactly what offsets point into and what is shown.
    ``url`` and ``date`` are the article's own provenance when the file states it (an absolute
    http(s) URL; ``yyyy-mm-dd``), else None (see :mod:`workbench.provenance`)."""

    path: str
    title: str
    text: str
    sha256: str
    format: str  # "txt" | "md" | "html"
    url: str | None = None
    date: str | None = None

    @property
    def chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class TextSpan:
    """A stretch of the article text: a speaker mention, a cue."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


Mention = TextSpan
Cue = TextSpan


@dataclass
class Speaker:
    """A person, group or organisation that the article quotes, with every mention of it."""

    id: str
    name: str
    kind: str = "unknown"  # person | group | organization | unknown
    mentions: list[TextSpan] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True)
class Alternative:
    """Another speaker the checker may pick instead, with its confidence."""

    id: str
    name: str
    confidence: float

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "confidence": round(self.confidence, 3)}


@dataclass
class Quote:
    """A quoted statement: one or more parts (offsets exclude the quote marks)."""

    id: str
    parts: list[tuple[int, int]]
    text: str
    speaker_id: str | None = None
    speaker_name: str | None = None
    mention: TextSpan | None = None
    cue: TextSpan | None = None
    confidence: float = 0.0
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def to_dict(self) -> dict:
        speaker = None
        if self.speaker_name is not None:
            speaker = {"id": self.speaker_id, "name": self.speaker_name,
                       "mention": self.mention.to_dict() if self.mention else None,
                       "confidence": round(self.confidence, 3)}
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text,
                "parts": [list(p) for p in self.parts], "speaker": speaker,
                "cue": self.cue.to_dict() if self.cue else None,
                "alternatives": [a.to_dict() for a in self.alternatives]}


@dataclass
class Extraction:
    """What ``extract`` finds in one article."""

    article: Article
    model_name: str
    model_version: str
    speakers: list[Speaker]
    quotes: list[Quote]

    def to_dict(self) -> dict:
        a = self.article
        return {"article": {"path": a.path, "title": a.title, "sha256": a.sha256, "chars": a.chars,
                            "url": a.url, "date": a.date},
                "model": {"name": self.model_name, "version": self.model_version},
                "speakers": [s.to_dict() for s in self.speakers],
                "quotes": [q.to_dict() for q in self.quotes]}
