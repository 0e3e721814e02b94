"""`check --verify`'s cross-check of an index against rank_bm25, on small corpora."""

from __future__ import annotations

import pytest

from bot.cli.verify import cross_check, cross_check_corpus
from bot.core.bm25 import VARIANTS, BM25Index, BM25Params
from bot.core.corpus import Corpus

REFERENCE = {"okapi": "BM25Okapi", "l": "BM25L", "plus": "BM25Plus"}
DOCS = [["russia", "china", "aid"], ["china", "sanction"], [], ["aid", "aid", "ukraine"], ["x"]]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_index_agrees_with_rank_bm25(variant: str) -> None:
    result = cross_check(BM25Index(DOCS, BM25Params(variant)), DOCS)
    assert result.ok and result.max_difference < 1e-9
    assert result.questions == 4  # the units with terms, fewer than 20
    assert result.documents == 5 and result.scores == 4 * 5  # every document, so few
    assert result.reference.startswith(f"rank_bm25.{REFERENCE[variant]}(k1=1.5, b=0.75, ")


def test_a_wrong_weight_fails_the_check() -> None:
    index = BM25Index(DOCS)
    index.weights.data[0] *= 1.001
    result = cross_check(index, DOCS)
    assert not result.ok and result.max_difference > 1e-6


def test_nothing_to_ask_is_no_failure_and_a_mismatch_is_an_error() -> None:
    assert cross_check(BM25Index([[], []]), [[], []]).questions == 0
    with pytest.raises(ValueError, match="holds 5 documents, not 4"):
        cross_check(BM25Index(DOCS), DOCS[:4])


def test_questions_are_drawn_from_the_corpus_with_a_fixed_seed(seed_corpus: Corpus) -> None:
    first = cross_check_corpus(seed_corpus, questions=5, seed=7)
    again = cross_check_corpus(seed_corpus, questions=5, seed=7)
    assert first.ok and first.questions == 5 and first.documents == len(seed_corpus)
    assert (first.scores, first.max_difference) == (again.scores, again.max_difference)
