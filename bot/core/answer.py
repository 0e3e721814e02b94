"""Answering a question: rank units, decide whether to abstain, compose the hits.

A sentence's confidence is the probability a small fitted model gives that the corpus
answers the question with it (`confidence.py`): a question about "the capital of France"
matches little of an article about Ukraine and scores near 0, while "what did Russia ask
China for" is matched in full by its answer. A heading's is the share of the question's
idf mass it holds (`confidence` below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace

from bot.core import limits
from bot.core.article import Kind
from bot.core.corpus import ArticleInfo, Corpus
from bot.core.dates import DateRange
from bot.core.errors import QueryError
from bot.core.features import held_by_article
from bot.core.query import Query, read
from bot.core.rank import rank

DEFAULT_MIN_CONFIDENCE = limits.DEFAULT_MIN_CONFIDENCE  # `limits.py` says how it was set
MAX_ANSWERS = limits.MAX_ANSWERS
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
    partial: bool = False  # shown, but below SURE_CONFIDENCE: a partial match


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    hits: tuple[Hit, ...]
    reason: str = ""  # why there are no hits: "empty", "stopwords", "no match", "low confidence"
    note: str = ""  # what the reader should know of how it was read (dates, a filter)

    @property
    def answered(self) -> bool:
        return bool(self.hits)


def ask(
    corpus: Corpus,
    question: str,
    k: int = limits.DEFAULT_ANSWERS,
    article_id: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    channel: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Answer:
    """The best `k` units for `question`, or an Answer with no hits and the reason.

    The answer is given when the best unit's confidence reaches `min_confidence` (in an
    answer channel, `channel`, also CHANNEL_MIN_CONFIDENCE, never to chat (`query.chatty`)
    and only when the answer's article holds a name, number or other specific word of the
    question (`Query.specific`): chat is made of common words); the other units follow
    when theirs does too. Units below SURE_CONFIDENCE are marked partial. `since` /
    `until` (or dates the question names) keep to the articles of those days.
    """
    if not 1 <= k <= MAX_ANSWERS:
        raise QueryError(f"the number of answers must be 1 to {MAX_ANSWERS}, got {k}")
    if since and until and since > until:
        raise QueryError(f"since ({since}) is after until ({until}); swap them")
    if not question.strip():
        return Answer(question, (), "empty")
    query = read(corpus, question)
    if channel and query.chatty:
        return Answer(question, (), "chat")
    bar = max(min_confidence, limits.CHANNEL_MIN_CONFIDENCE) if channel else min_confidence
    dates, note = _dates(corpus, query, since, until)
    if not query.terms:
        if query.when.dates is None:
            return Answer(question, (), "stopwords")
        if dates is None:  # only a time was asked, and no article is dated then
            return Answer(question, (), "no match", note)
        return _leads(corpus, question, dates, k, note)
    found = _found(corpus, query, k, article_id, dates)
    if not found:
        return Answer(question, (), "no match", note)
    if found[0].confidence < bar:
        return Answer(question, (), "low confidence", note)
    if channel and not held_by_article(corpus, query.specific, found[0].unit):
        return Answer(question, (), "low confidence", note)  # nothing named that it holds
    shown = [c for c in found if c.confidence >= bar]
    if dates is None and note:  # the time it named has no article
        note += " These answers come from all the articles."
    if query.when.recent:  # "the latest on…": the newest article's first
        shown.sort(key=lambda c: corpus.articles[int(corpus.owner[c.unit])].date, reverse=True)
    return Answer(question, tuple(_hit(corpus, c, query.terms) for c in shown), "", note)


def _found(
    corpus: Corpus, query: Query, k: int, article_id: str | None, dates: DateRange | None
) -> list[_Candidate]:
    hits = _sentences(corpus, query, k, article_id, dates)
    headings = _headings(corpus, query.terms, k, article_id, dates)
    if headings and headings[0].coverage > (hits[0].coverage if hits else 0.0):
        return headings  # a heading says what no sentence does
    return hits


def _dates(
    corpus: Corpus, query: Query, since: dt.date | None, until: dt.date | None
) -> tuple[DateRange | None, str]:
    """The article dates to keep to, and the note saying so."""
    if since or until:
        chosen = DateRange(since or dt.date.min, until or dt.date.max)
        if any(info.date in chosen for info in corpus.articles):
            return chosen, ""
        shown = f"{since or 'any date'} to {until or 'any date'}"
        return chosen, f"No article is dated {shown}."
    named = query.when.dates
    if named is None or not corpus.articles:
        return None, ""
    if named.year_only and set(query.terms) - {str(named.start.year)}:
        return None, ""  # "in 2005" is what a story says, unless it is all that was asked
    shown = named.start.isoformat() + ("" if named.end == named.start else f" to {named.end}")
    if not any(info.date in named for info in corpus.articles):
        return None, f"No article is dated {shown}."
    if named.relative:
        return named, f"Dates read against the newest article's, {corpus.newest().date}."
    return named, ""


def _leads(corpus: Corpus, question: str, dates: DateRange, k: int, note: str) -> Answer:
    """A question that names only a time ("What happened on August 14?"): the opening
    sentence of each article of those days, newest first."""
    articles = sorted(
        (info for info in corpus.articles if info.date in dates and info.sentence_count),
        key=lambda info: (info.date, info.id),
        reverse=True,
    )
    hits = []
    for info in articles[:k]:
        unit = next(
            u
            for u in range(info.first_unit, info.first_unit + info.unit_count)
            if corpus.is_sentence[u]
        )
        hits.append(_hit(corpus, _Candidate(unit, 0.0, 1.0, 1.0), []))
    return Answer(question, tuple(hits), "" if hits else "no match", note)


@dataclass(frozen=True, slots=True)
class _Candidate:
    unit: int
    score: float
    coverage: float
    confidence: float


def confidence(corpus: Corpus, terms: list[str], matched: set[str]) -> float:
    """Share of the idf mass of the distinct `terms` that `matched` covers, 0..1."""
    weights = {t: max(corpus.index.term_idf(t), 0.0) for t in set(terms)}
    total = sum(weights.values())
    if total == 0:  # every term is in most units of a tiny corpus: coverage by count
        return len(matched & weights.keys()) / len(weights)
    return sum(w for t, w in weights.items() if t in matched) / total


def _sentences(
    corpus: Corpus, query: Query, k: int, article_id: str | None, dates: DateRange | None
) -> list[_Candidate]:
    allowed = corpus.unit_mask(article_id, Kind.SENTENCE)
    if dates is not None:
        allowed = allowed & corpus.date_mask(dates.start, dates.end)
    ranked = rank(corpus, query, allowed)
    return _distinct(
        corpus, (_Candidate(r.unit, r.score, r.coverage, r.confidence) for r in ranked), k
    )


def _headings(
    corpus: Corpus, terms: list[str], k: int, article_id: str | None, dates: DateRange | None
) -> list[_Candidate]:
    found = corpus.top_headings(terms, k * _CANDIDATES_PER_ANSWER, article_id)
    candidates = []
    for unit, score in found:
        if dates is not None and corpus.articles[int(corpus.owner[unit])].date not in dates:
            continue
        cov = confidence(corpus, terms, set(corpus.tokenizer(corpus.texts[unit])))
        candidates.append(_Candidate(unit, score, cov, cov))
    return _distinct(corpus, iter(candidates), k)


def _distinct(corpus: Corpus, ranked: Iterator[_Candidate], k: int) -> list[_Candidate]:
    """The first `k` of `ranked` that are not near duplicates of an earlier one. The same
    fact in a newer article (wire copy reused, a follow-up story) takes the older one's
    place: of equally good sentences, the newer is cited."""
    kept: list[_Candidate] = []
    seen: list[set[str]] = []
    for candidate in ranked:
        unit_terms = set(corpus.tokenizer(corpus.texts[candidate.unit]))
        twin = next(
            (n for n, other in enumerate(seen) if _overlap(unit_terms, other) >= _NEAR_DUPLICATE),
            None,
        )
        if twin is not None:
            if _date(corpus, candidate) > _date(corpus, kept[twin]):
                kept[twin] = replace(kept[twin], unit=candidate.unit)
            continue
        if len(kept) == k:
            break
        seen.append(unit_terms)
        kept.append(candidate)
    return kept


def _date(corpus: Corpus, candidate: _Candidate) -> dt.date:
    return corpus.articles[int(corpus.owner[candidate.unit])].date


def _hit(corpus: Corpus, candidate: _Candidate, terms: list[str]) -> Hit:
    unit = candidate.unit
    info = corpus.articles[int(corpus.owner[unit])]
    query = set(terms)
    return Hit(
        text=corpus.texts[unit],
        article=info,
        unit=unit,
        sentence_index=int(corpus.position[unit]),
        sentence_count=info.sentence_count,
        score=candidate.score,
        confidence=candidate.confidence,
        matched=tuple(dict.fromkeys(t for t in corpus.tokenizer(corpus.texts[unit]) if t in query)),
        heading=bool(corpus.kind[unit] == Kind.HEADING),
        partial=candidate.confidence < limits.SURE_CONFIDENCE,
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
