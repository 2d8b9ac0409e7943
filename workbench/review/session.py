"""Review sessions: the checker's verdicts on one article, saved action by action.

Nothing is ever lost:

* every action (a status, a note, a speaker override, evidence, an undo, a redo) is ONE
  transaction of the review store, committed before the method returns; killing the process at
  any moment leaves the store as it was after the last completed action (see
  :mod:`workbench.storage.sqlite.reviews` for SQLite's durability setting);
* a review follows its article, not its bytes: an article is known by its resolved path and,
  where the file gives one, its canonical URL; each version of its text (keyed by sha256) is a
  session of its own. Opening the same bytes again (at any path) resumes that session, cursor
  included. Opening a changed version replays the latest version's corrections on the new
  extraction (:mod:`workbench.review.carry_corrections`; those that cannot apply are listed in
  ``Carried.uncarried``), then carries every verdict over to the corrected list, quote by
  quote (:mod:`workbench.review.carry`): a verdict whose quote
  changed is marked ``recheck``; one whose quote is gone is kept as an orphan. The earlier
  version's session stays as it was;
* the undo log is in the file too, so undo works across restarts, as many levels back as there
  were actions; redo replays what was undone; a new action after an undo drops the redo branch.
  Undo belongs to whoever acted: each open review is a *client*, and undo takes back that
  client's own actions (after a restart, those of the same reviewer whose review is closed),
  never another open review's; it refuses when someone changed the quote since.

Reviews for a team: every verdict belongs to a reviewer (its *owner*, the reviewer's name:
:func:`~workbench.storage.protocols.owner_of`). Each reviewer has their own verdict per quote,
cursor, progress and undo history; :meth:`Session.verdicts_by_reviewer` shows everyone's, and an
editor's final verdict (:meth:`Session.set_final`) is one more verdict per quote, of the owner
``#final``. What the desk publishes is :meth:`Session.outcomes` (:mod:`workbench.review.outcome`).

Verdicts are stored under the quote's offsets (its ``parts``), not its id. When the extraction
changes between runs (a new engine version), a verdict follows its quote as long as the offsets
match, even if the id changed; a verdict whose offsets no quote has any more is kept, with a
snapshot of the quote it was about, and listed by :meth:`Session.orphans` (the export writes
them under ``orphaned``). Nothing is deleted.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from pathlib import Path

from workbench.errors import ReviewError, SessionUnavailable, WorkbenchError
from workbench.models import Article, Quote, Speaker
from workbench.review import corrections as corr
from workbench.review.carry import Pair, Snapshot, pair_quotes, quote_record, snapshot
from workbench.review.carry_corrections import Uncarried, carry as carry_corrections, record
from workbench.review.outcome import Outcome, disagree, outcome_of
from workbench.review.verdicts import DECISIONS, Verdict, check_status
from workbench.storage.protocols import (FINAL_OWNER, STATE_FIELDS, ReviewStore, ReviewTransaction,
                                         VersionRow, owner_of)
from workbench.storage.sqlite.reviews import ENV_VAR, default_sessions_path
from workbench.storage.url import backend_for, is_url

__all__ = ["SessionStore", "sessions_target", "Session", "SessionInfo", "VersionInfo", "Orphan", "Carried",
           "ReviewConflict", "quote_key", "article_keys", "owner_of", "disagree"]

_EMPTY_STATE = {"status": "unreviewed", "reason": None, "note": "", "speaker": None,
                "evidence": None, "reviewer": None, "updated_at": None, "recheck": False}
MAX_NOTE_CHARS = 100_000
_KEEP = object()  # "leave this field as it is" for optional arguments that may be None


class ReviewConflict(ReviewError):
    """An undo or redo that would overwrite what someone else did since."""


@dataclass(frozen=True)
class VersionInfo:
    """One version (sha256) of an article under review."""

    sha256: str
    reviewed: int
    total: int
    updated_at: str

    def to_dict(self) -> dict:
        return {"sha256": self.sha256, "reviewed": self.reviewed, "total": self.total,
                "updated_at": self.updated_at}


@dataclass(frozen=True)
class SessionInfo:
    """One article of :meth:`SessionStore.list`: its latest version's path, title and progress
    (``reviewed``: quotes decided, i.e. confirmed, disputed or unverifiable; ``skipped`` apart),
    and every version, newest first. ``updated_at``: the last action (ISO-8601 UTC)."""

    sha256: str
    path: str
    title: str
    reviewed: int
    total: int
    updated_at: str
    skipped: int = 0
    versions: tuple[VersionInfo, ...] = ()

    def to_dict(self) -> dict:
        return {"sha256": self.sha256, "path": self.path, "title": self.title,
                "reviewed": self.reviewed, "skipped": self.skipped, "total": self.total,
                "updated_at": self.updated_at, "versions": [v.to_dict() for v in self.versions]}


@dataclass
class _Queued:
    """An action made while the review server was away, written by :meth:`Session.flush` once
    it is back: a verdict change (*changes* to the verdict under *key*, on *quote* as it was)
    or a correction (*op* as shown meanwhile; *make* makes it again against the store)."""

    kind: str
    action_id: str
    key: str
    quote: Quote | None = None
    changes: dict = field(default_factory=dict)
    make: Callable[[list[str], Sequence[Quote]], dict] | None = None
    op: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Orphan:
    """A verdict on a quote the current extraction no longer has: the verdict (with the id the
    quote had) and the quote as it was (``Quote.to_dict()`` when the verdict was last set)."""

    verdict: Verdict
    quote: dict


@dataclass(frozen=True)
class Carried:
    """What opening a changed article did: verdicts carried over from the version last
    reviewed on *since* (a date; every reviewer's verdict counts), how many of their quotes
    changed (marked for a second look) and how many quotes are gone (their verdicts kept as
    orphans): quotes, so one decided by two reviewers counts once; the corrections carried
    over, and those that could not be (:mod:`workbench.review.carry_corrections`)."""

    since: str
    source: str  # the sha256 the verdicts came from
    carried: int
    changed: int
    orphaned: int
    corrections: int = 0  # corrections carried over
    uncarried: tuple[Uncarried, ...] = ()  # corrections that could not be (kept in *source*)

    def describe(self) -> str:
        """One line: "article changed since 2026-12-01: 5 verdicts carried over, 1 quote
        changed: look again"."""
        line = (f"article changed since {self.since[:10]}: {self.carried} verdict"
                f"{'s' if self.carried != 1 else ''} carried over")
        if self.changed:
            line += f", {self.changed} quote{'s' if self.changed != 1 else ''} changed: look again"
        if self.orphaned:
            line += (f", {self.orphaned} quote{'s' if self.orphaned != 1 else ''} gone "
                     "(verdict kept as orphaned)")
        if self.corrections:
            line += (f", {self.corrections} correction{'s' if self.corrections != 1 else ''}"
                     " carried over")
        if self.uncarried:
            n = len(self.uncarried)
            line += (f", {n} correction{'s' if n != 1 else ''} not carried (kept in the earlier"
                     f" version): {'; '.join(u.correction for u in self.uncarried[:2])}"
                     f"{'…' if n > 2 else ''}")
        return line

    def to_dict(self) -> dict:
        return {"since": self.since, "from": self.source, "carried": self.carried,
                "changed": self.changed, "orphaned": self.orphaned,
                "corrections": self.corrections,
                "uncarried": [u.to_dict() for u in self.uncarried]}

    @classmethod
    def from_dict(cls, d: dict | None) -> Carried | None:
        try:
            uncarried = [Uncarried.from_dict(u) for u in d.get("uncarried") or ()]
            return cls(d["since"], d["from"], d["carried"], d["changed"], d["orphaned"],
                       int(d.get("corrections") or 0), tuple(u for u in uncarried if u))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # none, or a damaged note about the past: the verdicts are intact


def quote_key(quote: Quote) -> str:
    """The key a verdict is stored under: the quote's offsets, e.g. ``"914-1111;1130-1200"``."""
    return ";".join(f"{start}-{end}" for start, end in quote.parts)


def article_keys(article: Article) -> list[str]:
    """What identifies an article whatever its bytes: its resolved path and canonical URL."""
    keys = [f"path:{os.path.realpath(article.path)}"]
    url = getattr(article, "url", None)
    if url:
        keys.append(f"url:{url}")
    return keys


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------- the store


_FROM_CONFIG = object()  # SessionStore's default reviewer: the one the config names


def sessions_target(given: str | os.PathLike | None = None, config=None) -> str | Path:
    """Where the reviews are: *given* (``--sessions``), else ``$WORKBENCH_SESSIONS``, else
    ``[storage] sessions`` in *config* (default: the config file's), else ``sessions.db`` in the
    user data folder. A ``postgresql://`` URL is returned as text, a file as a Path."""
    for target in (given, os.environ.get(ENV_VAR)):
        if target is not None and str(target) != "":
            return _target(target)
    if config is None:
        from workbench.config import load_config

        config = load_config()
    if config.sessions:
        return _target(config.sessions)
    return default_sessions_path()


def _target(target: str | os.PathLike) -> str | Path:
    return str(target) if is_url(target) else Path(target).expanduser()


def store_exists(target: str | Path) -> bool:
    """Whether there may be reviews at *target* (a server is asked when it is opened)."""
    return is_url(target) or Path(target).exists()


class SessionStore:
    """All review sessions, in one review store: *path*, a file or a ``postgresql://`` URL
    (default: :func:`sessions_target`: ``$WORKBENCH_SESSIONS``, ``[storage] sessions`` in
    *config*, else ``sessions.db`` in the user data folder). *reviewer* names whoever makes the
    verdicts (default: ``[reviewer] name`` in the config; None, recorded as is, when nobody is
    named). Not *create*: a store file that does not exist is an error (commands that only
    read never make one); an existing file that is not a store is refused either way."""

    def __init__(self, path: str | os.PathLike | None = None, *,
                 reviewer: str | None | object = _FROM_CONFIG, config=None,
                 create: bool = True) -> None:
        if reviewer is _FROM_CONFIG:
            from workbench.config import load_config

            config = config if config is not None else load_config()
            reviewer = config.reviewer
        self.reviewer = reviewer
        self.path: str | Path = sessions_target(path, config)
        self._db: ReviewStore = backend_for(self.path).open_reviews(
            self.path, make_folder=path is None, create=create)
        self._clients: list[str] = []

    @property
    def reviewer(self) -> str | None:
        return self._reviewer

    @reviewer.setter
    def reviewer(self, name: str | None) -> None:
        self._reviewer = name
        self.owner = owner_of(name)
        # Progress in the listing: the reviewer's own decisions; with nobody named, anyone's.
        self._progress_owner = self.owner if name is not None else None

    def open(self, article: Article, quotes: list[Quote], speakers: list[Speaker],
             model: str = "") -> Session:
        """The session of *article*: created, or resumed where it was left (verdicts, cursor,
        undo history), with *quotes* as the current extraction. A changed version of an
        article reviewed before gets the verdicts of its latest version (``Session.carried``)."""
        engine_keys = _quote_keys(quotes)
        client = uuid.uuid4().hex
        with self._db.write() as tx:
            # The list as corrected (a new version gets the corrections of the one before).
            applied, cursor, carried = _open_version(tx, article, quotes, engine_keys, model,
                                                     self.owner)
            just_carried = carried is not None
            if carried is None:  # carried when this version was first opened, maybe elsewhere
                carried = Carried.from_dict(tx.carry(article.sha256))
            cursor = min(max(cursor, 0), max(len(applied.quotes) - 1, 0))
            tx.set_cursor(article.sha256, self.owner, cursor)
            tx.add_client(client, self.reviewer, socket.gethostname(), os.getpid(), _now())
        self._clients.append(client)
        session = Session(self._db, self.reviewer, article, list(quotes), list(speakers), model,
                          engine_keys, cursor, client=client, carried=carried,
                          just_carried=just_carried)
        session._use(applied)
        return session

    def listen(self, callback) -> object | None:
        """Call ``callback(sha256)`` from another thread when another review commits a change to
        that article version (a server's live updates); returns a function that stops it, or
        None for a store without live updates (a file: changes show on the next read)."""
        return self._db.listen(callback)

    def list(self) -> list[SessionInfo]:
        """Every article, the most recently changed first, with its versions."""
        with self._db.read() as tx:
            rows = tx.versions(DECISIONS, self._progress_owner)
        return _by_article(rows)

    def get(self, sha256: str) -> SessionInfo | None:
        """The session of the article version with this sha256, if there is one (nothing is
        created)."""
        with self._db.read() as tx:
            rows = tx.versions(DECISIONS, self._progress_owner, sha256=sha256)
        return _by_article(rows[:1])[0] if rows else None

    def find(self, article: Article) -> SessionInfo | None:
        """The review of *article*: of these bytes, else of an earlier version of the same
        article (same resolved path or URL). Nothing is created."""
        with self._db.read() as tx:
            article_id = _article_of(tx, article)
            if article_id is None:
                return None
            rows = tx.versions(DECISIONS, self._progress_owner, article_id=article_id)
        return _by_article(rows)[0] if rows else None

    def close(self) -> None:
        """Close the file; the reviews opened here are closed too (their undo history passes
        to the same reviewer's next review)."""
        if self._clients and not self._db.closed:
            try:
                with self._db.write(durable=False) as tx:
                    tx.close_clients(self._clients)
            except WorkbenchError:
                pass  # a killed or crashed review counts as closed anyway once its process is gone
        self._clients = []
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()



def _by_article(rows: Sequence[VersionRow]) -> list[SessionInfo]:
    """One :class:`SessionInfo` per article from rows newest first: the newest version's."""
    infos: dict[int, list] = {}
    for sha, path, title, reviewed, total, updated, skipped, article_id in rows:
        infos.setdefault(article_id, []).append((sha, path, title, reviewed, total, updated,
                                                 skipped))
    out = []
    for versions in infos.values():
        sha, path, title, reviewed, total, updated, skipped = versions[0]
        out.append(SessionInfo(sha, path, title, reviewed, total, updated, skipped,
                               tuple(VersionInfo(v[0], v[3], v[4], v[5]) for v in versions)))
    return out


def _article_of(tx: ReviewTransaction, article: Article) -> int | None:
    """The article id of these bytes, else of the first identity key known."""
    article_id = tx.article_of_version(article.sha256)
    if article_id is not None:
        return article_id
    for key in article_keys(article):
        article_id = tx.article_of_key(key)
        if article_id is not None:
            return article_id
    return None


def _quote_keys(quotes: Sequence[Quote]) -> list[str]:
    """The verdict key of each quote; quote ids must be unique. Two quotes with the same
    offsets (which extraction does not produce) still get a key each."""
    ids = [q.id for q in quotes]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ReviewError(f"quote id {dup!r} appears twice in the extraction")
    keys: list[str] = []
    for quote in quotes:
        key = quote_key(quote)
        keys.append(key if key not in keys else f"{key}#{keys.count(key) + 1}")
    return keys


def _open_version(tx: ReviewTransaction, article: Article, engine: Sequence[Quote],
                  engine_keys: list[str], model: str, owner: str
                  ) -> tuple[corr.Applied, int, Carried | None]:
    """Create or refresh this version's session (and its article); carry corrections, then
    verdicts over when it is a new version of an article reviewed before. Returns (the quote
    list as corrected, *owner*'s saved cursor, carried)."""
    found = tx.version(article.sha256, owner)
    if found is not None:  # these bytes were reviewed: resume (the file may have moved)
        cursor, article_id = found
        tx.update_version(article.sha256, article.path, article.title, model)
        if article_id is None:
            article_id = _new_article(tx, article.sha256)
        _remember_keys(tx, article, article_id)
        applied = _corrected(tx, article, engine, engine_keys)
        _sync_quotes(tx, article, applied.quotes, applied.keys)
        return applied, cursor, None
    article_id = _article_of(tx, article)
    previous = None
    if article_id is None:
        article_id = _new_article(tx, None)
    else:
        previous = tx.latest_version(article_id, owner)
    tx.add_version(article.sha256, article.path, article.title, model, _now(), article_id)
    _remember_keys(tx, article, article_id)
    uncarried: list[Uncarried] = []
    corrections = 0
    if previous is not None:
        corrections, uncarried = _carry_corrections(tx, previous[0], article, engine,
                                                    engine_keys)
    applied = _corrected(tx, article, engine, engine_keys)
    _sync_quotes(tx, article, applied.quotes, applied.keys)
    if previous is None:
        return applied, 0, None
    cursor, carried = _carry_over(tx, previous, article, applied.quotes, applied.keys, owner,
                                  corrections, uncarried)
    return applied, cursor, carried


def _carry_corrections(tx: ReviewTransaction, old_sha: str, article: Article,
                       engine: Sequence[Quote], engine_keys: list[str]
                       ) -> tuple[int, list[Uncarried]]:
    """Make the corrections in force on version *old_sha* again on this one (see
    :mod:`workbench.review.carry_corrections`), each recorded as its corrector's action (their
    undo reaches it); returns (how many carried, those that did not)."""
    found = [corr.Correction.from_action(after, reviewer, at)
             for after, reviewer, at, undone in tx.corrections(old_sha) if not undone]
    made, lost = carry_corrections([c for c in found if c is not None], engine, engine_keys,
                                   article.text)
    for c in made:
        # No client: like actions from before clients were recorded, it is its corrector's to
        # undo (once no review of theirs is open on this version).
        tx.add_action(article.sha256, c.data.get("key") or c.target, c.target, "correct", {},
                      {**c.data, "carried_from": old_sha}, c.at or _now(), c.reviewer, None,
                      uuid.uuid4().hex)
    return len(made), lost


def _corrected(tx: ReviewTransaction, article: Article, quotes: Sequence[Quote],
               keys: Sequence[str]) -> corr.Applied:
    """The engine's quotes with the corrections in force on this version applied."""
    found = [corr.Correction.from_action(after, reviewer, at)
             for after, reviewer, at, undone in tx.corrections(article.sha256) if not undone]
    return corr.apply(quotes, keys, [c for c in found if c is not None], article.text)


def _new_article(tx: ReviewTransaction, sha256: str | None) -> int:
    article_id = tx.add_article(_now())
    if sha256 is not None:
        tx.attach_article(sha256, article_id)
    return article_id


def _remember_keys(tx: ReviewTransaction, article: Article, article_id: int) -> None:
    """Known keys keep their article: a copy of other bytes at a known path is not a version."""
    tx.remember_keys(article_keys(article), article_id)


def _sync_quotes(tx: ReviewTransaction, article: Article, quotes: Sequence[Quote],
                 keys: list[str]) -> None:
    """Record the current quote set; verdicts whose offsets match take the current id."""
    sha256 = article.sha256
    current = [(key, q.id) for key, q in zip(keys, quotes)]
    if tx.quote_keys(sha256) == current:
        return
    tx.replace_quotes(sha256, current)
    tx.relabel_verdicts(sha256, [(key, q.id, _quote_json(q, article))
                                 for key, q in zip(keys, quotes)])


def _carry_over(tx: ReviewTransaction, previous: Sequence, article: Article,
                quotes: Sequence[Quote], keys: list[str], owner: str, corrections: int = 0,
                uncarried: Sequence[Uncarried] = ()) -> tuple[int, Carried]:
    """Copy every reviewer's verdicts of the *previous* version into this one, paired quote by
    quote; *owner*'s cursor follows its quote."""
    old_sha, since, old_cursor = previous
    old_keys = [key for key, _ in tx.quote_keys(old_sha)]
    new_snapshots = [_snapshot(q, article) for q in quotes]
    carried_n = 0
    changed: set[str] = set()  # quotes, not verdicts: two reviewers' on one quote count once
    orphaned: set[str] = set()
    pair_of: dict = {}
    for reviewer in tx.owners(old_sha):
        pairs, (n, changed_keys, orphaned_keys) = _carry_owner(
            tx, old_sha, old_keys, reviewer, article, quotes, keys, new_snapshots)
        carried_n += n
        changed |= changed_keys
        orphaned |= orphaned_keys
        if reviewer == owner:
            pair_of = pairs
    carried = Carried(since or "", old_sha, carried_n, len(changed), len(orphaned), corrections,
                      tuple(uncarried))
    tx.set_carry(article.sha256, carried.to_dict(), since or _now())
    cursor = 0
    if 0 <= old_cursor < len(old_keys):
        pair = pair_of.get(old_keys[old_cursor])
        cursor = pair.new if pair is not None and pair.new is not None else 0
    return cursor, carried


def _carry_owner(tx: ReviewTransaction, old_sha: str, old_keys: list[str], owner: str,
                 article: Article, quotes: Sequence[Quote], keys: list[str],
                 new_snapshots: list[Snapshot]) -> tuple[dict, tuple[int, set, set]]:
    """Carry *owner*'s verdicts over; (old key -> pair, (verdicts carried, keys of the new
    quotes that changed, old keys of the quotes gone))."""
    old = [(key, qid, json.loads(quote), state)
           for key, qid, quote, state in tx.verdict_rows(old_sha, owner)]
    old = [o for o in old if Verdict(o[1], **o[3]).touched]
    live = [o for o in old if o[0] in old_keys]  # orphans of the old version stay orphans
    pairs = pair_quotes([snapshot(o[2]) for o in live], new_snapshots)
    pair_of = {live[p.old][0]: p for p in pairs}
    changed: set[str] = set()
    orphaned: set[str] = set()
    for key, qid, quote, state in old:
        pair = pair_of.get(key)
        if pair is not None and pair.new is not None:
            new_quote = quotes[pair.new]
            state = {**state, "recheck": state["recheck"] or pair.changed}
            if pair.changed:
                changed.add(keys[pair.new])
            tx.carry_verdict(article.sha256, keys[pair.new], owner, new_quote.id,
                             _quote_json(new_quote, article), state, old_sha)
        else:
            if pair is not None:
                orphaned.add(key)
            orphan_key = key if key.startswith("orphan:") else f"orphan:{old_sha[:12]}:{key}"
            tx.carry_verdict(article.sha256, orphan_key, owner, qid,
                             json.dumps(quote, ensure_ascii=False), state, old_sha)
    return pair_of, (len(pairs) - len(orphaned), changed, orphaned)


def _snapshot(quote: Quote, article: Article) -> Snapshot:
    return snapshot(json.loads(_quote_json(quote, article)), article.chars)


def _quote_json(quote: Quote, article: Article) -> str:
    """The quote as a verdict keeps it: its JSON, and the words around it (to find it again
    in a changed article)."""
    return json.dumps(quote_record(quote, article.text), ensure_ascii=False)


# --------------------------------------------------------------------------- one session


class Session:
    """One article under review. ``quotes`` is the current extraction, in text order; every
    method that changes something saves it before returning. ``carried`` says what was carried
    over to this version when it was first opened after an earlier one (None: nothing);
    ``just_carried``: that happened in this open. Verdicts are read from the store on
    every call, so another review of the same article (another terminal) shows at once."""

    def __init__(self, db: ReviewStore, reviewer: str | None, article: Article, quotes: list[Quote],
                 speakers: list[Speaker], model: str, keys: list[str], cursor: int, *,
                 client: str = "", carried: Carried | None = None,
                 just_carried: bool = False) -> None:
        self.article = article
        self.speakers = speakers
        self.model = model
        self._reviewer = reviewer
        self.owner = owner_of(reviewer)
        self._acted: set[str] = set()  # keys this review changed while its reviewer had no name
        # While the server is away: actions queued to be written once it is back, the states
        # and the corrections last read. The UI turns queuing on.
        self._db = db
        self.queue_when_away = False
        self._queue: list[_Queued] = []
        self._read: dict[str, dict] = {}
        self._stored: list[corr.Correction] = []
        # Queued corrections the store refused once back (another review made them moot),
        # one line each: the UI says them. Verdicts queued on them are kept as orphans.
        self.refused: list[str] = []
        self.client = client
        self.carried = carried
        self.just_carried = just_carried
        self._sha = article.sha256
        # What the engine found; ``quotes`` is that list with the corrections applied.
        self.engine_quotes = list(quotes)
        self._engine_keys = list(keys)
        self._use(corr.Applied(list(quotes), list(keys), {q.id: corr.Origin() for q in quotes},
                               []))
        self._cursor = cursor

    def _use(self, applied: corr.Applied, stored: bool = True) -> None:
        """Take *applied* as the quote list (after a correction, its undo, or on opening);
        *stored*: its corrections are the store's (not queued ones on top)."""
        if stored:
            self._stored = applied.made
        self.quotes = applied.quotes
        self.origins: dict[str, corr.Origin] = applied.origins
        self.removed: list[corr.Removed] = applied.removed
        self._key_of = {q.id: key for q, key in zip(applied.quotes, applied.keys)}
        self._position = {key: i for i, key in enumerate(applied.keys)}
        self._id_of = {key: q.id for q, key in zip(applied.quotes, applied.keys)}

    @property
    def reviewer(self) -> str | None:
        """Who makes the verdicts; naming a review that had no name (the UI asks once) takes
        the verdicts it made so far along to the name."""
        return self._reviewer

    @reviewer.setter
    def reviewer(self, name: str | None) -> None:
        old, new = self.owner, owner_of(name)
        if old == "" and new != old and self._acted:
            with self._db.write() as tx:
                tx.move_verdicts(self._sha, sorted(self._acted), old, new)
            self._acted = set()
        self._reviewer, self.owner = name, new

    @property
    def queue_when_away(self) -> bool:
        """While the server is away, queue actions (shown as made) instead of failing with
        SessionUnavailable; then the caller reconnects (:meth:`reconnect`, off its UI thread)
        and :meth:`flush`es: no read or write waits for a connection."""
        return self._queue_when_away

    @queue_when_away.setter
    def queue_when_away(self, on: bool) -> None:
        self._queue_when_away = on
        self._db.reconnect_on_use = not on

    def reconnect(self) -> bool:
        """Connect to the server again if it went away; True when it is back (or was never
        away). May wait for the connect timeout (10 s for a host that does not answer): call
        it from a worker thread. Writes nothing: :meth:`flush` writes the queue."""
        return self._db.reconnect()

    @property
    def cursor(self) -> int:
        """The index into ``quotes`` the checker is at (saved by :meth:`move`)."""
        return self._cursor

    # ------------------------------------------------------------------ reading

    def verdict(self, quote_id: str) -> Verdict:
        """The verdict on a quote (``unreviewed`` if nobody touched it)."""
        key = self._key(quote_id)
        if self._queue:
            return Verdict(quote_id, **self._all_states().get(key, _EMPTY_STATE))
        try:
            with self._db.read() as tx:
                state = self._read[key] = self._state(tx, key)
            return Verdict(quote_id, **state)
        except SessionUnavailable:
            if not self.queue_when_away:
                raise
            return Verdict(quote_id, **self._queued_states().get(key, _EMPTY_STATE))

    def verdicts(self) -> list[Verdict]:
        """The verdicts on all current quotes, in ``quotes`` order (one query)."""
        states = self._all_states()
        return [Verdict(q.id, **states.get(self._key_of[q.id], _EMPTY_STATE)) for q in self.quotes]

    def verdicts_by_reviewer(self, quote_id: str) -> dict[str, Verdict]:
        """Every reviewer's verdict on a quote (untouched ones left out), by reviewer name
        ("" for a review with no name), this reviewer's included."""
        key = self._key(quote_id)
        try:
            with self._db.read() as tx:
                rows = tx.reviews(self._sha, key)
        except SessionUnavailable:
            if not self.queue_when_away:
                raise
            return {}  # the server is away: nobody else's verdicts to show
        return {owner: verdict for _, owner, state in rows
                if owner != FINAL_OWNER and (verdict := Verdict(quote_id, **state)).touched}

    def reviews(self) -> list[dict[str, Verdict]]:
        """:meth:`verdicts_by_reviewer` of every current quote, in ``quotes`` order (one
        query)."""
        return self._team()[0]

    def final(self, quote_id: str) -> Verdict | None:
        """The editor's final verdict on a quote (None: none recorded); ``reviewer`` says who."""
        key = self._key(quote_id)
        try:
            with self._db.read() as tx:
                state = tx.verdict(self._sha, key, FINAL_OWNER)
        except SessionUnavailable:
            if not self.queue_when_away:
                raise
            return None
        verdict = Verdict(quote_id, **state) if state is not None else None
        return verdict if verdict is not None and verdict.touched else None

    def _team(self) -> tuple[list[dict[str, Verdict]], list[Verdict | None]]:
        """(every reviewer's verdicts, the final verdict) of each current quote (one query)."""
        try:
            with self._db.read() as tx:
                rows = tx.reviews(self._sha)
        except SessionUnavailable:
            if not self.queue_when_away:
                raise
            rows = []
        found: dict[str, dict[str, Verdict]] = {}
        for key, owner, state in rows:
            quote_id = self._id_of.get(key)
            if quote_id is not None and (verdict := Verdict(quote_id, **state)).touched:
                found.setdefault(key, {})[owner] = verdict
        keys = [self._key_of[q.id] for q in self.quotes]
        finals = [found.get(key, {}).pop(FINAL_OWNER, None) for key in keys]
        return [found.get(key, {}) for key in keys], finals

    def evidence_owed(self) -> list[str]:
        """The ids of the current quotes whose verdict owes its evidence (see
        :attr:`Verdict.owes_evidence`), in ``quotes`` order: nothing owed is lost on quit."""
        return [v.quote_id for v in self.verdicts() if v.owes_evidence]

    def disagreement(self, quote_id: str) -> bool:
        """Whether two reviewers decided the quote differently (see :func:`disagree`)."""
        return disagree(self.verdicts_by_reviewer(quote_id))

    def outcomes(self) -> list[Outcome]:
        """The desk's verdict on every current quote, in ``quotes`` order
        (:mod:`workbench.review.outcome`)."""
        reviews, finals = self._team()
        return [outcome_of(q.id, by, final)
                for q, by, final in zip(self.quotes, reviews, finals)]

    def orphans(self, everyone: bool = False) -> list[Orphan]:
        """Verdicts on quotes the current extraction no longer has, in text order: this
        reviewer's (*everyone*: every reviewer's)."""
        with self._db.read() as tx:
            owners = tx.owners(self._sha) if everyone else [self.owner]
            rows = [(row, tx.carried_from(self._sha, owner))
                    for owner in owners for row in tx.verdict_rows(self._sha, owner)]
        found = []
        for (key, quote_id, quote, state), origin in rows:
            # The id the quote had, and the version it had it in: never a current quote's id.
            verdict = Verdict(f"{quote_id}@{origin.get(key, self._sha)[:8]}", **state)
            if key not in self._position and verdict.touched:
                found.append(Orphan(verdict, json.loads(quote)))
        return sorted(found, key=lambda o: (o.quote.get("start", 0), o.quote.get("end", 0)))

    def counts(self) -> dict[str, int]:
        """Quotes by state: ``decided`` (confirmed, disputed, unverifiable and not marked for a
        second look), ``skipped``, ``recheck`` (quote changed since it was decided: by a
        changed article or a correction), ``open`` (everything not decided) and ``total``."""
        verdicts = self.verdicts()
        decided = sum(1 for v in verdicts if v.decided)
        return {"decided": decided, "skipped": sum(1 for v in verdicts if v.status == "skipped"),
                "recheck": sum(1 for v in verdicts if v.recheck),
                "open": len(verdicts) - decided, "total": len(verdicts)}

    def progress(self) -> tuple[int, int]:
        """(quotes decided, quotes in all): a skip is not a decision."""
        counts = self.counts()
        return counts["decided"], counts["total"]

    def next_open(self, after: int) -> int | None:
        """The index of the first open quote (not decided: unreviewed, skipped or marked for a
        second look) after index *after*, wrapping round to the start; None when every quote
        is decided (``after=-1`` searches from 0)."""
        n = len(self.quotes)
        if n == 0:
            return None
        verdicts = self.verdicts()
        start = after + 1 if -1 <= after < n else 0
        return next((i for i in [*range(start, n), *range(0, start)]
                     if not verdicts[i].decided), None)

    # ------------------------------------------------------------------ actions

    def set_status(self, quote_id: str, status: str, reason: str | None = None, *,
                   evidence: dict | None | object = _KEEP, action_id: str | None = None
                   ) -> str | None:
        """Set the status (and, for ``disputed``, the reason; other statuses clear it), with the
        evidence it rests on when given (a record of :mod:`workbench.review.evidence`; None for
        none). Returns a line when this replaced another verdict ("q3: disputed (altered) ->
        skipped"), else None. Any status clears the mark for a second look."""
        check_status(status, reason)
        changes = {"status": status, "reason": reason, "recheck": False}
        if evidence is not _KEEP:
            changes["evidence"] = _plain_evidence(evidence)
        before = self._act(quote_id, "status", action_id, **changes)
        return _replaced(quote_id, before, changes)

    def set_final(self, quote_id: str, status: str, reason: str | None = None, *,
                  evidence: dict | None | object = _KEEP, note: str | None = None,
                  action_id: str | None = None) -> str | None:
        """Record the editor's final verdict on a quote: a decision (or ``unreviewed``, which
        withdraws it), with the evidence it rests on and a note, as one undoable action of this
        review (same rules as :meth:`set_status`). Returns a line when it replaced an earlier
        final verdict ("q3: final confirmed -> disputed (altered)")."""
        check_status(status, reason)
        if status not in (*DECISIONS, "unreviewed"):
            raise ReviewError(f"a final verdict is a decision ({', '.join(DECISIONS)}), "
                              f"not {status!r}")
        changes = {"status": status, "reason": reason, "recheck": False}
        if evidence is not _KEEP:
            changes["evidence"] = _plain_evidence(evidence)
        if note is not None:
            _check_note(note)
            changes["note"] = note
        before = self._act(quote_id, "final", action_id, **changes)
        return _replaced(quote_id, before, changes, "final ")

    def set_note(self, quote_id: str, note: str, *, action_id: str | None = None) -> None:
        _check_note(note)
        self._act(quote_id, "note", action_id, note=note)

    def set_speaker(self, quote_id: str, name: str | None, *,
                    action_id: str | None = None) -> None:
        """Override the speaker with *name*; None (or blank) goes back to the extracted one."""
        if name is not None and not isinstance(name, str):
            raise ReviewError(f"a speaker must be a name, not {type(name).__name__}")
        self._act(quote_id, "speaker", action_id, speaker=(name or "").strip() or None)

    def set_evidence(self, quote_id: str, evidence: dict | None, *,
                     action_id: str | None = None) -> None:
        """The corpus match backing the verdict, as a plain dict (an evidence record)."""
        self._act(quote_id, "evidence", action_id, evidence=_plain_evidence(evidence))

    # ------------------------------------------------------------------ corrections

    def add_quote(self, words: str, near: int | None = None, *,
                  action_id: str | None = None) -> Quote:
        """Add a quote the engine missed: *words* (part of it, as typed or pasted) found in
        the article, the occurrence nearest offset *near* (default: the current quote's
        start). It gets the next reviewer id (``r1``…); engine ids do not shift. Returns it."""
        if not isinstance(words, str):
            raise ReviewError(f"the words must be text, not {type(words).__name__}")
        if near is None:
            near = self.quotes[self._cursor].start if self.quotes else 0
        action_id = action_id or uuid.uuid4().hex
        # a clear error before any write: words absent, or only in quotes already
        corr.find_words(self.article.text, words, near, corr.quote_spans(self.article.text,
                                                                         self.quotes))

        def make(used: list[str], quotes: Sequence[Quote]) -> dict:
            new_id = corr.next_reviewer_id([*used, *(q.id for q in quotes)])
            return {**corr.add_op(self.article.text, words, near, new_id, quotes),
                    "key": f"{corr.ADDED_KEY}{action_id}"}

        op = self._correct(make, action_id)
        return self.quotes[self._position[self._key_of[op["target"]]]]

    def merge(self, quote_id: str, *, action_id: str | None = None) -> str:
        """Merge the quote with the next one: one statement, two parts. The merged quote keeps
        this quote's id and verdicts; the next one's verdicts stay in the record (orphans)."""
        self._key(quote_id)
        op = corr.merge_op(self.quotes, quote_id)
        return corr.describe(self._correct(lambda used, quotes: op, action_id))

    def resize(self, quote_id: str, edge: str, grow: bool, *,
               action_id: str | None = None) -> str:
        """Move the quote's start or end (*edge*) by one word, out (*grow*) or in. Its id and
        verdicts stay."""
        quote = self.quotes[self._position[self._key(quote_id)]]
        op = corr.span_op(self.article.text, quote, edge, grow)
        return corr.describe(self._correct(lambda used, quotes: op, action_id))

    def reject(self, quote_id: str, *, action_id: str | None = None) -> str:
        """Mark the quote "not a quote": it leaves the list, and stays in the record (its
        verdicts too, as orphans; the export lists it under ``rejected``)."""
        self._key(quote_id)
        op = corr.reject_op(quote_id)
        return corr.describe(self._correct(lambda used, quotes: op, action_id))

    def refresh(self) -> bool:
        """Read the corrections again (another review's); whether the quote list changed."""
        was = [(q.id, q.parts) for q in self.quotes]
        with self._db.read() as tx:
            applied = _corrected(tx, self.article, self.engine_quotes, self._engine_keys)
        self._use(applied)
        self._cursor = min(self._cursor, max(len(self.quotes) - 1, 0))
        self._show_queue()
        return [(q.id, q.parts) for q in self.quotes] != was

    def _correct(self, make, action_id: str | None) -> dict:
        """Record one correction (``make(ids of added quotes, the quote list)`` gives it) as
        one undoable action, and take the quote list it makes. The cursor goes to the quote it
        changed. While the server is away (and :attr:`queue_when_away` is set) it is queued like a
        verdict: the list shows it at once, :meth:`flush` writes it once it is back."""
        action_id = action_id or uuid.uuid4().hex
        before = list(self.quotes)

        def made(used: list[str], quotes: Sequence[Quote]) -> dict:
            return record(make(used, quotes), before, self.article.text)  # as it was made on

        if not self._away():
            try:
                return self._correct_now(made, action_id)
            except SessionUnavailable:
                if not self.queue_when_away:
                    raise
        used = [c.target for c in self._stored if c.op == "add"] + [
            q.op["target"] for q in self._queue if q.kind == "correct" and q.op["op"] == "add"]
        op = made(used, self.quotes)
        self._queue.append(_Queued("correct", action_id, op.get("key") or op["target"],
                                   make=made, op=op))
        self._show_queue(op["target"])
        return op

    def _correct_now(self, make, action_id: str, target: str | None = None) -> dict:
        """Write one correction in one transaction (a retry of one already written changes
        nothing); the cursor goes to *target* (default: the corrected quote)."""
        with self._db.write() as tx:
            found = tx.corrections(self._sha)
            done = tx.has_action(self.client, action_id)  # written: its answer was lost
            added = f"{corr.ADDED_KEY}{action_id}"  # an add as written (its id may differ)
            op = next((a for a, *_ in found if a.get("key") == added), None) if done else None
            if op is None:
                stored = _corrected(tx, self.article, self.engine_quotes, self._engine_keys)
                op = make([after.get("target", "") for after, *_ in found
                           if after.get("op") == "add"], stored.quotes)
            if not done:
                key = self._key_of.get(op["target"]) or op.get("key") or op["target"]
                if op["op"] in corr.REWORDING:  # the verdicts on it rest on other words now
                    op = {**op, "rechecked": _mark_recheck(tx, self._sha, key)}
                tx.drop_redo(self._sha, self._mine(tx))
                tx.add_action(self._sha, key, op["target"], "correct", {}, op, _now(),
                              self.reviewer, self.client, action_id)
            applied, cursor = self._reapply(tx, target or op["target"])
            tx.touch(self._sha, _now(), self.owner, cursor)
        self._use(applied)
        self._cursor = cursor
        return op

    def _show_queue(self, target: str | None = None) -> None:
        """Show the queued corrections (if any) on top of the corrections last read; the
        cursor on *target* (by default, the quote it is on)."""
        queued = [corr.Correction(q.op["op"], q.op["target"], q.op, self.reviewer, None)
                  for q in self._queue if q.kind == "correct"]
        current = target or (self.quotes[self._cursor].id if self.quotes else None)
        applied = corr.apply(self.engine_quotes, self._engine_keys, [*self._stored, *queued],
                             self.article.text)
        self._use(applied, stored=False)
        ids = [q.id for q in self.quotes]
        self._cursor = (ids.index(current) if current in ids
                        else min(self._cursor, max(len(ids) - 1, 0)))

    def _reapply(self, tx: ReviewTransaction, target: str) -> tuple[corr.Applied, int]:
        """The corrected list as the store now has it, recorded as the version's quote set;
        and the cursor: on *target* if it is in the list, else where it was."""
        applied = _corrected(tx, self.article, self.engine_quotes, self._engine_keys)
        _sync_quotes(tx, self.article, applied.quotes, applied.keys)
        ids = [q.id for q in applied.quotes]
        cursor = ids.index(target) if target in ids else self._cursor
        return applied, min(cursor, max(len(ids) - 1, 0))

    def move(self, cursor: int) -> None:
        """Move the cursor to index *cursor* of ``quotes`` (saved; not an undoable action)."""
        if isinstance(cursor, bool) or not isinstance(cursor, int):
            raise ReviewError(f"the cursor must be an index, not {type(cursor).__name__}")
        last = max(len(self.quotes) - 1, 0)
        if not 0 <= cursor <= last:
            raise ReviewError(f"cursor {cursor} is out of range (0..{last})")
        if cursor == self._cursor:
            return
        try:
            with self._db.write(durable=False) as tx:
                tx.set_cursor(self._sha, self.owner, cursor)
        except SessionUnavailable:
            if not self.queue_when_away:
                raise  # else: saved with the next move once the server is back
        self._cursor = cursor

    def undo(self) -> str | None:
        """Take back this review's last action; return what it was ("q3: disputed
        (misquoted)"), None when there is nothing to undo. The cursor moves to the quote it
        changed. Raises :class:`ReviewConflict` when someone changed that quote since."""
        return self._step(undo=True)

    def redo(self) -> str | None:
        """Apply again the action undone last; None when there is nothing to redo."""
        return self._step(undo=False)

    # ------------------------------------------------------------------ internals

    def _key(self, quote_id: str) -> str:
        try:
            return self._key_of[quote_id]
        except (KeyError, TypeError):
            why = self.gone(quote_id)
            raise ReviewError(f"no quote {quote_id!r} in this article"
                              + (f" ({why})" if why else "")) from None

    def gone(self, quote_id: object) -> str | None:
        """Why *quote_id* left the list, when a correction took it out: "marked not a quote
        by ana" or "merged into q3" (None: no correction did)."""
        for removed in reversed(self.removed):
            if removed.quote.get("id") == quote_id:
                if removed.why == "merged":
                    return f"merged into {removed.into}"
                return "marked not a quote" + (f" by {removed.reviewer}"
                                               if removed.reviewer else "")
        return None

    def _state(self, tx: ReviewTransaction, key: str, owner: str | None = None) -> dict:
        state = tx.verdict(self._sha, key, self.owner if owner is None else owner)
        return state if state is not None else dict(_EMPTY_STATE)

    def _all_states(self) -> dict[str, dict]:
        """This reviewer's verdict states by key (with the queued actions applied, while the
        server is away)."""
        try:
            with self._db.read() as tx:
                self._read = tx.verdict_states(self._sha, self.owner)
        except SessionUnavailable:
            if not self.queue_when_away:
                raise
        return self._queued_states()

    def _queued_states(self) -> dict[str, dict]:
        """The states last read, with the queued actions (not yet written) on top."""
        states = dict(self._read)
        for queued in self._queue:
            if queued.kind not in ("final", "correct"):
                states[queued.key] = {**states.get(queued.key, _EMPTY_STATE), **queued.changes,
                                      "reviewer": self.reviewer}
        return states

    @property
    def queued(self) -> int:
        """Actions waiting for the server to come back (see :attr:`queue_when_away`)."""
        return len(self._queue)

    def flush(self) -> int:
        """Write the queued actions, in order, each exactly once (its action id makes a retry
        of one whose commit went through a no-op); stops at the first the server still does
        not take. Returns how many were written."""
        written = 0
        while self._queue:
            queued = self._queue[0]
            try:
                if queued.kind == "correct":
                    at = self.quotes[self._cursor].id if self.quotes else None
                    try:
                        self._correct_now(queued.make, queued.action_id, at)
                    except ReviewError as exc:  # refused now (someone quoted those words)
                        self.refused.append(f"{corr.describe(queued.op)}: {exc}")
                        written -= 1
                else:  # the quote as it is now (its id), or as it was if it left the list
                    where = self._position.get(queued.key)
                    quote = self.quotes[where] if where is not None else queued.quote
                    self._write(queued.key, quote, queued.kind, queued.action_id,
                                queued.changes)
            except SessionUnavailable:
                break
            self._queue.pop(0)
            self._show_queue()
            written += 1
        return written

    def _act(self, quote_id: str, kind: str, action_id: str | None = None,
             **changes) -> dict | None:
        """:meth:`_write`, or, while the server is away and :attr:`queue_when_away` is set,
        queued (with its action id) to be written by :meth:`flush` once it is back. Returns
        the state before (None: nothing changed)."""
        action_id = action_id or uuid.uuid4().hex
        key = self._key(quote_id)
        quote = self.quotes[self._position[key]]
        if not self._away():
            try:
                return self._write(key, quote, kind, action_id, changes)
            except SessionUnavailable:
                if not self.queue_when_away:
                    raise
        before = (self._queued_states().get(key, dict(_EMPTY_STATE)) if kind != "final"
                  else dict(_EMPTY_STATE))
        if all(before.get(field) == value for field, value in changes.items()):
            return None
        self._queue.append(_Queued(kind, action_id, key, quote, changes))
        return before

    def _away(self) -> bool:
        """Whether earlier actions are still queued (written first when it can be: actions
        are written in the order they were made); raises when they are and queuing is off."""
        if self._queue:
            self.flush()
        if self._queue and not self.queue_when_away:
            raise SessionUnavailable("the review server is away: earlier actions are still "
                                     "queued")
        return bool(self._queue)

    def _write(self, key: str, quote: Quote, kind: str, action_id: str,
               changes: dict) -> dict | None:
        """Apply one change as one transaction: the verdict (the final one for kind "final"),
        the undo log entry, this review's redo branch dropped, the session's time. A change
        that changes nothing is not recorded (returns None); else returns the state before.
        *action_id* (the caller's, kept for retries) makes the action idempotent: a retry of
        one this review already recorded (its commit went through, its answer was lost)
        changes nothing and returns None. The verdict is written under *key* with *quote* (as
        the action saw it) even if the quote left the list since: kept as an orphan."""
        owner = _owner_for(kind, self.owner)
        with self._db.write() as tx:
            before = self._state(tx, key, owner)
            if tx.has_action(self.client, action_id) or all(
                    before[field] == value for field, value in changes.items()):
                return None
            now = _now()
            after = {**before, **changes, "reviewer": self.reviewer, "updated_at": now}
            tx.put_verdict(self._sha, key, owner, quote.id, _quote_json(quote, self.article),
                           _complete(after))
            tx.drop_redo(self._sha, self._mine(tx))
            tx.add_action(self._sha, key, quote.id, kind, before, after, now, self.reviewer,
                          self.client, action_id)
            tx.touch(self._sha, now)
        if owner == self.owner:
            self._read[key] = _complete(after)  # what a queued action builds on
        if not owner:
            self._acted.add(key)
        return before

    def _mine(self, tx: ReviewTransaction) -> list[str]:
        """The clients whose actions this review may undo: itself, and earlier reviews by the
        same reviewer on this machine that are closed (their process is gone). Actions from
        before clients were recorded count as the reviewer's ("")."""
        mine = [self.client]
        host = socket.gethostname()
        for client, client_host, pid, closed in tx.action_clients(self._sha, self.reviewer,
                                                                  self.client):
            if client is None or closed or (client_host == host and not _alive(pid)):
                mine.append(client if client is not None else "")
        return mine

    def _step(self, undo: bool) -> str | None:
        """Undo (this review's newest applied action) or redo (its most recently undone one),
        in one transaction; not while actions are queued (they come first)."""
        if self._queue:
            self.flush()
            if self._queue:
                raise SessionUnavailable("the review server is away: "
                                         f"{'undo' if undo else 'redo'} waits until the "
                                         "queued actions are written")
        applied = conflict = None
        with self._db.write() as tx:
            action = tx.next_step(self._sha, self._mine(tx), undo)
            if action is None:
                return None
            key, quote_id, kind = action.key, action.quote_id, action.kind
            label = self._id_of.get(key, quote_id)
            if kind == "correct":  # the list is shared: the correction goes, the list follows
                tx.mark_action(action.id, undone=undo)
                if undo:  # the words its verdicts were decided on are back
                    _clear_recheck(tx, self._sha, key, action.after.get("rechecked") or [])
                elif action.after.get("op") in corr.REWORDING:
                    _mark_recheck(tx, self._sha, key)
                applied, cursor = self._reapply(tx, quote_id)
                tx.touch(self._sha, _now(), self.owner, cursor)
            else:
                expected = action.after if undo else action.before
                owner = _owner_for(kind, self.owner)
                current = self._state(tx, key, owner)
                if not _same_state(current, expected):
                    # Overtaken: the action leaves the undo (or redo) line, so the next z
                    # reaches this review's older actions; the verdict stays as the other
                    # review left it.
                    tx.overtake_action(action.id)
                    who = current.get("reviewer") or "another review"
                    conflict = (f"{label} was changed since by {who} "
                                f"({describe('status', label, current).split(': ', 1)[1]}): "
                                f"not {'undone' if undo else 'redone'}")
                else:
                    state = action.before if undo else action.after
                    tx.restore_verdict(self._sha, key, owner, _complete(state))
                    tx.mark_action(action.id, undone=undo)
                    cursor = self._position.get(key, self._cursor)
                    tx.touch(self._sha, _now(), self.owner, cursor)
        if conflict is not None:  # raised after the commit: the mark is kept
            raise ReviewConflict(conflict)
        if applied is not None:
            self._use(applied)
            self._cursor = cursor
            return corr.describe(action.after)
        self._cursor = cursor
        return describe(kind, label, action.after)


def _mark_recheck(tx: ReviewTransaction, sha256: str, key: str) -> list[str]:
    """Mark every decided verdict on the quote under *key* (every reviewer's and the final)
    for a second look: a correction changed the quote's words, so the decision and its
    evidence are about other words. Returns the owners whose mark this set (an undo of the
    correction clears those, not a mark a changed article set)."""
    marked = []
    for _, owner, state in tx.reviews(sha256, key):
        if state["status"] in DECISIONS and not state["recheck"]:
            tx.restore_verdict(sha256, key, owner, _complete({**state, "recheck": True}))
            marked.append(owner)
    return marked


def _clear_recheck(tx: ReviewTransaction, sha256: str, key: str, owners: Sequence[str]) -> None:
    """Take back the marks :func:`_mark_recheck` set for *owners* (still decided, still
    marked: a status set since cleared the mark already)."""
    for owner in owners:
        state = tx.verdict(sha256, key, owner)
        if state is not None and state["recheck"] and state["status"] in DECISIONS:
            tx.restore_verdict(sha256, key, owner, _complete({**state, "recheck": False}))


def _check_note(note) -> None:
    if not isinstance(note, str):
        raise ReviewError(f"a note must be text, not {type(note).__name__}")
    if len(note) > MAX_NOTE_CHARS:
        raise ReviewError(f"the note is too long ({len(note):,} characters; "
                          f"the limit is {MAX_NOTE_CHARS:,})")


def _owner_for(kind: str, owner: str) -> str:
    """Whose verdict an action of *kind* changes: the final one, or the reviewer's own."""
    return FINAL_OWNER if kind == "final" else owner


def _replaced(quote_id: str, before: dict | None, after: dict, label: str = "") -> str | None:
    """"q3: disputed (altered) -> skipped" when a status replaced another, else None."""
    if before is None or before["status"] == "unreviewed" or (
            before["status"], before["reason"]) == (after["status"], after["reason"]):
        return None
    was = describe("status", quote_id, before).split(": ", 1)[1]
    now = describe("status", quote_id, after).split(": ", 1)[1]
    return f"{quote_id}: {label}{was} -> {now}"


def _alive(pid: int | None) -> bool:
    """Whether a process of this machine is still running (then its review is open)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def _same_state(a: dict, b: dict) -> bool:
    """Whether a verdict is still as an action left it (time and reviewer aside)."""
    fields = ("status", "reason", "note", "speaker", "evidence")
    return all(a.get(f, _EMPTY_STATE[f]) == b.get(f, _EMPTY_STATE[f]) for f in fields)


def _plain_evidence(evidence) -> dict | None:
    """Evidence as stored: plain JSON data, round-tripped now so what is read back equals what
    was set."""
    if evidence is None:
        return None
    if not isinstance(evidence, dict):
        raise ReviewError(f"evidence must be a dict, not {type(evidence).__name__}")
    try:
        return json.loads(json.dumps(evidence, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise ReviewError(f"evidence must be plain JSON data ({exc})") from None


def _complete(state: dict) -> dict:
    """A state with every field; states saved before a field existed get its default."""
    return {f: state.get(f, _EMPTY_STATE[f]) for f in STATE_FIELDS}


def describe(kind: str, quote_id: str, state: dict) -> str:
    """A short line for an action: "q3: disputed (misquoted)", "q3: note", "q3: speaker Ann"."""
    if kind in ("status", "final"):
        reason = f" ({state['reason'].replace('_', ' ')})" if state.get("reason") else ""
        final = "final " if kind == "final" else ""
        return f"{quote_id}: {final}{state['status']}{reason}"
    if kind == "speaker":
        name = state.get("speaker")
        return f"{quote_id}: speaker {name}" if name else f"{quote_id}: speaker reset"
    value = state.get(kind)
    return f"{quote_id}: {kind}" if value else f"{quote_id}: {kind} cleared"
