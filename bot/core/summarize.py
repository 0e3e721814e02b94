"""Extractive summaries of one article: whole sentences, in article order.

Sentences are ranked by TextRank (R. Mihalcea and P. Tarau, "TextRank: Bringing Order into
Texts", EMNLP 2004, section 4): a graph with one node per sentence, edges weighted by the
terms two sentences share, and PageRank over that graph. A sentence ranks high when it
shares its words with many other well-connected sentences, which is what the sentence that
says what happened tends to do. The best-ranked sentences are taken in rank order, passing
over near-duplicates of a sentence already taken, and returned in article order.

Measured against TF-IDF centroid, cosine-weighted TextRank, title and position priors and
mixes of these on BBC News Summary (`evaluation.summaries`), plain TextRank won.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from bot.core.tokens import Tokenizer

DAMPING = 0.85  # PageRank's d, as in Mihalcea and Tarau
_TOLERANCE = 1e-9
_MAX_ITERATIONS = 100
# Share of the shorter sentence's terms that the longer one repeats: a sentence at or above
# this is a near-duplicate of one already chosen.
_NEAR_DUPLICATE = 0.8
# The sentence graph is dense (n x n): past this many sentences only the first ones are
# ranked, so one huge file cannot make /summary take gigabytes.
MAX_GRAPH_SENTENCES = 1000

Vector = npt.NDArray[np.float64]
Matrix = npt.NDArray[np.float64]


def summarize(sentences: Sequence[str], n: int, tokenizer: Tokenizer) -> list[int]:
    """Indices of the `n` sentences that best summarize the article, in article order.

    Fewer than `n` come back when the article is shorter, when sentences have no index
    terms (nothing to rank them by), or when the rest are near-duplicates.
    """
    if n < 1 or not sentences:
        return []
    terms = [tokenizer(s) for s in sentences[:MAX_GRAPH_SENTENCES]]
    return _pick(textrank(terms), terms, n)


def textrank(terms: Sequence[Sequence[str]]) -> Vector:
    """The TextRank score of each sentence, given each sentence's index terms."""
    if not terms:
        return np.zeros(0)
    return pagerank(similarity(terms))


def similarity(terms: Sequence[Sequence[str]]) -> Matrix:
    """Mihalcea and Tarau's sentence similarity, `|Si ∩ Sj| / (log |Si| + log |Sj|)`.

    `|Si ∩ Sj|` counts distinct shared terms; `|Si|` counts the terms of sentence i. Lengths
    below 2 count as 2, so two one-term sentences do not divide by log 1 + log 1 = 0. The
    diagonal is zero: a sentence does not vote for itself.
    """
    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for row, sentence in enumerate(terms):
        for term in set(sentence):
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    incidence = np.zeros((len(terms), len(vocabulary)))
    incidence[rows, columns] = 1.0
    shared = incidence @ incidence.T
    log_length = np.log(np.maximum([len(s) for s in terms], 2))
    weights: Matrix = shared / (log_length[:, None] + log_length[None, :])
    np.fill_diagonal(weights, 0.0)
    return weights


def pagerank(weights: Matrix, damping: float = DAMPING) -> Vector:
    """PageRank of a weighted undirected graph by power iteration (TextRank's equation 2).

    A node with no edges keeps the teleport share `(1 - damping) / n`.
    """
    n = weights.shape[0]
    out_weight = weights.sum(axis=1)
    transition = weights / np.where(out_weight > 0, out_weight, 1.0)[:, None]
    rank = np.full(n, 1.0 / n)
    for _ in range(_MAX_ITERATIONS):
        updated = (1.0 - damping) / n + damping * (transition.T @ rank)
        converged = np.abs(updated - rank).sum() < _TOLERANCE
        rank = updated
        if converged:
            break
    return rank


def _pick(scores: Vector, terms: list[list[str]], n: int) -> list[int]:
    chosen: list[int] = []
    # Ties go to the earlier sentence, so the output never depends on sort stability.
    for i in sorted(range(len(terms)), key=lambda i: (-scores[i], i)):
        if len(chosen) == n:
            break
        if terms[i] and all(_overlap(terms[i], terms[j]) < _NEAR_DUPLICATE for j in chosen):
            chosen.append(i)
    return sorted(chosen)


def _overlap(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb))
