"""The reranker's features of a pool of candidate sentences, one row per sentence.

Five kinds, all proportional to the pool and the query terms' posting lists:

- context: the sentence's paragraph and article as BM25 scores them for the question,
  scaled by the best of the candidates' paragraphs (articles), and as reciprocal ranks
  among those (raw scores are not comparable from one corpus to the next, which made
  distractor articles too strong);
- coverage: the share of the question's idf mass the sentence (or its neighbours, or
  its paragraph) holds, and the share of its names and numbers;
- order: the question's terms found next to each other, the smallest window holding
  every matched term, and where in the sentence the matches are (the pool's sentences
  are tokenized again; the tokenizer memoizes its words, so this is cheap);
- prefixes: coverage again, a term also counting as held by a word that shares its first
  PREFIX letters (derivations the stemmer keeps apart, and some misspellings);
- paragraph evidence: the best of a few of these over the pool's units in the same
  paragraph, and how many there are (the answer is often the sentence after the one that
  repeats the question's words).
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from bot.core.bm25 import BM25Index, FloatArray, GroupedBM25, IntArray
from bot.core.corpus import Corpus
from bot.core.cues import question_cues

FEATURES = (
    "paragraph",  # the paragraph's BM25 score
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
    "article_scaled",  # the article's BM25 score over the best article's
    "article_rank",  # 1 / the article's rank among the articles holding a question term
    "paragraph_rank",  # 1 / the paragraph's rank, likewise
    "names",  # share of the question's capitalized words the sentence holds
    "numbers",  # share of the question's numbers the sentence holds
    "coverage_next",  # coverage by the sentence and the one after it
    "bigram",  # share of the question's adjacent term pairs adjacent in the sentence
    "proximity",  # matched terms over the smallest window holding them all (2+ terms)
    "first_match",  # position of the first matched term over the sentence's length
    "span_share",  # first to last matched term, over the sentence's length
    "coverage_prefix",  # coverage, a term also held by a word sharing its first PREFIX letters
    "coverage_prefix_window",  # the same, by the sentence and the one before it
    "paragraph_best_sentence",  # the best sentence_scaled among the pool's units of its paragraph
    "paragraph_best_coverage",  # the best coverage, likewise
    "paragraph_best_bigram",  # the best bigram, likewise
    "paragraph_best_prefix",  # the best coverage_prefix, likewise
    "paragraph_pool_units",  # log(1 + the pool's units in its paragraph)
)
PREFIX = 4  # "decided" meets "decision", "voted" "voters": what the stemmer keeps apart


class Context(NamedTuple):
    """BM25 scores of the candidates' paragraphs or articles, and their standing."""

    score: FloatArray
    scaled: FloatArray  # over the best group's score
    reciprocal_rank: FloatArray  # 1 / rank among the groups holding a term; 0: none


def context(index: GroupedBM25, terms: list[str], wanted: IntArray) -> Context:
    """The scores of groups `wanted` (the candidates' paragraphs or articles) for `terms`,
    scaled by the best of them, and their ranks among them.

    The candidates are every sentence holding a query term (up to rank.CANDIDATES), so
    these are the groups holding a query term; a group holding none scores 0.
    """
    groups, inverse = np.unique(wanted, return_inverse=True)
    scores, held = index.scores(index.index.query_terms(terms), groups)
    scores[~held] = 0.0
    if not held.any():
        zeros = np.zeros(len(wanted))
        return Context(zeros, zeros, zeros)
    ranks = np.zeros(len(groups))
    ranks[held] = 1.0 / _ranks(groups[held], scores[held])
    score = scores[inverse]
    best = float(scores.max())
    scaled = score / best if best > 0 and math.isfinite(best) else np.zeros(len(wanted))
    return Context(score, scaled, ranks[inverse])


RANK_CAP = 1000  # groups ranked past this share the rank RANK_CAP + 1


def _ranks(groups: IntArray, scores: FloatArray) -> FloatArray:
    """Each group's rank by score (1 = best; ties: the lower group first), exact for the
    best RANK_CAP and RANK_CAP + 1 beyond: only the best are sorted, however many groups
    hold a query term (hundreds of thousands for a common word in a large corpus)."""
    ranks = np.full(len(groups), float(RANK_CAP + 1))
    rows = np.arange(len(groups))
    if len(groups) > RANK_CAP:
        cut = np.argpartition(-scores, RANK_CAP - 1)[:RANK_CAP]
        rows = np.flatnonzero(scores >= scores[cut].min())  # ties at the cut compete
    best = rows[np.lexsort((groups[rows], -scores[rows]))[:RANK_CAP]]
    ranks[best] = np.arange(1, len(best) + 1)
    return ranks


def features(
    corpus: Corpus,
    question: str,
    terms: list[str],
    docs: IntArray,
    sentence_scaled: FloatArray,
    para: Context,
    art: Context,
) -> FloatArray:
    """The FEATURES of units `docs` (one row each) for `question` and its `terms`."""
    distinct, ids, idf, total = _weighted(corpus, terms)
    before = _before(corpus, docs)
    held, held_window, held_next = _held(corpus, ids, docs, before)
    wanted = set(docs.tolist()) | set((docs - 1)[before].tolist())
    tokens = {d: corpus.tokenizer(corpus.texts[d]) for d in wanted}
    passage = corpus.passage[docs]
    holders = _holders(corpus.passage_index, ids, passage)
    held_paragraph = (holders > 0).astype(np.float64)
    local = idf * _local_idf(corpus, passage, holders)
    local_total = (local * held_paragraph).sum(axis=1)
    local_total[local_total == 0] = 1.0
    lengths = corpus.index.doc_len[docs].astype(np.float64)
    matched = held.sum(axis=1).astype(np.float64)
    cues = corpus.cues[docs]
    columns = [
        para.score,
        sentence_scaled,
        scaled(para.score),
        held @ idf / total,
        held_window @ idf / total,
        held_paragraph @ idf / total,
        (held * local).sum(axis=1) / local_total,
        matched,
        *[
            ((cues & int(cue)) != 0).astype(np.float64) if cue else np.zeros(len(docs))
            for cue in question_cues(question)
        ],
        np.minimum(lengths - matched, 10.0) / 10.0,
        np.log1p(lengths),
        (corpus.passage_start[passage] == docs).astype(np.float64),
        art.scaled,
        art.reciprocal_rank,
        para.reciprocal_rank,
        *_names_and_numbers(corpus, question, distinct, held),
        held_next @ idf / total,
        _order(terms, [tokens[d] for d in docs.tolist()]),
        _prefix_coverage(distinct, idf / total, docs, before, tokens),
    ]
    x = np.column_stack(columns)
    return np.column_stack([x, _paragraph_evidence(passage, x)])


def article_coverage(corpus: Corpus, terms: list[str], docs: IntArray) -> FloatArray:
    """Share of the question's idf mass that each unit's article holds somewhere.

    An input of the answer confidence (`confidence.INPUTS`), not a reranker column: an
    answerable question's article holds nearly all its words, one the corpus knows nothing
    about does not (tuning-half cross-validation: it separates them better than any other
    input), but it did not rank sentences better.
    """
    _, ids, idf, total = _weighted(corpus, terms)
    held = _holders(corpus.article_index, ids, corpus.owner[docs].astype(np.int64)) > 0
    return np.asarray(held @ idf / total)


def _weighted(
    corpus: Corpus, terms: list[str]
) -> tuple[list[str], list[int | None], FloatArray, float]:
    """The question's distinct terms, their ids (None: unseen), idfs and idf total."""
    distinct = list(dict.fromkeys(terms))
    idf = np.array([max(corpus.index.term_idf(t), 0.0) for t in distinct])
    ids = [corpus.index.vocabulary.get(t) for t in distinct]
    return distinct, ids, idf, float(idf.sum()) or 1.0


_EVIDENCE = [
    FEATURES.index(n) for n in ("sentence_scaled", "coverage", "bigram", "coverage_prefix")
]


def _paragraph_evidence(passage: IntArray, x: FloatArray) -> FloatArray:
    """What the pool says of each unit's paragraph as a whole: the best of a few columns
    over the pool's units in that paragraph, and how many of them there are. A paragraph
    with a strong sentence lends it to its neighbours (the answer is often one sentence
    after the one repeating the question's words)."""
    paragraphs, inverse, counts = np.unique(passage, return_inverse=True, return_counts=True)
    best = np.full((len(paragraphs), len(_EVIDENCE)), -np.inf)
    np.maximum.at(best, inverse, x[:, _EVIDENCE])
    return np.column_stack([best[inverse], np.log1p(counts[inverse].astype(np.float64))])


def _held(
    corpus: Corpus, ids: list[int | None], docs: IntArray, before: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Which terms the sentence holds; with the one before (where `before` says there is
    one in its paragraph); with the one after."""
    passage = corpus.passage[docs]
    held = _holds(corpus.index, ids, docs)
    previous = np.maximum(docs - 1, 0)
    following = np.minimum(docs + 1, len(corpus) - 1)
    after = ((following != docs) & (corpus.passage[following] == passage))[:, None]
    return (
        held,
        np.maximum(held, _holds(corpus.index, ids, previous) * before[:, None]),
        np.maximum(held, _holds(corpus.index, ids, following) * after),
    )


def _before(corpus: Corpus, docs: IntArray) -> npt.NDArray[np.bool_]:
    """Whether each unit has a unit before it in its paragraph."""
    previous = np.maximum(docs - 1, 0)
    return np.asarray((docs > 0) & (corpus.passage[previous] == corpus.passage[docs]))


def _holds(index: BM25Index, ids: list[int | None], docs: IntArray) -> FloatArray:
    """held[i, j] = 1.0 when document docs[i] holds term ids[j]."""
    held = np.zeros((len(docs), len(ids)))
    for j, tid in enumerate(ids):
        if tid is not None:
            held[:, j] = index.lookup(tid, docs)[1]
    return held


def _holders(grouped: GroupedBM25, ids: list[int | None], groups: IntArray) -> IntArray:
    """holders[i, j]: how many units of group groups[i] (a paragraph, an article) hold
    term ids[j]."""
    holders = np.zeros((len(groups), len(ids)), dtype=np.int64)
    for j, tid in enumerate(ids):
        if tid is not None:
            lo, hi = grouped.spans(tid, groups)
            holders[:, j] = hi - lo
    return holders


def _local_idf(corpus: Corpus, passage: IntArray, holders: IntArray) -> FloatArray:
    """log((n + 1) / df) with n the paragraph's units and df those holding the term."""
    size = corpus.passage_size[passage].astype(np.float64)[:, None]
    with np.errstate(divide="ignore"):
        return np.where(holders > 0, np.log((size + 1) / np.maximum(holders, 1)), 0.0)


def _names_and_numbers(
    corpus: Corpus, question: str, distinct: list[str], held: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Shares of the question's capitalized words (past its first) and numbers held."""
    names, numbers = np.zeros(len(distinct)), np.zeros(len(distinct))
    column = {term: j for j, term in enumerate(distinct)}
    for start, _, term in corpus.tokenizer.spans(question):
        j = column.get(term)
        if j is None:
            continue
        if question[start].isdigit():
            numbers[j] = 1.0
        elif start > 0 and question[start].isupper():
            names[j] = 1.0
    return (
        held @ names / (names.sum() or 1.0),
        held @ numbers / (numbers.sum() or 1.0),
    )


def _order(terms: list[str], units: list[list[str]]) -> FloatArray:
    """bigram, proximity, first_match and span_share of each unit's tokens, as 4 columns."""
    wanted = set(terms)
    pairs = set(pairwise(terms))
    rows = np.zeros((len(units), 4))
    for i, tokens in enumerate(units):
        at = [n for n, t in enumerate(tokens) if t in wanted]
        if not at:
            rows[i, 2] = 1.0
            continue
        found = set(pairwise(tokens)) & pairs
        rows[i] = (
            len(found) / (len(pairs) or 1),
            _proximity(tokens, at),
            at[0] / len(tokens),
            (at[-1] - at[0] + 1) / len(tokens),
        )
    return rows


def _prefix_coverage(
    distinct: list[str],
    weight: FloatArray,
    docs: IntArray,
    before: npt.NDArray[np.bool_],
    tokens: dict[int, list[str]],
) -> FloatArray:
    """coverage_prefix and coverage_prefix_window: `weight` of the terms held, a term
    also held by a word sharing its first PREFIX letters (shorter terms: only itself)."""
    # A word's first PREFIX letters equal a shorter term only when the word is the term.
    keys = list(zip((t[:PREFIX] for t in distinct), weight.tolist(), strict=True))
    prefixes = {d: {t[:PREFIX] for t in words} for d, words in tokens.items()}
    rows = np.zeros((len(docs), 2))
    for i, (doc, has_before) in enumerate(zip(docs.tolist(), before.tolist(), strict=True)):
        own = prefixes[doc]
        window = own | prefixes[doc - 1] if has_before else own
        rows[i, 0] = sum(w for k, w in keys if k in own)
        rows[i, 1] = sum(w for k, w in keys if k in window)
    return rows


def _proximity(tokens: list[str], at: list[int]) -> float:
    """Distinct matched terms over the smallest window holding them all; 0 under two."""
    need = len({tokens[n] for n in at})
    if need < 2:
        return 0.0
    counts: dict[str, int] = {}
    best, low = len(tokens), 0
    for high in at:
        counts[tokens[high]] = counts.get(tokens[high], 0) + 1
        while len(counts) == need:
            best = min(best, high - at[low] + 1)
            first = tokens[at[low]]
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            low += 1
    return need / best


def scaled(values: FloatArray) -> FloatArray:
    """`values` over their maximum (zeros when that is not a positive number)."""
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 and math.isfinite(top) else np.zeros(len(values))
