from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from bot.core.bm25 import VARIANTS, BM25Index, BM25Params, GroupedBM25
from bot.core.errors import QueryError

# d0 = [a, b], d1 = [a, c, c], d2 = [d]: N = 3, avgdl = 6 / 3 = 2.
TINY = [["a", "b"], ["a", "c", "c"], ["d"]]
OKAPI = BM25Params(variant="okapi")
PLUS = BM25Params(variant="plus")
REFERENCES = {
    "okapi": (BM25Okapi, BM25Params(variant="okapi")),
    "l": (BM25L, BM25Params(variant="l", delta=0.5)),
    "plus": (BM25Plus, BM25Params(variant="plus", delta=1.0)),
}


def test_tiny_corpus_by_hand() -> None:
    index = BM25Index(TINY, OKAPI)
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
    expected_a = floor * 2.5 / (1 + 1.5 * 1.375)
    [(document, score)] = index.top_k(["c", "a"], 1)
    assert document == 1 and score == pytest.approx(expected_c + expected_a, abs=1e-12)


def test_plus_by_hand_keeps_idf_positive() -> None:
    index = BM25Index(TINY, PLUS)
    ln = math.log
    assert index.term_idf("a") == pytest.approx(ln(4 / 2), abs=1e-12)  # okapi: the floor
    # every document gets idf(a) * delta for "a"; d0 (|d0| = 2 = avgdl) also its tf part
    scores = index.get_scores(["a"])
    assert scores[2] == pytest.approx(ln(2), abs=1e-12)
    assert scores[0] == pytest.approx(ln(2) * (1 + 2.5 / (1.5 + 1)), abs=1e-12)
    docs, candidate_scores = index.candidates(["a"])
    assert list(docs) == [0, 1] and candidate_scores[0] == pytest.approx(scores[0], abs=1e-12)
    assert index.term_idf("zzz") == pytest.approx(ln(4 / 0.5))


def test_half_the_documents_is_not_idf_zero() -> None:
    docs = [["china", "x"], ["china", "y"], ["z"], ["w"]]  # okapi: ln(2.5 / 2.5) = 0
    assert BM25Index(docs, OKAPI).term_idf("china") == 0.0
    assert BM25Index(docs, PLUS).term_idf("china") == pytest.approx(math.log(5 / 2))
    assert BM25Index(docs, BM25Params("l")).term_idf("china") == pytest.approx(math.log(2))


def test_unknown_terms_add_nothing_and_top_k_skips_non_matching() -> None:
    index = BM25Index(TINY, OKAPI)
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
    with pytest.raises(QueryError, match="one of okapi, l, plus, got 'bm26'"):
        BM25Params(variant="bm26")


words = st.sampled_from([f"w{i}" for i in range(30)])
corpora = st.lists(st.lists(words, max_size=12), min_size=1, max_size=40)


@pytest.mark.parametrize("variant", sorted(REFERENCES))
@settings(max_examples=100, deadline=None)
@given(corpus=corpora, query=st.lists(st.sampled_from([f"w{i}" for i in range(35)]), max_size=6))
def test_scores_match_rank_bm25(variant: str, corpus: list[list[str]], query: list[str]) -> None:
    if not any(corpus):  # rank-bm25 divides by zero when every document is empty
        return
    reference_class, params = REFERENCES[variant]
    reference = reference_class(corpus, **_reference_args(params)).get_scores(query)
    index = BM25Index(corpus, params)
    np.testing.assert_allclose(index.get_scores(query), reference, rtol=0, atol=1e-9)
    docs, scores = index.candidates(query)
    np.testing.assert_allclose(scores, reference[docs], rtol=0, atol=1e-9)
    holding = [d for d in range(len(corpus)) if set(corpus[d]) & set(query)]
    expected = sorted(holding, key=lambda d: (-reference[d], d))
    top = index.top_k(query, 5)
    assert len(top) == min(5, len(holding))
    wanted = [reference[d] for d in expected[: len(top)]]
    assert [s for _, s in top] == pytest.approx(wanted, abs=1e-9)


@pytest.mark.parametrize("variant", sorted(REFERENCES))
@settings(max_examples=50, deadline=None)
@given(corpus=corpora, data=st.data())
def test_grouped_index_scores_concatenated_documents(
    variant: str, corpus: list[list[str]], data: st.DataObject
) -> None:
    cuts = sorted(data.draw(st.sets(st.integers(1, len(corpus)), max_size=5)) - {len(corpus)})
    group = np.zeros(len(corpus), dtype=np.int64)
    for cut in cuts:
        group[cut:] += 1
    members = [np.flatnonzero(group == g) for g in range(group[-1] + 1)]
    groups = [[t for d in ds for t in corpus[d]] for ds in members]
    if not any(groups):
        return
    reference_class, params = REFERENCES[variant]
    query = ["w1", "w2", "w3", "w1"]
    reference = reference_class(groups, **_reference_args(params)).get_scores(query)
    grouped = GroupedBM25(BM25Index(corpus, params), np.r_[0, cuts])
    np.testing.assert_allclose(grouped.get_scores(query), reference, rtol=0, atol=1e-9)
    some = np.flatnonzero(np.arange(len(groups)) % 2 == 0)  # asking for some groups only
    chosen, held = grouped.scores(grouped.index.query_terms(query), some)
    np.testing.assert_allclose(chosen, reference[some], rtol=0, atol=1e-9)
    holding = [bool({"w1", "w2", "w3"} & set(groups[g])) for g in some]
    assert held.tolist() == holding


def _reference_args(params: BM25Params) -> dict[str, float]:
    args = {"k1": params.k1, "b": params.b}
    if params.variant == "okapi":
        return {**args, "epsilon": params.epsilon}
    return {**args, "delta": params.delta}


def test_dense_and_sparse_accumulation_agree() -> None:
    rng = np.random.default_rng(7)
    vocabulary = [f"t{i}" for i in range(50)]
    corpus = [list(rng.choice(vocabulary, size=rng.integers(1, 15))) for _ in range(2000)]
    reference = BM25Plus(corpus)
    index = BM25Index(corpus, PLUS)
    for query in (["t1"], ["t1", "t2", "t3"], ["t49", "t48"], ["t1"] * 3 + ["t7"]):
        docs, scores = index.candidates(query)
        np.testing.assert_allclose(scores, reference.get_scores(query)[docs], rtol=0, atol=1e-9)


def test_group_frequencies_in_small_blocks_match_dense_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.core import postings

    rng = np.random.default_rng(11)
    lengths = rng.integers(0, 9, 300)
    ids = rng.integers(0, 40, int(lengths.sum())).astype(np.int32)
    group = np.cumsum(rng.random(300) < 0.3).astype(np.int32)
    dense = np.zeros((40, 300))
    np.add.at(dense, (ids, np.repeat(np.arange(300), lengths)), 1)
    expected = ((dense @ (group[:, None] == np.arange(group[-1] + 1)[None, :])) > 0).sum(1)
    for block in (1, 7, 1 << 20):  # a block per row, rows split across blocks, one block
        monkeypatch.setattr(postings, "BLOCK", block)
        tf = postings.term_frequencies(ids.copy(), lengths.astype(np.int64), 40)
        found = postings.group_frequencies(tf.indptr, tf.indices, group)
        np.testing.assert_array_equal(found, expected)


def test_term_counts_are_kept_compact_and_exact() -> None:
    words = ["buffalo"] * 300 + ["bison"]
    index = BM25Index([words, ["bison", "bison"], []], PLUS)
    assert index.counts.dtype == np.uint16 and index.counts[-1] == 0
    grouped = GroupedBM25(index, np.array([0, 1]))
    reference = BM25Plus([words, ["bison", "bison"]]).get_scores(["buffalo", "bison"])
    np.testing.assert_allclose(grouped.get_scores(["buffalo", "bison"]), reference, atol=1e-9)
    assert BM25Index([["a", "a"]]).counts.dtype == np.uint8


@settings(max_examples=150, deadline=None)
@given(
    corpus=st.lists(
        st.lists(st.sampled_from([f"w{i}" for i in range(12)]), max_size=8), min_size=1, max_size=80
    ),
    query=st.lists(st.sampled_from([f"w{i}" for i in range(14)]), min_size=1, max_size=5),
    k=st.integers(1, 6),
    variant=st.sampled_from(VARIANTS),
)
def test_pruned_top_k_equals_the_full_sum(
    corpus: list[list[str]], query: list[str], k: int, variant: str
) -> None:
    index = BM25Index(corpus, BM25Params(variant))
    full = index.top_k(query, k)
    index.COMMON_POSTINGS = 3  # most terms count as common: the pruning path runs
    pruned = index.top_k(query, k)
    assert [d for d, _ in pruned] == [d for d, _ in full]
    assert [s for _, s in pruned] == pytest.approx([s for _, s in full], abs=1e-9)
    allowed = np.arange(len(corpus)) % 2 == 0
    index.COMMON_POSTINGS = 1_000_000
    full_allowed = index.top_k(query, k, allowed)
    index.COMMON_POSTINGS = 3
    assert [d for d, _ in index.top_k(query, k, allowed)] == [d for d, _ in full_allowed]


@pytest.mark.slow
def test_pruning_on_zipf_corpora_is_exact_and_used() -> None:
    rng = np.random.default_rng(5)
    vocabulary = [f"w{i}" for i in range(60)]
    p = 1 / np.arange(1, 61) ** 1.1
    p /= p.sum()
    taken = 0
    for n in range(500):
        size = int(rng.integers(20, 400))
        corpus = [list(rng.choice(vocabulary, size=rng.integers(0, 10), p=p)) for _ in range(size)]
        query = list(rng.choice([*vocabulary, "zz"], size=rng.integers(1, 6)))
        k = int(rng.integers(1, 8))
        index = BM25Index(corpus, BM25Params(VARIANTS[n % len(VARIANTS)]))
        scores = index.get_scores(query)  # every document, summed plainly
        holding = [d for d, doc in enumerate(corpus) if set(doc) & set(query)]
        expected = sorted(holding, key=lambda d: (-scores[d], d))[:k]
        for common in (20_000, 10):  # MaxScore by completion off, then on where it applies
            index.COMMON_POSTINGS = common
            taken += common == 10 and index._pruned(index.query_terms(query), k, None) is not None
            found = index.top_k(query, k)
            # Exact: the same documents, but for float ties at the k-th place.
            assert [s for _, s in found] == pytest.approx([scores[d] for d in expected], abs=1e-9)
            assert {d for d, _ in found} <= set(holding)
    assert taken > 20  # the completing path really ran, and agreed


def test_a_subset_scores_as_the_whole_index_restricted() -> None:
    rng = np.random.default_rng(3)
    vocabulary = [f"t{i}" for i in range(30)]
    corpus = [list(rng.choice(vocabulary, size=rng.integers(0, 12))) for _ in range(400)]
    index = BM25Index(corpus)
    chosen = np.flatnonzero(rng.random(400) < 0.1)
    mask = np.zeros(400, dtype=bool)
    mask[chosen] = True
    part = index.subset(chosen)
    for query in (["t1"], ["t2", "t3", "t2"], ["t29", "nothing"], ["nothing"]):
        whole = index.top_k(query, 7, mask)
        found = [(int(chosen[d]), s) for d, s in part.top_k(query, 7)]
        assert [d for d, _ in found] == [d for d, _ in whole]
        assert [s for _, s in found] == pytest.approx([s for _, s in whole], abs=1e-12)


def test_top_k_ranks_only_the_rare_lists_when_their_kth_beats_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.core import bm25

    rng = np.random.default_rng(9)
    common = [["common", f"w{rng.integers(0, 400)}"] for _ in range(3000)]
    rare = [["rare", "common", "rare"] for _ in range(6)] + [["rare"] for _ in range(4)]
    corpus = common + rare
    index = BM25Index(corpus)
    ranked: list[int] = []
    real = bm25._distinct_best

    def spy(dense, docs, k, lists, allowed):  # type: ignore[no-untyped-def]
        ranked.append(len(docs))
        return real(dense, docs, k, lists, allowed)

    monkeypatch.setattr(bm25, "_distinct_best", spy)
    query = ["rare", "common"]
    found = index.top_k(query, 5)
    scores = index.get_scores(query)
    expected = sorted(range(len(corpus)), key=lambda d: (-scores[d], d))[:5]
    assert [d for d, _ in found] == expected
    assert [s for _, s in found] == pytest.approx([scores[d] for d in expected], abs=1e-9)
    assert ranked == [10]  # only the rare term's entries were ranked, and that sufficed


def test_lookup_finds_each_documents_entry_or_reports_none() -> None:
    index = BM25Index([["a", "b"], ["b"], ["a", "c"], ["c"]])
    tid = index.vocabulary["a"]
    at, found = index.lookup(tid, np.array([0, 1, 2, 3]))
    assert found.tolist() == [True, False, True, False]
    assert index.weights.indices[at[found]].tolist() == [0, 2]
    empty = index.subset(np.array([1]))  # "a" has no entry among its documents
    assert empty.lookup(tid, np.array([0]))[1].tolist() == [False]
