"""Reading questions: topic terms, frame words, typos, related words, chat."""

from __future__ import annotations

import pytest

from bot.core.article import parse_article
from bot.core.corpus import Corpus
from bot.core.cues import Cue
from bot.core.query import chatty, read

TEXT = """date 2005-01-10
title: Waiting list grows for WTO

There are now 27 countries waiting to join the WTO, officials said.

Children under 12 will remain free, the manager of the river ferry said.

A news briefing was held in Brussels on the river Senne."""


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus([parse_article(TEXT, "wto")])


def test_frame_words_are_not_topic_terms(corpus: Corpus) -> None:
    query = read(corpus, "Any news on the WTO?")
    assert query.terms == ["wto"] and "news" in query.frame
    # a line of nothing but frame words keeps them, so it still searches
    assert read(corpus, "any news?").terms == ["news"]


def test_how_long_and_what_year_ask_for_a_kind_of_answer(corpus: Corpus) -> None:
    query = read(corpus, "How long has the ferry run?")
    assert "long" not in query.terms and query.wanted & Cue.DURATION
    assert read(corpus, "What year did the ferry start?").terms == ["ferri", "start"]


def test_a_typo_is_corrected_to_the_corpus_word_one_edit_away(corpus: Corpus) -> None:
    query = read(corpus, "how many countries are waitng to join?")
    assert "wait" in query.terms and query.corrected == {"waitng": "wait"}
    assert "river" in read(corpus, "what's the name of the rivr?").terms


def test_a_real_word_the_corpus_lacks_is_never_corrected(corpus: Corpus) -> None:
    # "place" is one edit from nothing here, "fast" from "last" elsewhere: both are English
    query = read(corpus, "How fast did the place grow?")
    assert query.corrected == {} and "place" in query.terms


def test_a_word_one_edit_from_a_stopword_is_that_stopword(corpus: Corpus) -> None:
    assert read(corpus, "what worries the manager msot?").terms == ["worri", "manag"]


def test_related_words_are_those_the_corpus_holds(corpus: Corpus) -> None:
    query = read(corpus, "Do kids ride free?")
    assert query.related["kid"] == ("children",)  # the only related word it holds
    assert all(corpus.index.vocabulary.get(r) is not None for r in query.related["kid"])


def test_specific_terms_are_names_numbers_and_unknown_words(corpus: Corpus) -> None:
    query = read(corpus, "did the wto admit 27 countries in brussels on monday?")
    assert {"wto", "27", "brussel"} <= query.specific
    assert "countri" not in query.specific and "monday" not in query.specific


@pytest.mark.parametrize(
    ("line", "chat"),
    [
        ("how much was your ticket?", True),
        ("is anyone up for a game?", True),
        ("What did I miss?", True),
        ("why did the us say no to iran?", False),  # the US, not us
        ("Why did the US block Iran?", False),
        ("what time is the meeting?", False),
    ],
)
def test_chatty(line: str, chat: bool) -> None:
    assert chatty(line) is chat
