"""Reranking sentences with their context: the paragraph, the article, the question's type.

Retrieve, then rerank (as DrQA-style systems rank documents before sentences):

1. Every sentence holding a question term (the best CANDIDATES by their own BM25 score,
   past that many) gets its BM25 score, its paragraph's and its article's (each scored
   as one text, from the sentence postings: `bm25.GroupedBM25`); the best POOL by a
   fixed mix of the three, each scaled by its best value, go on.
2. The pool is scored by a linear model over `features.FEATURES`, with WEIGHTS fitted
   by `python -m evaluation fit` (bot/core/weights/rank.json says on what).

The work is proportional to the query terms' posting lists, as BM25's own is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.core import confidence, model
from bot.core.bm25 import FloatArray, IntArray, best_rows
from bot.core.confidence import confidences
from bot.core.corpus import Corpus
from bot.core.features import FEATURES, Context, article_evidence, context, features, scaled
from bot.core.query import Query

POOL = 64
_PRESELECT = (1.0, 0.5, 0.2)  # sentence, paragraph, article scores, each over its best

WEIGHTS = model.load("rank", FEATURES)  # written by `python -m evaluation fit`


@dataclass(frozen=True, slots=True)
class Ranked:
    unit: int
    score: float  # the reranker's score
    coverage: float  # share of the question's idf mass the sentence holds
    confidence: float  # how likely it answers the question: `confidence.confidences`


def rank(
    corpus: Corpus,
    query: Query,
    allowed: npt.NDArray[np.bool_],
    weights: FloatArray | None = None,
) -> list[Ranked]:
    """The pool of candidate units for `query`, best first (ties: the earlier unit)."""
    docs, x = pool_features(corpus, query, allowed)
    if not len(docs):
        return []
    scores = x @ (WEIGHTS if weights is None else weights)
    order = np.lexsort((docs, -scores))
    cov = x[:, FEATURES.index("coverage")]
    article = article_evidence(corpus, query, docs)
    conf = confidences(x, article, scores, confidence.question(corpus, query))
    return [Ranked(int(docs[i]), float(scores[i]), float(cov[i]), float(conf[i])) for i in order]


def pool_features(
    corpus: Corpus, query: Query, allowed: npt.NDArray[np.bool_]
) -> tuple[IntArray, FloatArray]:
    """(units, feature matrix) of the pool: up to POOL units, FEATURES as columns."""
    terms = query.terms
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
    return docs[pick], features(corpus, query, docs[pick], sentence_scaled, para, art)


# Sentences holding a query term that go on to be scored with their paragraph and article:
# all of them in corpora like SQuAD's, the best by their own BM25 score past this many.
CANDIDATES = 5000
