"""Fitting the reranker and the answer confidence: `python -m evaluation fit [--write]`.

Reranker: a listwise softmax model; each question's pool is one softmax over its units,
and the loss is minus the log of the probability the model gives the gold sentences (a
news question can have two). Confidence: a logistic model on `confidence.INPUTS` of the
first-ranked sentence, whose target is whether the corpus answers the question at all.
Both L2-regularized, fitted with L-BFGS.

Data, each question asked where the bot would be asked it:
- SQuAD, the tuning half of the titles (the first 8 by name): the answerable questions
  asked of the articles pooled and with the 2,225 BBC articles added (positives, gold
  sentences), and asked of the BBC articles alone (negatives: off the topic); SQuAD 2.0's
  unanswerable questions of the same titles asked of the SQuAD articles (negatives: on
  the topic, written to look answerable);
- the hand-written news questions (`news_qa_dev.jsonl`): answerable, unanswerable and
  off-topic, in each regime (each article alone with 10 off-topic questions, the 30
  articles together, all 2,225 BBC articles), weighted by NEWS_WEIGHT: they are the bot's
  real job, and fewer.

The news figures printed are cross-validated by article: 5 folds of 6 articles (one per
category; off-topic questions dealt round the folds); each fold's questions are scored
by a reranker and a confidence fitted without them. `--write` fits both on all the data
above and writes `bot/core/weights/rank.json` and `confidence.json` with the data's
checksums, the split, the regularisation, the commit and these figures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from bot.core import model

model.FITTING = True  # the code may compute features the stored weights lack yet

from bot.core import confidence, features, rank  # noqa: E402
from bot.core.article import Kind  # noqa: E402
from bot.core.bm25 import FloatArray  # noqa: E402
from bot.core.corpus import Corpus  # noqa: E402
from bot.core.query import read  # noqa: E402
from evaluation import bbc, news, provenance, squad  # noqa: E402
from evaluation.data import DEFAULT_DATA, require  # noqa: E402
from evaluation.qa import bbc_articles  # noqa: E402

RANK_L2 = 1e-4
CONFIDENCE_L2 = 1e-3
NEWS_WEIGHT = 4.0
REGIMES = ("single", "pooled", "all")
THRESHOLDS = (0.2, 0.3, 0.35, 0.4, 0.5, 0.6)
UNANSWERABLE = "squad2_dev_unanswerable.jsonl"
IntArray = np.ndarray


@dataclass(frozen=True, slots=True)
class Pool:
    """One question asked of one corpus: what both models see of it."""

    x: FloatArray  # reranker features, one row per unit of the pool
    gold: IntArray  # rows of the gold units (empty: not in the pool, or none exists)
    article: FloatArray  # `features.article_evidence` of each row
    asked: confidence.Question
    source: str  # "squad-tuning/pooled", "news/single", ...
    kind: str  # answerable (SQuAD), paraphrase... (news: its kind), unanswerable, offtopic
    key: str  # news: the article, or "off-N"; the fold key

    @property
    def answerable(self) -> bool:
        return self.kind not in ("unanswerable", "offtopic")


def pool(corpus: Corpus, question: str, gold: set[int], source: str, kind: str, key: str) -> Pool:
    query = read(corpus, question)
    docs, x = rank.pool_features(corpus, query, corpus.unit_mask(None, Kind.SENTENCE))
    rows = np.flatnonzero(np.isin(docs, list(gold))) if len(docs) else np.zeros(0, np.int64)
    article = (
        features.article_evidence(corpus, query, docs)
        if len(docs)
        else np.zeros((0, len(features.ARTICLE_EVIDENCE)))
    )
    return Pool(x, rows, article, confidence.question(corpus, query), source, kind, key)


# -- the data -----------------------------------------------------------------------------


def news_pools(data: news.NewsSet) -> list[Pool]:
    off = [q for q in data.questions if q.kind == "offtopic"]
    off_key = {q.text: f"off-{n}" for n, q in enumerate(off)}
    groups: list[tuple[str, Corpus, list[news.NewsQuestion]]] = []
    for i, article in enumerate(data.order):
        own = [q for q in data.questions if q.article == article]
        extra = [off[(news.OFF_TOPIC_PER_ARTICLE * i + j) % len(off)] for j in range(10)]
        groups.append(("single", Corpus([data.articles[article]]), own + extra))
    groups.append(("pooled", Corpus([data.articles[a] for a in data.order]), data.questions))
    groups.append(("all", Corpus(data.articles.values()), data.questions))
    found = []
    for regime, corpus, questions in groups:
        texts = [
            news.collapse(t) if s else ""
            for t, s in zip(corpus.texts, corpus.is_sentence, strict=True)
        ]
        for q in questions:
            accept = [news.collapse(a) for a in q.accept]
            gold = {u for u, text in enumerate(texts) if any(a in text for a in accept)}
            key = q.article or off_key[q.text]
            found.append(pool(corpus, q.text, gold, f"news/{regime}", q.kind, key))
    return found


def squad_pools(data: Path) -> list[Pool]:
    squad_set = squad.load(require(data / squad.DEFAULT_PATH.name))
    distractors = bbc_articles(require(data / bbc.DEFAULT_PATH.name))
    tuning = set(squad_set.titles()[:8])
    corpora = {
        "pooled": Corpus(squad_set.articles),
        "distractors": Corpus(squad_set.articles + distractors),
        "bbc_only": Corpus(distractors),
    }
    found = []
    for name, corpus in corpora.items():
        for q in squad_set.questions:
            half = "tuning" if q.title in tuning else "reporting"
            if name == "bbc_only":
                found.append(pool(corpus, q.text, set(), f"squad-{half}/bbc_only", "offtopic", ""))
                continue
            gold = {corpus.article(q.article_id).first_unit + q.sentence}
            found.append(pool(corpus, q.text, gold, f"squad-{half}/{name}", "answerable", ""))
    for u in squad.unanswerable(require(data / UNANSWERABLE)):
        half = "tuning" if u.title in tuning else "reporting"
        found.append(
            pool(corpora["pooled"], u.text, set(), f"squad-{half}/unanswerable", "unanswerable", "")
        )
    return found


# -- the two models -----------------------------------------------------------------------


def fit_rank(training: Sequence[Pool], weight: Sequence[float], l2: float) -> FloatArray:
    usable = [(p, w) for p, w in zip(training, weight, strict=True) if len(p.gold) and w]
    total_weight = sum(w for _, w in usable) or 1.0

    def loss(theta: FloatArray) -> tuple[float, FloatArray]:
        value, grad = 0.0, np.zeros(len(theta))
        for p, w in usable:
            z = p.x @ theta
            e = np.exp(z - z.max())
            prob = e / e.sum()
            gold = prob[p.gold]
            mass = float(gold.sum()) + 1e-300
            value -= w * np.log(mass)
            grad -= w * ((gold @ p.x[p.gold]) / mass - prob @ p.x)  # d(-log sum of gold p)
        return value / total_weight + l2 * float(theta @ theta), (
            grad / total_weight + 2 * l2 * theta
        )

    start = np.zeros(len(features.FEATURES))
    bounds = signs(features.FEATURES, features.FOR, features.AGAINST)
    return np.asarray(minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds).x)


def signs(
    names: Sequence[str], positive: frozenset[str], negative: frozenset[str]
) -> list[tuple[float | None, float | None]]:
    """L-BFGS-B bounds: >= 0 for the names in `positive`, <= 0 in `negative`."""
    return [
        (0.0, None) if n in positive else (None, 0.0) if n in negative else (None, None)
        for n in names
    ]


def first_inputs(p: Pool, w: FloatArray) -> FloatArray:
    """The confidence inputs of the pool's first unit under reranker weights `w`."""
    if not len(p.x):
        return np.zeros(len(confidence.INPUTS))
    scores = p.x @ w
    best = int(np.argmax(scores))
    row: FloatArray = confidence.inputs(p.x, p.article, scores, p.asked)[best]
    return row


def fit_confidence(
    pools: Sequence[Pool], rows: FloatArray, weight: Sequence[float], l2: float
) -> FloatArray:
    y = np.array([p.answerable for p in pools], dtype=np.float64)
    s = np.asarray(weight, dtype=np.float64)
    s = s / s.sum()

    def loss(theta: FloatArray) -> tuple[float, FloatArray]:
        p = 1.0 / (1.0 + np.exp(-(rows @ theta)))
        eps = 1e-12
        value = -float(s @ (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        return value + l2 * float(theta @ theta), rows.T @ (s * (p - y)) + 2 * l2 * theta

    start = np.zeros(rows.shape[1])
    bounds = signs(confidence.INPUTS, confidence.FOR, confidence.AGAINST)
    return np.asarray(minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds).x)


def news_weights(pools: Sequence[Pool], news_weight: float) -> list[float]:
    return [news_weight if p.source.startswith("news") else 1.0 for p in pools]


@dataclass(frozen=True, slots=True)
class Fitted:
    rank: FloatArray
    confidence: FloatArray


def fit_both(pools: Sequence[Pool], news_weight: float, rank_l2: float, conf_l2: float) -> Fitted:
    w = fit_rank(pools, news_weights(pools, news_weight), rank_l2)
    rows = np.vstack([first_inputs(p, w) for p in pools])
    c = fit_confidence(pools, rows, news_weights(pools, news_weight), conf_l2)
    return Fitted(w, c)


# -- figures ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scored:
    pool: Pool
    order: IntArray  # pool rows, best first
    confidence: float  # of the first


def score(p: Pool, fitted: Fitted) -> Scored:
    if not len(p.x):
        return Scored(p, np.zeros(0, np.int64), 0.0)
    order = np.argsort(-(p.x @ fitted.rank), kind="stable")
    z = float(first_inputs(p, fitted.rank) @ fitted.confidence)
    return Scored(p, order, 1.0 / (1.0 + np.exp(-z)))


def figures(scored: Sequence[Scored], bar: float) -> dict[str, float]:
    """The five news figures (as `evaluation.news` defines them) at confidence `bar`."""
    answerable = [s for s in scored if s.pool.answerable]
    shown = [s for s in answerable if s.confidence >= bar]
    return {
        "top1": _share(shown, lambda s: s.order[0] in s.pool.gold, len(answerable)),
        "hit3": _share(
            shown, lambda s: bool(np.isin(s.order[:3], s.pool.gold).any()), len(answerable)
        ),
        "answered": len(shown) / (len(answerable) or 1),
        "abstain_unans": _abstained(scored, "unanswerable", bar),
        "abstain_off": _abstained(scored, "offtopic", bar),
    }


def _share(items: Sequence[Scored], test: Callable[[Scored], bool], n: int) -> float:
    return round(sum(map(test, items)) / (n or 1), 4)


def _abstained(scored: Sequence[Scored], kind: str, bar: float) -> float:
    group = [s for s in scored if s.pool.kind == kind]
    return round(sum(s.confidence < bar for s in group) / (len(group) or 1), 4)


def fold_of(key: str, folds: Sequence[set[str]]) -> int:
    if key.startswith("off-"):
        return int(key[4:]) % len(folds)
    return next(n for n, fold in enumerate(folds) if key in fold)


def cross_validate(
    news_set: news.NewsSet,
    pools: Sequence[Pool],
    news_weight: float,
    rank_l2: float,
    conf_l2: float,
) -> dict[str, list[Scored]]:
    """Each news question scored by models fitted without its fold, by regime."""
    folds = news_set.folds()
    train_base = [p for p in pools if p.source.startswith("squad-tuning")]
    news_pools_ = [p for p in pools if p.source.startswith("news")]
    held: dict[str, list[Scored]] = {r: [] for r in REGIMES}
    for n in range(len(folds)):
        train = train_base + [p for p in news_pools_ if fold_of(p.key, folds) != n]
        fitted = fit_both(train, news_weight, rank_l2, conf_l2)
        for p in news_pools_:
            if fold_of(p.key, folds) == n:
                held[p.source.split("/")[1]].append(score(p, fitted))
    return held


def squad_figures(pools: Sequence[Pool], fitted: Fitted, bar: float) -> dict[str, object]:
    out: dict[str, object] = {}
    for source in sorted({p.source for p in pools if p.source.startswith("squad")}):
        scored = [score(p, fitted) for p in pools if p.source == source]
        if source.endswith(("bbc_only", "unanswerable")):
            out[source] = {"abstained": round(np.mean([s.confidence < bar for s in scored]), 4)}
            continue
        out[source] = {
            "top1": round(
                np.mean([len(s.order) > 0 and s.order[0] in s.pool.gold for s in scored]), 4
            ),
            "hit3": round(
                np.mean([bool(np.isin(s.order[:3], s.pool.gold).any()) for s in scored]), 4
            ),
            "answered": round(np.mean([s.confidence >= bar for s in scored]), 4),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation fit",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder")
    parser.add_argument("--news-weight", type=float, default=NEWS_WEIGHT)
    parser.add_argument("--rank-l2", type=float, default=RANK_L2)
    parser.add_argument("--confidence-l2", type=float, default=CONFIDENCE_L2)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--write", action="store_true", help="write bot/core/weights/*.json")
    args = parser.parse_args(argv)
    news_set = news.load(args.data)
    pools = squad_pools(args.data) + news_pools(news_set)
    metrics: dict[str, object] = {}
    if not args.no_cv:
        held = cross_validate(news_set, pools, args.news_weight, args.rank_l2, args.confidence_l2)
        metrics["news_cv_by_article"] = {
            f"{regime} @ {bar}": figures(scored, bar)
            for bar in THRESHOLDS
            for regime, scored in held.items()
        }
    training = [p for p in pools if not p.source.startswith("squad-reporting")]
    fitted = fit_both(training, args.news_weight, args.rank_l2, args.confidence_l2)
    from bot.core.answer import DEFAULT_MIN_CONFIDENCE

    metrics["squad"] = squad_figures(pools, fitted, DEFAULT_MIN_CONFIDENCE)
    for name, table in metrics.items():
        print(f"{name}:")
        for key, value in table.items():  # type: ignore[attr-defined]
            print(f"  {key:<28}{value}")
    if args.write:
        data = [
            args.data / squad.DEFAULT_PATH.name,
            args.data / UNANSWERABLE,
            args.data / bbc.DEFAULT_PATH.name,
            args.data / news.QUESTIONS,
        ]
        split = (
            "SQuAD: the first 8 titles by name (tuning; the other 8 only measured); news:"
            " all 30 articles (figures: 5 folds by article, one per category)"
        )
        regularisation = {
            "rank_l2": args.rank_l2,
            "confidence_l2": args.confidence_l2,
            "news_weight": args.news_weight,
        }
        at = provenance.commit()  # once: the first file written would mark the tree changed
        for name, names, values in (
            ("rank", features.FEATURES, fitted.rank),
            ("confidence", confidence.INPUTS, fitted.confidence),
        ):
            path = provenance.write(
                name,
                dict(zip(names, values.tolist(), strict=True)),
                data=data,
                split=split,
                regularisation=regularisation,
                metrics=metrics,
                at=at,
            )
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
