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
import re
from collections.abc import Collection
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from bot.core.bm25 import BM25Index, FloatArray, GroupedBM25, IntArray
from bot.core.corpus import Corpus
from bot.core.cues import Cue, answer_cues, asked_words
from bot.core.query import Query

FEATURES = (
    "paragraph",  # the paragraph's BM25 score
    "sentence_scaled",  # the sentence's BM25 score over the best candidate's
    "paragraph_scaled",  # the paragraph's over the best in the pool
    "coverage",  # of the question's idf mass, by the sentence
    "coverage_window",  # by the sentence and the one before it (a pronoun's referent)
    "coverage_paragraph",  # by the whole paragraph
    "coverage_local",  # by the sentence, with idf times the paragraph-local idf
    "coverage_title",  # by the sentence, its article's title and its section heading
    "coverage_anaphor",  # by the sentence, and the one before when it opens on "It", "They"
    "coverage_related",  # by the sentence, a term also held by a related word (WordNet)
    "matched",  # distinct question terms the sentence holds
    "wanted_date",  # a question asking when, and a sentence with a date
    "wanted_quantity",  # asking how much / many / old / long, and the sentence has one
    "wanted_name",  # asking who / where, and a sentence with a name or a place
    "wanted_statement",  # asking what someone said, and reported speech
    "wanted_reason",  # asking why, and a cause or purpose
    "wanted_missing",  # the question asks for a kind of answer the sentence lacks
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
# Evidence that a sentence answers: more of it never lowers a sentence's score, so its
# weights are fitted with that sign (`python -m evaluation fit`). Without the constraint
# a fit on paraphrased questions learns that a sentence repeating the question's own
# words is worse than one matching it through related words: true of questions written
# to avoid the article's words, false for a reader who uses them.
FOR = frozenset(
    {
        "paragraph",
        "sentence_scaled",
        "paragraph_scaled",
        "coverage",
        "coverage_window",
        "coverage_paragraph",
        "coverage_local",
        "coverage_title",
        "coverage_anaphor",
        "coverage_related",
        "matched",
        "wanted_date",
        "wanted_quantity",
        "wanted_name",
        "wanted_statement",
        "wanted_reason",
        "article_scaled",
        "article_rank",
        "paragraph_rank",
        "names",
        "numbers",
        "coverage_next",
        "bigram",
        "proximity",
        "coverage_prefix",
        "coverage_prefix_window",
        "paragraph_best_sentence",
        "paragraph_best_coverage",
        "paragraph_best_bigram",
        "paragraph_best_prefix",
    }
)
AGAINST = frozenset({"wanted_missing"})  # evidence that it does not: fitted <= 0
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
    query: Query,
    docs: IntArray,
    sentence_scaled: FloatArray,
    para: Context,
    art: Context,
) -> FloatArray:
    """The FEATURES of units `docs` (one row each) for `query`, as columns in that order."""
    terms = query.terms
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
    anaphor = np.array([refers_back(corpus.texts[d]) for d in docs.tolist()]) & before
    names, numbers = _names_and_numbers(corpus, query.text, distinct, held)
    order = _order(terms, [tokens[d] for d in docs.tolist()])
    prefix = _prefix_coverage(distinct, idf / total, docs, before, tokens)
    named = {
        "paragraph": para.score,
        "sentence_scaled": sentence_scaled,
        "paragraph_scaled": scaled(para.score),
        "coverage": held @ idf / total,
        "coverage_window": held_window @ idf / total,
        "coverage_paragraph": held_paragraph @ idf / total,
        "coverage_local": (held * local).sum(axis=1) / local_total,
        "coverage_title": _context_held(corpus, distinct, docs, held) @ idf / total,
        "coverage_anaphor": np.where(anaphor, held_window @ idf, held @ idf) / total,
        "coverage_related": _related_held(corpus, query, distinct, docs, held) @ idf / total,
        "matched": matched,
        **_answer_types(query.wanted, _answer_cues(corpus, query, docs)),
        "unmatched": np.minimum(lengths - matched, 10.0) / 10.0,
        "log_length": np.log1p(lengths),
        "opens_paragraph": (corpus.passage_start[passage] == docs).astype(np.float64),
        "article_scaled": art.scaled,
        "article_rank": art.reciprocal_rank,
        "paragraph_rank": para.reciprocal_rank,
        "names": names,
        "numbers": numbers,
        "coverage_next": held_next @ idf / total,
        "bigram": order[:, 0],
        "proximity": order[:, 1],
        "first_match": order[:, 2],
        "span_share": order[:, 3],
        "coverage_prefix": prefix[:, 0],
        "coverage_prefix_window": prefix[:, 1],
    }
    named.update(_paragraph_evidence(passage, named))
    return np.column_stack([named[name] for name in FEATURES])


# A sentence opening on one of these leans on the one before for what it is about.
_REFERS_BACK = re.compile(
    r"^(?:[\"“‘']\s*)?(?:he|she|it|its|they|their|them|this|that|these|those|there|the "
    r"(?:company|firm|group|bank|government|club|band|star|player|team|minister|move|deal|"
    r"report|survey|study|plan|move|court|country|party|singer|actor|film|show|book|"
    r"announcement|decision|official|spokesman|spokeswoman)|however|but|and|also|"
    r"meanwhile|instead|then|such|both|among them|his|her)\b",
    re.IGNORECASE,
)


def refers_back(text: str) -> bool:
    """Whether a sentence opens on a word that points to the one before ("It", "They",
    "The company", "However")."""
    return bool(_REFERS_BACK.match(text))


# Which question kinds each `wanted_*` column answers, and the cues that answer them.
_TYPE_COLUMNS = (
    ("wanted_date", Cue.DATE),
    ("wanted_quantity", Cue.NUMBER | Cue.MONEY | Cue.PERCENT | Cue.DURATION | Cue.AGE),
    ("wanted_name", Cue.NAME | Cue.PLACE),
    ("wanted_statement", Cue.STATEMENT),
    ("wanted_reason", Cue.REASON),
)


def _answer_cues(corpus: Corpus, query: Query, docs: IntArray) -> npt.NDArray[np.int64]:
    """Each unit's cues of the kind the question wants, not counting its own words."""
    cues = corpus.cues[docs].astype(np.int64)
    if not query.wanted:
        return cues
    asked = asked_words(query.words)
    for i, doc in enumerate(docs.tolist()):
        if cues[i] & int(query.wanted):  # only a unit that seems to hold one is checked
            cues[i] = int(answer_cues(corpus.texts[doc], asked))
    return cues


def _answer_types(wanted: Cue, cues: npt.NDArray[np.int64]) -> dict[str, FloatArray]:
    """The `wanted_*` columns: whether each unit holds the kind of answer asked for."""
    has = (cues.astype(np.int64) & int(wanted)) != 0
    columns = {
        name: (has if wanted & group else np.zeros(len(cues), dtype=bool)).astype(np.float64)
        for name, group in _TYPE_COLUMNS
    }
    columns["wanted_missing"] = (~has if wanted else np.zeros(len(cues), dtype=bool)).astype(
        np.float64
    )
    return columns


def _related_held(
    corpus: Corpus, query: Query, distinct: list[str], docs: IntArray, held: FloatArray
) -> FloatArray:
    """`held`, with a term also held when the unit holds a word related to it."""
    out = held.copy()
    vocabulary = corpus.index.vocabulary
    for j, term in enumerate(distinct):
        others = [vocabulary[r] for r in query.related.get(term, ())]
        if others:
            out[:, j] = np.maximum(out[:, j], _holds(corpus.index, list(others), docs).max(axis=1))
    return out


def _context_held(
    corpus: Corpus, distinct: list[str], docs: IntArray, held: FloatArray
) -> FloatArray:
    """`held`, with a term also held when the unit's article title or section heading
    holds it."""
    column = {term: j for j, term in enumerate(distinct)}
    out = held.copy()
    for i, terms in enumerate(corpus.context_terms(docs)):
        for term in terms & column.keys():
            out[i, column[term]] = 1.0
    return out


ARTICLE_EVIDENCE = (
    "coverage_article",  # share of the question's idf mass the unit's article holds
    "missing_specific",  # share of its names and other words English lacks, not in it
    "missing_common",  # share of its English words (WordNet's) not in it
    "coverage_detail",  # by the sentence, each term weighted by how few of the article's
    # units hold it: the question's details beyond the story's recurring words
)


def article_evidence(corpus: Corpus, query: Query, docs: IntArray) -> FloatArray:
    """ARTICLE_EVIDENCE of each unit's article, one row per unit.

    Inputs of the answer confidence (`confidence.INPUTS`), not reranker columns: an
    answerable question's article holds nearly all its words, one the corpus knows nothing
    about does not; and a question naming what the article never mentions ("What did the
    TUC say…" of a story without the TUC) is seldom answered by it, while a common word it
    lacks is often a paraphrase ("decide" for "left rates on hold").
    """
    distinct, ids, idf, total = _weighted(corpus, query.terms)
    owner = corpus.owner[docs].astype(np.int64)
    holders = _holders(corpus.article_index, ids, owner)
    held = holders > 0
    specific = np.array([t in query.specific for t in distinct], dtype=bool)
    missing = ~held
    units = np.array([corpus.articles[a].unit_count for a in owner.tolist()], dtype=np.float64)
    detail = idf * np.log((units[:, None] + 1) / (holders + 1))
    sentence = _holds(corpus.index, ids, docs)
    return np.column_stack(
        [
            held @ idf / total,
            _share_of(missing, specific),
            _share_of(missing, ~specific),
            (sentence * detail).sum(axis=1) / np.maximum(detail.sum(axis=1), 1e-9),
        ]
    )


def held_by_article(corpus: Corpus, terms: Collection[str], unit: int) -> set[str]:
    """Which of `terms` the article of `unit` holds somewhere."""
    ids = [corpus.index.vocabulary.get(t) for t in terms]
    owner = np.array([int(corpus.owner[unit])], dtype=np.int64)
    holders = _holders(corpus.article_index, ids, owner)[0]
    return {t for t, n in zip(terms, holders.tolist(), strict=True) if n}


def _share_of(missing: npt.NDArray[np.bool_], wanted: npt.NDArray[np.bool_]) -> FloatArray:
    count = int(wanted.sum())
    if not count:
        return np.zeros(len(missing))
    return np.asarray((missing & wanted).sum(axis=1) / count, dtype=np.float64)


def _weighted(
    corpus: Corpus, terms: list[str]
) -> tuple[list[str], list[int | None], FloatArray, float]:
    """The question's distinct terms, their ids (None: unseen), idfs and idf total."""
    distinct = list(dict.fromkeys(terms))
    idf = np.array([max(corpus.index.term_idf(t), 0.0) for t in distinct])
    ids = [corpus.index.vocabulary.get(t) for t in distinct]
    return distinct, ids, idf, float(idf.sum()) or 1.0


_EVIDENCE = {
    "paragraph_best_sentence": "sentence_scaled",
    "paragraph_best_coverage": "coverage",
    "paragraph_best_bigram": "bigram",
    "paragraph_best_prefix": "coverage_prefix",
}


def _paragraph_evidence(passage: IntArray, named: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """What the pool says of each unit's paragraph as a whole: the best of a few columns
    over the pool's units in that paragraph, and how many of them there are. A paragraph
    with a strong sentence lends it to its neighbours (the answer is often one sentence
    after the one repeating the question's words)."""
    paragraphs, inverse, counts = np.unique(passage, return_inverse=True, return_counts=True)
    evidence = {}
    for name, column in _EVIDENCE.items():
        best = np.full(len(paragraphs), -np.inf)
        np.maximum.at(best, inverse, named[column])
        evidence[name] = best[inverse]
    evidence["paragraph_pool_units"] = np.log1p(counts[inverse].astype(np.float64))
    return evidence


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
