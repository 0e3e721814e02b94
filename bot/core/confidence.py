"""How likely the corpus answers the question with a ranked sentence: a small logistic model.

The inputs are what tells an answered question from one the corpus does not answer: how
much of the question's idf mass the sentence, its window, paragraph, title and heading
hold; what its whole article holds and lacks (`features.ARTICLE_EVIDENCE`: a missing name
weighs more than a missing common word); whether the sentence has the kind of answer
asked for; how far the reranker puts it ahead of its pool (softmax share); and what the
question itself is: how many terms, how much idf mass, how many unknown or corrected,
names and numbers, whether it asks a kind of answer or yes/no, whether it reads as chat.
WEIGHTS are fitted by `python -m evaluation fit` (bot/core/weights/confidence.json says
on what): positives are answerable questions asked where their answer is (SQuAD and the
hand-written news questions), negatives the same kinds of questions asked where it is
not (off the topic, and on the topic but unanswered).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from bot.core import model
from bot.core.bm25 import FloatArray
from bot.core.corpus import Corpus
from bot.core.features import ARTICLE_EVIDENCE, FEATURES
from bot.core.query import Query

# Columns of the reranker's features the confidence reads as they are.
_FROM_FEATURES = (
    "coverage",
    "coverage_window",
    "coverage_paragraph",
    "coverage_local",
    "coverage_title",
    "matched",
    "names",
    "bigram",
    "proximity",
    "coverage_prefix_window",
    "wanted_missing",
)
INPUTS = (
    *_FROM_FEATURES,
    *ARTICLE_EVIDENCE,  # what the sentence's whole article holds of the question
    "share",  # the sentence's softmax share of its pool under the reranker
    "unknown",  # share of the question's distinct terms no unit holds
    "corrected",  # share of the question's distinct terms that were typos corrected
    "terms",  # log of the question's distinct terms
    "idf_mass",  # idf mass the sentence holds, over log(units + 1), the most a term has
    "wanted",  # the question asks for a kind of answer (an amount, a date, a name...)
    "yes_no",  # the question asks for yes or no
    "specific",  # share of its distinct terms that are names, numbers, words English lacks
    "chatty",  # it speaks to or of the people asking ("you", "I", "my"): chat, how-to
    "bias",
)
# Signs the fit keeps (as the reranker's `features.FOR`): more of the question held never
# lowers the confidence; what the article lacks of it never raises it. The share of the
# question's names the sentence holds stays free: questions the articles do not answer
# repeat the story's names as often as those they do.
AGAINST = frozenset({"wanted_missing", "missing_specific", "missing_common", "unknown", "chatty"})
FOR = (frozenset(_FROM_FEATURES) - AGAINST - {"names"}) | {
    "coverage_article",
    "coverage_detail",
    "share",
    "idf_mass",
}
WEIGHTS = model.load("confidence", INPUTS)  # written by `python -m evaluation fit`
_COLUMNS = [FEATURES.index(name) for name in _FROM_FEATURES]
_COVERAGE = FEATURES.index("coverage")


class Question(NamedTuple):
    """What the confidence needs of the question itself."""

    unknown: float  # share of its distinct terms no unit holds
    corrected: float  # share of its distinct terms that are corrected typos
    terms: int  # distinct terms
    idf_mass: float  # of its distinct terms, over log(units + 1)
    wanted: bool  # asks for a kind of answer
    yes_no: bool
    specific: float  # share of its distinct terms in `Query.specific`
    chatty: bool


def question(corpus: Corpus, query: Query) -> Question:
    distinct = set(query.terms)
    index = corpus.index
    unknown = sum(t not in index.vocabulary for t in distinct)
    corrected = len(distinct & set(query.corrected.values()))
    mass = sum(max(index.term_idf(t), 0.0) for t in distinct)
    n = len(distinct) or 1
    return Question(
        unknown / n,
        corrected / n,
        len(distinct),
        mass / math.log(index.doc_count + 1) if index.doc_count else 0.0,
        bool(query.wanted),
        query.yes_no,
        len(distinct & query.specific) / n,
        query.chatty,
    )


def inputs(
    pool: FloatArray, article: FloatArray, scores: FloatArray, asked: Question
) -> FloatArray:
    """The INPUTS of each row of `pool` (features), given its `article` evidence
    (`features.article_evidence`) and its reranker `scores`."""
    share = np.exp(scores - scores.max())
    share /= share.sum()
    n = len(pool)
    return np.column_stack(
        [
            pool[:, _COLUMNS],
            article,
            share,
            np.full(n, asked.unknown),
            np.full(n, asked.corrected),
            np.full(n, math.log(max(asked.terms, 1))),
            pool[:, _COVERAGE] * asked.idf_mass,
            np.full(n, float(asked.wanted)),
            np.full(n, float(asked.yes_no)),
            np.full(n, asked.specific),
            np.full(n, float(asked.chatty)),
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
