"""BM25 Okapi over sentences, as a sparse term-by-sentence matrix of precomputed weights.

Scores are those of rank-bm25's `BM25Okapi` (Robertson & Zaragoza, "The Probabilistic
Relevance Framework: BM25 and Beyond", 2009, eq. 3.15, with rank-bm25's idf floor):

    idf(t)      = ln(N - df(t) + 0.5) - ln(df(t) + 0.5), or epsilon * mean(idf) if < 0
    w(t, d)     = idf(t) * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))
    score(q, d) = sum of w(t, d) over the query's terms, repeats included

Each w(t, d) is computed once at build time with the same float operations in the same
order as rank-bm25, so a query only adds up a few rows of the matrix: the scores equal
the reference's, while a query touches only the sentences that contain its terms.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from .errors import QueryError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class BM25Params:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25

    def __post_init__(self) -> None:
        if not (self.k1 >= 0 and math.isfinite(self.k1)):
            raise QueryError(f"k1 must be a finite number >= 0, got {self.k1!r}")
        if not 0 <= self.b <= 1:
            raise QueryError(f"b must be between 0 and 1, got {self.b!r}")
        if not (self.epsilon >= 0 and math.isfinite(self.epsilon)):
            raise QueryError(f"epsilon must be a finite number >= 0, got {self.epsilon!r}")


class BM25Index:
    """A BM25 Okapi index over token lists; documents are numbered 0..n-1 in input order."""

    def __init__(self, docs: Iterable[Sequence[str]], params: BM25Params | None = None) -> None:
        self.params = params or BM25Params()
        self.vocabulary: dict[str, int] = {}
        term_ids, doc_lengths = self._number_terms(docs)
        self.doc_count = len(doc_lengths)
        self.doc_len = np.asarray(doc_lengths, dtype=np.int64)
        total = int(self.doc_len.sum())
        self.avgdl = total / self.doc_count if self.doc_count else 0.0
        tf = self._term_frequencies(term_ids)
        self.df = np.diff(tf.indptr).astype(np.int64)
        self.idf = self._idf(self.df)
        self.weights = self._weights(tf)

    # -- build -------------------------------------------------------------------------

    def _number_terms(self, docs: Iterable[Sequence[str]]) -> tuple[IntArray, list[int]]:
        vocabulary = self.vocabulary
        ids: list[int] = []
        lengths: list[int] = []
        for doc in docs:
            lengths.append(len(doc))
            for term in doc:
                ids.append(vocabulary.setdefault(term, len(vocabulary)))
        return np.asarray(ids, dtype=np.int64), lengths

    def _term_frequencies(self, term_ids: IntArray) -> sparse.csr_matrix:
        """Term-by-document counts; row t lists the documents holding term t, ascending."""
        doc_ids = np.repeat(np.arange(self.doc_count, dtype=np.int64), self.doc_len)
        counts = np.ones(len(term_ids), dtype=np.float64)
        shape = (len(self.vocabulary), self.doc_count)
        tf = sparse.csr_matrix((counts, (term_ids, doc_ids)), shape=shape)
        tf.sum_duplicates()
        tf.sort_indices()
        return tf

    def _idf(self, df: IntArray) -> FloatArray:
        n = self.doc_count
        idf = np.array([math.log(n - f + 0.5) - math.log(f + 0.5) for f in df.tolist()])
        if len(idf):
            floor = self.params.epsilon * (math.fsum(idf.tolist()) / len(idf))
            idf[idf < 0] = floor
        return idf.astype(np.float64)

    def _weights(self, tf: sparse.csr_matrix) -> sparse.csr_matrix:
        k1, b = self.params.k1, self.params.b
        freq = tf.data
        dl = self.doc_len[tf.indices].astype(np.float64)
        avgdl = self.avgdl or 1.0  # only 0 when every document is empty: no entries then
        term_idf = np.repeat(self.idf, np.diff(tf.indptr))
        data = term_idf * (freq * (k1 + 1) / (freq + k1 * (1 - b + b * dl / avgdl)))
        return sparse.csr_matrix((data, tf.indices, tf.indptr), shape=tf.shape)

    # -- query -------------------------------------------------------------------------

    def query_terms(self, query: Sequence[str]) -> dict[int, int]:
        """Known terms of `query` as {term id: count}; unknown terms add nothing."""
        counts: dict[int, int] = {}
        for term in query:
            tid = self.vocabulary.get(term)
            if tid is not None:
                counts[tid] = counts.get(tid, 0) + 1
        return counts

    def term_idf(self, term: str) -> float:
        """The idf of `term`; a term no document holds gets the idf of df = 0."""
        tid = self.vocabulary.get(term)
        if tid is not None:
            return float(self.idf[tid])
        return math.log(self.doc_count + 0.5) - math.log(0.5)

    def get_scores(self, query: Sequence[str]) -> FloatArray:
        """Scores of every document, as rank-bm25's `get_scores` returns them."""
        scores = np.zeros(self.doc_count)
        for tid, count in self.query_terms(query).items():
            start, end = self.weights.indptr[tid], self.weights.indptr[tid + 1]
            scores[self.weights.indices[start:end]] += count * self.weights.data[start:end]
        return scores

    def candidates(self, query: Sequence[str]) -> tuple[IntArray, FloatArray]:
        """(documents, scores) of the documents holding at least one query term."""
        terms = self.query_terms(query)
        if not terms:
            return np.empty(0, dtype=np.int64), np.empty(0)
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
