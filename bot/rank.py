"""Reranking sentences with their context: the paragraph, the article, the question's type.

Retrieve, then rerank (as DrQA-style systems rank documents before sentences):

1. Every sentence holding a question term (the best CANDIDATES by their own BM25 score,
   past that many) gets its BM25 score, its paragraph's and its article's (each scored
   as one text, from the sentence postings: `bm25.GroupedBM25`); the best POOL by a
   fixed mix of the three, each scaled by its best value, go on.
2. The pool is scored by a linear model over `features.FEATURES`, with WEIGHTS fitted
   on the tuning half of SQuAD, pooled and with distractors (`python -m bot.evaluation.fit`).

The work is proportional to the query terms' posting lists, as BM25's own is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import confidence
from .bm25 import FloatArray, IntArray, best_rows
from .confidence import confidences
from .corpus import Corpus
from .features import FEATURES, Context, context, features, scaled

POOL = 64
_PRESELECT = (1.0, 0.5, 0.2)  # sentence, paragraph, article scores, each over its best

# Fitted on the tuning half of SQuAD, pooled and with the BBC distractors, by
# `python -m bot.evaluation.fit`.
_FITTED = {
    "paragraph": 0.1862,
    "sentence_scaled": 1.2783,
    "paragraph_scaled": 0.2873,
    "coverage": -3.8975,
    "coverage_window": 0.1412,
    "coverage_paragraph": 7.0806,
    "coverage_local": 3.0319,
    "matched": 0.0903,
    "when_date": 2.8624,
    "how_many_number": 3.0678,
    "who_name": 0.2074,
    "where_name": -0.5492,
    "unmatched": -0.7711,
    "log_length": 0.0402,
    "opens_paragraph": 0.2294,
    "article_scaled": 1.8528,
    "article_rank": 0.5318,
    "paragraph_rank": 0.1347,
    "names": -0.5133,
    "numbers": 1.2854,
    "coverage_next": 0.8311,
    "bigram": 2.4558,
    "proximity": 0.1282,
    "first_match": -1.4525,
    "span_share": -0.7109,
    "coverage_prefix": 1.8832,
    "coverage_prefix_window": 4.3856,
}
WEIGHTS = np.array([_FITTED[name] for name in FEATURES])


@dataclass(frozen=True, slots=True)
class Ranked:
    unit: int
    score: float  # the reranker's score
    coverage: float  # share of the question's idf mass the sentence holds
    confidence: float  # how likely it answers the question: `confidence.confidences`


def rank(
    corpus: Corpus,
    question: str,
    terms: list[str],
    allowed: npt.NDArray[np.bool_],
    weights: FloatArray | None = None,
) -> list[Ranked]:
    """The pool of candidate units for `terms`, best first (ties: the earlier unit)."""
    docs, x = pool_features(corpus, question, terms, allowed)
    if not len(docs):
        return []
    scores = x @ (WEIGHTS if weights is None else weights)
    order = np.lexsort((docs, -scores))
    cov = x[:, FEATURES.index("coverage")]
    conf = confidences(x, scores, confidence.question(corpus, terms))
    return [Ranked(int(docs[i]), float(scores[i]), float(cov[i]), float(conf[i])) for i in order]


def pool_features(
    corpus: Corpus, question: str, terms: list[str], allowed: npt.NDArray[np.bool_]
) -> tuple[IntArray, FloatArray]:
    """(units, feature matrix) of the pool: up to POOL units, FEATURES as columns."""
    docs, scores = corpus.index.top(terms, CANDIDATES, allowed)
    if not len(docs):
        return docs, np.empty((0, len(FEATURES)))
    order = np.argsort(docs)  # back in unit order, as the context lookups expect
    docs, scores = docs[order], scores[order]
    para = context(corpus.passage_index, terms, corpus.passage[docs])
    art = context(corpus.article_index, terms, corpus.owner[docs].astype(np.int64))
    pre = np.column_stack([scaled(scores), scaled(para.score), scaled(art.score)]) @ _PRESELECT
    pick = best_rows(docs, pre, POOL)
    sentence_scaled = scores[pick] / float(scores.max())
    para, art = Context(*(c[pick] for c in para)), Context(*(c[pick] for c in art))
    return docs[pick], features(corpus, question, terms, docs[pick], sentence_scaled, para, art)


# Sentences holding a query term that go on to be scored with their paragraph and article:
# all of them in corpora like SQuAD's, the best by their own BM25 score past this many.
CANDIDATES = 5000
