"""How likely a ranked sentence answers the question: a small fitted logistic model.

The inputs are what tells an answered question from one the corpus knows nothing about:
how much of the question's idf mass the sentence, its window, its paragraph and its
article hold (`features.article_coverage`, the best single input),
how much of it a word sharing a term's first letters holds (`features.PREFIX`), how far
the reranker puts it ahead of the rest of its pool (its softmax share), how many of the
question's terms and names it holds and how close together, how much the question
says (its distinct terms, their idf mass) and the share of its terms the corpus has never
seen. WEIGHTS are fitted by `python -m evaluation fit-confidence`:
positives are tuning-half SQuAD questions asked of the SQuAD articles (pooled, and with
the BBC distractors), negatives the same questions asked of the BBC articles alone.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from bot.core.bm25 import FloatArray
from bot.core.corpus import Corpus
from bot.core.features import FEATURES

INPUTS = (
    "coverage",
    "coverage_window",
    "coverage_paragraph",
    "coverage_local",
    "matched",
    "names",
    "bigram",
    "proximity",
    "coverage_prefix_window",
    "coverage_article",  # of the question's idf mass, by the sentence's whole article
    "share",  # the sentence's softmax share of its pool under the reranker
    "unknown",  # share of the question's distinct terms no unit holds
    "terms",  # log of the question's distinct terms
    "idf_mass",  # idf mass the sentence holds, over log(units + 1), the most a term has
    "bias",
)
# Fitted by `python -m evaluation fit-confidence`.
_FITTED = {
    "coverage": -0.6030,
    "coverage_window": 0.0166,
    "coverage_paragraph": -0.2921,
    "coverage_local": -1.9839,
    "matched": 0.1434,
    "names": 0.3539,
    "bigram": 0.8259,
    "proximity": 0.2920,
    "coverage_prefix_window": 0.9392,
    "coverage_article": 3.5609,
    "share": 0.9979,
    "unknown": -0.4400,
    "terms": -1.6082,
    "idf_mass": 2.1254,
    "bias": -1.6849,
}
WEIGHTS = np.array([_FITTED[name] for name in INPUTS])
_COLUMNS = [FEATURES.index(name) for name in INPUTS[: INPUTS.index("coverage_article")]]
_COVERAGE = FEATURES.index("coverage")


class Question(NamedTuple):
    """What the confidence needs of the question itself."""

    unknown: float  # share of its distinct terms no unit holds
    terms: int  # distinct terms
    idf_mass: float  # of its distinct terms, over log(units + 1)


def question(corpus: Corpus, terms: list[str]) -> Question:
    distinct = set(terms)
    index = corpus.index
    unknown = sum(t not in index.vocabulary for t in distinct)
    mass = sum(max(index.term_idf(t), 0.0) for t in distinct)
    return Question(
        unknown / len(distinct) if distinct else 0.0,
        len(distinct),
        mass / math.log(index.doc_count + 1) if index.doc_count else 0.0,
    )


def inputs(
    pool: FloatArray, article: FloatArray, scores: FloatArray, asked: Question
) -> FloatArray:
    """The INPUTS of each row of `pool` (features), given its `article` coverage
    (`features.article_coverage`) and its reranker `scores`."""
    share = np.exp(scores - scores.max())
    share /= share.sum()
    n = len(pool)
    return np.column_stack(
        [
            pool[:, _COLUMNS],
            article,
            share,
            np.full(n, asked.unknown),
            np.full(n, math.log(max(asked.terms, 1))),
            pool[:, _COVERAGE] * asked.idf_mass,
            np.ones(n),
        ]
    )


def confidences(
    pool: FloatArray,
    article: FloatArray,
    scores: FloatArray,
    asked: Question,
    weights: FloatArray | None = None,
) -> FloatArray:
    """The probability, for each row of `pool`, that the corpus answers with it."""
    z = inputs(pool, article, scores, asked) @ (WEIGHTS if weights is None else weights)
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)
