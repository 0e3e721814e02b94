"""Fitting the reranker's weights on the tuning half of SQuAD: `python -m evaluation fit`.

A listwise softmax model (each question's pool is one softmax over its units, the gold
sentence the target), L2-regularized, fitted with L-BFGS; questions whose gold sentence
is not in the pool are left out. Each tuning question is asked twice, of the SQuAD
articles pooled and of the same with the BBC articles added, so the model learns with
distractor articles competing. Prints `rank._FITTED` to paste in, and the top-1 it
reaches on both halves (the reporting half is only measured, never fitted on).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from bot.core import features, rank
from bot.core.article import Kind
from bot.core.bm25 import FloatArray
from bot.core.corpus import Corpus
from evaluation import bbc, squad
from evaluation.qa import DEFAULT_DATA, bbc_articles

L2 = 1e-4
Pool = tuple[FloatArray, int]  # (features, row of the gold sentence)


def pools(corpus: Corpus, questions: Sequence[squad.Question]) -> list[Pool | None]:
    allowed = corpus.unit_mask(None, Kind.SENTENCE)
    found: list[Pool | None] = []
    for q in questions:
        gold = corpus.article(q.article_id).first_unit + q.sentence
        docs, features = rank.pool_features(corpus, q.text, corpus.tokenizer(q.text), allowed)
        rows = np.flatnonzero(docs == gold)
        found.append((features, int(rows[0])) if len(rows) else None)
    return found


def fit(training: Sequence[Pool]) -> FloatArray:
    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        total, grad = 0.0, np.zeros(len(w))
        for x, gold in training:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            total -= float(np.log(p[gold] + 1e-300))
            grad -= x[gold] - p @ x
        n = len(training) or 1
        return total / n + L2 * float(w @ w), grad / n + 2 * L2 * w

    start = np.zeros(len(features.FEATURES))
    return np.asarray(minimize(loss, start, jac=True, method="L-BFGS-B").x)


def top1(found: Sequence[Pool | None], w: FloatArray) -> float:
    hits = sum(p is not None and int(np.argmax(p[0] @ w)) == p[1] for p in found)
    return hits / (len(found) or 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation fit", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    data = squad.load(args.data / squad.DEFAULT_PATH.name)
    news = bbc_articles(args.data / bbc.DEFAULT_PATH.name)
    tuning = set(data.titles()[:8])
    tune = [q for q in data.questions if q.title in tuning]
    report = [q for q in data.questions if q.title not in tuning]
    training: list[Pool] = []
    measured = []
    for name, corpus in (
        ("pooled", Corpus(data.articles)),
        ("distractors", Corpus(data.articles + news)),
    ):
        tune_pools, report_pools = pools(corpus, tune), pools(corpus, report)
        training += [p for p in tune_pools if p is not None]
        measured.append((name, tune_pools, report_pools))
    w = fit(training)
    for name, tune_pools, report_pools in measured:
        print(
            f"top-1 (pool argmax) {name}: tuning {top1(tune_pools, w):.3f}, "
            f"reporting {top1(report_pools, w):.3f}"
        )
    for name, value in zip(features.FEATURES, w, strict=True):
        print(f"    {name!r}: {value:.4f},")
    return 0


if __name__ == "__main__":
    sys.exit(main())
