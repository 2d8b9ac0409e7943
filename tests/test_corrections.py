"""Corrections of the engine (workbench.review.corrections, Session.add_quote/merge/resize/
reject): the rules, then sessions on both backends: undo, redo, restart, verdicts kept."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from pg_sessions import pg_review_template, pg_sessions_url, store_target  # noqa: F401
from review_helpers import TEXT, make_article, make_quotes, make_speakers
from workbench.errors import ReviewError
from workbench.review import SessionStore
from workbench.review.corrections import find_words, quote_text, step_edge

pytestmark = pytest.mark.usefixtures("isolated")


# --------------------------------------------------------------------------- the rules


def test_find_words_ignores_case_spacing_and_quote_style_and_picks_the_nearest():
    """Typed words are found whatever their case, spacing or quote marks; of two occurrences,
    the one nearest the offset given."""
    text = "He said “It’s  over” here. Later: \"it's over\" again."
    first, second = text.index("It’s"), text.index("it's")
    assert find_words(text, "it's OVER", 0) == (first, first + len("It’s  over"))
    assert find_words(text, "“it's over”", len(text)) == (second, second + len("it's over"))


def test_find_words_absent_is_one_clear_error():
    with pytest.raises(ReviewError, match="not in the article: 'vast conspiracy'"):
        find_words(TEXT, "vast conspiracy", 0)
    with pytest.raises(ReviewError, match="type"):
        find_words(TEXT, " “ ” ", 0)


def test_trim_drops_a_stray_closing_mark_then_a_word():
    """Trimming the end first drops a stray mark (an article ending `worked out. “`), then
    one word at a time; a quote keeps one word."""
    text = "It all worked out. “"
    parts = [(0, len(text))]
    parts = step_edge(text, parts, "end", grow=False)
    assert text[parts[0][0]:parts[0][1]] == "It all worked out."
    parts = step_edge(text, parts, "end", grow=False)
    assert text[slice(*parts[0])] == "It all worked"
    parts = step_edge(text, parts, "start", grow=False)
    assert text[slice(*parts[0])] == "all worked"
    parts = step_edge(text, step_edge(text, parts, "start", grow=False), "start", grow=True)
    assert text[slice(*parts[0])] == "all worked"
    with pytest.raises(ReviewError, match="at least one word"):
        step_edge(text, [(7, 13)], "end", grow=False)


def test_trimming_a_one_word_part_of_a_longer_quote_says_so():
    """A quote of two parts whose last part is one word is not "a quote of one word": the
    refusal says which part stops the trim."""
    text = "“Twelve hours’ notice,” she said, “means.”"
    parts = [(1, text.index(",”")), (text.index("means"), text.index(".”") + 1)]
    with pytest.raises(ReviewError, match="last part is one word"):
        step_edge(text, parts, "end", grow=False)
    assert step_edge(text, parts, "start", grow=False)[0] == (text.index("hours"), parts[0][1])


def test_extend_takes_the_next_word_and_stops_at_the_article_edges():
    text = "“Little Katy, third-rate journalist.” he said"
    start = text.index("Katy")
    parts = step_edge(text, [(start, start + 4)], "start", grow=True)
    assert text[slice(*parts[0])] == "Little Katy"
    parts = step_edge(text, parts, "end", grow=True)
    assert text[slice(*parts[0])] == "Little Katy, third-rate"
    with pytest.raises(ReviewError, match="start of the article"):
        step_edge(text, [(1, 5)], "start", grow=True)
    with pytest.raises(ReviewError, match="end of the article"):
        step_edge(text, [(len(text) - 4, len(text))], "end", grow=True)


@given(st.text(alphabet=" ab“”‘.\n", min_size=1, max_size=40), st.data())
def test_a_word_step_always_leaves_a_valid_span(text, data):
    """Whatever the text, a step gives parts inside the text, in order, start before end, or
    an error; an extended edge is a word's, never a quote mark or space."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    edge = data.draw(st.sampled_from(["start", "end"]))
    grow = data.draw(st.booleans())
    try:
        parts = step_edge(text, [(start, end)], edge, grow)
    except ReviewError:
        return
    assert all(0 <= s < e <= len(text) for s, e in parts)
    assert all(a[1] < b[0] for a, b in zip(parts, parts[1:])) and len(parts) <= 2
    if grow:
        edge_char = text[parts[0][0]] if edge == "start" else text[parts[-1][1] - 1]
        assert edge_char not in " \n“”‘"


def test_extending_over_a_quote_mark_keeps_the_mark_out_of_the_quote():
    """`were “learning…`: extending the start steps over the opening mark; the word before it
    becomes a part of its own (the text reads "were learning…", no mark in it), and trimming
    it gives the quote back; the same at the end, and over a lone mark with spaces."""
    text = "They said they were “learning to live with it” now."
    start = text.index("learning")
    quote = [(start, text.index("”"))]
    grown = step_edge(text, quote, "start", grow=True)
    assert quote_text(text, grown) == "were learning to live with it"
    assert step_edge(text, grown, "start", grow=False) == quote
    grown = step_edge(text, quote, "end", grow=True)
    assert quote_text(text, grown) == "learning to live with it now."
    assert step_edge(text, grown, "end", grow=False) == quote
    text = "He was ‘ learning ’ it"
    grown = step_edge(text, [(text.index("learning"), text.index(" ’"))], "start", grow=True)
    assert quote_text(text, grown) == "was learning"


# --------------------------------------------------------------------------- sessions


def open_session(target, reviewer="ana"):
    store = SessionStore(target, reviewer=reviewer)
    return store, store.open(make_article(), make_quotes(), make_speakers(), model="fake")


def test_add_gets_a_reviewer_id_engine_ids_do_not_shift_and_it_survives_a_restart(store_target):
    store, s = open_session(store_target)
    s.set_status("q4", "confirmed")
    added = s.add_quote("fair deal for every docker")
    assert added.id == "r1" and added.text == "fair deal for every docker"
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3", "q4", "r1"]
    assert s.origins["r1"].origin == "reviewer" and s.origins["q1"].origin == "engine"
    s.set_speaker("r1", "Workers")
    store.close()
    store, s = open_session(store_target)
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3", "q4", "r1"]
    assert s.verdict("r1").speaker == "Workers" and s.verdict("q4").status == "confirmed"
    assert s.progress() == (1, 5)
    store.close()


def test_trimmed_quote_keeps_its_verdict_and_undo_redo_restores_the_span(store_target):
    store, s = open_session(store_target)
    s.set_status("q1", "disputed", "altered")
    before = s.quotes[0].text
    assert s.resize("q1", "end", grow=False) == "q1: trimmed at the end"
    assert s.quotes[0].text == "We will not give" and s.verdict("q1").reason == "altered"
    assert s.origins["q1"].engine["text"] == before
    assert s.undo() == "q1: trimmed at the end"
    assert s.quotes[0].text == before and s.verdict("q1").status == "disputed"
    s.redo()
    assert s.quotes[0].text == "We will not give"
    store.close()
    store, s = open_session(store_target)
    assert s.quotes[0].text == "We will not give" and s.verdict("q1").status == "disputed"
    assert s.orphans(everyone=True) == []
    store.close()


def test_merge_keeps_both_verdicts_in_the_record(store_target):
    """Merging q3 with q4: the merged quote keeps q3's verdict; q4's verdict is kept as an
    orphan; undoing the merge gives q4 (and its verdict) back."""
    store, s = open_session(store_target)
    s.set_status("q3", "confirmed")
    s.set_status("q4", "disputed", "misquoted")
    s.merge("q3")
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3"]
    merged = s.quotes[2]
    assert len(merged.parts) == 2 and merged.text.endswith("a fair deal for every docker in this port")
    assert s.verdict("q3").status == "confirmed"
    assert [(o.verdict.status, o.verdict.quote_id.split("@")[0]) for o in s.orphans()] == [
        ("disputed", "q4")]
    assert [(r.why, r.into) for r in s.removed] == [("merged", "q3")]
    s.undo()
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3", "q4"]
    assert s.verdict("q4").status == "disputed" and s.orphans() == []
    store.close()


def test_not_a_quote_leaves_the_list_stays_in_the_record_and_undoes(store_target):
    store, s = open_session(store_target)
    s.move(3)
    assert s.reject("q4") == "q4: not a quote"
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3"] and s.cursor == 2
    assert [r.quote["id"] for r in s.removed if r.why == "rejected"] == ["q4"]
    with pytest.raises(ReviewError, match="no quote 'q4'"):
        s.set_status("q4", "confirmed")
    store.close()
    store, s = open_session(store_target)
    assert len(s.quotes) == 3 and s.removed[0].reviewer == "ana"
    s.undo()  # a restarted review undoes its reviewer's earlier actions (closed review)
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3", "q4"]
    store.close()


def test_corrections_are_shared_but_undo_is_the_correctors(store_target):
    """Another reviewer sees the correction (on refresh or reopening); their undo does not
    take it back."""
    store_a, a = open_session(store_target, "ana")
    store_b, b = open_session(store_target, "ben")
    a.reject("q2")
    assert b.refresh() is True and [q.id for q in b.quotes] == ["q1", "q3", "q4"]
    assert b.undo() is None
    assert [q.id for q in a.quotes] == ["q1", "q3", "q4"]
    store_a.close()
    store_b.close()


def test_an_absent_quote_or_merge_at_the_end_is_one_error_and_nothing_is_recorded(store_target):
    store, s = open_session(store_target)
    with pytest.raises(ReviewError, match="not in the article"):
        s.add_quote("vast right-wing conspiracy")
    with pytest.raises(ReviewError, match="last quote"):
        s.merge("q4")
    assert s.undo() is None and len(s.quotes) == 4
    store.close()


def test_adding_words_that_are_already_a_quote_takes_another_occurrence_or_is_refused(
        store_target):
    """Typing a quote's words again (a script run twice, a quote the checker took for missed)
    adds no second quote on the same span: another occurrence of them is taken when the
    article has one, else one error names the quote, and nothing is recorded. Words inside a
    longer quote (a quote within a quote) may still be added."""
    store, s = open_session(store_target)
    with pytest.raises(ReviewError, match="already a quote: q3"):
        s.add_quote("“Our offer stands.”")
    with pytest.raises(ReviewError, match="already a quote: q3"):
        s.add_quote("our offer stands")
    assert s.undo() is None and len(s.quotes) == 4
    added = s.add_quote("every docker in this port")
    assert added.id == "r1" and len(s.quotes) == 5
    with pytest.raises(ReviewError, match="already a quote: r1"):
        s.add_quote("every docker in this port")
    store.close()


def test_find_words_skips_an_occurrence_that_is_a_quote_already():
    text = "She said “tremendous.” Later he said it was “tremendous” too."
    first, second = text.index("tremendous"), text.rindex("tremendous")
    taken = {(first, first + len("tremendous")): "q1"}
    assert find_words(text, "tremendous", 0, taken) == (second, second + len("tremendous"))
    taken[(second, second + len("tremendous"))] = "q2"
    with pytest.raises(ReviewError, match="already a quote: q1"):
        find_words(text, "Tremendous.", 0, taken)


def test_undoing_an_add_keeps_another_reviewers_verdict_on_it_apart(store_target):
    """r1 added by ana, confirmed by ben, then ana undoes the add: ben's verdict stays in the
    record (an orphan), and a quote added next never takes it over."""
    store_a, a = open_session(store_target, "ana")
    store_b, b = open_session(store_target, "ben")
    a.add_quote("Harbour strike goes ahead")
    b.refresh()
    b.set_status("r1", "confirmed")
    a.undo()
    b.refresh()
    assert "r1" not in [q.id for q in b.quotes]
    assert [o.verdict.status for o in b.orphans()] == ["confirmed"]
    added = a.add_quote("before the summer")
    b.refresh()
    assert b.verdict(added.id).status == "unreviewed"
    assert [o.verdict.status for o in b.orphans()] == ["confirmed"]
    store_a.close()
    store_b.close()


def test_a_trim_made_on_a_merged_quote_goes_when_the_merge_is_undone(store_target):
    """ana merges q3 and q4, ben trims the merged quote, ana undoes the merge: the trim (made
    on two parts) no longer applies; q3 and q4 are back as the engine had them."""
    store_a, a = open_session(store_target, "ana")
    store_b, b = open_session(store_target, "ben")
    a.merge("q3")
    b.refresh()
    b.resize("q3", "end", grow=False)
    a.refresh()
    assert a.quotes[2].text.endswith("in this")
    a.undo()
    engine = {q.id: q.text for q in make_quotes()}
    assert {q.id: q.text for q in a.quotes} == engine
    store_a.close()
    store_b.close()


def test_a_correction_changing_a_quotes_words_marks_every_decision_on_it_and_undo_clears(
        store_target):
    """ana and ben confirmed q3, an editor's final too; ana merges q3 with q4: every decision
    on q3 now rests on other words, so each (the final included) is marked for a second look,
    and the export says so. Undoing the merge clears the marks it set; redoing sets them
    again; a trim does the same; a new status clears the mark."""
    from workbench.export.json_export import export_json

    store_b, b = open_session(store_target, "ben")
    store_a, a = open_session(store_target, "ana")
    b.set_status("q3", "confirmed")
    a.set_status("q3", "confirmed")
    a.set_final("q3", "confirmed")
    a.set_status("q1", "disputed", "altered")
    a.merge("q3")
    b.refresh()
    assert a.verdict("q3").recheck and b.verdict("q3").recheck and a.final("q3").recheck
    assert not a.verdict("q1").recheck and a.counts()["recheck"] == 1
    doc = export_json(a)
    q3 = next(q for q in doc["quotes"] if q["id"] == "q3")
    assert q3["verdict"]["recheck"] and q3["final"]["verdict"]["recheck"]
    assert all(r["verdict"]["recheck"] for r in q3["reviews"]) and len(q3["reviews"]) == 2
    assert doc["progress"]["recheck"] == 1
    a.undo()
    assert not a.verdict("q3").recheck and not b.verdict("q3").recheck
    assert not a.final("q3").recheck and a.verdict("q3").status == "confirmed"
    a.redo()
    assert a.verdict("q3").recheck and b.verdict("q3").recheck
    a.undo()
    a.resize("q1", "start", grow=False)
    assert a.verdict("q1").recheck and a.progress()[0] == 1  # q3 decided; q1 to look at again
    a.set_status("q1", "disputed", "altered")
    assert not a.verdict("q1").recheck
    store_a.close()
    store_b.close()
