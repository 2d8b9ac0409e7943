"""How well verdicts follow their quotes when an article changes (workbench.review.carry).

Takes real news articles with their quotes (a JSONL of ``{"id", "text", "quotes": [{"start",
"end", "speaker"}]}``, such as the PolNeAR splits in ../shared/data, or any gold file the
scorer reads), edits each article the ways articles change, and pairs the old quotes with the
new ones exactly as opening a changed article does. No model: the quotes are the file's.

Edits, one at a time:
* ``footer``: one word changed outside every quote (a re-saved page);
* ``insert``: a paragraph inserted at the top (every offset shifts);
* ``reword``: one word of one quote changed (that quote must pair, marked changed);
* ``reword3``: three words of one quote of 8+ words changed (the same);
* ``replace``: one quote's words replaced by an unrelated statement (its verdict must not move
  to the new words: orphaned);
* ``delete``: one quote's paragraph removed (that quote must be left unpaired: orphaned);
* ``swap``: two paragraphs holding quotes exchanged (order changes, words do not).

For each edit it prints how many verdicts land on the right quote, how many are marked
changed (right when the quote's words changed) and how many land on a wrong quote (the error
that matters: a verdict on the wrong words). Baseline in the same run: pairing by offsets
alone, which is what a session keyed by offsets did.

    python benchmarks/carry.py ../shared/data/polnear_quoted_dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.review.carry import CONTEXT_CHARS, Snapshot, pair_quotes  # noqa: E402

EDITS = ("footer", "insert", "reword", "reword3", "replace", "delete", "swap")


def snap(text: str, q: dict) -> Snapshot:
    s, e = q["start"], q["end"]
    return Snapshot(text[s:e], q.get("speaker"), text[max(0, s - CONTEXT_CHARS):s],
                    text[e:e + CONTEXT_CHARS], s / max(len(text), 1))


def edit(kind: str, text: str, quotes: list[dict], rng: random.Random):
    """(new text, new quotes, truth: old index -> (new index or None, words changed))."""
    order = sorted(range(len(quotes)), key=lambda i: quotes[i]["start"])
    quotes = [quotes[i] for i in order]
    same = {i: (i, False) for i in range(len(quotes))}
    if kind == "footer":
        last = max(q["end"] for q in quotes)
        tail = text[last:]
        words = [k for k, w in enumerate(tail.split(" ")) if w.isalpha() and len(w) > 3]
        if not words:
            return None
        parts = tail.split(" ")
        k = rng.choice(words)
        parts[k] = parts[k].upper() if parts[k] != parts[k].upper() else parts[k].lower()
        return text[:last] + " ".join(parts), quotes, same
    if kind == "insert":
        add = "Update: this story was corrected on Tuesday to fix a name.\n\n"
        return add + text, [{**q, "start": q["start"] + len(add), "end": q["end"] + len(add)}
                            for q in quotes], same
    if kind in ("reword", "reword3", "replace"):
        i = rng.randrange(len(quotes))
        q = quotes[i]
        words = text[q["start"]:q["end"]].split(" ")
        if len(words) < (8 if kind == "reword3" else 4):
            return None
        if kind == "replace":
            words = ("Nobody in this building has ever seen the figures the committee "
                     "asked for last spring").split(" ")
        for k in rng.sample(range(len(words)), 1 if kind == "reword" else 3):
            words[k] = "really" if words[k] != "really" else "truly"
        new_q = " ".join(words)
        delta = len(new_q) - (q["end"] - q["start"])
        new_text = text[:q["start"]] + new_q + text[q["end"]:]
        new_quotes = []
        for j, other in enumerate(quotes):
            if j == i:
                new_quotes.append({**other, "end": other["end"] + delta})
            elif other["start"] >= q["end"]:
                new_quotes.append({**other, "start": other["start"] + delta,
                                   "end": other["end"] + delta})
            else:
                new_quotes.append(other)
        return new_text, new_quotes, {**same, i: (None if kind == "replace" else i, True)}
    paragraphs = _paragraphs(text)
    with_quotes = [p for p in paragraphs if any(p[0] <= q["start"] < p[1] for q in quotes)]
    if kind == "delete":
        if len(with_quotes) < 2:
            return None
        ps, pe = rng.choice(with_quotes)
        pe = min(pe + 2, len(text))  # with the blank line after it
        keep = [j for j, q in enumerate(quotes) if not ps <= q["start"] < pe]
        gone = len(quotes) - len(keep)
        new_quotes = [q if q["start"] < ps else {**q, "start": q["start"] - (pe - ps),
                                                 "end": q["end"] - (pe - ps)}
                      for q in (quotes[j] for j in keep)]
        truth = {j: (keep.index(j), False) if j in keep else (None, False)
                 for j in range(len(quotes))}
        return (text[:ps] + text[pe:], new_quotes, truth) if gone else None
    if kind == "swap":
        if len(with_quotes) < 2:
            return None
        (a0, a1), (b0, b1) = sorted(rng.sample(with_quotes, 2))
        new_text = text[:a0] + text[b0:b1] + text[a1:b0] + text[a0:a1] + text[b1:]
        moved = []
        for j, q in enumerate(quotes):
            if a0 <= q["start"] < a1:  # block a moves to where b ended
                moved.append((j, q["start"] + (b1 - a1), q["end"] + (b1 - a1)))
            elif b0 <= q["start"] < b1:
                moved.append((j, q["start"] - (b0 - a0), q["end"] - (b0 - a0)))
            elif a1 <= q["start"] < b0:
                d = (b1 - b0) - (a1 - a0)
                moved.append((j, q["start"] + d, q["end"] + d))
            else:
                moved.append((j, q["start"], q["end"]))
        moved.sort(key=lambda m: m[1])
        new_quotes = [{**quotes[j], "start": s, "end": e} for j, s, e in moved]
        truth = {j: (k, False) for k, (j, _, _) in enumerate(moved)}
        for (j, s, e) in moved:
            assert new_text[s:e] == text[quotes[j]["start"]:quotes[j]["end"]]
        return new_text, new_quotes, truth
    raise ValueError(kind)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for block in text.split("\n\n"):
        out.append((start, start + len(block)))
        start += len(block) + 2
    return out


def by_offsets(old_quotes: list[dict], new_quotes: list[dict]) -> dict[int, int | None]:
    """What a session keyed by offsets did: the same start and end, else nothing."""
    where = {(q["start"], q["end"]): k for k, q in enumerate(new_quotes)}
    return {i: where.get((q["start"], q["end"])) for i, q in enumerate(old_quotes)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", help="JSONL of articles with their quotes")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    articles = [json.loads(line) for line in open(args.gold, encoding="utf-8") if line.strip()]
    articles = [a for a in articles if len(a.get("quotes") or []) >= 2]
    print(f"{len(articles)} articles with 2+ quotes, {sum(len(a['quotes']) for a in articles)}"
          f" quotes; edits one at a time, seed {args.seed}")
    print(f"{'edit':8} {'verdicts':>8} {'right':>7} {'wrong quote':>11} {'changed ok':>10}"
          f" {'by offsets: right':>18} {'ms/article':>10}")
    for kind in EDITS:
        total = right = wrong = marked_ok = base_right = 0
        elapsed = 0.0
        for a in articles:
            text = a["text"]
            quotes = sorted(a["quotes"], key=lambda q: q["start"])
            done = edit(kind, text, quotes, rng)
            if done is None:
                continue
            new_text, new_quotes, truth = done
            old = [snap(text, q) for q in quotes]
            new = [snap(new_text, q) for q in new_quotes]
            t0 = time.perf_counter()
            pairs = pair_quotes(old, new)
            elapsed += time.perf_counter() - t0
            base = by_offsets(quotes, new_quotes)
            for p in pairs:
                want, changed = truth[p.old]
                total += 1
                if p.new == want:
                    right += 1
                    marked_ok += (p.changed == changed) or (want is None)
                elif p.new is not None:
                    wrong += 1
                base_right += base[p.old] == want
        n = len(articles)
        print(f"{kind:8} {total:8d} {right / total:7.3f} {wrong:11d} {marked_ok / max(right, 1):10.3f}"
              f" {base_right / total:18.3f} {1000 * elapsed / n:10.2f}")


if __name__ == "__main__":
    main()
