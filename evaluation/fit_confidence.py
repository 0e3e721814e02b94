"""Fitting the answer confidence: `python -m evaluation fit-confidence`.

L2-regularized logistic regression on `confidence.INPUTS` of each question's first
sentence. Positives: tuning-half SQuAD questions asked of the SQuAD articles pooled and
with the BBC distractors; negatives: the same questions asked of the BBC articles alone.
Prints `confidence._FITTED` to paste in, and the answered / abstained rates it reaches at
a few thresholds on both halves (the reporting half is only measured, never fitted on).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from bot.core import confidence, features, rank
from bot.core.article import Kind
from bot.core.bm25 import FloatArray
from bot.core.corpus import Corpus
from evaluation import bbc, squad
from evaluation.qa import DEFAULT_DATA, bbc_articles

L2 = 1e-3


def first_inputs(corpus: Corpus, questions: Sequence[squad.Question]) -> FloatArray:
    """confidence.INPUTS of each question's first-ranked sentence (zeros: no candidate)."""
    allowed = corpus.unit_mask(None, Kind.SENTENCE)
    rows = np.zeros((len(questions), len(confidence.INPUTS)))
    for n, q in enumerate(questions):
        terms = corpus.tokenizer(q.text)
        docs, x = rank.pool_features(corpus, q.text, terms, allowed)
        if len(docs):
            scores = x @ rank.WEIGHTS
            best = int(np.lexsort((docs, -scores))[0])
            article = features.article_coverage(corpus, terms, docs)
            asked = confidence.question(corpus, terms)
            rows[n] = confidence.inputs(x, article, scores, asked)[best]
    return rows


def fit(x: FloatArray, y: FloatArray) -> FloatArray:
    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        eps = 1e-12
        value = -float(np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        return value + L2 * float(w @ w), x.T @ (p - y) / len(y) + 2 * L2 * w

    return np.asarray(minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation fit-confidence", description=__doc__
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    data = squad.load(args.data / squad.DEFAULT_PATH.name)
    news = bbc_articles(args.data / bbc.DEFAULT_PATH.name)
    tuning = set(data.titles()[:8])
    halves = {
        "tuning": [q for q in data.questions if q.title in tuning],
        "reporting": [q for q in data.questions if q.title not in tuning],
    }
    corpora = {
        "pooled": Corpus(data.articles),
        "distractors": Corpus(data.articles + news),
        "bbc_only": Corpus(news),
    }
    found = {(c, h): first_inputs(corpora[c], qs) for c in corpora for h, qs in halves.items()}
    positives = np.vstack([found["pooled", "tuning"], found["distractors", "tuning"]])
    negatives = found["bbc_only", "tuning"]
    x = np.vstack([positives, negatives])
    y = np.r_[np.ones(len(positives)), np.zeros(len(negatives))]
    w = fit(x, y)
    for t in (0.3, 0.4, 0.5, 0.6, 0.7):
        cells = [
            f"{c} {h} {np.mean((1 / (1 + np.exp(-(rows @ w))) >= t) == (c != 'bbc_only')):.3f}"
            for (c, h), rows in found.items()
        ]
        print(f"at {t}: " + ", ".join(cells))
    for name, value in zip(confidence.INPUTS, w, strict=True):
        print(f"    {name!r}: {value:.4f},")
    return 0


if __name__ == "__main__":
    sys.exit(main())
