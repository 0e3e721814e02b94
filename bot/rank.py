"""Reranking sentences with their context: the paragraph, the article, the question's type.

Retrieve, then rerank (as DrQA-style systems rank documents before sentences):

1. Every sentence holding a question term gets its BM25 score, its paragraph's and its
   article's (each from an index over those larger units); the best POOL by a fixed mix
   of the three, each scaled by its best value, go on.
2. The pool is scored by a linear model over the FEATURES below, with WEIGHTS fitted on
   the tuning half of SQuAD (`python -m bot.evaluation.fit`). Coverage is the share
   of the question's idf mass a unit holds; "local" idf weighs a term by how few of the
   paragraph's sentences hold it, so the sentence that sets itself apart wins.

The work is proportional to the query terms' posting lists, as BM25's own is: nothing
here touches the whole corpus.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .bm25 import BM25Index, FloatArray, IntArray
from .corpus import Corpus
from .cues import question_cues

POOL = 64
_PRESELECT = (1.0, 0.5, 0.2)  # sentence, paragraph, article scores, each over its best

FEATURES = (
    "paragraph",  # the paragraph's BM25 score
    "article",  # the article's BM25 score
    "sentence_scaled",  # the sentence's BM25 score over the best candidate's
    "paragraph_scaled",  # the paragraph's over the best in the pool
    "coverage",  # of the question's idf mass, by the sentence
    "coverage_window",  # by the sentence and the one before it (a pronoun's referent)
    "coverage_paragraph",  # by the whole paragraph
    "coverage_local",  # by the sentence, with idf times the paragraph-local idf
    "matched",  # distinct question terms the sentence holds
    "when_date",  # a "when" question and a sentence with a date
    "how_many_number",  # a "how many" question and a sentence with a number
    "who_name",  # a "who" question and a sentence with a name
    "where_name",  # a "where" question and a sentence with a name
    "unmatched",  # the sentence's other terms, up to 10, over 10: room for an answer
    "log_length",  # log(1 + terms)
    "opens_paragraph",  # the paragraph's first unit
)
# Fitted on the tuning half of SQuAD pooled by `python -m bot.evaluation.fit`.
_FITTED = {
    "paragraph": 0.3268,
    "article": 0.6906,
    "sentence_scaled": 0.8294,
    "paragraph_scaled": 0.1783,
    "coverage": 0.7924,
    "coverage_window": 3.2108,
    "coverage_paragraph": 2.8329,
    "coverage_local": 2.0366,
    "matched": 0.2857,
    "when_date": 1.9779,
    "how_many_number": 1.9253,
    "who_name": 0.1517,
    "where_name": -0.4655,
    "unmatched": -0.5819,
    "log_length": -0.0992,
    "opens_paragraph": 0.2078,
}
WEIGHTS = np.array([_FITTED[name] for name in FEATURES])


@dataclass(frozen=True, slots=True)
class Ranked:
    unit: int
    score: float  # the reranker's score
    coverage: float  # share of the question's idf mass the sentence holds
    confidence: float  # the mean of the shares its window and its paragraph hold


def rank(
    corpus: Corpus,
    question: str,
    terms: list[str],
    allowed: npt.NDArray[np.bool_],
    weights: FloatArray | None = None,
) -> list[Ranked]:
    """The pool of candidate units for `terms`, best first (ties: the earlier unit)."""
    docs, features = pool_features(corpus, question, terms, allowed)
    if not len(docs):
        return []
    scores = features @ (WEIGHTS if weights is None else weights)
    order = np.lexsort((docs, -scores))
    cov = features[:, FEATURES.index("coverage")]
    # Of the coverage measures, the one that best separates questions the corpus answers
    # from those it does not (SQuAD questions on a BBC-only corpus): see evaluation/qa.py.
    conf = (
        features[:, FEATURES.index("coverage_window")]
        + features[:, FEATURES.index("coverage_paragraph")]
    ) / 2
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
    passage = corpus.passage[docs]
    para = _lookup(corpus.passage_index, terms, passage)
    art = _lookup(corpus.article_index, terms, corpus.owner[docs].astype(np.int64))
    pre = np.column_stack([_scaled(scores), _scaled(para), _scaled(art)]) @ _PRESELECT
    pick = np.lexsort((docs, -pre))[:POOL]
    best_score = float(scores.max())
    docs, scores, para, art = docs[pick], scores[pick], para[pick], art[pick]
    return docs, _features(corpus, question, terms, docs, scores / best_score, para, art)


def _features(
    corpus: Corpus,
    question: str,
    terms: list[str],
    docs: IntArray,
    sentence_scaled: FloatArray,
    para: FloatArray,
    art: FloatArray,
) -> FloatArray:
    distinct = list(dict.fromkeys(terms))
    idf = np.array([max(corpus.index.term_idf(t), 0.0) for t in distinct])
    total = float(idf.sum()) or 1.0
    ids = [corpus.index.vocabulary.get(t) for t in distinct]
    passage = corpus.passage[docs]
    held = _holds(corpus.index, ids, docs)
    previous = np.maximum(docs - 1, 0)
    same = (docs > 0) & (corpus.passage[previous] == passage)
    held_window = np.maximum(held, _holds(corpus.index, ids, previous) * same[:, None])
    held_paragraph = _holds(corpus.passage_index, ids, passage)
    local = idf * _local_idf(corpus, ids, passage)
    local_total = (local * held_paragraph).sum(axis=1)
    local_total[local_total == 0] = 1.0
    lengths = corpus.index.doc_len[docs].astype(np.float64)
    matched = held.sum(axis=1).astype(np.float64)
    wanted = question_cues(question)
    cues = corpus.cues[docs]
    columns = [
        para,
        art,
        sentence_scaled,
        _scaled(para),
        held @ idf / total,
        held_window @ idf / total,
        held_paragraph @ idf / total,
        (held * local).sum(axis=1) / local_total,
        matched,
        *[
            ((cues & int(cue)) != 0).astype(np.float64) if cue else np.zeros(len(docs))
            for cue in wanted
        ],
        np.minimum(lengths - matched, 10.0) / 10.0,
        np.log1p(lengths),
        (corpus.passage_start[passage] == docs).astype(np.float64),
    ]
    return np.column_stack(columns)


def _holds(index: BM25Index, ids: list[int | None], docs: IntArray) -> npt.NDArray[np.float64]:
    """held[i, j] = 1.0 when document docs[i] holds term ids[j]."""
    held = np.zeros((len(docs), len(ids)))
    for j, tid in enumerate(ids):
        if tid is None:
            continue
        posting = index.postings(tid)
        if not len(posting):
            continue
        at = np.minimum(np.searchsorted(posting, docs), len(posting) - 1)
        held[:, j] = posting[at] == docs
    return held


def _local_idf(corpus: Corpus, ids: list[int | None], passage: IntArray) -> FloatArray:
    """log((n + 1) / df) with n the paragraph's units and df those holding the term."""
    size = corpus.passage_size[passage].astype(np.float64)
    local = np.zeros((len(passage), len(ids)))
    for j, tid in enumerate(ids):
        if tid is None:
            continue
        holders = corpus.passage[corpus.index.postings(tid)]  # ascending, as units are
        df = np.searchsorted(holders, passage, "right") - np.searchsorted(holders, passage)
        with np.errstate(divide="ignore"):
            local[:, j] = np.where(df > 0, np.log((size + 1) / np.maximum(df, 1)), 0.0)
    return local


def _lookup(index: BM25Index, terms: list[str], wanted: IntArray) -> FloatArray:
    """The scores of documents `wanted` (0 for those holding no term)."""
    docs, scores = index.candidates(terms)
    if not len(docs):
        return np.zeros(len(wanted))
    at = np.minimum(np.searchsorted(docs, wanted), len(docs) - 1)
    return np.where(docs[at] == wanted, scores[at], 0.0)


def _scaled(values: FloatArray) -> FloatArray:
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 and math.isfinite(top) else np.zeros(len(values))
