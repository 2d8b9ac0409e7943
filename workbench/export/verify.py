"""``workbench verify``: re-check a published review (our JSON export) from files alone.

What is checked, for an export, its article file and the corpus:

* the article file has the sha256 the export records, and each quote's text is at its offsets
  (its parts joined by a space, as ``extract`` joins them);
* each evidence span is still in the corpus: the document with that id has the same path (its
  key), metadata and stored-text sha256, and the span's text is at the span's offsets;
* the evidence's kind, score, word diff and source speaker come out the same when the query is
  aligned again: the search (:func:`workbench.corpus.search.search`, which decides kinds) is run
  on a corpus of just the evidence's documents (their text and passages copied), so documents
  added to the corpus since cannot crowd the evidence out;
* each reviewer's own verdict (``reviews``) and the editor's ``final``, where its evidence
  record is not the published one: checked the same way, each line naming whose it is
  ("q3 (ben's verdict)"), so a reviewer's verdict cannot rest on evidence that does not hold
  even when the desk published another;
* a "no match" record: the query is searched again in the whole corpus. If the corpus finds
  something, that is a problem when the corpus and the tool are the ones the record names (same
  fingerprint and version: the record is wrong), else a note (the corpus or the search changed
  since, which does not make the record wrong). A "no match" made with no corpus open (the
  record names none, and neither --db nor the export does) is a note: nothing was searched;
* a verdict marked for a second look (``recheck``: a correction or a changed article changed
  the quote's words since it was decided) whose evidence searched other words than the quote
  now has: a problem, "the verdict rests on other words".

A *note* reports what an auditor should know but does not make the check fail: the corpus
changed since the evidence was recorded, a decided quote with no evidence, a query the checker
edited, evidence from an earlier version with no document hash.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError, os_reason, show_path
from workbench.render import clip, one_line
from workbench.review.evidence import hash_text

__all__ = ["Finding", "Verification", "load_export", "verify_export"]

DECIDED = ("confirmed", "disputed", "unverifiable")
_LOCATED = ("document", "span", "speaker")
"""The top level of a recorded evidence repeats these of its first part."""
REALIGN_LIMIT = 10
"""Matches asked of the re-alignment: the evidence's own span is among the first few."""
SCORE_TOLERANCE = 0.05
"""Scores are recorded rounded to one decimal."""
TITLE_CHARS = 50


@dataclass(frozen=True)
class Finding:
    """One line of the report: a *problem* (the check fails) or a *note* (it does not)."""

    where: str  # "article", "corpus", "q3", "q2 (orphaned)"
    message: str
    note: bool = False

    def __str__(self) -> str:
        return f"{'note: ' if self.note else ''}{self.where}: {self.message}"


@dataclass
class Verification:
    """What :func:`verify_export` found, and how much it looked at."""

    findings: list[Finding] = field(default_factory=list)
    quotes: int = 0
    evidence: int = 0  # quotes with an evidence record
    reviews: int = 0  # reviewers' (and final) evidence records checked beside the published one

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.note]

    def summary(self) -> str:
        notes = len(self.findings) - len(self.problems)
        counted = (f"{self.quotes} quote{'s' if self.quotes != 1 else ''}, "
                   f"{self.evidence} with evidence")
        if self.reviews:
            counted += (f" (and {self.reviews} reviewer verdict{'s' if self.reviews != 1 else ''}"
                        " with evidence of their own)")
        tail = f"; {notes} note{'s' if notes != 1 else ''}" if notes else ""
        if not self.problems:
            return f"verified: {counted}: everything holds{tail}"
        n = len(self.problems)
        return f"NOT verified: {n} problem{'s' if n != 1 else ''} in {counted}{tail}"


# --------------------------------------------------------------------------- reading the export


def load_export(path: str | os.PathLike) -> dict:
    """The export at *path*, checked to be ours; WorkbenchError (one line) otherwise."""
    shown = show_path(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise WorkbenchError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise WorkbenchError(f"{shown}: is a directory, not an export file") from None
    except OSError as exc:
        raise WorkbenchError(f"{shown}: cannot read the file ({os_reason(exc)})") from None
    try:
        export = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise WorkbenchError(f"{shown}: not a JSON file (not UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise WorkbenchError(f"{shown}: not a JSON file ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise WorkbenchError(f"{shown}: not a JSON file (nested too deeply)") from None
    problem = _shape_problem(export)
    if problem:
        raise WorkbenchError(f"{shown}: not a workbench review export ({problem})")
    return export


def _shape_problem(export) -> str | None:
    """What makes *export* not ours (the fields verify reads), or None."""
    from workbench.export.json_export import FORMAT, FORMAT_VERSION

    if not isinstance(export, dict):
        return "not a JSON object"
    fmt = export.get("format")
    if not isinstance(fmt, dict) or fmt.get("name") != FORMAT:
        return f'no "format": {{"name": "{FORMAT}"}}; `workbench export --format json` writes it'
    version = fmt.get("version")
    if isinstance(version, bool) or version not in range(1, FORMAT_VERSION + 1):
        # Every version so far has the fields verify reads where version 1 had them.
        return f"format version {version!r}; this workbench reads 1 to {FORMAT_VERSION}"
    article = export.get("article")
    if not (isinstance(article, dict) and isinstance(article.get("path"), str)
            and isinstance(article.get("sha256"), str)):
        return "article.path and article.sha256 must be strings"
    for key in ("quotes", "orphaned"):
        if not isinstance(export.get(key), list):
            return f"{key} must be a list"
        for i, quote in enumerate(export[key]):
            problem = _quote_problem(quote)
            if problem:
                return f"{key}[{i}]: {problem}"
    return None


def _quote_problem(quote) -> str | None:
    if not isinstance(quote, dict):
        return "not an object"
    if not (isinstance(quote.get("id"), str) and isinstance(quote.get("text"), str)):
        return "id and text must be strings"
    if not (_is_offset(quote.get("start")) and _is_offset(quote.get("end"))):
        return "start and end must be offsets"
    parts = quote.get("parts")
    if not (isinstance(parts, list) and parts and all(
            isinstance(p, list) and len(p) == 2 and all(map(_is_offset, p)) for p in parts)):
        return "parts must be a list of [start, end] offsets"
    problem = _evidence_problem(quote.get("evidence"))
    if problem:
        return problem
    final, reviews = quote.get("final"), quote.get("reviews", [])
    if not isinstance(reviews, list):
        return "reviews must be a list"
    for i, review in enumerate(reviews):
        problem = _review_problem(review)
        if problem:
            return f"reviews[{i}]: {problem}"
    problem = _review_problem(final) if final is not None else None
    return f"final: {problem}" if problem else None


def _review_problem(review) -> str | None:
    if not isinstance(review, dict):
        return "not an object"
    if not isinstance(review.get("verdict", {}), dict):
        return "verdict must be an object"
    return _evidence_problem(review.get("evidence"))


def _evidence_problem(evidence) -> str | None:
    if evidence is not None and not isinstance(evidence, dict):
        return "evidence must be an object or null"
    if isinstance(evidence, dict):
        parts = evidence.get("parts") or []
        if not isinstance(parts, list):
            return "evidence parts must be a list"
        for i, part in enumerate([evidence] + parts):
            problem = _located_problem(part)
            if problem:
                return f"evidence{'' if i == 0 else f' part {i}'}: {problem}"
    return None


def _located_problem(part) -> str | None:
    if not isinstance(part, dict):
        return "not an object"
    doc, span = part.get("document"), part.get("span")
    if doc is not None and not (isinstance(doc, dict) and _is_offset(doc.get("id"))):
        return "document must be an object with an integer id"
    if span is not None and not (isinstance(span, dict) and _is_offset(span.get("start"))
                                 and _is_offset(span.get("end"))
                                 and isinstance(span.get("text"), (str, type(None)))):
        return "span must have start and end offsets and a text"
    return None


def _is_offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# --------------------------------------------------------------------------- the check


def verify_export(export: dict, *, export_path: str | os.PathLike | None = None,
                  article: str | os.PathLike | None = None,
                  db: str | os.PathLike | None = None) -> Verification:
    """Re-check *export* (see the module's docstring): its article (*article*, else the
    export's ``article.path``, as given or next to *export_path*) and the corpus (*db*, else
    the path each evidence record names). WorkbenchError for a missing article or corpus."""
    from workbench.article import load_article

    result = Verification()
    versions: set[str] = set()  # of the tool that recorded the evidence
    loaded = load_article(_article_path(export, export_path, article))
    if loaded.sha256 != export["article"]["sha256"]:
        recorded = export["article"]["sha256"]
        result.findings.append(Finding(
            "article", f"{show_path(loaded.path)} is not the reviewed article (sha256 "
                       f"{loaded.sha256[:12]}…, the export says {recorded[:12]}…)"))
    with _Corpora(db, export) as corpora:
        for orphaned, key in ((False, "quotes"), (True, "orphaned")):
            for quote in export[key]:
                result.quotes += 1
                where = quote["id"] + (" (orphaned)" if orphaned else "")
                parts = None if orphaned else _quote_parts(loaded.text, quote)
                if not orphaned and parts is None:
                    result.findings.append(Finding(
                        where, f"the article does not have the quote's text at its offsets "
                               f"({quote['start']}-{quote['end']})"))
                evidence = quote.get("evidence")
                if evidence is None:
                    status = _dict(quote.get("verdict")).get("status")
                    if status in DECIDED:
                        result.findings.append(Finding(where, f"{status} with no evidence "
                                                              "recorded: nothing to check", True))
                else:
                    result.evidence += 1
                    result.findings += _check_record(where, quote, parts, evidence, corpora,
                                                     versions, _dict(quote.get("verdict")))
                for whose, record, verdict in _own_records(quote, evidence):
                    result.reviews += 1
                    result.findings += _check_record(f"{where} ({whose})", quote, parts, record,
                                                     corpora, versions, verdict)
        result.findings += corpora.changes()
    from workbench import __version__

    for version in sorted(versions - {__version__}):
        result.findings.append(Finding("tool", f"evidence recorded by workbench {version}, "
                                               f"re-aligned by {__version__}", True))
    return result


def _check_record(where: str, quote: dict, parts, evidence: dict, corpora: _Corpora,
                  versions: set[str], verdict: dict) -> list[Finding]:
    """One evidence record's findings (*verdict*: the verdict it backs); the version of the
    tool that recorded it noted."""
    tool = evidence.get("tool")
    if isinstance(tool, dict) and isinstance(tool.get("version"), str):
        versions.add(tool["version"])
    return _check_evidence(where, quote, parts, evidence, corpora, verdict)


def _own_records(quote: dict, published: dict | None) -> list[tuple[str, dict, dict]]:
    """(whose, evidence, verdict) of the final verdict and each reviewer's, where the record
    is not the published one (nor one already listed): what is left to check."""
    seen = [published] if published is not None else []
    found = []
    final = quote.get("final")
    records = [(final, True)] if isinstance(final, dict) else []
    records += [(review, False) for review in quote.get("reviews") or []]
    for review, is_final in records:
        evidence = review.get("evidence")
        if evidence is None or any(evidence == other for other in seen):
            continue
        seen.append(evidence)
        name = _dict(review.get("verdict")).get("reviewer")
        who = (f"{clip(one_line(name), TITLE_CHARS)}'s" if isinstance(name, str) and name
               else "an unnamed reviewer's")
        found.append((f"the final verdict, {who}" if is_final else f"{who} verdict", evidence,
                      _dict(review.get("verdict"))))
    return found


def _article_path(export: dict, export_path, given) -> str:
    if given is not None:
        return os.fspath(given)
    recorded = export["article"]["path"]
    candidates = [Path(recorded)]
    if export_path is not None and not Path(recorded).is_absolute():
        candidates.append(Path(export_path).parent / recorded)
    if export_path is not None:
        candidates.append(Path(export_path).parent / Path(recorded).name)
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    raise WorkbenchError(f"the reviewed article {show_path(recorded)} is not here "
                         "(give its file with --article)")


def _quote_parts(text: str, quote: dict) -> list[str] | None:
    """The quote's parts as the article has them, or None when its offsets do not give its
    text (parts joined by a space, as extraction joins them; start/end the parts' bounds)."""
    spans = quote["parts"]
    if any(not s <= e <= len(text) for s, e in spans):
        return None
    parts = [text[s:e] for s, e in spans]
    if (" ".join(parts) != quote["text"] or quote["start"] != spans[0][0]
            or quote["end"] != spans[-1][1]):
        return None
    return parts


@dataclass(frozen=True)
class _Search:
    """What the evidence's search was asked: the text, the quote's parts, the speaker filter."""

    text: str
    parts: list[str] | None
    speaker: str | None

    def run(self, store, limit: int = REALIGN_LIMIT, filtered: bool = True) -> list:
        from workbench.corpus.search import search

        return search(store, self.text, speaker=self.speaker if filtered else None, limit=limit,
                      parts=self.parts)


def _check_evidence(where: str, quote: dict, parts: list[str] | None, evidence: dict,
                    corpora: _Corpora, verdict: dict) -> list[Finding]:
    query = evidence.get("query") if isinstance(evidence.get("query"), str) else quote["text"]
    found = []
    if query != quote["text"] and verdict.get("recheck"):
        # The quote's words changed since (a changed article, or a correction): the verdict
        # is about words the quote no longer has, whatever its evidence still shows.
        found.append(Finding(where, f"the verdict rests on other words: its evidence was "
                                    f"searched for {clip(one_line(query), 80)!r}, the quote "
                                    "changed since (marked for a second look)"))
    elif query != quote["text"]:
        found.append(Finding(where, f"searched with an edited query: "
                                    f"{clip(one_line(query), 80)!r}", True))
    # The search is given the quote's parts (as check does) only for the quote's own text.
    speaker = evidence.get("speaker_filter")
    searched = _Search(query, parts if query == quote["text"] and parts and len(parts) > 1
                       else None, speaker if isinstance(speaker, str) else None)
    if evidence.get("found") is False:
        return found + _check_no_match(where, evidence, searched, corpora)
    if len(quote["parts"]) > 1 and parts is None and query == quote["text"]:
        found.append(Finding(where, "kind not re-checked: the quote's parts are not in the "
                                    "article", True))
        searched = None
    return found + _check_match(where, evidence, searched, corpora)


def _check_match(where: str, evidence: dict, searched: _Search | None,
                 corpora: _Corpora) -> list[Finding]:
    """A found match: its spans against the corpus, then (*searched* given) its kind."""
    store = corpora.store_for(where, evidence)
    found = []
    located = [p for p in evidence.get("parts") or [] if isinstance(p, dict)]
    if located and any(evidence.get(k) != located[0].get(k) for k in _LOCATED):
        found.append(Finding(where, "the evidence's document, span or speaker is not its first "
                                    "part's"))
    located = located or [evidence]
    docs = {}
    for part in located:
        problems, doc = _check_span(where, part, store)
        found += problems
        if doc is None or problems:
            return found  # the span is not there: nothing to align against
        docs[doc.id] = doc
    if located[0]["document"].get("text_sha256") is None:
        found.append(Finding(where, "evidence from an earlier workbench: no document hash "
                                    "recorded (the text at the span is checked)", True))
    if searched is None:
        return found
    # The evidence's documents alone first (cheap, and immune to documents added since); the
    # whole corpus when they disagree (it reproduces the record while the corpus is unchanged:
    # the search's candidates there can differ).
    matches = corpora.realign(store, list(docs.values()), searched)
    problems = _compare_kind(where, evidence, located, matches)
    if problems:
        matches += searched.run(store)
        problems = _compare_kind(where, evidence, located, matches)
    return found + problems


def _check_span(where: str, part: dict, store):
    """Problems with one evidence span against the corpus, and the stored document."""
    doc, span = part.get("document"), part.get("span")
    if doc is None or span is None:
        return [Finding(where, "the evidence has no document and span to check")], None
    label = _label(doc)
    stored = store.get_document(doc["id"])
    if stored is None:
        return [Finding(where, f"{label} is not in the corpus")], None
    if stored.path != doc.get("path"):
        return [Finding(where, f"{label} is another document in the corpus "
                               f"({clip(one_line(str(stored.path)), 80)!r})")], None
    problems = []
    recorded_hash = doc.get("text_sha256")
    if recorded_hash is not None and recorded_hash != hash_text(stored.text):
        problems.append(Finding(where, f"the corpus document changed since the evidence was "
                                       f"recorded ({label}: its text has another sha256)"))
    changed = [name for name in ("title", "speaker", "date", "url")
               if name in doc and doc[name] != getattr(stored, name)]
    if changed:
        problems.append(Finding(where, f"{label}: the {', '.join(changed)} differ"
                                       f"{'s' if len(changed) == 1 else ''} from the corpus"))
    if stored.text[span["start"]:span["end"]] != span.get("text"):
        problems.append(Finding(where, f"evidence text differs from the corpus ({label}, "
                                       f"{span['start']}-{span['end']})"))
    return problems, stored


def _compare_kind(where: str, evidence: dict, located: list[dict], matches) -> list[Finding]:
    """The recorded kind, score, diff and speakers against a re-aligned match with the same
    spans (*matches*: the whole corpus's first, then those of the evidence's documents alone;
    the record holds if any of them agrees)."""
    want = [(p["document"].get("path"), p["span"]["start"], p["span"]["end"]) for p in located]
    label = _label(located[0]["document"])
    same = [m for m in matches if [(s.doc.path, s.start, s.end) for s in m.parts] == want]
    if not same:
        # The same first span as another kind of match (a splice where the record has one
        # span, or the other way round): the kind is what differs.
        other = next((m for m in matches if (m.first.doc.path, m.first.start, m.first.end)
                      == want[0]), None)
        if other is not None:
            return [Finding(where, f"recorded kind {evidence.get('kind')!r}, re-aligned "
                                   f"{other.kind!r} ({label})")]
        return [Finding(where, f"the query does not align with the evidence span ({label}); "
                               f"recorded kind {evidence.get('kind')!r}")]
    differences = min((_differences(evidence, located, m, label) for m in same), key=len)
    return [Finding(where, d) for d in differences]


def _differences(evidence: dict, located: list[dict], match, label: str) -> list[str]:
    problems = []
    if match.kind != evidence.get("kind"):
        problems.append(f"recorded kind {evidence.get('kind')!r}, re-aligned {match.kind!r} "
                        f"({label})")
    if not _same_score(evidence.get("score"), match.score):
        problems.append(f"recorded score {evidence.get('score')}, re-aligned "
                        f"{round(match.score, 1)} ({label})")
    if [d.to_dict() for d in match.diff] != evidence.get("diff"):
        problems.append(f"the recorded word diff differs from the re-aligned one ({label})")
    for part, span in zip(located, match.parts):
        label = _label(part["document"])
        if "speaker" in part and part["speaker"] != span.speaker:
            problems.append(f"recorded source speaker {_show(part['speaker'])}, the corpus says "
                            f"{_show(span.speaker)} ({label})")
        if part is evidence:
            continue  # no parts recorded (an earlier version's match): the top level is compared
        if (part.get("kind") != span.kind or [d.to_dict() for d in span.diff] != part.get("diff")
                or not _same_score(part.get("score"), span.score)):
            problems.append(f"the recorded kind, score or diff of a part differs from the "
                            f"re-aligned one ({label})")
    return problems


def _same_score(recorded, score: float) -> bool:
    """Scores are recorded rounded to one decimal; a missing one (an earlier version's) is not
    compared."""
    if not isinstance(recorded, (int, float)):
        return True
    return abs(round(score, 1) - recorded) <= SCORE_TOLERANCE


def _check_no_match(where: str, evidence: dict, searched: _Search,
                    corpora: _Corpora) -> list[Finding]:
    """A "no match" record: the query searched again (a note when nothing was searched)."""
    from workbench import __version__

    store = corpora.store_for(where, evidence, required=False)
    if store is None:
        why = evidence.get("note")
        why = clip(one_line(why), 80) if isinstance(why, str) and why else (
            "no corpus was searched")
        return [Finding(where, f"recorded no match: {why}", True)]
    matches = searched.run(store, limit=1)
    if not matches:
        return []
    m = matches[0]
    what = f"{m.kind} in {_label(m.first.doc.to_dict())}"
    corpus, tool = _dict(evidence.get("corpus")), _dict(evidence.get("tool"))
    same = (corpus.get("fingerprint") is not None
            and corpus.get("fingerprint") == corpora.identity(store)["fingerprint"]
            and tool.get("version") == __version__)
    if same:
        return [Finding(where, f"recorded no match, but the same corpus finds one: {what}")]
    return [Finding(where, f"recorded no match; the corpus now finds one ({what}), but it or "
                           "the search changed since", True)]


# --------------------------------------------------------------------------- the corpora


class _Corpora:
    """The corpora the evidence names (or --db), opened once each; the re-alignment stores."""

    def __init__(self, db, export: dict) -> None:
        self.db = os.fspath(db) if db is not None else None
        corpus = export.get("corpus")
        self.default = corpus.get("path") if isinstance(corpus, dict) else None
        self.stores: dict[str, object] = {}
        # path -> fingerprint -> the corpus identity recorded with it (each distinct one noted)
        self.recorded: dict[str, dict[str, dict]] = {}
        self._identities: dict[int, dict] = {}
        self._mini: dict[tuple, object] = {}  # (store, document ids) -> a store of just those

    def __enter__(self) -> _Corpora:
        return self

    def __exit__(self, *exc) -> None:
        for store in [*self.stores.values(), *self._mini.values()]:
            store.close()

    def store_for(self, where: str, evidence: dict, required: bool = True):
        """The corpus to check *evidence* in: --db, else the one it names, else the export's
        (None when there is none and it is not *required*: a "no match" with nothing searched)."""
        corpus = _dict(evidence.get("corpus"))
        path = self.db or corpus.get("path") or self.default
        if not isinstance(path, str) and not required:
            return None
        if not isinstance(path, str):
            raise WorkbenchError(f"{where}: the evidence names no corpus (give it with --db)")
        if isinstance(corpus.get("fingerprint"), str):
            self.recorded.setdefault(path, {}).setdefault(corpus["fingerprint"], corpus)
        if path not in self.stores:
            from workbench.corpus.store import open_at

            self.stores[path] = open_at(path)
        return self.stores[path]

    def identity(self, store) -> dict:
        from workbench.review.evidence import corpus_identity

        if id(store) not in self._identities:
            self._identities[id(store)] = corpus_identity(store)
        return self._identities[id(store)]

    def changes(self) -> list[Finding]:
        """A note per corpus whose content changed since the evidence was recorded."""
        notes = []
        for path, fingerprints in self.recorded.items():
            now = self.identity(self.stores[path])
            for recorded in fingerprints.values():
                if now["fingerprint"] == recorded.get("fingerprint"):
                    continue
                notes.append(Finding("corpus", f"{show_path(path)} changed since the evidence "
                                               f"was recorded ({recorded.get('documents')} "
                                               f"documents then, {now['documents']} now; each "
                                               "span was checked on its own)", True))
        return notes

    def realign(self, store, docs: list, searched: _Search) -> list:
        """The search's matches in a corpus of just *docs* (copied from *store* with their
        passages; cached per set of documents). No speaker filter: the evidence's own passages
        passed it, and the others of its documents only add candidates."""
        key = (id(store), tuple(sorted(d.id for d in docs)))
        if key not in self._mini:
            self._mini[key] = self._mini_store(store, docs)
        return searched.run(self._mini[key], filtered=False)

    def _mini_store(self, store, docs: list):
        from workbench.corpus.store import MEMORY, CorpusStore, NewDocument

        mini = CorpusStore(MEMORY)
        for doc in docs:
            mini.add_document(
                NewDocument(path=doc.path, title=doc.title, speaker=doc.speaker, date=doc.date,
                            url=doc.url, kind=doc.kind, sha256=doc.sha256, text=doc.text),
                [(p.start, p.end, p.speaker) for p in store.passages_of(doc.id)])
        return mini


# --------------------------------------------------------------------------- helpers


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _label(doc: dict) -> str:
    title = doc.get("title")
    shown = f" {clip(one_line(title), TITLE_CHARS)!r}" if isinstance(title, str) and title else ""
    return f"document {doc.get('id')}{shown}"


def _show(value) -> str:
    return repr(clip(one_line(value), TITLE_CHARS)) if isinstance(value, str) else "none"
