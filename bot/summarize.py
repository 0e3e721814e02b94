"""Extractive summaries of one article: whole sentences, in article order.

A sentence scores the article-level weight of the terms it holds (term frequency in the
article times inverse sentence frequency), divided by its length so long sentences do
not win by size alone; near-duplicates of a chosen sentence are passed over.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .tokens import Tokenizer

_NEAR_DUPLICATE = 0.6


def summarize(sentences: Sequence[str], n: int, tokenizer: Tokenizer) -> list[int]:
    """Indices of the `n` sentences that best summarize the article, in article order."""
    if n < 1 or not sentences:
        return []
    terms = [tokenizer(s) for s in sentences]
    scores = _scores(terms)
    chosen: list[int] = []
    for i in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
        if len(chosen) == n:
            break
        if terms[i] and all(_overlap(terms[i], terms[j]) < _NEAR_DUPLICATE for j in chosen):
            chosen.append(i)
    return sorted(chosen)


def _scores(terms: list[list[str]]) -> list[float]:
    n = len(terms)
    tf = Counter(t for sentence in terms for t in sentence)
    sf = Counter(t for sentence in terms for t in set(sentence))
    weight = {t: tf[t] * math.log(1 + n / sf[t]) for t in tf}
    return [sum(weight[t] for t in set(s)) / math.sqrt(len(s)) if s else 0.0 for s in terms]


def _overlap(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0
