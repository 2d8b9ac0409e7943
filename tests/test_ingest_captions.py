"""Caption files (.srt, .vtt): cues joined, rolling repeats removed, speaker turns read, and
each passage's time kept in the text and shown with a match ("at 00:14:32")."""

from __future__ import annotations

from workbench.cli import main
from workbench.corpus.ingest.captions import caption_text, cues
from workbench.corpus.store import CorpusStore

SRT = """1
00:14:32,000 --> 00:14:34,000
>> JOHN SMITH: We will cut taxes

2
00:14:34,000 --> 00:14:36,000
We will cut taxes
for every working family in America.

3
00:14:37,500 --> 00:14:39,000
- MARY JONES: That is not true.

4
01:02:03,000 --> 01:02:05,000
>> JOHN SMITH: It is true, and the numbers prove it.
"""

VTT = """WEBVTT
Kind: captions

NOTE made by hand

STYLE
::cue { color: yellow }

00:00:01.000 --> 00:00:03.000 align:start
<v Joe Biden>We will <c>finish</c> the job.

00:00:03.000 --> 00:00:05.000
<v.loud Kamala Harris>Thank you, Mr. President.
"""


def add(tmp_path, name: str, text: str, capsys) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main(["corpus", "--db", str(tmp_path / "c.db"), "add", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_srt_cues_are_joined_without_rolling_repeats_and_turns_keep_their_time():
    text = caption_text(cues(SRT))
    assert text.count("We will cut taxes") == 1  # the rolling repeat is gone
    assert "JOHN SMITH: [00:14:32] We will cut taxes for every working family in America." in text
    assert "MARY JONES: [00:14:37] That is not true." in text
    assert "JOHN SMITH: [01:02:03] It is true" in text


def test_vtt_voice_tags_name_the_speaker_and_header_note_style_are_left_out():
    text = caption_text(cues(VTT))
    assert text == ("JOE BIDEN: [00:00:01] We will finish the job.\n\n"
                    "KAMALA HARRIS: [00:00:03] Thank you, Mr. President.")


def test_unnamed_chevrons_start_a_new_paragraph_without_a_speaker():
    text = caption_text(cues("00:00:01.000 --> 00:00:02.000\n>> Hello there.\n\n"
                             "00:00:02.000 --> 00:00:03.000\n>> Hi.\n"))
    assert text == "[00:00:01] Hello there.\n\n[00:00:02] Hi."


def test_a_caption_passage_has_its_speaker_and_search_shows_its_time(tmp_path, capsys):
    code, out, err = add(tmp_path, "debate.srt", SRT, capsys)
    assert code == 0 and "added 1" in out, err
    with CorpusStore(tmp_path / "c.db", create=False) as store:
        doc = store.get_document(next(iter(store.documents())).id)
        speakers = {p.speaker for p in store.passages_of(doc.id)}
        assert {"John Smith", "Mary Jones"} <= speakers
    assert main(["search", "--db", str(tmp_path / "c.db"), "That is not true"]) == 0
    out = capsys.readouterr().out
    assert "at 00:14:37" in out and "Mary Jones" in out
    code, out, err = add(tmp_path, "talk.vtt", VTT, capsys)
    assert code == 0 and "added 1" in out, err


def test_a_caption_file_without_cues_is_one_line_and_skipped(tmp_path, capsys):
    code, out, err = add(tmp_path, "empty.srt", "not a caption file\nat all\n", capsys)
    assert code != 0 and "Traceback" not in err
    assert "empty.srt: no caption cues with text" in err and len(err.strip().splitlines()) == 1
