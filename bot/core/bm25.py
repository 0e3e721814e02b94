"""BM25 over sentences, as a sparse term-by-sentence matrix of precomputed weights.

Three variants, each scoring as rank-bm25's class of the same name (Trotman, Puurula &
Burgess, "Improvements to BM25 and Language Models Examined", ADCS 2014), with
norm(d) = 1 - b + b * |d| / avgdl and tf = tf(t, d):

    okapi  idf = ln(N - df + 0.5) - ln(df + 0.5), or epsilon * mean(idf) where < 0
           w   = idf * tf * (k1 + 1) / (tf + k1 * norm(d))
    l      idf = ln(N + 1) - ln(df + 0.5);  c = tf / norm(d)
           w   = idf * tf * (k1 + 1) * (c + delta) / (k1 + c + delta)
    plus   idf = ln((N + 1) / df)
           w   = idf * (delta + tf * (k1 + 1) / (k1 * norm(d) + tf))

    score(q, d) = sum of w(t, d) over the query's terms, repeats included

Okapi's idf is 0 for a term in exactly half the documents and its floor depends on the
whole vocabulary (rank_bm25 issue #39, PR #26), which misleads in a one-article corpus;
the l and plus idfs are always positive. Plus adds idf * delta for a query term to EVERY
document, holding the term or not: that part is a per-query constant (`shift`), so the
matrix stores only the rest and rankings among candidates are unchanged by it.

Each w(t, d) is computed once at build time with the same float operations in the same
order as rank-bm25, so a query only adds up a few rows of the matrix: the scores equal
the reference's, while a query touches only the sentences that contain its terms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bot.core import postings
from bot.core.errors import QueryError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


VARIANTS = ("okapi", "l", "plus")


@dataclass(frozen=True, slots=True)
class BM25Params:
    variant: str = "plus"
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25  # okapi only: the idf floor's share of the mean idf
    delta: float = 1.0  # l and plus only (rank-bm25's defaults: l 0.5, plus 1)

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            choices = ", ".join(VARIANTS)
            raise QueryError(f"BM25 variant must be one of {choices}, got {self.variant!r}")
        if not (self.k1 >= 0 and math.isfinite(self.k1)):
            raise QueryError(f"k1 must be a finite number >= 0, got {self.k1!r}")
        if not 0 <= self.b <= 1:
            raise QueryError(f"b must be between 0 and 1, got {self.b!r}")
        if not (self.epsilon >= 0 and math.isfinite(self.epsilon)):
            raise QueryError(f"epsilon must be a finite number >= 0, got {self.epsilon!r}")
        if not (self.delta >= 0 and math.isfinite(self.delta)):
            raise QueryError(f"delta must be a finite number >= 0, got {self.delta!r}")


def idf_of(params: BM25Params, n: int, df: IntArray) -> FloatArray:
    """Each term's idf, for `n` documents of which `df` hold it."""
    if params.variant == "plus":
        return np.array([math.log((n + 1) / f) for f in df.tolist()], dtype=np.float64)
    if params.variant == "l":
        return np.array(
            [math.log(n + 1) - math.log(f + 0.5) for f in df.tolist()], dtype=np.float64
        )
    idf = np.array([math.log(n - f + 0.5) - math.log(f + 0.5) for f in df.tolist()])
    if len(idf):
        floor = params.epsilon * (math.fsum(idf.tolist()) / len(idf))
        idf[idf < 0] = floor
    return idf.astype(np.float64)


def weight_of(
    params: BM25Params, avgdl: float, idf: FloatArray, freq: npt.NDArray[Any], dl: FloatArray
) -> FloatArray:
    """w(t, d) for terms of `idf` found `freq` times in documents of `dl` terms."""
    k1, b, delta = params.k1, params.b, params.delta
    avgdl = avgdl or 1.0  # only 0 when every document is empty: no entries then
    norm = 1 - b + b * dl / avgdl
    if params.variant == "plus":  # the idf * delta every document gets: `shift`
        out: FloatArray = idf * (freq * (k1 + 1) / (k1 * norm + freq))
    elif params.variant == "l":
        ctd = freq / norm
        out = idf * freq * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)
    else:
        out = idf * (freq * (k1 + 1) / (freq + k1 * norm))
    return out


def _shift(params: BM25Params, idf: FloatArray) -> FloatArray:
    return idf * params.delta if params.variant == "plus" else np.zeros(len(idf))


def _average(lengths: IntArray) -> float:
    return int(lengths.sum()) / len(lengths) if len(lengths) else 0.0


class BM25Index:
    """A BM25 index over token lists; documents are numbered 0..n-1 in input order.

    Besides each entry's weight it keeps each entry's term count (`counts`, in the
    smallest unsigned type that holds them, with one 0 past the end), from which
    `GroupedBM25` scores groups of consecutive documents."""

    def __init__(self, docs: Iterable[Sequence[str]], params: BM25Params | None = None) -> None:
        vocabulary: dict[str, int] = {}
        term_ids, doc_lengths = postings.number_terms(docs, vocabulary)
        tokens = (term_ids, np.asarray(doc_lengths, dtype=np.int64))
        self._build(vocabulary, lambda: tokens, params or BM25Params())

    @classmethod
    def from_term_ids(
        cls,
        vocabulary: dict[str, int],
        take_tokens: Callable[[], tuple[npt.NDArray[np.int32], IntArray]],
        params: BM25Params | None = None,
    ) -> BM25Index:
        """Index documents given as one array of term ids, `doc_len[d]` of them per document,
        which `take_tokens()` hands over as (term_ids, doc_len).

        The index holds the only reference to `term_ids` (the caller's should be gone: see
        `units.CorpusBuilder.take_terms`), reorders it in place and lets go of it as soon as
        the counts are made, before the weights are: the corpus's largest arrays are never
        all held at once.
        """
        index = cls.__new__(cls)
        index._build(vocabulary, take_tokens, params or BM25Params())
        return index

    def _build(
        self,
        vocabulary: dict[str, int],
        take_tokens: Callable[[], tuple[npt.NDArray[np.int32], IntArray]],
        params: BM25Params,
    ) -> None:
        self.params = params
        self.vocabulary = vocabulary
        term_ids, doc_len = take_tokens()
        tf = postings.term_frequencies(term_ids, doc_len, len(vocabulary))
        del term_ids
        self.doc_count = len(doc_len)
        self.doc_len = doc_len
        self.avgdl = _average(doc_len)
        self.df = np.diff(tf.indptr).astype(np.int64)
        self.idf = idf_of(params, self.doc_count, self.df)
        indptr, indices, self.counts = tf.indptr, tf.indices, postings.compact_counts(tf.data)
        del tf  # its float32 counts: `counts` holds them in a byte each
        self.weights = self._weights(indptr, indices)
        self.shift = _shift(params, self.idf)
        self._max_weights()  # now, rather than in the first query's time

    # -- build -------------------------------------------------------------------------

    def _weights(
        self, indptr: npt.NDArray[np.int32], indices: npt.NDArray[np.int32]
    ) -> sparse.csr_matrix:
        """w(t, d) for every entry, in blocks so a big corpus needs no corpus-sized temporaries."""
        nnz = int(indptr[-1])
        data = np.empty(nnz, dtype=np.float64)
        for start in range(0, nnz, postings.BLOCK):
            end = min(nnz, start + postings.BLOCK)
            terms = np.searchsorted(indptr, np.arange(start, end), side="right") - 1
            freq = self.counts[start:end].astype(np.float64)
            dl = self.doc_len[indices[start:end]].astype(np.float64)
            data[start:end] = weight_of(self.params, self.avgdl, self.idf[terms], freq, dl)
        shape = (len(indptr) - 1, self.doc_count)
        return sparse.csr_matrix((data, indices, indptr), shape=shape)

    # -- storage -----------------------------------------------------------------------

    def to_arrays(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        """Everything but the vocabulary, as named arrays."""
        w = self.weights
        p = self.params
        return {
            f"{prefix}params": np.array([VARIANTS.index(p.variant), p.k1, p.b, p.epsilon, p.delta]),
            f"{prefix}doc_len": self.doc_len,
            f"{prefix}df": self.df,
            f"{prefix}idf": self.idf,
            f"{prefix}indptr": w.indptr,
            f"{prefix}indices": w.indices,
            f"{prefix}data": w.data,
            f"{prefix}counts": self.counts,
        }

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, npt.NDArray[Any]], prefix: str, vocabulary: dict[str, int]
    ) -> BM25Index:
        """The index `to_arrays` stored; ValueError when its arrays disagree."""
        variant, k1, b, epsilon, delta = arrays[f"{prefix}params"].tolist()
        index = cls.__new__(cls)
        index.params = BM25Params(VARIANTS[int(variant)], k1, b, epsilon, delta)
        index.vocabulary = vocabulary
        index.doc_len = arrays[f"{prefix}doc_len"]
        index.doc_count = len(index.doc_len)
        index.avgdl = _average(index.doc_len)
        index.df = arrays[f"{prefix}df"]
        index.idf = arrays[f"{prefix}idf"]
        shape = (len(index.df), index.doc_count)
        parts = (arrays[f"{prefix}data"], arrays[f"{prefix}indices"], arrays[f"{prefix}indptr"])
        index.weights = sparse.csr_matrix(parts, shape=shape)
        index.counts = arrays[f"{prefix}counts"]
        if len(index.counts) != index.weights.nnz + 1:
            raise ValueError("stored term counts disagree with the postings")
        index.shift = _shift(index.params, index.idf)
        index._max_weights()  # now, rather than in the first query's time
        return index

    # -- query -------------------------------------------------------------------------

    def lookup(self, term_id: int, docs: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """Where each of `docs` would sit among the term's entries (a position in the
        weights' arrays), and whether it holds the term: one binary search each."""
        w = self.weights
        lo, hi = int(w.indptr[term_id]), int(w.indptr[term_id + 1])
        if hi == lo:
            return np.full(len(docs), lo, dtype=np.int64), np.zeros(len(docs), dtype=bool)
        at = np.minimum(np.searchsorted(w.indices[lo:hi], docs), hi - lo - 1) + lo
        return at, w.indices[at] == docs

    def query_terms(self, query: Sequence[str]) -> dict[int, int]:
        """Known terms of `query` as {term id: count}; unknown terms add nothing."""
        counts: dict[int, int] = {}
        for term in query:
            tid = self.vocabulary.get(term)
            if tid is not None:
                counts[tid] = counts.get(tid, 0) + 1
        return counts

    def term_idf(self, term: str) -> float:
        """The idf of `term`; a term no document holds gets the idf of df = 0 (plus: df = 0.5)."""
        tid = self.vocabulary.get(term)
        if tid is not None:
            return float(self.idf[tid])
        n = self.doc_count
        if self.params.variant == "plus":
            return math.log((n + 1) / 0.5)
        if self.params.variant == "l":
            return math.log(n + 1) - math.log(0.5)
        return math.log(n + 0.5) - math.log(0.5)

    def get_scores(self, query: Sequence[str]) -> FloatArray:
        """Scores of every document, as rank-bm25's `get_scores` returns them."""
        scores = np.zeros(self.doc_count)
        terms = self.query_terms(query)
        scores += self.query_shift(terms)
        for tid, count in terms.items():
            start, end = self.weights.indptr[tid], self.weights.indptr[tid + 1]
            scores[self.weights.indices[start:end]] += count * self.weights.data[start:end]
        return scores

    def query_shift(self, terms: dict[int, int]) -> float:
        """What every document scores for these {term id: count}: 0 but for plus."""
        return math.fsum(float(self.shift[t]) * c for t, c in terms.items())

    def candidates(self, query: Sequence[str]) -> tuple[IntArray, FloatArray]:
        """(documents, scores) of the documents holding at least one query term."""
        terms = self.query_terms(query)
        if not terms:
            return np.empty(0, dtype=np.int64), np.empty(0)
        docs, scores = self._sums(terms)
        shift = self.query_shift(terms)
        return docs, (scores + shift if shift else scores)

    def _parts(self, terms: dict[int, int]) -> tuple[npt.NDArray[np.int32], FloatArray]:
        """The terms' postings end to end: (documents, weight times the term's count)."""
        w = self.weights
        spans = [(int(w.indptr[t]), int(w.indptr[t + 1]), c) for t, c in terms.items()]
        docs = np.concatenate([w.indices[lo:hi] for lo, hi, _ in spans])
        data = np.concatenate(
            [w.data[lo:hi] * c if c > 1 else w.data[lo:hi] for lo, hi, c in spans]
        )
        return docs, data

    def _dense(self, docs: npt.NDArray[np.int32]) -> bool:
        """Whether summing into a corpus-sized array beats sorting these entries."""
        return len(docs) * 16 > self.doc_count

    def _sums(
        self, terms: dict[int, int], parts: tuple[npt.NDArray[np.int32], FloatArray] | None = None
    ) -> tuple[IntArray, FloatArray]:
        """(documents, summed weights) of the documents holding any of {term id: count}
        (`parts`: their `_parts`, when already made)."""
        docs, data = parts or self._parts(terms)
        if len(terms) == 1:  # a term's documents are distinct and ascending
            return docs.astype(np.int64), data.astype(np.float64, copy=False)
        if self._dense(docs):
            dense = _dense_sums(docs, data, self.doc_count)
            ordered = np.sort(docs)  # int32: cheaper than marking a corpus-sized mask
            found = ordered[np.r_[True, ordered[1:] != ordered[:-1]]].astype(np.int64)
            return found, dense[found]
        found, inverse = np.unique(docs, return_inverse=True)
        return found.astype(np.int64), np.bincount(inverse, weights=data).astype(np.float64)

    def _summed(
        self, terms: dict[int, int], k: int, allowed: npt.NDArray[np.bool_] | None
    ) -> tuple[IntArray, FloatArray]:
        """Documents holding the terms, with their sums: every document among which the
        best k are (all of them for few entries, about k * terms past that).

        Past a few entries every sum goes into one corpus-sized array; then only the
        entries of the rarest lists are ranked when, as MaxScore reasons (see `_pruned`),
        the k-th best document among them outscores any document holding only the rest.
        """
        top = self._max_weights()
        lengths = {t: int(self.weights.indptr[t + 1] - self.weights.indptr[t]) for t in terms}
        order = sorted(terms, key=lambda t: (-top[t] * terms[t], lengths[t], t))
        terms = {t: terms[t] for t in order}
        docs, data = self._parts(terms)
        if len(terms) == 1 or not self._dense(docs):
            found, scores = self._sums(terms, (docs, data))
            if allowed is None:
                return found, scores
            keep = allowed[found]
            return found[keep], scores[keep]
        dense = _dense_sums(docs, data, self.doc_count)
        entries, floor = 0, -math.inf
        tries = order[:-1] if k <= self.PRUNE_UP_TO else []  # a pool's k-th rarely beats it
        for split, t in enumerate(tries, start=1):
            entries += lengths[t]
            if entries * 2 > len(docs):
                break
            rest = math.fsum(float(top[u]) * terms[u] for u in order[split:])
            found, totals = _distinct_best(dense, docs[:entries], k, split, allowed)
            if len(found) >= k:
                kth = float(np.partition(totals, len(totals) - k)[len(totals) - k])
                if kth > rest:
                    return found, totals
                floor = kth  # k documents reach it: the k-th best overall does too
        return _distinct_best(dense, docs, k, len(terms), allowed, floor)

    def top_k(
        self, query: Sequence[str], k: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """The `k` best (document, score) pairs among documents holding a query term.

        Ties go to the earlier document, so rankings are deterministic. `allowed`, a
        boolean mask over documents, restricts the search (one article, sentences only).
        """
        docs, scores = self.top(query, k, allowed)
        return [(int(d), float(s)) for d, s in zip(docs.tolist(), scores.tolist(), strict=True)]

    def top(
        self, query: Sequence[str], k: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> tuple[IntArray, FloatArray]:
        """`top_k` as arrays: (documents, scores), best first."""
        if k < 1:
            raise QueryError(f"k must be at least 1, got {k}")
        terms = self.query_terms(query)
        if not terms:
            return np.empty(0, dtype=np.int64), np.empty(0)
        docs, scores = self._pruned(terms, k, allowed) or self._summed(terms, k, allowed)
        rows = best_rows(docs, scores, k)
        shift = self.query_shift(terms)
        return docs[rows], (scores[rows] + shift if shift else scores[rows])

    # Terms whose postings exceed this are "common": `top` tries to skip reading them,
    # when it asks for at most PRUNE_UP_TO documents (a reply's, not a reranker's pool).
    COMMON_POSTINGS = 20_000
    PRUNE_UP_TO = 100
    HEAD = 1024  # best partial sums completed to judge the k-th score: cheap, and tighter

    def _max_weights(self) -> FloatArray:
        """Each term's largest weight (its MaxScore bound), computed once."""
        cached: FloatArray | None = getattr(self, "_max_weight", None)
        if cached is None:
            w = self.weights
            cached = np.zeros(w.shape[0])
            rows = np.flatnonzero(np.diff(w.indptr) > 0)
            if len(rows):
                cached[rows] = np.maximum.reduceat(w.data, w.indptr[rows])
            self._max_weight = cached
        return cached

    def _pruned(
        self, terms: dict[int, int], k: int, allowed: npt.NDArray[np.bool_] | None
    ) -> tuple[IntArray, FloatArray] | None:
        """Candidates holding every top-k document, with exact scores, without summing
        the common terms' long posting lists; None when that cannot be shown.

        MaxScore (Turtle & Flood, 1995), for a query whose commonest term holds most of
        its entries: the other ("essential") terms are summed in full. A document holding
        none of them scores at most `bound`, the common term's largest weight. The
        documents with the best partial sums are completed (binary search in the common
        term's list); when the k-th best of those complete scores beats `bound`, no
        document outside can reach the top k, and of the documents summed only those whose
        partial sum plus `bound` reaches it can: they are completed, the others dropped.
        Queries without such a term are pruned by `_summed`, which sums everything first.
        """
        w = self.weights
        if k > self.PRUNE_UP_TO or len(terms) < 2:
            return None
        lengths = {t: int(w.indptr[t + 1] - w.indptr[t]) for t in terms}
        common = max(terms, key=lambda t: (lengths[t], t))
        total = sum(lengths.values())
        if lengths[common] <= self.COMMON_POSTINGS or lengths[common] * 2 < total:
            return None
        docs, partial = self._sums({t: c for t, c in terms.items() if t != common})
        if allowed is not None:
            keep = allowed[docs]
            docs, partial = docs[keep], partial[keep]
        if len(docs) < k:
            return None
        rest = {common: terms[common]}
        bound = float(self._max_weights()[common]) * terms[common]
        head = best_rows(docs, partial, max(4 * k, self.HEAD))
        complete = self._completed(rest, docs[head], partial[head])
        kth = float(np.partition(complete, len(complete) - k)[len(complete) - k])
        if not kth > bound:  # a document outside could reach (or tie) the k-th: unsure
            return None
        reach = np.flatnonzero(partial + bound >= kth)
        # A binary search costs about four summed entries: past this, summing all wins.
        if len(reach) * 4 > lengths[common]:
            return None
        return docs[reach], self._completed(rest, docs[reach], partial[reach])

    def _completed(self, rest: dict[int, int], docs: IntArray, partial: FloatArray) -> FloatArray:
        """`partial` sums of `docs` plus their weights for the `rest` of the terms."""
        scores = partial.copy()
        for t, count in rest.items():
            at, found = self.lookup(t, docs)
            scores += np.where(found, self.weights.data[at] * count, 0.0)
        return scores

    def subset(self, docs: IntArray) -> BM25Index:
        """This index over documents `docs` only (ascending; renumbered 0..len-1), scoring
        each exactly as this index does (same idf, same average length).

        Meant for a small share of the documents (the headings): it costs one byte per
        entry of the whole index while it is made, and what it keeps is the subset's.
        """
        w = self.weights
        wanted = np.zeros(self.doc_count, dtype=bool)
        wanted[docs] = True
        entries = np.flatnonzero(wanted[w.indices])
        rows = np.searchsorted(w.indptr, entries, side="right") - 1
        indptr = np.zeros(len(w.indptr), dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=w.shape[0]), out=indptr[1:])
        indices = np.searchsorted(docs, w.indices[entries]).astype(np.int32)
        index = BM25Index.__new__(BM25Index)
        index.params, index.vocabulary = self.params, self.vocabulary
        index.doc_len = self.doc_len[docs]
        index.doc_count = len(docs)
        index.avgdl = self.avgdl
        index.df, index.idf, index.shift = self.df, self.idf, self.shift
        shape = (w.shape[0], len(docs))
        index.weights = sparse.csr_matrix((w.data[entries], indices, indptr), shape=shape)
        index.counts = np.append(self.counts[entries], 0).astype(self.counts.dtype)
        return index


def _dense_sums(docs: npt.NDArray[np.int32], data: FloatArray, count: int) -> FloatArray:
    """Each document's sum of `data` over its entries in `docs`, for all `count` documents."""
    return np.asarray(np.bincount(docs, weights=data, minlength=count), dtype=np.float64)


def _distinct_best(
    dense: FloatArray,
    docs: npt.NDArray[np.int32],
    k: int,
    lists: int,
    allowed: npt.NDArray[np.bool_] | None,
    floor: float = -math.inf,
) -> tuple[IntArray, FloatArray]:
    """The distinct documents among `docs` (entries of `lists` posting lists) that can be
    among the k best by their totals in `dense`, with those totals; `floor`, a total that
    k of them are known to reach, lets the rest go before any sorting."""
    if allowed is not None:
        docs = docs[allowed[docs]]
    totals = dense[docs]  # a document's total once per list holding it
    if floor > -math.inf:
        keep = np.flatnonzero(totals >= floor)
        docs, totals = docs[keep], totals[keep]
    wanted = k * lists  # so the best `wanted` entries hold at least k documents
    if len(totals) > wanted:
        cut = np.argpartition(-totals, wanted - 1)[:wanted]
        rows = np.flatnonzero(totals >= totals[cut].min())  # and every tie at the cut
        docs, totals = docs[rows], totals[rows]
    found, first = np.unique(docs, return_index=True)
    return found.astype(np.int64), totals[first]


def best_rows(docs: IntArray, scores: FloatArray, k: int) -> IntArray:
    """Rows of the `k` best `scores`, best first; ties go to the earlier of `docs`.

    A partition first, so only about `k` rows are sorted however many there are.
    """
    if len(docs) > k:
        cut = np.argpartition(-scores, k - 1)[:k]
        threshold = scores[cut].min()
        rows = np.flatnonzero(scores >= threshold)  # every tie at the cut competes
    else:
        rows = np.arange(len(docs))
    return rows[np.lexsort((docs[rows], -scores[rows]))[:k]]


class GroupedBM25:
    """BM25 of groups of consecutive documents (paragraphs, articles), each group scored
    as rank-bm25 scores the concatenation of its documents.

    Nothing is indexed twice: a group's term count is the sum of its documents' counts,
    read from the document index's postings (a term's documents ascend, so a group's are
    one run of them, found by binary search), and each group's length and df are
    computed once. A query pays for the groups it asks about, not for all of them.
    """

    def __init__(self, index: BM25Index, starts: IntArray, df: IntArray | None = None) -> None:
        """Groups start at documents `starts` (ascending from 0) and run to the next start;
        `df` (each term's number of groups holding it) is computed when not given."""
        starts = np.asarray(starts, dtype=np.int64)
        if len(starts) and (starts[0] != 0 or np.any(np.diff(starts) < 0)):
            raise QueryError("groups must start at document 0, in ascending order")
        if len(starts) and starts[-1] > index.doc_count:
            raise QueryError("a group starts past the last document")
        self.index = index
        self.params = index.params
        self.starts = starts
        self.ends = np.append(starts[1:], index.doc_count) if len(starts) else starts
        lengths = np.zeros(index.doc_count + 1, dtype=np.int64)
        np.cumsum(index.doc_len, out=lengths[1:])
        self.doc_len = lengths[self.ends] - lengths[self.starts]
        self.doc_count = len(starts)
        self.avgdl = _average(self.doc_len)
        if df is None:
            group_of = np.repeat(np.arange(self.doc_count, dtype=np.int32), self.ends - starts)
            w = index.weights
            df = postings.group_frequencies(w.indptr, w.indices, group_of)
        if len(df) != len(index.df):
            raise ValueError("stored group frequencies disagree with the vocabulary")
        self.df = df
        self.idf = idf_of(self.params, self.doc_count, df)
        self.shift = _shift(self.params, self.idf)

    def spans(self, term_id: int, groups: IntArray) -> tuple[IntArray, IntArray]:
        """(lo, hi): the entries of the term's postings that fall in each of `groups`
        (positions in the document index's arrays; hi - lo of the group's documents
        hold the term)."""
        w = self.index.weights
        first = int(w.indptr[term_id])
        docs = w.indices[first : int(w.indptr[term_id + 1])]
        lo = np.searchsorted(docs, self.starts[groups]) + first
        hi = np.searchsorted(docs, self.ends[groups]) + first
        return lo, hi

    def scores(
        self, terms: dict[int, int], groups: IntArray
    ) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """BM25 scores of `groups` (distinct, ascending) for {term id: count}, and
        whether each holds any of the terms."""
        scores = np.full(len(groups), self.query_shift(terms))
        held = np.zeros(len(groups), dtype=bool)
        counts = self.index.counts
        for tid, count in terms.items():
            lo, hi = self.spans(tid, groups)
            has = np.flatnonzero(hi > lo)
            if not len(has):
                continue
            # Sum each run of counts with one reduceat over the stretch they span: the
            # bounds interleaved, every other sum is a run (the others fall between runs).
            base = int(lo[has[0]])
            bounds = np.empty(2 * len(has), dtype=np.int64)
            bounds[0::2], bounds[1::2] = lo[has] - base, hi[has] - base
            stretch = counts[base : int(hi[has[-1]]) + 1]  # `counts` ends in a spare 0
            freq = np.add.reduceat(stretch, bounds, dtype=np.int64)[0::2]
            dl = self.doc_len[groups[has]].astype(np.float64)
            w = weight_of(self.params, self.avgdl, self.idf[tid], freq.astype(np.float64), dl)
            scores[has] += count * w
            held[has] = True
        return scores, held

    def query_shift(self, terms: dict[int, int]) -> float:
        """What every group scores for these {term id: count}: 0 but for plus."""
        return math.fsum(float(self.shift[t]) * c for t, c in terms.items())

    def get_scores(self, query: Sequence[str]) -> FloatArray:
        """Scores of every group, as rank-bm25's `get_scores` returns them."""
        everything = np.arange(self.doc_count, dtype=np.int64)
        return self.scores(self.index.query_terms(query), everything)[0]
