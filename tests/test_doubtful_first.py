"""The review list's "doubtful first" order: the rule in core, the key in the UI."""

from __future__ import annotations

from workbench.models import Quote
from workbench.review.order import doubtful_first, speaker_doubt
from workbench.review.verdicts import Verdict

from tests.test_tui import make_app, ready


def _q(qid: str, name: str | None, conf: float) -> Quote:
    return Quote(id=qid, parts=[(0, 1)], text="x", speaker_id="s1" if name else None,
                 speaker_name=name, confidence=conf if name else 0.0)


def test_no_speaker_first_then_lowest_confidence_ties_in_text_order():
    quotes = [_q("q1", "A", 0.95), _q("q2", None, 0.0), _q("q3", "B", 0.6), _q("q4", "C", 0.6),
              _q("q5", "D", 0.8)]
    assert doubtful_first(range(5), quotes) == [1, 2, 3, 4, 0]


def test_a_speaker_the_checker_set_counts_as_sure():
    quotes = [_q("q1", "A", 0.5), _q("q2", "B", 0.9)]
    verdicts = [Verdict("q1", speaker="Jane Doe"), Verdict("q2")]
    assert speaker_doubt(quotes[0], verdicts[0]) == 0.0
    assert doubtful_first([0, 1], quotes, verdicts) == [1, 0]


def test_only_the_given_indices_are_ordered():
    quotes = [_q("q1", "A", 0.9), _q("q2", "B", 0.5), _q("q3", "C", 0.7)]
    assert doubtful_first([0, 2], quotes) == [2, 0]


async def test_key_sorts_the_list_doubtful_first_and_back(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        main = app.main
        await pilot.press("exclamation_mark")
        await pilot.pause()
        # the NATO quotes' confidences: .81 .74 .66 .70 .62 .58
        assert main.quote_list.visible == [5, 4, 2, 3, 1, 0]
        assert "doubtful first" in str(main.quote_list.border_title)
        await pilot.press("g")
        assert main.cursor == 5  # the first row is the least sure quote
        await pilot.press("j")
        assert main.cursor == 4  # moving follows the list's order
        await pilot.press("slash", *"is:open", "enter")
        await pilot.pause()
        assert main.quote_list.visible == [5, 4, 2, 3, 1, 0]  # the filter keeps the order
        await pilot.press("slash", "escape", "exclamation_mark")
        await pilot.pause()
        assert main.quote_list.visible == list(range(6))


async def test_the_key_can_be_remapped(tmp_path):
    app = make_app(tmp_path, keymap={"doubtful_first": "ctrl+o"})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.main.quote_list.visible[0] == 5
