"""Reranking sentences with their context: the paragraph, the article, the question's type.

Retrieve, then rerank (as DrQA-style systems rank documents before sentences):

1. Every sentence holding a question term (the best CANDIDATES by their own BM25 score,
   past that many) gets its BM25 score, its paragraph's and its article's (each scored
   as one text, from the sentence postings: `bm25.GroupedBM25`); the best POOL by a
   fixed mix of the three, each scaled by its best value, go on.
2. The pool is scored by a linear model over `features.FEATURES`, with WEIGHTS fitted
   on the tuning half of SQuAD, pooled and with distractors (`python -m evaluation fit`).

The work is proportional to the query terms' posting lists, as BM25's own is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.core import confidence
from bot.core.bm25 import FloatArray, IntArray, best_rows
from bot.core.confidence import confidences
from bot.core.corpus import Corpus
from bot.core.features import FEATURES, Context, article_coverage, context, features, scaled

POOL = 64
_PRESELECT = (1.0, 0.5, 0.2)  # sentence, paragraph, article scores, each over its best

# Fitted on the tuning half of SQuAD, pooled and with the BBC distractors, by
# `python -m evaluation fit`.
_FITTED = {
    "paragraph": 0.1624,
    "sentence_scaled": 0.5827,
    "paragraph_scaled": 0.9065,
    "coverage": -3.0817,
    "coverage_window": 0.1385,
    "coverage_paragraph": 6.5221,
    "coverage_local": 2.9539,
    "matched": 0.1602,
    "when_date": 3.0341,
    "how_many_number": 3.1046,
    "who_name": 0.2166,
    "where_name": -0.5963,
    "unmatched": -0.6678,
    "log_length": 0.0106,
    "opens_paragraph": 0.1323,
    "article_scaled": 2.0805,
    "article_rank": 0.6681,
    "paragraph_rank": 0.1607,
    "names": -0.5708,
    "numbers": 1.2958,
    "coverage_next": 0.8441,
    "bigram": 1.4378,
    "proximity": -0.0076,
    "first_match": -1.4621,
    "span_share": -0.7262,
    "coverage_prefix": 1.5037,
    "coverage_prefix_window": 3.8691,
    "paragraph_best_sentence": 2.5247,
    "paragraph_best_coverage": -1.2202,
    "paragraph_best_bigram": 2.7678,
    "paragraph_best_prefix": 1.5330,
    "paragraph_pool_units": -0.5588,
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
    article = article_coverage(corpus, terms, docs)
    conf = confidences(x, article, scores, confidence.question(corpus, terms))
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
