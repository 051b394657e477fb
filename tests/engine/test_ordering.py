"""Which of two returns is later: the clues, their strength, and when the order is unsure."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hoithao.engine.ordering import (
    CLUE_MODIFIED,
    CLUE_NAME,
    CLUE_PATH,
    CLUE_SAVED,
    CLUE_WRITTEN,
    ReturnDates,
    compare_returns,
    order_returns,
    says_correction,
    says_supplement,
)

MAY_9 = datetime(2022, 5, 9, 10, 0)
MAY_10 = datetime(2022, 5, 10, 10, 0)
TODAY = datetime(2022, 5, 12, 8, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CS02 - danh sách bổ sung.xlsx", True),
        ("CS02_BO_SUNG.xlsx", True),
        ("DANH SÁCH ĐẠI BIỂU BỔ SUNG", True),
        ("ds bosung cs02.xlsx", True),
        ("Phiếu đăng ký CS02.xlsx", False),
        ("Bổ nhiệm sung túc", False),
    ],
)
def test_says_supplement(text: str, expected: bool) -> None:
    assert says_supplement(text) is expected


def test_says_correction() -> None:
    assert says_correction("CS11 Lao dong (sua lai).xlsx")
    assert says_correction("CS11 - Phiếu đăng ký (sửa lại).xlsx")
    assert says_correction("CS11_lan_2.xlsx")
    assert not says_correction("CS11 Lao dong.xls")
    assert not says_correction("Sở Xây dựng.xlsx")  # "sua" must be a word, "Sở" is not


def test_written_dates_decide_even_against_file_times() -> None:
    old = ReturnDates(date(2022, 5, 4), None, TODAY)
    new = ReturnDates(date(2022, 5, 9), None, MAY_9)
    verdict = compare_returns(new, old, "b.xlsx", "a.xlsx")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (True, CLUE_WRITTEN, True)


def test_written_dates_contradicted_by_saved_times_are_unsure() -> None:
    old = ReturnDates(date(2022, 5, 4), MAY_10, TODAY)
    new = ReturnDates(date(2022, 5, 9), MAY_9, TODAY)
    verdict = compare_returns(new, old, "b.xlsx", "a.xlsx")
    assert verdict.first_is_later
    assert verdict.clue == CLUE_WRITTEN
    assert not verdict.confident


def test_saved_time_survives_reversed_file_times() -> None:
    original = ReturnDates(None, MAY_9, TODAY)  # attachment saved from e-mail today
    correction = ReturnDates(None, MAY_10, MAY_10)
    verdict = compare_returns(correction, original, "b.xlsx", "a.xlsx")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (True, CLUE_SAVED, True)


def test_correction_with_written_date_against_original_without() -> None:
    """The original has no written date: the clue both carry (saved time) decides."""
    original = ReturnDates(None, MAY_9, TODAY)
    correction = ReturnDates(date(2022, 5, 9), MAY_10, MAY_10)
    verdict = compare_returns(correction, original, "sua.xlsx", "goc.xlsx")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (True, CLUE_SAVED, True)


def test_file_time_alone_is_weak() -> None:
    verdict = compare_returns(
        ReturnDates(None, None, MAY_10), ReturnDates(None, None, MAY_9), "b.csv", "a.csv"
    )
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (True, CLUE_MODIFIED, False)
    assert "thời gian sửa tệp" in verdict.doubt


def test_tie_broken_by_correction_words_then_path() -> None:
    same = ReturnDates(None, None, MAY_9)
    xlsx = ReturnDates(None, MAY_9, MAY_9.replace(microsecond=500))
    verdict = compare_returns(same, xlsx, "CS11 Lao dong.xls", "CS11 Lao dong (sua lai).xlsx")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (False, CLUE_NAME, False)
    verdict = compare_returns(same, same, "b.xlsx", "a.xlsx")
    assert (verdict.first_is_later, verdict.clue) == (True, CLUE_PATH)


def test_order_returns_earliest_first() -> None:
    items = [
        ("c.xlsx", ReturnDates(date(2022, 5, 9), None, MAY_9)),
        ("a.xlsx", ReturnDates(date(2022, 5, 2), None, TODAY)),
        ("b.xlsx", ReturnDates(date(2022, 5, 5), None, MAY_10)),
    ]
    assert [n for n, _ in order_returns(items, lambda item: item)] == ["a.xlsx", "b.xlsx", "c.xlsx"]


def test_clue_text_shows_local_time() -> None:
    dates = ReturnDates(date(2022, 5, 9), None, MAY_10)
    assert dates.clue_text(CLUE_WRITTEN) == "09/05/2022"
    assert dates.clue_text(CLUE_MODIFIED) == "10/05/2022 10:00"
    assert dates.clue_text(CLUE_SAVED) == "không có"


def test_one_sided_written_date_is_unsure() -> None:
    """A correction carries a written date, the original (a .csv) does not, and the original's
    file time is later (the attachment was saved this morning): the clue both carry decides,
    unsure; with equal file times, the one with a written date."""
    original = ReturnDates(None, None, TODAY)
    correction = ReturnDates(date(2022, 5, 9), None, MAY_10)
    verdict = compare_returns(correction, original, "b.csv", "a.csv")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (
        False,
        CLUE_MODIFIED,
        False,
    )
    correction = ReturnDates(date(2022, 5, 9), None, TODAY)
    verdict = compare_returns(correction, original, "a.csv", "b.csv")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (True, CLUE_WRITTEN, False)
    assert "chỉ một phiếu" in verdict.doubt


def test_a_file_time_before_the_other_returns_written_day_is_sure() -> None:
    """A file time is never earlier than the file's real saving: a file last touched on 8 May
    was made before a form dated 9 May."""
    original = ReturnDates(None, None, datetime(2022, 5, 8, 17, 0))
    correction = ReturnDates(date(2022, 5, 9), None, TODAY)
    verdict = compare_returns(original, correction, "a.csv", "b.csv")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (False, CLUE_WRITTEN, True)
    saved_before = ReturnDates(None, MAY_9, TODAY)
    only_file_time = ReturnDates(None, None, datetime(2022, 5, 8, 17, 0))
    verdict = compare_returns(saved_before, only_file_time, "a.xlsx", "b.xls")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (True, CLUE_SAVED, True)


def test_saved_times_contradicted_by_a_one_sided_written_date_are_unsure() -> None:
    """Saved times say b is later, but a is dated after b was saved: one of them is wrong."""
    a = ReturnDates(date(2022, 5, 11), MAY_9, TODAY)
    b = ReturnDates(None, MAY_10, TODAY)
    verdict = compare_returns(a, b, "a.xlsx", "b.xlsx")
    assert (verdict.first_is_later, verdict.clue, verdict.confident) == (False, CLUE_SAVED, False)
    assert "ngược nhau" in verdict.doubt
