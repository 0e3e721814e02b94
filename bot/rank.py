"""Reranking sentences with their context: the paragraph, the article, the question's type.

Retrieve, then rerank (as DrQA-style systems rank documents before sentences):

1. Every sentence holding a question term gets its BM25 score, its paragraph's and its
   article's (each from an index over those larger units); the best POOL by a fixed mix
   of the three, each scaled by its best value, go on.
2. The pool is scored by a linear model over `features.FEATURES`, with WEIGHTS fitted
   on the tuning half of SQuAD, pooled and with distractors (`python -m bot.evaluation.fit`).

The work is proportional to the query terms' posting lists, as BM25's own is: nothing
here touches the whole corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import confidence
from .bm25 import FloatArray, IntArray
from .confidence import confidences
from .corpus import Corpus
from .features import FEATURES, Context, context, features, scaled

POOL = 64
_PRESELECT = (1.0, 0.5, 0.2)  # sentence, paragraph, article scores, each over its best

# Fitted on the tuning half of SQuAD, pooled and with the BBC distractors, by
# `python -m bot.evaluation.fit`.
_FITTED = {
    "paragraph": 0.1872,
    "sentence_scaled": 1.5047,
    "paragraph_scaled": 0.4038,
    "coverage": -2.6916,
    "coverage_window": 4.0639,
    "coverage_paragraph": 7.5895,
    "coverage_local": 3.1567,
    "matched": 0.1591,
    "when_date": 2.8771,
    "how_many_number": 3.1919,
    "who_name": 0.3148,
    "where_name": -0.4377,
    "unmatched": -0.7360,
    "log_length": 0.0969,
    "opens_paragraph": 0.2039,
    "article_scaled": 1.8558,
    "article_rank": 0.5436,
    "paragraph_rank": 0.0948,
    "names": -0.5635,
    "numbers": 1.2526,
    "coverage_next": 0.8767,
    "bigram": 2.4707,
    "proximity": 0.1690,
    "first_match": -1.5222,
    "span_share": -0.7646,
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
    docs, scores = corpus.index.candidates(terms)
    keep = allowed[docs]
    docs, scores = docs[keep], scores[keep]
    if not len(docs):
        return docs, np.empty((0, len(FEATURES)))
    para = context(corpus.passage_index, terms, corpus.passage[docs])
    art = context(corpus.article_index, terms, corpus.owner[docs].astype(np.int64))
    pre = np.column_stack([scaled(scores), scaled(para.score), scaled(art.score)]) @ _PRESELECT
    pick = np.lexsort((docs, -pre))[:POOL]
    sentence_scaled = scores[pick] / float(scores.max())
    para, art = Context(*(c[pick] for c in para)), Context(*(c[pick] for c in art))
    return docs[pick], features(corpus, question, terms, docs[pick], sentence_scaled, para, art)
