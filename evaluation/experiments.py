"""Variants of the fit, cross-validated as `fit` does: `python -m evaluation experiments`.

    python -m evaluation experiments                        the shipped settings
    python -m evaluation experiments --news-weight 1,2,4,12
    python -m evaluation experiments --drop coverage_related,coverage_title
    python -m evaluation experiments --unsigned             no sign constraints
    python -m evaluation experiments --squad-only           fit without the news questions

For each variant: the news figures by regime (top-1 / hit@3 / answered / abstained on
unanswerable / abstained off-topic) at each --bars value, the reranker's own top-1 and
hit@3 (no abstention), the confidence's AUC of answerable against unanswerable and
off-topic questions, all from folds by article the fit never saw; and the SQuAD reporting
half under a fit on all the data. The pools are computed once per run (a few minutes);
`docs/experiments.md` records what each variant gave.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot.core import model

model.FITTING = True  # variants may compute features the stored weights lack

from bot.core import confidence, features  # noqa: E402
from evaluation import fit as F  # noqa: E402
from evaluation import news  # noqa: E402
from evaluation.data import DEFAULT_DATA  # noqa: E402


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """Probability that a random positive scores above a random negative (ties: half)."""
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    if not pos.size or not neg.size:
        return float("nan")
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def dropped(pools: list[F.Pool], names: Sequence[str]) -> list[F.Pool]:
    """The pools without the feature columns `names` (the code's FEATURES follow)."""
    read = sorted(set(names) & {*confidence._FROM_FEATURES, "coverage"})
    if read:
        raise SystemExit(f"error: the confidence reads {read}; drop other columns")
    keep = [i for i, name in enumerate(features.FEATURES) if name not in names]
    features.FEATURES = tuple(features.FEATURES[i] for i in keep)  # type: ignore[assignment]
    confidence._COLUMNS = [features.FEATURES.index(n) for n in confidence._FROM_FEATURES]
    confidence._COVERAGE = features.FEATURES.index("coverage")
    return [replace(p, x=p.x[:, keep]) for p in pools]


def report(
    news_set: news.NewsSet, pools: list[F.Pool], weight: float, bars: Sequence[float]
) -> None:
    held = F.cross_validate(news_set, pools, weight, F.RANK_L2, F.CONFIDENCE_L2)
    print(f"news weight {weight}:")
    for bar in bars:
        cells = []
        for regime in F.REGIMES:
            f = F.figures(held[regime], bar)
            keys = ("top1", "hit3", "answered", "abstain_unans", "abstain_off")
            cells.append(f"{regime} " + "/".join(f"{f[k]:.3f}" for k in keys))
        print(f"  at {bar}: " + "   ".join(cells))
    ranked = {r: F.figures(held[r], 0.0) for r in F.REGIMES}
    print(
        "  reranker alone (top-1/hit@3): "
        + "   ".join(f"{r} {ranked[r]['top1']:.3f}/{ranked[r]['hit3']:.3f}" for r in F.REGIMES)
    )
    for regime in F.REGIMES:
        scored = held[regime]
        answerable = [s.confidence for s in scored if s.pool.answerable]
        unanswerable = [s.confidence for s in scored if s.pool.kind == "unanswerable"]
        off = [s.confidence for s in scored if s.pool.kind == "offtopic"]
        print(
            f"  confidence AUC {regime}: answerable > unanswerable"
            f" {auc(answerable, unanswerable):.3f},"
            f" answerable > off-topic {auc(answerable, off):.3f}"
        )
    if any(p.source.startswith("squad") for p in pools):
        training = [p for p in pools if not p.source.startswith("squad-reporting")]
        fitted = F.fit_both(training, weight, F.RANK_L2, F.CONFIDENCE_L2)
        squad = F.squad_figures(pools, fitted, bars[0])
        for source in ("squad-reporting/pooled", "squad-reporting/distractors"):
            print(f"  {source}: {squad[source]}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation experiments",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder")
    parser.add_argument("--news-weight", default=str(F.NEWS_WEIGHT), help="comma-separated")
    parser.add_argument("--bars", default="0.35", help="confidence bars, comma-separated")
    parser.add_argument("--drop", default="", help="feature columns to leave out")
    parser.add_argument("--unsigned", action="store_true", help="fit without sign constraints")
    parser.add_argument("--squad-only", action="store_true", help="news weight 0")
    args = parser.parse_args(argv)
    news_set = news.load(args.data)
    pools = F.squad_pools(args.data) + F.news_pools(news_set)
    if args.drop:
        pools = dropped(pools, args.drop.split(","))
    if args.unsigned:
        features.FOR = features.AGAINST = frozenset()
        confidence.FOR = confidence.AGAINST = frozenset()
    weights = [0.0] if args.squad_only else [float(w) for w in args.news_weight.split(",")]
    bars = [float(b) for b in args.bars.split(",")]
    for weight in weights:
        report(news_set, pools, weight, bars)
    return 0


if __name__ == "__main__":
    sys.exit(main())
