"""Answering a question: rank units, decide whether to abstain, compose the hits.

Confidence is the share of the question's information (the idf mass of its distinct
terms, unknown terms weighing the most) that the best sentence matches: a question about
"the capital of France" matches nothing of an article about Ukraine and scores 0, while
"what did Russia ask China for" is matched in full by its answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from .article import Kind
from .corpus import ArticleInfo, Corpus
from .errors import QueryError

DEFAULT_MIN_CONFIDENCE = 0.5
MAX_ANSWERS = 10
_CANDIDATES_PER_ANSWER = 4
_NEAR_DUPLICATE = 0.8  # share of the smaller term set found in the other: the same fact


@dataclass(frozen=True, slots=True)
class Hit:
    text: str
    article: ArticleInfo
    unit: int  # index into the corpus's units
    sentence_index: int  # 0-based position among the article's sentences
    sentence_count: int
    score: float
    confidence: float
    matched: tuple[str, ...]  # the question's terms this unit holds
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    hits: tuple[Hit, ...]
    reason: str = ""  # why there are no hits: "empty", "stopwords", "no match", "low confidence"

    @property
    def answered(self) -> bool:
        return bool(self.hits)


def ask(
    corpus: Corpus,
    question: str,
    k: int = 3,
    article_id: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> Answer:
    """The best `k` units for `question`, or an Answer with no hits and the reason."""
    if not 1 <= k <= MAX_ANSWERS:
        raise QueryError(f"the number of answers must be 1 to {MAX_ANSWERS}, got {k}")
    if not question.strip():
        return Answer(question, (), "empty")
    terms = corpus.tokenizer(question)
    if not terms:
        return Answer(question, (), "stopwords")
    hits = _ranked(corpus, terms, k, article_id, Kind.SENTENCE)
    if not hits or hits[0].confidence < min_confidence:
        headings = _ranked(corpus, terms, k, article_id, Kind.HEADING)
        if headings and headings[0].confidence > (hits[0].confidence if hits else 0.0):
            hits = headings
    if not hits:
        return Answer(question, (), "no match")
    confident = tuple(h for h in hits if h.confidence >= min_confidence)
    return Answer(question, confident, "" if confident else "low confidence")


def confidence(corpus: Corpus, terms: list[str], matched: set[str]) -> float:
    """Share of the idf mass of the distinct `terms` that `matched` covers, 0..1."""
    weights = {t: max(corpus.index.term_idf(t), 0.0) for t in set(terms)}
    total = sum(weights.values())
    if total == 0:  # every term is in most units of a tiny corpus: coverage by count
        return len(matched & weights.keys()) / len(weights)
    return sum(w for t, w in weights.items() if t in matched) / total


def _ranked(
    corpus: Corpus, terms: list[str], k: int, article_id: str | None, kind: Kind
) -> list[Hit]:
    allowed = corpus.unit_mask(article_id, kind)
    query = set(terms)
    hits: list[Hit] = []
    seen: list[set[str]] = []
    for unit, score in corpus.index.top_k(terms, k * _CANDIDATES_PER_ANSWER, allowed):
        unit_terms = set(corpus.tokenizer(corpus.texts[unit]))
        if any(_overlap(unit_terms, other) >= _NEAR_DUPLICATE for other in seen):
            continue
        seen.append(unit_terms)
        hits.append(_hit(corpus, unit, score, confidence(corpus, terms, unit_terms), query))
        if len(hits) == k:
            break
    return hits


def _hit(corpus: Corpus, unit: int, score: float, conf: float, query: set[str]) -> Hit:
    info = corpus.articles[int(corpus.owner[unit])]
    unit_terms = corpus.tokenizer(corpus.texts[unit])
    return Hit(
        text=corpus.texts[unit],
        article=info,
        unit=unit,
        sentence_index=int(corpus.position[unit]),
        sentence_count=info.sentence_count,
        score=score,
        confidence=conf,
        matched=tuple(dict.fromkeys(t for t in unit_terms if t in query)),
        heading=bool(corpus.kind[unit] == Kind.HEADING),
    )


def _overlap(a: set[str], b: set[str]) -> float:
    """Overlap coefficient; sets under 3 terms only count as duplicates when equal."""
    if min(len(a), len(b)) < 3:
        return 1.0 if a == b else 0.0
    return len(a & b) / min(len(a), len(b))


def context(corpus: Corpus, unit: int, radius: int = 2) -> list[tuple[int, str]]:
    """The units around `unit` in its article, as (unit, text), the unit itself included."""
    info = corpus.articles[int(corpus.owner[unit])]
    start = max(info.first_unit, unit - radius)
    end = min(info.first_unit + info.unit_count, unit + radius + 1)
    return [(u, corpus.texts[u]) for u in range(start, end)]
