#!/usr/bin/env python
"""Benchmark corpus ingest speed (``workbench corpus add``) on a synthetic corpus.

usage: python benchmarks/ingest.py [--mb 20] [--repeat 3] [--workers N] [--seed 1]
           [--workdir DIR] [--keep] [--json]

The script writes its own corpus first: Markdown files shaped like White House briefing-room
pages (YAML front matter with quoted, escaped and folded titles, dates and timestamps, a URL and
tags; a body hard-wrapped at 72 columns with two spaces after sentences and at paragraph ends,
blank lines holding spaces, curly quotes and dashes, a little Markdown). About a third are press
briefings (many ``MS. PSAKI:`` / ``Q`` turns), a third remarks (``THE PRESIDENT:`` with an
audience), a third statements and speeches (prose without labels). No outside data is read.

Then, on the same files, best of ``--repeat`` runs each:

* baseline: read every file and decode it as UTF-8 (the floor for any ingest);
* ingest: the whole ``corpus add`` path (find the files, parse them in worker processes,
  write a new SQLite + FTS5 database), timed like the command's own summary line (the worker
  pool's start included, the interpreter's start and imports not);
* re-ingest: the same files again into that database (all unchanged: hashing only).

It prints MB/s for each, the ratio of ingest to baseline time, and CPU seconds of this process
and of the workers (when other work shares the machine, wall time grows and CPU time mostly
does not: compare CPU figures then; the load average is printed before and after).

``--kinds markdown,text,html,captions,posts,pdf,docx,record,hansard`` instead times one ``corpus add``
per source kind (best of ``--repeat``), each of about ``--mb`` of files written from the same
kind of speaker turns in that format (captions: cues of a few words; posts: a JSON list of
posts; pdf: hand-written PDFs of 50 lines a page; docx: Word files; record: a Congressional
Record package with a mods.xml; hansard: TheyWorkForYou day files), and prints a line per kind: MB/s and passages/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(1, str(REPO_ROOT / "tests"))  # pdf_helpers: the tests' minimal PDF writer

# --------------------------------------------------------------------------- the corpus

WORDS = """
the of and to a in that is for it we on with as this be are have was not but they at you by
from will our i all what more people can about so who one their there just an if has been
would do going were which he or when up out know very get now them also us make said because
think time new other country like some american these want how those right year years work
these families world first into need help only back over american support many where today
jobs economy president continue plan important health care percent million billion workers
communities across security nation states government administration congress law bill act
together sure lot every thing things way see question again well look still last week
program funding infrastructure energy prices costs inflation supply chain climate vaccine
relief rescue tax credit children schools students veterans small businesses manufacturing
""".split()
NAMES = ["Biden", "Harris", "Psaki", "Jean-Pierre", "Kirby", "Sullivan", "Blinken", "Yellen",
         "Buttigieg", "Granholm", "Raimondo", "Walsh", "Becerra", "Cardona", "Zients"]
PLACES = ["Ukraine", "Russia", "Ohio", "Texas", "Michigan", "Europe", "China", "Congress",
          "the Senate", "the House", "Kyiv", "Warsaw", "Pittsburgh", "Detroit"]
FLOURISHES = ["— and I mean this —", "(Applause.)", "(Laughter.)", "“a big deal”",
              "it’s", "we’re", "don’t", "that’s", "5:15 P.M. EDT", "$1.2 trillion", "No. 1"]
# Markdown inside paragraphs is rare on these pages (a link in about one in ten paragraphs).
MARKUP = ["[the plan](https://example.gov/plan)", "*really*", "**now**", "&amp;",
          "[fact sheet](https://example.gov/fact-sheet \"Fact sheet\")", "\\$5"]
MARKUP_CHANCE = 0.1
BRIEFERS = [("MS. PSAKI", "Press Secretary Jen\\_Psaki"),
            ("MS. JEAN-PIERRE", "Press Secretary Karine\\_Jean-Pierre"),
            ("MR. KIRBY", "NSC Coordinator for Strategic Communications John\\_Kirby"),
            ("SECRETARY YELLEN", "Secretary of the Treasury Janet\\_Yellen")]
WRAP = 72


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
    for _ in range(rng.randint(0, 2)):
        words.insert(rng.randrange(len(words)), rng.choice(NAMES + PLACES + FLOURISHES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice("..........?!")


def paragraph(rng: random.Random, sentences: tuple[int, int] = (1, 6)) -> str:
    text = "  ".join(sentence(rng) for _ in range(rng.randint(*sentences)))
    if rng.random() < MARKUP_CHANCE:
        text = f"{text}  See {rng.choice(MARKUP)}."
    return text


def hard_wrap(text: str) -> str:
    """*text* wrapped at WRAP columns, two spaces at its end (as the White House pages are)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > WRAP:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines) + "  "


def front_matter(rng: random.Random, day: int, kind: str, title: str) -> str:
    month, dom = 1 + day // 28 % 12, 1 + day % 28
    date = f"2022-{month:02d}-{dom:02d}"
    slug = "-".join(title.lower().replace("\\_", " ").split())[:90]
    cut = title.find(" ", 50)
    if cut > 0 and rng.random() < 0.5:  # a long title, folded as the YAML dumper does
        shown = f'"{title[:cut]}\\\n  \\ {title[cut + 1:]}"'
    else:
        shown = f'"{title}"' if "\\" in title or ":" in title else title
    return (f"---\ntags: {kind}\ndate: '{date}'\n"
            f"modified_time: {date} {rng.randint(10, 20)}:{rng.randint(10, 59)}:00-05:00\n"
            f"source_url: https://example.gov/briefing-room/{kind}/2022/{month:02d}/{dom:02d}/"
            f"{slug}/\npublished_time: {date} {rng.randint(10, 20)}:00:00-05:00\n"
            f"title: {shown}\n---\n\xa0\n")


def briefing(rng: random.Random, day: int) -> str:
    label, who = rng.choice(BRIEFERS)
    title = f"Press Briefing by {who}, January {1 + day % 28},\\_2022"
    body = [f"James S. Brady Press Briefing Room\n\n{rng.randint(1, 4)}:{rng.randint(10, 59)} P.M. EST  "]
    for _ in range(rng.randint(25, 70)):
        if rng.random() < 0.45:
            body.append(f"Q    {hard_wrap(paragraph(rng, (1, 3)))}")
        else:
            turn = [f"{label}:  {paragraph(rng)}"]
            turn += [paragraph(rng) for _ in range(rng.randint(0, 2))]
            body.append("\n   \n".join(hard_wrap(p) for p in turn))
    body.append(f"END  {rng.randint(1, 4)}:{rng.randint(10, 59)} P.M. EST")
    return front_matter(rng, day, "press-briefings", title) + "\n   \n".join(body) + "\n"


def remarks(rng: random.Random, day: int) -> str:
    title = f"Remarks by President\\_Biden on the {rng.choice(WORDS).title()} Plan in {rng.choice(PLACES)}"
    body = [f"{rng.choice(PLACES)}\n\n{rng.randint(1, 4)}:{rng.randint(10, 59)} P.M. EST"]
    for _ in range(rng.randint(6, 30)):
        if rng.random() < 0.15:
            body.append(f"AUDIENCE MEMBER:  {sentence(rng)}")
        else:
            body.append(hard_wrap(f"THE PRESIDENT:  {paragraph(rng)}"))
            body += [hard_wrap(paragraph(rng)) for _ in range(rng.randint(0, 3))]
    body.append(f"{rng.randint(1, 4)}:{rng.randint(10, 59)} P.M. EST")
    return front_matter(rng, day, "speeches-remarks", title) + "\n   \n".join(body) + "\n"


def statement(rng: random.Random, day: int) -> str:
    title = f"Statement from President\\_Biden on {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}"
    body = [f"## {rng.choice(PLACES)}"] + [hard_wrap(paragraph(rng, (2, 8)))
                                          for _ in range(rng.randint(8, 40))]
    return front_matter(rng, day, "statements-releases", title) + "\n   \n".join(body) + "\n"


def write_corpus(folder: Path, megabytes: float, seed: int) -> tuple[int, int]:
    """Files of about 20 KB until *megabytes* are written: (files, bytes)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = files = 0
    makers = (briefing, remarks, statement)
    while total < megabytes * 1e6:
        data = makers[files % 3](rng, files).encode("utf-8")
        (folder / f"{files:05d}.md").write_bytes(data)
        total += len(data)
        files += 1
    return files, total


# --------------------------------------------------------------------------- other kinds


def turns(rng: random.Random) -> list[tuple[str, str, str]]:
    """A briefing's turns: (caps label, period label, paragraph)."""
    label, _ = rng.choice(BRIEFERS)
    out = []
    for _ in range(rng.randint(25, 70)):
        if rng.random() < 0.45:
            out.append(("Q", "Mr. REPORTER.", paragraph(rng, (1, 3))))
        else:
            out.append((label, f"{_period(label)}.", paragraph(rng)))
    return out


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _srt(rng: random.Random) -> bytes:
    cues, at = [], 0
    for label, _, text in turns(rng):
        words = text.split()
        for i in range(0, len(words), 8):
            head = f">> {label}: " if i == 0 else ""
            cues.append(f"{len(cues) + 1}\n00:{at // 60 % 60:02d}:{at % 60:02d},000 --> "
                        f"00:{(at + 2) // 60 % 60:02d}:{(at + 2) % 60:02d},000\n"
                        f"{head}{' '.join(words[i:i + 8])}\n")
            at += 2
    return "\n".join(cues).encode()


def _html(rng: random.Random) -> bytes:
    body = "".join(f"<p>{_escape_xml(label)}: {_escape_xml(text)}</p>\n"
                   for label, _, text in turns(rng))
    return (f"<html><head><title>Press Briefing</title></head><body><article>{body}"
            "</article></body></html>").encode()


def _text(rng: random.Random) -> bytes:
    return "\n\n".join(hard_wrap(f"{label}: {text}") for label, _, text in turns(rng)).encode()


def _posts(rng: random.Random) -> bytes:
    return json.dumps([{"id": str(i), "author": "Jen Psaki", "date": "2022-01-04",
                        "text": sentence(rng) + " " + sentence(rng)} for i in range(150)]).encode()


def _pdf(rng: random.Random) -> bytes:
    from pdf_helpers import make_pdf

    lines = [line for label, _, text in turns(rng)
             for line in hard_wrap(f"{label}: {text}").replace("  ", " ").split("\n")]
    lines = [line.encode("cp1252", "replace").decode("cp1252") for line in lines]
    return make_pdf([lines[i:i + 50] for i in range(0, len(lines), 50)])


def _docx(rng: random.Random) -> bytes:
    import io
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{_escape_xml(label)}: {_escape_xml(text)}</w:t></w:r></w:p>"
                   for label, _, text in turns(rng))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body>'
                   "</w:document>")
    return buffer.getvalue()


def _record_page(rng: random.Random) -> bytes:
    lines = []
    for _, label, text in turns(rng):
        wrapped = hard_wrap(f"{label} {text}").replace("  ", " ").split("\n")
        lines.append("  " + "\n".join(wrapped))
    return ("<html><body><pre>\n[Congressional Record Volume 143]\n[Senate]\n\n"
            + "\n".join(lines) + "\n</pre></body></html>").encode()


def _period(label: str) -> str:
    """"MS. PSAKI" as the Record prints it: "Ms. PSAKI"."""
    title, name = label.split(" ", 1)
    return f"{title.title()} {name}"


def _record_mods(pages: int) -> str:
    granules = "".join(
        f'<relatedItem type="constituent"><titleInfo><title>DEBATE {i}</title></titleInfo>'
        f"<extension><accessId>CREC-2022-01-04-pt1-PgS{i}</accessId><chamber>SENATE</chamber>"
        f"<granuleDate>2022-01-04</granuleDate>"
        + "".join(f'<congMember><name type="parsed">{_period(label)}</name>'
                  f'<name type="authority-fnf">{who.replace(chr(92) + "_", " ")}</name>'
                  "</congMember>" for label, who in BRIEFERS)
        + "</extension></relatedItem>" for i in range(pages))
    return (f'<mods xmlns="http://www.loc.gov/mods/v3"><originInfo><dateIssued>2022-01-04'
            f"</dateIssued></originInfo>{granules}</mods>")


def _hansard(rng: random.Random) -> bytes:
    parts = ['<publicwhip>']
    for n, (label, _, text) in enumerate(turns(rng)):
        if n % 10 == 0:
            parts.append(f'<major-heading id="uk.org.publicwhip/debate/2022-01-04a.{n}.0">'
                         f"Debate {n}</major-heading>")
        who = "Jane Doe" if label == "Q" else label.title()
        parts.append(f'<speech speakername="{who}"><p>{_escape_xml(text)}</p></speech>')
    return ("\n".join(parts) + "</publicwhip>\n").encode()


KIND_WRITERS = {"markdown": (".md", None), "text": (".txt", _text), "html": (".html", _html),
                "captions": (".srt", _srt), "posts": (".json", _posts), "pdf": (".pdf", _pdf),
                "docx": (".docx", _docx), "record": (".htm", _record_page),
                "hansard": (".xml", _hansard)}


def write_kind(folder: Path, kind: str, megabytes: float, seed: int) -> tuple[int, int]:
    """Files of one source kind until *megabytes* are written: (files, bytes)."""
    if kind == "markdown":
        return write_corpus(folder, megabytes, seed)
    rng = random.Random(seed)
    suffix, writer = KIND_WRITERS[kind]
    pages = folder / "html" if kind == "record" else folder
    pages.mkdir(parents=True, exist_ok=True)
    total = files = 0
    while total < megabytes * 1e6:
        data = writer(rng)
        # (in a folder, only tweets*.js/.json files are read as posts)
        name = {"record": f"CREC-2022-01-04-pt1-PgS{files}", "posts": f"tweets{files:05d}",
                "hansard": f"debates2022-01-{1 + files % 28:02d}{chr(97 + files // 28 % 26)}"
                }.get(kind, f"{files:05d}")
        (pages / f"{name}{suffix}").write_bytes(data)
        total += len(data)
        files += 1
    if kind == "record":
        (folder / "mods.xml").write_text(_record_mods(files), encoding="utf-8")
    return files, total


def time_kinds(kinds: list[str], args, work: Path) -> list[dict]:
    out = []
    for kind in kinds:
        if kind not in KIND_WRITERS:
            raise SystemExit(f"--kinds: no such kind {kind!r} (use {', '.join(KIND_WRITERS)})")
        folder, db = work / kind, work / f"{kind}.db"
        files, size = write_kind(folder, kind, args.mb, args.seed)
        runs = []
        for _ in range(args.repeat):
            fresh(db)
            runs.append(time_ingest(folder, db, args.workers))
        best = min(runs, key=lambda r: r["seconds"])
        out.append({"kind": kind, "files": files, "mb": round(size / 1e6, 2),
                    "passages": best["passages"], "seconds": round(best["seconds"], 3),
                    "mb_s": round(size / 1e6 / best["seconds"], 2),
                    "passages_s": round(best["passages"] / best["seconds"])})
    return out


# --------------------------------------------------------------------------- timing


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def time_baseline(folder: Path) -> float:
    """Read and decode every file (what any ingest must do at least)."""
    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        with open(path, "rb") as fh:
            fh.read().decode("utf-8")
    return time.perf_counter() - started


def time_ingest(folder: Path, db: Path, workers: int | None) -> dict:
    """One ``corpus add`` of *folder* into *db*, the way the command runs it."""
    from workbench.corpus.ingest import collect, ingest_files, worker_pool
    from workbench.corpus.store import CorpusStore

    warnings: list[str] = []
    main_cpu, workers_cpu = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with CorpusStore(db) as store:
        items, _ = collect([str(folder)], warnings.append)
        with worker_pool(items, workers) as pool:
            summary = ingest_files(store, items, warn=warnings.append, pool=pool)
    seconds = time.perf_counter() - started
    if warnings:
        raise SystemExit(f"ingest warned: {warnings[:3]}")
    return {"seconds": seconds, "main_cpu": cpu(resource.RUSAGE_SELF) - main_cpu,
            "workers_cpu": cpu(resource.RUSAGE_CHILDREN) - workers_cpu,
            "added": summary.added, "unchanged": summary.unchanged,
            "passages": summary.passages}


def fresh(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is kept")
    ap.add_argument("--workers", type=int, default=None,
                    help="worker processes (default: as `corpus add` chooses)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, help="where the corpus goes (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and database")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--kinds", help="time one corpus add per source kind instead (comma "
                    "separated: " + ",".join(KIND_WRITERS) + ")")
    args = ap.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="wb-ingest-"))
    if args.kinds:
        try:
            rows = time_kinds([k.strip() for k in args.kinds.split(",") if k.strip()], args, work)
        finally:
            if not args.keep and args.workdir is None:
                shutil.rmtree(work, ignore_errors=True)
        if args.json:
            print(json.dumps(rows, indent=2))
            return 0
        print(f"best of {args.repeat}, {len(os.sched_getaffinity(0))} CPUs, load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}:")
        for r in rows:
            print(f"  {r['kind']:<9} {r['files']:5,} files {r['mb']:6.1f} MB "
                  f"{r['passages']:8,} passages  {r['seconds']:6.2f} s  {r['mb_s']:6.2f} MB/s "
                  f"{r['passages_s']:8,} passages/s")
        return 0
    folder, db = work / "corpus", work / "corpus.db"
    load_before = os.getloadavg()
    try:
        generated = time.perf_counter()
        if folder.is_dir():
            shutil.rmtree(folder)
        files, size = write_corpus(folder, args.mb, args.seed)
        generated = time.perf_counter() - generated
        baseline = min(time_baseline(folder) for _ in range(args.repeat))
        runs = []
        for _ in range(args.repeat):
            fresh(db)
            runs.append(time_ingest(folder, db, args.workers))
        ingest = min(runs, key=lambda r: r["seconds"])
        again = min((time_ingest(folder, db, args.workers) for _ in range(args.repeat)),
                    key=lambda r: r["seconds"])
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    mb = size / 1e6
    result = {
        "files": files, "mb": round(mb, 2), "passages": ingest["passages"],
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "generate_s": round(generated, 2),
        "baseline_s": round(baseline, 3), "baseline_mb_s": round(mb / baseline, 1),
        "ingest_s": round(ingest["seconds"], 3), "ingest_mb_s": round(mb / ingest["seconds"], 2),
        "ingest_runs_s": [round(r["seconds"], 3) for r in runs],
        "ingest_main_cpu_s": round(ingest["main_cpu"], 2),
        "ingest_workers_cpu_s": round(ingest["workers_cpu"], 2),
        "ingest_vs_baseline": round(ingest["seconds"] / baseline, 1),
        "reingest_s": round(again["seconds"], 3), "reingest_mb_s": round(mb / again["seconds"], 1),
        "reingest_unchanged": again["unchanged"],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {files:,} Markdown files, {mb:.1f} MB, {result['passages']:,} passages "
          f"(generated in {generated:.1f} s); {result['cpus']} CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in result['load_after'])} after")
    print(f"best of {args.repeat}:")
    print(f"  baseline  read + decode   {baseline:7.3f} s  {result['baseline_mb_s']:8.1f} MB/s")
    print(f"  ingest    corpus add      {ingest['seconds']:7.3f} s  {result['ingest_mb_s']:8.2f} MB/s"
          f"   (runs: {', '.join(f'{s:.2f}' for s in result['ingest_runs_s'])} s;"
          f" CPU {ingest['main_cpu']:.2f} s here + {ingest['workers_cpu']:.2f} s in workers)")
    print(f"  re-ingest all unchanged   {again['seconds']:7.3f} s  {result['reingest_mb_s']:8.1f} MB/s")
    print(f"ingest takes {result['ingest_vs_baseline']}x the baseline's time "
          f"({ingest['seconds'] / baseline * 100:.0f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
