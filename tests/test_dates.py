"""Dates in questions, read against the newest article's date."""

from __future__ import annotations

import datetime as dt

from bot.core.dates import DateRange, read

NEWEST = dt.date(2024, 8, 20)


def test_iso_and_named_days() -> None:
    assert read("what happened on 2024-05-03?", NEWEST).dates == DateRange(
        dt.date(2024, 5, 3), dt.date(2024, 5, 3)
    )
    assert read("news from 14 August?", NEWEST).dates == DateRange(
        dt.date(2024, 8, 14), dt.date(2024, 8, 14)
    )
    # a day after the newest article's is last year's
    assert read("What happened on September 3?", NEWEST).dates == DateRange(
        dt.date(2023, 9, 3), dt.date(2023, 9, 3)
    )


def test_months() -> None:
    assert read("What happened in May 2024?", NEWEST).dates == DateRange(
        dt.date(2024, 5, 1), dt.date(2024, 5, 31)
    )
    assert read("any strikes in Feb?", NEWEST).dates == DateRange(
        dt.date(2024, 2, 1), dt.date(2024, 2, 29)
    )


def test_relative_words_are_read_against_the_newest_article() -> None:
    week = read("anything on the strike this week?", NEWEST)
    assert week.dates == DateRange(dt.date(2024, 8, 14), NEWEST, relative=True)
    assert week.recent
    assert read("what did he say yesterday?", NEWEST).dates == DateRange(
        dt.date(2024, 8, 19), dt.date(2024, 8, 19), relative=True
    )


def test_a_year_alone_is_marked_and_last_year_is_left_to_the_words() -> None:
    found = read("What does the bank forecast in 2025?", NEWEST).dates
    assert found is not None and found.year_only
    assert read("how much did the economy grow last year?", NEWEST).dates is None


def test_latest_asks_for_the_newest_without_a_date() -> None:
    when = read("What's the latest on the strike?", NEWEST)
    assert when.recent and when.dates is None
    assert not read("Who won the match?", NEWEST).recent
