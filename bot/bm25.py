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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from . import postings
from .errors import QueryError

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


class BM25Index:
    """A BM25 index over token lists; documents are numbered 0..n-1 in input order."""

    def __init__(
        self,
        docs: Iterable[Sequence[str]],
        params: BM25Params | None = None,
        groupings: Sequence[IntArray] = (),
    ) -> None:
        """Index `docs`; each of `groupings` (a group number per document, ascending from
        0 in document order) also gets an index of its groups, each group scored as the
        concatenation of its documents: `self.grouped[i]`, sharing the vocabulary."""
        vocabulary: dict[str, int] = {}
        term_ids, doc_lengths = postings.number_terms(docs, vocabulary)
        doc_len = np.asarray(doc_lengths, dtype=np.int64)
        self._build(vocabulary, term_ids, doc_len, params or BM25Params(), groupings)

    @classmethod
    def from_term_ids(
        cls,
        vocabulary: dict[str, int],
        term_ids: npt.NDArray[np.int32],
        doc_len: IntArray,
        params: BM25Params | None = None,
        groupings: Sequence[IntArray] = (),
    ) -> BM25Index:
        """Index documents given as one array of term ids, `doc_len[d]` of them per document.

        Takes `term_ids` over: it is reordered in place to save a copy of the corpus's size.
        """
        index = cls.__new__(cls)
        index._build(vocabulary, term_ids, doc_len, params or BM25Params(), groupings)
        return index

    def _build(
        self,
        vocabulary: dict[str, int],
        term_ids: npt.NDArray[np.int32],
        doc_len: IntArray,
        params: BM25Params,
        groupings: Sequence[IntArray],
    ) -> None:
        self.params = params
        self.vocabulary = vocabulary
        tf = postings.term_frequencies(term_ids, doc_len, len(vocabulary))
        self._fit(tf, doc_len)
        self.grouped = [self._group(tf, doc_len, g) for g in groupings]

    def _fit(
        self, tf: sparse.csr_matrix, doc_len: IntArray, dtype: type[np.floating[Any]] = np.float64
    ) -> None:
        self.doc_count = len(doc_len)
        self.doc_len = doc_len
        total = int(self.doc_len.sum())
        self.avgdl = total / self.doc_count if self.doc_count else 0.0
        self.df = np.diff(tf.indptr).astype(np.int64)
        self.idf = self._idf(self.df)
        self.weights = self._weights(tf, dtype)
        plus = self.params.variant == "plus"
        self.shift = self.idf * self.params.delta if plus else np.zeros(len(self.idf))

    def _group(self, tf: sparse.csr_matrix, doc_len: IntArray, group: IntArray) -> BM25Index:
        if len(group) != self.doc_count or (len(group) and np.any(np.diff(group) < 0)):
            raise QueryError("a grouping needs one ascending group number per document")
        count = int(group[-1]) + 1 if len(group) else 0
        index = BM25Index.__new__(BM25Index)
        index.params, index.vocabulary, index.grouped = self.params, self.vocabulary, []
        lengths = np.bincount(group, weights=doc_len, minlength=count).astype(np.int64)
        # Grouped scores are reranking features, not the ranking itself: float32 halves them.
        index._fit(postings.grouped_counts(tf, group, count), lengths, np.float32)
        return index

    # -- build -------------------------------------------------------------------------

    def _idf(self, df: IntArray) -> FloatArray:
        n, variant = self.doc_count, self.params.variant
        if variant == "plus":
            return np.array([math.log((n + 1) / f) for f in df.tolist()], dtype=np.float64)
        if variant == "l":
            return np.array(
                [math.log(n + 1) - math.log(f + 0.5) for f in df.tolist()], dtype=np.float64
            )
        idf = np.array([math.log(n - f + 0.5) - math.log(f + 0.5) for f in df.tolist()])
        if len(idf):
            floor = self.params.epsilon * (math.fsum(idf.tolist()) / len(idf))
            idf[idf < 0] = floor
        return idf.astype(np.float64)

    def _weights(self, tf: sparse.csr_matrix, dtype: type[np.floating[Any]]) -> sparse.csr_matrix:
        """w(t, d) for every entry, in blocks so a big corpus needs no corpus-sized temporaries."""
        data = np.empty(tf.nnz, dtype=dtype)
        for start in range(0, tf.nnz, postings.BLOCK):
            end = min(tf.nnz, start + postings.BLOCK)
            terms = np.searchsorted(tf.indptr, np.arange(start, end), side="right") - 1
            freq = tf.data[start:end]
            dl = self.doc_len[tf.indices[start:end]].astype(np.float64)
            data[start:end] = self._weight(self.idf[terms], freq, dl)
        return sparse.csr_matrix((data, tf.indices, tf.indptr), shape=tf.shape)

    def _weight(self, idf: FloatArray, freq: FloatArray, dl: FloatArray) -> FloatArray:
        k1, b, delta = self.params.k1, self.params.b, self.params.delta
        avgdl = self.avgdl or 1.0  # only 0 when every document is empty: no entries then
        norm = 1 - b + b * dl / avgdl
        if self.params.variant == "plus":  # the idf * delta every document gets: `shift`
            out: FloatArray = idf * (freq * (k1 + 1) / (k1 * norm + freq))
        elif self.params.variant == "l":
            ctd = freq / norm
            out = idf * freq * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)
        else:
            out = idf * (freq * (k1 + 1) / (freq + k1 * norm))
        return out

    # -- storage -----------------------------------------------------------------------

    def to_arrays(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        """Everything but the vocabulary (shared by grouped indexes), as named arrays."""
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
        }

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, npt.NDArray[Any]], prefix: str, vocabulary: dict[str, int]
    ) -> BM25Index:
        """The index `to_arrays` stored, its grouped indexes left to the caller."""
        variant, k1, b, epsilon, delta = arrays[f"{prefix}params"].tolist()
        index = cls.__new__(cls)
        index.params = BM25Params(VARIANTS[int(variant)], k1, b, epsilon, delta)
        index.vocabulary = vocabulary
        index.grouped = []
        index.doc_len = arrays[f"{prefix}doc_len"]
        index.doc_count = len(index.doc_len)
        index.avgdl = int(index.doc_len.sum()) / index.doc_count if index.doc_count else 0.0
        index.df = arrays[f"{prefix}df"]
        index.idf = arrays[f"{prefix}idf"]
        shape = (len(index.df), index.doc_count)
        parts = (arrays[f"{prefix}data"], arrays[f"{prefix}indices"], arrays[f"{prefix}indptr"])
        index.weights = sparse.csr_matrix(parts, shape=shape)
        plus = index.params.variant == "plus"
        index.shift = index.idf * index.params.delta if plus else np.zeros(len(index.idf))
        return index

    # -- query -------------------------------------------------------------------------

    def postings(self, term_id: int) -> IntArray:
        """The documents holding the term, ascending."""
        w = self.weights
        return np.asarray(w.indices[w.indptr[term_id] : w.indptr[term_id + 1]], dtype=np.int64)

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

    def _sums(self, terms: dict[int, int]) -> tuple[IntArray, FloatArray]:
        w = self.weights
        parts = [
            (w.indices[w.indptr[t] : w.indptr[t + 1]], w.data[w.indptr[t] : w.indptr[t + 1]], c)
            for t, c in terms.items()
        ]
        if len(parts) == 1:
            docs, data, count = parts[0]
            return docs.astype(np.int64), np.asarray(data * count, dtype=np.float64)
        docs = np.concatenate([p[0] for p in parts])
        data = np.concatenate([p[1] * p[2] for p in parts])
        if len(docs) * 8 > self.doc_count:  # dense accumulation is cheaper than sorting
            dense = np.bincount(docs, weights=data, minlength=self.doc_count)
            hit = np.zeros(self.doc_count, dtype=bool)
            hit[docs] = True
            found = np.flatnonzero(hit)
            return found.astype(np.int64), dense[found].astype(np.float64)
        found, inverse = np.unique(docs, return_inverse=True)
        return found.astype(np.int64), np.bincount(inverse, weights=data).astype(np.float64)

    def top_k(
        self, query: Sequence[str], k: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """The `k` best (document, score) pairs among documents holding a query term.

        Ties go to the earlier document, so rankings are deterministic. `allowed`, a
        boolean mask over documents, restricts the search (one article, sentences only).
        """
        if k < 1:
            raise QueryError(f"k must be at least 1, got {k}")
        pruned = self._top_k_pruned(query, k, allowed)
        if pruned is not None:
            return pruned
        docs, scores = self.candidates(query)
        if allowed is not None and len(docs):
            keep = allowed[docs]
            docs, scores = docs[keep], scores[keep]
        if len(docs) > k:
            cut = np.argpartition(-scores, k - 1)[:k]
            threshold = scores[cut].min()
            pick = np.flatnonzero(scores >= threshold)  # keep all ties at the cut
            docs, scores = docs[pick], scores[pick]
        order = np.lexsort((docs, -scores))[:k]
        return [(int(docs[i]), float(scores[i])) for i in order]

    # Terms whose postings exceed this are "common": top_k tries to skip reading them.
    COMMON_POSTINGS = 20_000

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

    def _top_k_pruned(
        self, query: Sequence[str], k: int, allowed: npt.NDArray[np.bool_] | None
    ) -> list[tuple[int, float]] | None:
        """`top_k` without summing the common terms' long posting lists, when that is exact.

        MaxScore (Turtle & Flood, 1995): score the documents holding a rare query term in
        full (looking their common-term weights up by binary search), and take the k-th
        best score. A document holding only common terms scores at most the sum of their
        largest weights; when that bound is below the k-th score, no such document can
        enter the top k, so the answer is exact. Otherwise None: sum everything.
        """
        terms = self.query_terms(query)
        lengths = {t: int(self.weights.indptr[t + 1] - self.weights.indptr[t]) for t in terms}
        if max(lengths.values(), default=0) <= self.COMMON_POSTINGS:
            return None  # every list is short: summing them all is cheap
        by_length = sorted(terms, key=lambda t: (lengths[t], t))
        total = sum(lengths.values())
        # Try the rarest term alone first, then the two rarest, ...: stop at the first
        # split whose bound holds, and while the rare lists are a small part of the work
        # (past that a failed try costs more than summing everything).
        for split in range(1, len(by_length)):
            if sum(lengths[t] for t in by_length[:split]) * 4 > total:
                break
            rare = {t: terms[t] for t in by_length[:split]}
            common = {t: terms[t] for t in by_length[split:]}
            found = self._top_k_split(terms, rare, common, k, allowed)
            if found is not None:
                return found
        return None

    def _top_k_split(
        self,
        terms: dict[int, int],
        rare: dict[int, int],
        common: dict[int, int],
        k: int,
        allowed: npt.NDArray[np.bool_] | None,
    ) -> list[tuple[int, float]] | None:
        docs, scores = self._sums(rare)
        if allowed is not None:
            keep = allowed[docs]
            docs, scores = docs[keep], scores[keep]
        if len(docs) < k:
            return None
        w = self.weights
        bound = 0.0
        for t, count in common.items():
            postings = w.indices[w.indptr[t] : w.indptr[t + 1]]
            weights = w.data[w.indptr[t] : w.indptr[t + 1]]
            at = np.minimum(np.searchsorted(postings, docs), len(postings) - 1)
            found = postings[at] == docs
            scores = scores + np.where(found, weights[at] * count, 0.0)
            bound += float(self._max_weights()[t]) * count
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        if not kth > bound:  # a document outside could reach (or tie) the k-th: unsure
            return None
        shift = self.query_shift(terms)
        order = np.lexsort((docs, -scores))[:k]
        return [(int(docs[i]), float(scores[i]) + shift) for i in order]
