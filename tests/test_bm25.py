from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from bot.bm25 import BM25Index, BM25Params
from bot.errors import QueryError

# d0 = [a, b], d1 = [a, c, c], d2 = [d]: N = 3, avgdl = 6 / 3 = 2.
TINY = [["a", "b"], ["a", "c", "c"], ["d"]]


def test_tiny_corpus_by_hand() -> None:
    index = BM25Index(TINY)
    assert index.avgdl == 2.0
    ln = math.log
    idf_b = ln(3 - 1 + 0.5) - ln(1 + 0.5)  # ln(2.5 / 1.5)
    idf_a_raw = ln(3 - 2 + 0.5) - ln(2 + 0.5)  # negative: a is in 2 of 3 documents
    floor = 0.25 * (idf_a_raw + 3 * idf_b) / 4  # epsilon * mean idf
    assert index.term_idf("b") == pytest.approx(idf_b, abs=1e-12)
    assert index.term_idf("a") == pytest.approx(floor, abs=1e-12)
    # c in d1: tf 2, |d1| = 3
    expected_c = idf_b * (2 * 2.5) / (2 + 1.5 * (1 - 0.75 + 0.75 * 3 / 2))
    scores = index.get_scores(["c"])
    assert scores == pytest.approx([0.0, expected_c, 0.0], abs=1e-12)
    assert index.top_k(["c", "a"], 1) == [(1, pytest.approx(expected_c + floor * 2.5 / (1 + 1.5 * 1.375), abs=1e-12))]


def test_unknown_terms_add_nothing_and_top_k_skips_non_matching() -> None:
    index = BM25Index(TINY)
    assert index.top_k(["zzz"], 3) == []
    assert [d for d, _ in index.top_k(["d", "zzz"], 3)] == [2]
    assert index.term_idf("zzz") == pytest.approx(math.log(3.5) - math.log(0.5))


def test_empty_corpus_and_empty_query() -> None:
    empty = BM25Index([])
    assert empty.doc_count == 0 and empty.top_k(["a"], 5) == []
    assert list(empty.get_scores(["a"])) == []
    assert BM25Index(TINY).top_k([], 3) == []
    all_empty = BM25Index([[], []])
    assert all_empty.top_k(["a"], 1) == [] and all_empty.avgdl == 0


def test_ties_go_to_the_earlier_document() -> None:
    index = BM25Index([["x"], ["y"], ["x"], ["x"]])
    assert [d for d, _ in index.top_k(["x"], 2)] == [0, 2]


def test_allowed_mask_restricts() -> None:
    index = BM25Index([["x"], ["x"], ["x"]])
    allowed = np.array([False, True, True])
    assert [d for d, _ in index.top_k(["x"], 3, allowed)] == [1, 2]


def test_bad_parameters_name_the_value() -> None:
    with pytest.raises(QueryError, match="b must be between 0 and 1, got 2"):
        BM25Params(b=2)
    with pytest.raises(QueryError, match="k must be at least 1, got 0"):
        BM25Index(TINY).top_k(["a"], 0)


words = st.sampled_from([f"w{i}" for i in range(30)])
corpora = st.lists(st.lists(words, max_size=12), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(corpus=corpora, query=st.lists(st.sampled_from([f"w{i}" for i in range(35)]), max_size=6))
def test_scores_match_rank_bm25(corpus: list[list[str]], query: list[str]) -> None:
    if not any(corpus):  # rank-bm25 divides by zero when every document is empty
        return
    reference = BM25Okapi(corpus).get_scores(query)
    index = BM25Index(corpus)
    np.testing.assert_allclose(index.get_scores(query), reference, rtol=0, atol=1e-9)
    docs, scores = index.candidates(query)
    np.testing.assert_allclose(scores, reference[docs], rtol=0, atol=1e-9)
    holding = [d for d in range(len(corpus)) if set(corpus[d]) & set(query)]
    expected = sorted(holding, key=lambda d: (-reference[d], d))
    top = index.top_k(query, 5)
    assert len(top) == min(5, len(holding))
    assert [s for _, s in top] == pytest.approx([reference[d] for d in expected[: len(top)]], abs=1e-9)


def test_dense_and_sparse_accumulation_agree() -> None:
    rng = np.random.default_rng(7)
    vocabulary = [f"t{i}" for i in range(50)]
    corpus = [list(rng.choice(vocabulary, size=rng.integers(1, 15))) for _ in range(2000)]
    reference = BM25Okapi(corpus)
    index = BM25Index(corpus)
    for query in (["t1"], ["t1", "t2", "t3"], ["t49", "t48"], ["t1"] * 3 + ["t7"]):
        docs, scores = index.candidates(query)
        np.testing.assert_allclose(scores, reference.get_scores(query)[docs], rtol=0, atol=1e-9)
