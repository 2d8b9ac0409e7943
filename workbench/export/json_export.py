"""``export --format json``: a review session in our documented format (``schema.json``).

One object: the article (path, title, sha256, and its own URL and publication date when known:
``--url`` given to ``workbench export``, else what the file states, see
:mod:`workbench.provenance`), the tool and model versions, the corpus the
evidence came from (path and document count, or null), the progress, and per quote its id,
text, offsets, parts, speaker (as extracted, with the checker's override), verdict and evidence.
The verdict is the desk's (:mod:`workbench.review.outcome`: the final one, else the one the
reviewers agree on); the progress counts those decisions.
Verdicts on quotes the current extraction no longer has are kept under ``orphaned``, in the
same shape (see :mod:`workbench.review.session`). Each quote says its ``origin`` (``engine`` or
``reviewer``: added in review) and, when a reviewer corrected it, what the ``engine`` had said;
spans marked "not a quote" are listed under ``rejected`` (:mod:`workbench.review.corrections`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources

from workbench import __version__
from workbench.corpus.match import DIFF_OPS, KINDS
from workbench.dating import date_gap
from workbench.review.outcome import Outcome
from workbench.review.session import Session
from workbench.review.verdicts import Verdict

__all__ = ["FORMAT", "FORMAT_VERSION", "CorpusInfo", "export_json", "load_schema",
           "evidence_entry"]

FORMAT, FORMAT_VERSION = "workbench-review", 4  # 3: outcome, final, reviews; 4: origin, engine, corrections, rejected, evidence date gap
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")  # as schema.json's "time"


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
    outcomes = session.outcomes()
    verdicts = [o.verdict for o in outcomes]
    quotes = [{**quote_entry(q.to_dict(), o.verdict, a.date), **_team(o, a.date),
               **_origin(session.origins.get(q.id))}
              for q, o in zip(session.quotes, outcomes)]
    return {
        "format": {"name": FORMAT, "version": FORMAT_VERSION},
        "exported_at": exported_at or _now(),
        "article": {"path": a.path, "title": a.title, "sha256": a.sha256,
                    "url": article_url or a.url, "date": a.date},
        "tool": {"name": "workbench", "version": __version__},
        "model": {"name": session.model, "version": model_version},
        "corpus": corpus.to_dict() if corpus else None,
        "progress": {"reviewed": sum(v.decided for v in verdicts),
                     "skipped": sum(v.status == "skipped" for v in verdicts),
                     "recheck": sum(v.recheck for v in verdicts),
                     "disputed_internally": sum(o.kind == "disputed_internally"
                                                for o in outcomes),
                     "total": len(verdicts)},
        "carried": session.carried.to_dict() if session.carried else None,
        "quotes": quotes,
        "orphaned": [quote_entry(o.quote, o.verdict, a.date)
                     for o in session.orphans(everyone=True)],
        "rejected": [{**_engine(r.quote), "id": r.quote.get("id", ""), "reviewer": r.reviewer,
                      "at": r.at} for r in session.removed if r.why == "rejected"],
    }


def _origin(origin) -> dict:
    """Whether the engine or a reviewer found the quote, what the engine had said of a
    corrected one, and the corrections made."""
    if origin is None:
        return {"origin": "engine", "engine": None, "corrections": []}
    added = ["added"] if origin.origin == "reviewer" else []
    return {"origin": origin.origin,
            "engine": _engine(origin.engine) if origin.engine is not None else None,
            "corrections": added + list(origin.corrections)}


def _engine(quote: dict) -> dict:
    """The engine's quote (``Quote.to_dict()``) as the export keeps it."""
    speaker = quote.get("speaker") or {}
    return {"text": quote.get("text", ""), "start": quote.get("start"), "end": quote.get("end"),
            "parts": quote.get("parts", []), "speaker": speaker.get("name")}


def quote_entry(quote: dict, verdict: Verdict, article_date: str | None = None) -> dict:
    """One quote (``Quote.to_dict()``) with its verdict, in the export's shape."""
    return {"id": verdict.quote_id, "text": quote.get("text", ""),
            "start": quote.get("start"), "end": quote.get("end"),
            "parts": quote.get("parts", []),
            "speaker": _speaker(quote.get("speaker"), verdict.speaker),
            "verdict": _verdict(verdict),
            "evidence": evidence_entry(verdict.evidence, article_date)}


def _team(outcome: Outcome, article_date: str | None) -> dict:
    """Where a quote's verdict comes from, the final verdict and every reviewer's own."""
    return {"outcome": outcome.kind,
            "final": (_review(outcome.final, article_date) if outcome.final is not None
                      else None),
            "reviews": [_review(v, article_date) for _, v in sorted(outcome.reviews.items())]}


def _review(v: Verdict, article_date: str | None) -> dict:
    return {"verdict": _verdict(v), "evidence": evidence_entry(v.evidence, article_date)}


def _speaker(extracted: dict | None, override: str | None) -> dict:
    extracted = extracted or {}
    return {"name": extracted.get("name"), "mention": extracted.get("mention"),
            "confidence": extracted.get("confidence"), "override": override}


def _verdict(v: Verdict) -> dict:
    rating = v.rating
    return {"status": v.status, "reason": v.reason, "note": v.note, "reviewer": v.reviewer,
            "updated_at": v.updated_at, "recheck": v.recheck,
            "rating": {"name": rating.name, "value": rating.value} if rating else None}


def evidence_entry(evidence: dict | None, article_date: str | None = None) -> dict | None:
    """A verdict's evidence in the export's shape (``schema.json``, ``evidence``).

    Two stored shapes come in: the record a verdict makes
    (:func:`workbench.review.evidence.evidence_record`, with ``found``), and the raw corpus
    match (``Match.to_dict()``) that earlier sessions stored, which has no query, corpus, time
    or document hash: those export as null. Missing or ill-typed fields become null too (the
    dict is not trusted to be complete). The source document's date against *article_date*
    gives ``date_gap_days`` (positive: the source came first) and ``source_after_article``."""
    if evidence is None:
        return None
    recorded = "found" in evidence  # else: a raw Match.to_dict() from an earlier session
    top = _located(evidence, recorded)
    gap = date_gap((top["document"] or {}).get("date"), article_date)
    parts = evidence.get("parts")
    corpus, tool = evidence.get("corpus"), evidence.get("tool")
    return {"found": evidence.get("found") is not False,  # a raw match is a found one
            "kind": _kind(evidence.get("kind")),
            "score": _number(evidence.get("score")),
            "query": _string(evidence.get("query")),
            "speaker_filter": _string(evidence.get("speaker_filter")),
            **top,
            "diff": _diff(evidence.get("diff")),
            "parts": [{**_located(p, recorded), "kind": _kind(p.get("kind")),
                       "score": _number(p.get("score")), "diff": _diff(p.get("diff"))}
                      for p in parts if isinstance(p, dict)] if isinstance(parts, list) else [],
            "corpus": _corpus(corpus) if isinstance(corpus, dict) else None,
            "note": _string(evidence.get("note")),
            "recorded_at": _time(evidence.get("recorded_at")),
            "tool": ({"name": _string(tool.get("name")), "version": _string(tool.get("version"))}
                     if isinstance(tool, dict) else None),
            "date_gap_days": gap.days if gap else None,
            "source_after_article": bool(gap and gap.after_article)}


_DOCUMENT_FIELDS = ("path", "url", "title", "date", "speaker", "text_sha256")


def _located(match: dict, recorded: bool) -> dict:
    """Where a match (or one part of a splice) is: its document, span and speaker. A recorded
    evidence has ``document`` and ``span``; a raw match ``doc``, ``start``, ``end``, ``text``."""
    doc = match.get("document" if recorded else "doc")
    where = match.get("span") if recorded else match
    where = where if isinstance(where, dict) else {}
    start, end = where.get("start"), where.get("end")
    span = None
    if _offset(start) and _offset(end):
        span = {"start": start, "end": end, "text": _string(where.get("text"))}
    document = None
    if isinstance(doc, dict) and _offset(doc.get("id")):
        document = {"id": doc["id"], **{k: _string(doc.get(k)) for k in _DOCUMENT_FIELDS}}
    return {"document": document, "span": span, "speaker": _string(match.get("speaker"))}


def _diff(diff) -> list[dict]:
    """The word diff's well-formed steps (``DiffOp.to_dict()``)."""
    if not isinstance(diff, list):
        return []
    return [{"op": d["op"], "article": d.get("article") or "", "source": d.get("source") or ""}
            for d in diff if isinstance(d, dict) and d.get("op") in DIFF_OPS
            and all(isinstance(d.get(k, ""), str) for k in ("article", "source"))]


def _corpus(corpus: dict) -> dict:
    count = {k: corpus.get(k) if _offset(corpus.get(k)) else None
             for k in ("documents", "passages")}
    return {"path": _string(corpus.get("path")), **count,
            "fingerprint": _string(corpus.get("fingerprint"))}


def _kind(value) -> str | None:
    return value if value in KINDS else None


def _time(value) -> str | None:
    return value if isinstance(value, str) and _TIME.fullmatch(value) else None


def _offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _number(value) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _string(value) -> str | None:
    return value if isinstance(value, str) else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
