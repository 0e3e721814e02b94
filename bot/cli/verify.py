"""Cross-checking an index's scores against rank_bm25, the project's definition of BM25.

`bm25.py` reimplements rank_bm25's BM25Okapi, BM25L and BM25Plus for speed and is tested
against them on small corpora (tests/test_bm25.py). This runs the same comparison on a
real corpus (`python -m bot check --verify`): rank_bm25 is built over the very token
lists, with the index's variant and parameters, and both score questions made from the
corpus's own units (each question is one unit's terms, the units drawn with a fixed seed).

rank_bm25 is pure Python: building it reads every token once, and its `get_scores` loops
over every document per query term. So the corpus statistics (N, avgdl, df, idf) are the
full corpus's, as they must be, but each question is compared on at most
`DOCUMENTS_PER_QUESTION` documents through `get_batch_scores`: those holding its terms
(where scores differ from document to document) and a few that do not (where BM25+ still
adds idf * delta). rank_bm25 is imported here only, when a check runs.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bot.core.bm25 import BM25Index, BM25Params
from bot.core.corpus import Corpus

TOLERANCE = 1e-6  # largest absolute score difference that passes
QUESTIONS = 20
DOCUMENTS_PER_QUESTION = 2000
_NON_HOLDERS = 50  # of those, documents without any of the question's terms


@dataclass(frozen=True, slots=True)
class CrossCheck:
    reference: str  # rank_bm25's class and its parameters
    questions: int
    documents: int  # in the index: the corpus statistics are over all of them
    scores: int  # document scores compared, all questions together
    max_difference: float
    seconds: float
    tolerance: float = TOLERANCE

    @property
    def ok(self) -> bool:
        return self.max_difference <= self.tolerance


def reference_model(params: BM25Params) -> tuple[Any, dict[str, float]]:
    """rank_bm25's class for the index's variant, and its keyword arguments."""
    from rank_bm25 import BM25L, BM25Okapi, BM25Plus

    if params.variant == "okapi":
        return BM25Okapi, {"k1": params.k1, "b": params.b, "epsilon": params.epsilon}
    model = BM25L if params.variant == "l" else BM25Plus
    return model, {"k1": params.k1, "b": params.b, "delta": params.delta}


def cross_check(
    index: BM25Index,
    docs: Sequence[Sequence[str]],
    questions: int = QUESTIONS,
    seed: int = 0,
    per_question: int = DOCUMENTS_PER_QUESTION,
) -> CrossCheck:
    """Compare `index`'s scores with rank_bm25's over `docs`, the token lists it indexes."""
    if len(docs) != index.doc_count:
        raise ValueError(f"the index holds {index.doc_count} documents, not {len(docs)}")
    started = time.perf_counter()
    model, options = reference_model(index.params)
    arguments = ", ".join(f"{name}={value:g}" for name, value in options.items())
    rng = random.Random(seed)
    asked = _questions(docs, questions, rng)
    compared, worst = 0, 0.0
    if asked:  # else rank_bm25 would divide by zero (avgdl 0, an empty vocabulary)
        reference = model([list(d) for d in docs], **options)
        for question in asked:
            ids = _documents(index, question, per_question, rng)
            theirs = np.asarray(reference.get_batch_scores(question, ids), dtype=np.float64)
            worst = max(worst, float(np.max(np.abs(index.get_scores(question)[ids] - theirs))))
            compared += len(ids)
    return CrossCheck(
        reference=f"rank_bm25.{model.__name__}({arguments})",
        questions=len(asked),
        documents=index.doc_count,
        scores=compared,
        max_difference=worst,
        seconds=time.perf_counter() - started,
    )


def cross_check_corpus(corpus: Corpus, questions: int = QUESTIONS, seed: int = 0) -> CrossCheck:
    """`cross_check` of a corpus's unit index, its units tokenized anew by its tokenizer
    (so an index from the on-disk cache is checked against the texts it holds)."""
    started = time.perf_counter()
    docs = [corpus.tokenizer(text) for text in corpus.texts]
    result = cross_check(corpus.index, docs, questions, seed)
    return replace(result, seconds=time.perf_counter() - started)


def _questions(docs: Sequence[Sequence[str]], count: int, rng: random.Random) -> list[list[str]]:
    """The terms of `count` units drawn at random, among those with terms."""
    usable = [n for n, doc in enumerate(docs) if doc]
    return [list(docs[n]) for n in sorted(rng.sample(usable, min(count, len(usable))))]


def _documents(index: BM25Index, question: list[str], cap: int, rng: random.Random) -> list[int]:
    """Documents to compare on: holders of the question's terms and a few others."""
    holders = [int(d) for d in index.candidates(question)[0]]
    if len(holders) > cap - _NON_HOLDERS:
        holders = rng.sample(holders, cap - _NON_HOLDERS)
    others = rng.sample(range(index.doc_count), min(index.doc_count, _NON_HOLDERS))
    return sorted(set(holders).union(others))
