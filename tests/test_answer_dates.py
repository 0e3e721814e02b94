"""Answers by date: since / until, dates named in the question, recency, partial matches,
and the answer-channel bar."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core import answer as qa
from bot.core import limits
from bot.core.article import parse_article
from bot.core.corpus import Corpus
from bot.core.errors import QueryError


def article(day: str, name: str, text: str) -> str:
    return f"date {day}\ntitle: {name}\n\n{text}"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    texts = {
        "may": article(
            "2024-05-03",
            "Dockers strike in Rotterdam",
            "Dockers in Rotterdam walked out on Friday over pay. The port said 40 ships were "
            "waiting.\n\nUnion leader Anna Smit said the strike would last a week.",
        ),
        "june": article(
            "2024-06-10",
            "Rotterdam strike ends",
            "The Rotterdam dockers' strike ended after the port agreed a 6% pay rise. "
            "Union leader Anna Smit said members were pleased.",
        ),
        "aug": article(
            "2024-08-14",
            "Heatwave closes schools",
            "Schools in Lyon closed as temperatures reached 41C. The mayor said they would "
            "reopen on Monday.",
        ),
    }
    return Corpus([parse_article(text, name) for name, text in texts.items()])


def ids(answer: qa.Answer) -> list[str]:
    return [hit.article.id for hit in answer.hits]


def test_since_and_until_keep_to_those_days(corpus: Corpus) -> None:
    question = "What did Anna Smit say about the strike?"
    assert {"may", "june"} <= set(ids(qa.ask(corpus, question, k=5, min_confidence=0.0)))
    later = qa.ask(corpus, question, k=5, min_confidence=0.0, since=dt.date(2024, 6, 1))
    assert "june" in ids(later) and "may" not in ids(later)
    earlier = qa.ask(corpus, question, k=5, min_confidence=0.0, until=dt.date(2024, 5, 31))
    assert set(ids(earlier)) == {"may"}
    with pytest.raises(QueryError, match="swap"):
        qa.ask(corpus, question, since=dt.date(2024, 6, 1), until=dt.date(2024, 5, 1))


def test_a_question_naming_only_a_day_gets_that_days_openings(corpus: Corpus) -> None:
    answer = qa.ask(corpus, "What happened on August 14?")
    assert ids(answer) == ["aug"] and answer.hits[0].text.startswith("Schools in Lyon")
    month = qa.ask(corpus, "Any news from June 2024?")
    assert ids(month) == ["june"]


def test_a_named_month_narrows_a_topic_question(corpus: Corpus) -> None:
    answer = qa.ask(corpus, "What did the union leader say in May 2024?", k=5, min_confidence=0.0)
    assert set(ids(answer)) == {"may"}


def test_a_year_narrows_only_a_question_with_nothing_else(corpus: Corpus) -> None:
    # the year is what the story says here, not when it ran: no filter, no note
    topical = qa.ask(
        corpus, "What pay rise did Rotterdam dockers win in 2023?", k=5, min_confidence=0.0
    )
    assert "june" in ids(topical) and topical.note == ""
    assert set(ids(qa.ask(corpus, "What happened in 2024?", k=5))) == {"may", "june", "aug"}


def test_a_date_no_article_has_is_said_and_ignored(corpus: Corpus) -> None:
    answer = qa.ask(corpus, "Why did Rotterdam dockers strike in March 2023?", min_confidence=0.0)
    assert answer.answered and "No article is dated 2023-03-01" in answer.note


def test_relative_dates_say_what_they_were_read_against(corpus: Corpus) -> None:
    answer = qa.ask(corpus, "What happened this week?")
    assert ids(answer) == ["aug"]
    assert "2024-08-14" in answer.note


def test_latest_puts_the_newest_article_first(corpus: Corpus) -> None:
    question = "What did Anna Smit say about the strike?"
    plain = qa.ask(corpus, question, k=2, min_confidence=0.0, until=dt.date(2024, 6, 30))
    latest = qa.ask(
        corpus,
        "What's the latest Anna Smit said on the strike?",
        k=2,
        min_confidence=0.0,
        until=dt.date(2024, 6, 30),
    )
    assert set(ids(latest)) == set(ids(plain)) == {"may", "june"}
    assert ids(latest)[0] == "june"


def test_hits_below_the_sure_bar_are_partial(corpus: Corpus) -> None:
    answer = qa.ask(corpus, "What did Anna Smit say about the strike?", k=5, min_confidence=0.0)
    for hit in answer.hits:
        assert hit.partial == (hit.confidence < limits.SURE_CONFIDENCE)


def test_answer_channels_ignore_chat(corpus: Corpus) -> None:
    assert qa.ask(corpus, "did you see the strike?", channel=True).reason == "chat"
    # common words only: nothing named that the answer's article holds
    assert not qa.ask(corpus, "when do schools reopen?", channel=True).answered
    assert qa.ask(corpus, "when do the Lyon schools reopen?", channel=True).answered


def test_no_article_of_the_asked_time_says_so(corpus: Corpus) -> None:
    only_time = qa.ask(corpus, "What happened on 3 January 2021?")
    assert only_time.reason == "no match" and "No article is dated 2021-01-03" in only_time.note
    empty = qa.ask(corpus, "Why did dockers strike?", since=dt.date(2025, 1, 1))
    assert not empty.answered and "No article is dated 2025-01-01 to any date" in empty.note
