from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from bot.core.article import Kind, parse_article
from bot.core.summarize import pagerank, similarity, summarize, textrank
from bot.core.tokens import Tokenizer

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*russia*china*.txt"))

# A made-up story: sentence 1 says what happened and shares words with most others.
BRIDGE = [
    "The weather in Millbrook was mild on Tuesday.",
    "Millbrook council approved a new river bridge on Tuesday after a long vote.",
    "The river bridge will cost the council 4 million pounds.",
    "Councillors said the vote on the bridge was close.",
    "A local bakery sold out of bread.",
    "Work on the new bridge over the river starts in spring.",
]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def test_similarity_is_shared_terms_over_summed_log_lengths() -> None:
    terms = [["bridg", "river", "vote"], ["bridg", "river"], ["bread"]]
    weights = similarity(terms)
    assert weights[0, 1] == pytest.approx(2 / (math.log(3) + math.log(2)))
    assert weights[1, 0] == weights[0, 1]
    assert weights[0, 2] == weights[1, 2] == 0.0
    assert np.all(np.diag(weights) == 0.0)


def test_similarity_counts_one_term_sentences_as_two_terms_long() -> None:
    weights = similarity([["bridg"], ["bridg"]])
    assert weights[0, 1] == pytest.approx(1 / (2 * math.log(2)))


def test_pagerank_ranks_the_hub_of_a_star_first_and_sums_to_one() -> None:
    star = np.zeros((4, 4))
    star[0, 1:] = star[1:, 0] = 1.0
    rank = pagerank(star)
    assert rank.sum() == pytest.approx(1.0)
    assert rank[0] > rank[1] == pytest.approx(rank[2]) == pytest.approx(rank[3])


def test_pagerank_gives_an_isolated_sentence_only_the_teleport_share() -> None:
    weights = np.zeros((3, 3))
    weights[0, 1] = weights[1, 0] = 1.0
    assert pagerank(weights)[2] == pytest.approx(0.15 / 3)


def test_textrank_of_no_sentences_is_empty() -> None:
    assert textrank([]).shape == (0,)


def test_picks_the_sentence_that_says_what_happened(tokenizer: Tokenizer) -> None:
    assert summarize(BRIDGE, 1, tokenizer) == [1]


def test_indices_come_back_in_article_order(tokenizer: Tokenizer) -> None:
    chosen = summarize(BRIDGE, 3, tokenizer)
    assert len(chosen) == 3
    assert chosen == sorted(chosen)
    assert 4 not in chosen  # the bakery shares no word with the story


def test_n_larger_than_the_article_returns_every_usable_sentence(tokenizer: Tokenizer) -> None:
    assert summarize(BRIDGE, 50, tokenizer) == list(range(len(BRIDGE)))


@pytest.mark.parametrize("n", [0, -1])
def test_n_below_one_returns_nothing(tokenizer: Tokenizer, n: int) -> None:
    assert summarize(BRIDGE, n, tokenizer) == []


def test_empty_article_returns_nothing(tokenizer: Tokenizer) -> None:
    assert summarize([], 3, tokenizer) == []


def test_sentences_without_index_terms_are_never_chosen(tokenizer: Tokenizer) -> None:
    sentences = ["It is what it is.", "Millbrook built a bridge.", "So there."]
    assert summarize(sentences, 3, tokenizer) == [1]


def test_near_duplicates_are_passed_over(tokenizer: Tokenizer) -> None:
    repeated = [*BRIDGE, "Millbrook council approved the new river bridge on Tuesday."]
    chosen = summarize(repeated, 3, tokenizer)
    assert not {1, len(BRIDGE)} <= set(chosen)
    assert len(chosen) == 3


def test_headings_are_never_included(tokenizer: Tokenizer) -> None:
    text = "date 2024-05-07\n\n" + "\n\n".join(
        [" ".join(BRIDGE[:3]), "Millbrook council river bridge vote", " ".join(BRIDGE[3:])]
    )
    article = parse_article(text, "bridge")
    headings = {u.text for u in article.units if u.kind is Kind.HEADING}
    assert headings == {"Millbrook council river bridge vote"}
    sentences = article.sentences
    chosen = [sentences[i] for i in summarize(sentences, 4, tokenizer)]
    assert chosen and not headings & set(chosen)


def test_output_is_deterministic(tokenizer: Tokenizer) -> None:
    sentences = parse_article(SEED.read_text(encoding="utf-8"), "seed").sentences
    first = summarize(sentences, 5, tokenizer)
    assert all(summarize(sentences, 5, Tokenizer()) == first for _ in range(3))


def test_seed_summary_opens_with_russia_asking_china_for_military_equipment(
    tokenizer: Tokenizer,
) -> None:
    sentences = parse_article(SEED.read_text(encoding="utf-8"), "seed").sentences
    chosen = summarize(sentences, 3, tokenizer)
    assert len(chosen) == 3
    assert "Russia has asked China for military equipment" in sentences[chosen[0]]


def test_huge_articles_rank_a_bounded_graph() -> None:
    from bot.core.summarize import MAX_GRAPH_SENTENCES

    sentences = [f"Fact number {i} about topic {i % 7}." for i in range(MAX_GRAPH_SENTENCES * 3)]
    chosen = summarize(sentences, 3, Tokenizer())
    assert len(chosen) == 3 and max(chosen) < MAX_GRAPH_SENTENCES
