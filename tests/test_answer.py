from __future__ import annotations

import datetime as dt

import pytest

from bot.core import answer as qa
from bot.core.article import Kind, parse_article
from bot.core.corpus import Corpus
from bot.core.errors import CorpusError, QueryError


def test_russia_china_question(seed_corpus: Corpus) -> None:
    result = qa.ask(seed_corpus, "What has Russia asked China for?")
    assert result.answered
    top = result.hits[0]
    assert "Russia has asked China for military equipment" in top.text
    assert top.article.date == dt.date(2022, 3, 14)
    assert top.sentence_index == 0 and top.sentence_count == 16
    assert set(top.matched) == {"russia", "ask", "china"}


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Who won the World Cup?",
        "Is Bitcoin going up?",
        "When did Russia invade Georgia?",
    ],
)
def test_off_topic_questions_abstain(seed_corpus: Corpus, question: str) -> None:
    result = qa.ask(seed_corpus, question)
    assert not result.answered and result.reason in ("no match", "low confidence")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who will Sullivan meet in Rome?", "Yang Jiechi in Rome"),
        ("How many Ukrainian civilians were killed?", "nearly 600 Ukrainian civilians"),
        ("Who is Jake Sullivan?", "Jake Sullivan"),
    ],
)
def test_on_topic_questions_answer(seed_corpus: Corpus, question: str, expected: str) -> None:
    result = qa.ask(seed_corpus, question)
    assert result.answered and expected in result.hits[0].text


def test_empty_and_stopword_questions(seed_corpus: Corpus) -> None:
    assert qa.ask(seed_corpus, "   ").reason == "empty"
    assert qa.ask(seed_corpus, "what is the?").reason == "stopwords"
    assert qa.ask(seed_corpus, "🙂🙂").reason == "stopwords"


def test_headings_are_quoted_only_when_nothing_else_matches(seed_corpus: Corpus) -> None:
    result = qa.ask(seed_corpus, "deeply concerned", k=5, min_confidence=0.0)
    assert not any(h.heading for h in result.hits)
    claims = qa.ask(seed_corpus, "claims UN", k=5)  # only the heading says "claims UN"
    assert claims.hits[0].heading and claims.hits[0].text.startswith("Over 600")


def test_article_filter_and_unknown_article(seed_corpus: Corpus) -> None:
    article_id = seed_corpus.articles[0].id
    assert qa.ask(seed_corpus, "Russia China", article_id=article_id).answered
    with pytest.raises(CorpusError, match="no article 'nope'"):
        qa.ask(seed_corpus, "Russia", article_id="nope")


def test_article_ids_are_found_as_a_person_types_them(seed_corpus: Corpus) -> None:
    info = seed_corpus.articles[0]
    assert seed_corpus.article(info.id.upper() + ".txt") == info
    assert qa.ask(seed_corpus, "Russia China", article_id=info.id.upper()).answered


def test_k_is_validated(seed_corpus: Corpus) -> None:
    with pytest.raises(QueryError, match=f"1 to {qa.MAX_ANSWERS}, got {qa.MAX_ANSWERS + 1}"):
        qa.ask(seed_corpus, "Russia", k=qa.MAX_ANSWERS + 1)


def test_near_duplicates_are_quoted_once() -> None:
    text = (
        "date 2024-01-01\n\nThe minister resigned on Monday after the vote. "
        "The minister resigned on Monday after the vote, officials said. "
        "Crowds gathered outside the minister's office. Rain fell all day. "
        "Shops closed early. Trains were cancelled. Schools stayed open."
    )
    corpus = Corpus([parse_article(text, "a")])
    hits = qa.ask(corpus, "minister resigned vote", k=3, min_confidence=0.0).hits
    assert len(hits) == 2 and "Crowds" in hits[1].text


def test_ranking_is_deterministic(seed_corpus: Corpus) -> None:
    first = qa.ask(seed_corpus, "Sullivan warned China sanctions", k=5)
    again = qa.ask(seed_corpus, "Sullivan warned China sanctions", k=5)
    assert first == again


def test_context_stays_in_the_article(seed_corpus: Corpus) -> None:
    around = qa.context(seed_corpus, 0, radius=2)
    assert [u for u, _ in around] == [0, 1, 2]


def test_heading_search_keeps_to_the_article_asked_about() -> None:
    texts = {
        "a": "date 2022-01-01 Talks went on.\n\nOver 600 claims filed\n\nThe rest is here.\n",
        "b": "date 2022-01-02 Nothing about that.\n\nWeather report\n\nRain fell.\n",
    }
    corpus = Corpus([parse_article(text, name, name) for name, text in texts.items()])
    terms = corpus.tokenizer("claims filed")
    heading = corpus.top_headings(terms, 3)
    assert [corpus.texts[u] for u, _ in heading] == ["Over 600 claims filed"]
    assert corpus.top_headings(terms, 3, "a") == heading
    assert corpus.top_headings(terms, 3, "b") == []
    assert heading == corpus.index.top_k(terms, 3, corpus.unit_mask(None, Kind.HEADING))
