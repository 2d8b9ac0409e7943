"""``export --format json``: a review session in our documented format (``schema.json``).

One object: the article (path, title, sha256, and its own URL and publication date when known:
``--url`` given to ``workbench export``, else what the file states, see
:mod:`workbench.provenance`), the tool and model versions, the corpus the
evidence came from (path and document count, or null), the progress, and per quote its id,
text, offsets, parts, speaker (as extracted, with the checker's override), verdict and evidence.
Verdicts on quotes the current extraction no longer has are kept under ``orphaned``, in the
same shape (see :mod:`workbench.review.session`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources

from workbench import __version__
from workbench.review.session import Session
from workbench.review.verdicts import Verdict

__all__ = ["FORMAT", "FORMAT_VERSION", "CorpusInfo", "export_json", "load_schema",
           "evidence_entry"]

FORMAT, FORMAT_VERSION = "workbench-review", 2


@dataclass(frozen=True)
class CorpusInfo:
    """The corpus the evidence was searched in."""

    path: str
    documents: int

    def to_dict(self) -> dict:
        return {"path": self.path, "documents": self.documents}


def load_schema() -> dict:
    """The JSON Schema (draft 2020-12) of this format, shipped with the package."""
    schema = resources.files("workbench.export").joinpath("schema.json")
    return json.loads(schema.read_text(encoding="utf-8"))


def export_json(session: Session, *, model_version: str = "", corpus: CorpusInfo | None = None,
                exported_at: str | None = None, article_url: str | None = None) -> dict:
    """The session as a plain dict ready for ``json.dumps``. *article_url* (checked by the
    caller) stands for the URL the article file states."""
    a = session.article
    counts = session.counts()
    quotes = [quote_entry(q.to_dict(), v) for q, v in zip(session.quotes, session.verdicts())]
    return {
        "format": {"name": FORMAT, "version": FORMAT_VERSION},
        "exported_at": exported_at or _now(),
        "article": {"path": a.path, "title": a.title, "sha256": a.sha256,
                    "url": article_url or a.url, "date": a.date},
        "tool": {"name": "workbench", "version": __version__},
        "model": {"name": session.model, "version": model_version},
        "corpus": corpus.to_dict() if corpus else None,
        "progress": {"reviewed": counts["decided"], "skipped": counts["skipped"],
                     "recheck": counts["recheck"], "total": counts["total"]},
        "carried": session.carried.to_dict() if session.carried else None,
        "quotes": quotes,
        "orphaned": [quote_entry(o.quote, o.verdict) for o in session.orphans()],
    }


def quote_entry(quote: dict, verdict: Verdict) -> dict:
    """One quote (``Quote.to_dict()``) with its verdict, in the export's shape."""
    return {"id": verdict.quote_id, "text": quote.get("text", ""),
            "start": quote.get("start"), "end": quote.get("end"),
            "parts": quote.get("parts", []),
            "speaker": _speaker(quote.get("speaker"), verdict.speaker),
            "verdict": _verdict(verdict),
            "evidence": evidence_entry(verdict.evidence)}


def _speaker(extracted: dict | None, override: str | None) -> dict:
    extracted = extracted or {}
    return {"name": extracted.get("name"), "mention": extracted.get("mention"),
            "confidence": extracted.get("confidence"), "override": override}


def _verdict(v: Verdict) -> dict:
    rating = v.rating
    return {"status": v.status, "reason": v.reason, "note": v.note, "reviewer": v.reviewer,
            "updated_at": v.updated_at, "recheck": v.recheck,
            "rating": {"name": rating.name, "value": rating.value} if rating else None}


def evidence_entry(evidence: dict | None) -> dict | None:
    """The chosen corpus match (``Match.to_dict()``) reduced to document, span, score, kind,
    diff and the source's speaker; missing or ill-typed fields become null (the dict came
    from the UI and is not trusted to be complete)."""
    if evidence is None:
        return None
    parts = evidence.get("parts")
    return {**_located(evidence),
            "score": _number(evidence.get("score")),
            "kind": _string(evidence.get("kind")),
            "diff": [d for d in evidence.get("diff") or [] if isinstance(d, dict)],
            "parts": [_located(p) for p in parts if isinstance(p, dict)]
            if isinstance(parts, list) else []}


def _located(match: dict) -> dict:
    """Where a match (or one part of a splice) is: its document, span and speaker."""
    doc = match.get("doc")
    start, end = match.get("start"), match.get("end")
    span = None
    if isinstance(start, int) and isinstance(end, int):
        span = {"start": start, "end": end, "text": _string(match.get("text"))}
    return {"document": doc if isinstance(doc, dict) else None, "span": span,
            "speaker": _string(match.get("speaker"))}


def _number(value) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _string(value) -> str | None:
    return value if isinstance(value, str) else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
