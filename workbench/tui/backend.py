"""The core as the review UI calls it: sessions, corpus search, export and config.

Thin adapters over the core modules (``workbench.review``, ``workbench.export``,
``workbench.config``, ``workbench.corpus``, ``workbench.check``), so the screens hold no
domain logic. Nothing here imports textual or spaCy; the slow imports happen inside the
functions that need them, which the app calls from worker threads.
"""

from __future__ import annotations

import bisect
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import files
from workbench.config import Config, load_config
from workbench.errors import CorpusError, WorkbenchError
from workbench.models import Article, Extraction, Quote, Speaker
from workbench.review.verdicts import REASONS, STATUSES
from workbench.tui.keymap import check_keymap

if TYPE_CHECKING:
    from workbench.review.session import SessionStore

Extractor = Callable[[Article], Extraction]


# --------------------------------------------------------------------------- config


def load_settings(path: str | os.PathLike | None = None) -> tuple[Config, dict[str, str], list[str]]:
    """(config, keymap for the UI, problems): a broken config file costs its settings and one
    message in the UI, not the session."""
    problems: list[str] = []
    try:
        config = load_config(path)
    except WorkbenchError as exc:
        return Config(), {}, [str(exc)]
    keymap, problems = check_keymap(config.keys)
    return config, keymap, problems


def save_reviewer_name(name: str, path: str | os.PathLike | None) -> Path:
    """Save the reviewer's name in the config file (:func:`workbench.config.save_reviewer_name`)."""
    from workbench.config import save_reviewer_name as save

    return save(name, path)


def session_store(path: str | os.PathLike | None, reviewer: str | None,
                  config: Config | None = None) -> SessionStore:
    """The review store: *path*, else the default (``[storage] sessions`` of *config*)."""
    from workbench.review.session import SessionStore  # after the first paint, in the worker

    return SessionStore(path, reviewer=reviewer, config=config)


# --------------------------------------------------------------------------- extraction


def default_extractor(model: str | None = None
                      ) -> Callable[[Article, Callable[[str], None]], Extraction]:
    """An extractor that loads the spaCy model when called (in the calling thread), reporting
    each step to ``progress``."""
    def run(article: Article, progress: Callable[[str], None]) -> Extraction:
        from workbench.nlp import default_model, load_nlp

        name = model or default_model()
        progress(f"loading the model {name}…")
        nlp = load_nlp(name)
        progress("finding the quotes…")
        from workbench.extract import extract

        return extract(nlp, article)

    return run


# --------------------------------------------------------------------------- corpus


@dataclass
class Evidence:
    """One corpus match of a quote with the speaker check: what the evidence pane shows."""

    match: object  # workbench.corpus.match.Match
    check: object  # workbench.check.SpeakerCheck

    def to_dict(self, query: str | None = None) -> dict:
        out = self.match.to_dict()
        out["speaker_check"] = self.check.to_dict()
        if query is not None:
            out["query"] = query
        return out


class Corpus:
    """An open corpus, searched from worker threads one search at a time."""

    def __init__(self, store, owned: bool = True) -> None:
        self.store = store
        self.owned = owned
        self.lock = threading.Lock()
        self._searcher = None
        self._identity: dict | None = None  # corpus_identity(), computed at the first verdict
        self._speaker_rows: list | None = None  # store.speaker_documents(), read once

    @classmethod
    def open(cls, db: str | os.PathLike | None) -> Corpus:
        """The corpus at *db* (default: the user's); raises CorpusError for a missing, foreign
        or empty one."""
        from workbench.corpus.store import open_corpus

        return cls(open_corpus(str(db) if db is not None else None))

    def close(self) -> None:
        """Close the store, unless a search still runs on it: quitting does not wait for the
        search (the process ends with it), and closing under it could crash SQLite."""
        if not self.owned or not self.lock.acquire(blocking=False):
            return
        try:
            self.store.close()
        finally:
            self.lock.release()

    def _get_searcher(self):
        if self._searcher is None:
            from workbench.corpus.search import Searcher

            self._searcher = Searcher(self.store)
        return self._searcher

    def check_quote(self, article: Article, quote: Quote, speaker: Speaker | None, limit: int = 5,
                    cancelled: Callable[[], bool] = lambda: False,
                    leads: list | None = None) -> list[Evidence] | None:
        """The matches of *quote* (part by part when interrupted), best first, each with its
        speaker check; None when *cancelled* turned true while waiting for the corpus. When
        nothing is found, the weak lead (a Match of kind ``lead``, never evidence) goes into
        *leads*, if given and there is one."""
        from workbench.check import check_quote

        with self.lock:
            if cancelled():
                return None
            qc = check_quote(self._get_searcher(), article, quote, speaker, limit)
        if leads is not None and qc.lead is not None:
            leads.append(qc.lead)
        return self._with_checks(qc.matches, quote.speaker_name, speaker.kind if speaker else None)

    def search_text(self, text: str, speaker_name: str | None, kind: str | None, limit: int = 5,
                    cancelled: Callable[[], bool] = lambda: False,
                    leads: list | None = None) -> list[Evidence] | None:
        """The matches of an edited query (its weak lead into *leads*, as for check_quote)."""
        with self.lock:
            if cancelled():
                return None
            matches, lead = self._get_searcher().search_with_lead(text, limit=limit)
        if leads is not None and lead is not None:
            leads.append(lead)
        return self._with_checks(matches, speaker_name, kind)

    def evidence_record(self, shown: Evidence | None, query: str) -> dict:
        """What a verdict rests on: the match on screen (None: "no match" for *query*), with
        the source's hashes and the corpus's identity (:mod:`workbench.review.evidence`). The
        UI searches without a speaker filter, so none is recorded."""
        from workbench.review.evidence import corpus_identity, evidence_record

        with self.lock:
            if self._identity is None:
                self._identity = corpus_identity(self.store)
            return evidence_record(shown.match if shown is not None else None, query=query,
                                   speaker=None, store=self.store, corpus=self._identity)

    def absence(self, speaker_name: str | None, article_date: str | None) -> Absence:
        """What the corpus holds by the quote's speaker, against the article's date: what a
        "no match" is worth (:mod:`workbench.corpus.coverage`)."""
        from workbench.corpus.coverage import absence_note, speaker_coverage

        if not speaker_name:
            return Absence("no speaker is credited: what the corpus holds by them is unknown",
                           True)
        with self.lock:
            if self._speaker_rows is None:
                self._speaker_rows = self.store.speaker_documents()
        coverage = speaker_coverage(self._speaker_rows, speaker_name)
        return Absence(absence_note(coverage, article_date), coverage.documents == 0)

    def source(self, doc_id: int) -> SourceText | None:
        """The whole document *doc_id* with its speaker turns, for the source viewer (None: no
        longer in the corpus)."""
        with self.lock:
            doc = self.store.get_document(doc_id)
            passages = self.store.passages_of(doc_id) if doc is not None else []
        return None if doc is None else SourceText.build(doc, passages)

    @staticmethod
    def recheck(evidence: list[Evidence], speaker_name: str | None, kind: str | None
                ) -> list[Evidence]:
        """The same matches checked against another speaker (after the reviewer changed it)."""
        return Corpus._with_checks([e.match for e in evidence], speaker_name, kind)

    @staticmethod
    def _with_checks(matches, speaker_name, kind) -> list[Evidence]:
        from workbench.check import speaker_check

        return [Evidence(m, speaker_check(speaker_name, kind, m)) for m in matches]


@dataclass(frozen=True)
class Absence:
    """Why "no match" may prove little: *note* in words; *nothing*: the corpus holds nothing
    by the speaker (then "fabricated" asks for a confirm)."""

    note: str
    nothing: bool


@dataclass
class SourceText:
    """A corpus document as the source viewer shows it: its stored text with a speaker label
    (``Name:`` on a line of its own) before each change of speaker, when it has more than one.
    ``labels`` are the labels' ``(start, end)`` in ``text``; :meth:`offset` maps an offset into
    the stored text (a match's span) onto ``text``. ``text`` is untrusted: the view strips it."""

    document: object  # workbench.storage.records.Document
    text: str
    labels: list[tuple[int, int]]
    _inserted: list[tuple[int, int]]  # (stored offset, characters inserted there so far)

    @classmethod
    def build(cls, doc, passages) -> SourceText:
        speakers = {p.speaker for p in passages if p.speaker}
        pieces, labels, inserted, pos, added, previous = [], [], [], 0, 0, None
        for p in passages if len(speakers) > 1 else ():
            if not p.speaker or p.speaker == previous:
                continue
            previous = p.speaker
            label = " ".join(p.speaker.split()) + ":"
            pieces.append(doc.text[pos:p.start])
            start = p.start + added
            pieces.append(label + "\n")
            labels.append((start, start + len(label)))
            added += len(label) + 1
            inserted.append((p.start, added))
            pos = p.start
        pieces.append(doc.text[pos:])
        return cls(doc, "".join(pieces), labels, inserted)

    def offset(self, stored: int) -> int:
        """Where offset *stored* of the document's stored text is in :attr:`text` (a label
        inserted at *stored* comes before it)."""
        k = bisect.bisect_right([at for at, _ in self._inserted], stored)
        return stored + (self._inserted[k - 1][1] if k else 0)


def no_corpus_evidence(query: str, problem: str | None) -> dict:
    """The evidence of a verdict made with no corpus open: nothing was searched."""
    from workbench.review.evidence import evidence_record

    return evidence_record(None, query=query, speaker=None, store=None, corpus=None,
                           note=f"no corpus was searched ({problem or 'none given'})")


# --------------------------------------------------------------------------- export

EXPORT_FORMATS = ("json", "claimreview", "gold")


def export_text(session, fmt: str, config: Config, model_version: str = "",
                corpus: Corpus | None = None) -> str:
    """The review of *session* in *fmt* (``json``, ``claimreview`` or ``gold``), as the file's
    text."""
    if fmt == "gold":  # one JSONL line
        from workbench.export.gold import export_gold

        return json.dumps(export_gold(session), ensure_ascii=False) + "\n"
    if fmt == "claimreview":
        from workbench.export.claimreview import export_claimreview

        document = export_claimreview(session, config)
    elif fmt == "json":
        from workbench.corpus.store import location
        from workbench.export.json_export import CorpusInfo, export_json

        info = None
        if corpus is not None:
            with corpus.lock:
                info = CorpusInfo(location(corpus.store),
                                  corpus.store.stats()["documents"])
        document = export_json(session, model_version=model_version, corpus=info)
    else:
        raise WorkbenchError(f"unknown export format {fmt!r} (expected json, claimreview or "
                             "gold)")
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def default_export_path(article: Article, fmt: str) -> str:
    stem = Path(article.path).stem or "review"
    if fmt == "gold":
        return f"{stem}.gold.jsonl"
    return f"{stem}.{'review' if fmt == 'json' else 'claimreview'}.json"


def write_atomic(path: str | os.PathLike, text: str, overwrite: bool = False,
                 inputs: tuple[str | os.PathLike, ...] = ()) -> None:
    """Write *text* to *path* atomically (:mod:`workbench.files`); never replaces an existing
    file unless *overwrite* (FileExistsError otherwise), nor one of *inputs* (the article)."""
    files.check_target(path, overwrite, inputs)
    _reader_waiting(path)
    files.write_atomic(path, text, overwrite)


def _reader_waiting(path: str | os.PathLike) -> None:
    """A FIFO with nobody reading it would block the UI until someone does: refuse instead."""
    import errno
    import stat

    try:
        if not stat.S_ISFIFO(os.stat(path).st_mode):
            return
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise WorkbenchError(f"{os.fspath(path)}: nobody is reading this FIFO (start the "
                                 "reader first)") from None
        return  # missing or unreadable: the writer reports it
    os.close(fd)


__all__ = ["CorpusError", "Corpus", "Evidence", "SourceText", "Absence", "no_corpus_evidence", "EXPORT_FORMATS",
           "Extractor", "STATUSES",
           "REASONS", "save_reviewer_name", "session_store", "default_extractor", "export_text",
           "write_atomic",
           "default_export_path", "load_settings"]
