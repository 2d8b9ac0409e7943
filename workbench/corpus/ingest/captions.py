"""Caption files (``.srt``, ``.vtt``: what ``yt-dlp --write-subs`` gives): the cues joined into
paragraphs, rolling-caption repeats removed, speaker turns from ``>>``, ``>> NAME:``,
``- NAME:`` and ``<v Name>``.

Where the time goes: the store has no per-passage field for it, and adding one means a schema
change in both backends, so each paragraph starts with its cue's start time in brackets,
``NAME: [00:14:32] words``. A passage's text then carries its time, and ``search``/``check``
show it with the match, with no change to the store. A paragraph ends at a speaker change, or
at a sentence end once it is about :data:`PARAGRAPH_CHARS` long, so a time is never more than
a paragraph away from the words.
"""

from __future__ import annotations

import re

from workbench.corpus.ingest.clean import clean_plain
from workbench.corpus.ingest.common import Source, decode_file
from workbench.errors import ArticleError, show_path

__all__ = ["read", "cues", "caption_text"]

PARAGRAPH_CHARS = 400
_ROLLING = 3  # a line equal to one of the last few kept is a rolling-caption repeat
_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,]\d{1,3}\s*-->")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]{1,80})>", re.I)
_TAG = re.compile(r"</?[a-z][^>]{0,100}>|<\d[\d:.]*>", re.I)
_TURN = re.compile(r"^(?:>>+|-)\s*(?:([A-Z][\w.'\- ]{0,60}?)\s*:\s+)?")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The document in the caption file *path* (its bytes *raw* if already read), stored under
    *key*. Raises ArticleError when it has no cues."""
    decoded = decode_file(path, raw, sha256)
    source, sha256 = decoded
    text = clean_plain(caption_text(cues(source)))
    if not text:
        raise ArticleError(f"{show_path(path)}: no caption cues with text in this file")
    return Source(path=key, sha256=sha256, text=text, default_kind="transcript")


def cues(source: str) -> list[tuple[int, list[str]]]:
    """``(start seconds, text lines)`` of each cue, in file order (cue numbers, the WEBVTT
    header, NOTE and STYLE blocks left out)."""
    found = []
    for block in re.split(r"\n\s*\n", source):
        lines = block.strip().split("\n")
        for i, line in enumerate(lines):
            match = _TIME.search(line)
            if match:
                hours, minutes, seconds = match.groups()
                start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
                found.append((start, [ln.strip() for ln in lines[i + 1:] if ln.strip()]))
                break
    return found


def caption_text(found: list[tuple[int, list[str]]]) -> str:
    """Paragraphs ``NAME: [hh:mm:ss] words`` (no ``NAME:`` while the speaker is unknown)."""
    paragraphs: list[str] = []
    words: list[str] = []
    speaker: str | None = None
    start = 0
    recent: list[str] = []

    def flush() -> None:
        if words:
            label = f"{speaker.upper()}: " if speaker else ""  # the form transcript labels take
            paragraphs.append(f"{label}[{_clock(start)}] {' '.join(words)}")
            words.clear()

    for at, lines in found:
        for line in lines:
            voice = _VOICE.search(line)
            plain = _TAG.sub("", _VOICE.sub("", line)).strip()
            turn = _TURN.match(plain) if plain[:1] in ">-" else None
            if turn:
                plain = plain[turn.end():].strip()
            if not plain or plain in recent:
                continue
            recent = (recent + [plain])[-_ROLLING:]
            new_speaker = voice.group(1).strip() if voice else (
                turn.group(1).strip().title() if turn and turn.group(1) else None)
            if turn or (voice and new_speaker != speaker):
                flush()
                speaker = new_speaker
            elif words and sum(map(len, words)) > PARAGRAPH_CHARS and \
                    _SENTENCE_END.search(words[-1]):
                flush()
            if not words:
                start = at
            words.append(plain)
    flush()
    return "\n\n".join(paragraphs)


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


_MARK = re.compile(r"\[(\d{2}:\d{2}:\d{2})\]")


def spoken_at(before: str, text: str) -> str | None:
    """``hh:mm:ss`` of a caption match: the last time mark before it (in its context *before*)
    or, when the match starts at a paragraph, the first in its *text*; None if neither has one."""
    marks = _MARK.findall(before)
    if marks:
        return marks[-1]
    first = _MARK.search(text[:40])
    return first.group(1) if first else None
