"""Performance at news-archive scale, measured side by side with rank-bm25.

    python -m evaluation bench [--sizes 1000,10000,100000,1000000] [--queries 1000]
                        [--workdir bench-out] [--rank-bm25-max 1000000]

For each size N it writes a folder of article files (BBC text first, then synthetic Zipf
text; generated once into --workdir, never committed), then, each in a fresh process so
peak RSS is that step's own:
  build    read, split, tokenize, index (the bot's own `load_corpus`), with the on-disk
           index cache off; then query latency of the retrieval step (`index.top_k`, k=5)
           and of a whole in-process `ask`, over the same questions;
  restart  `load_corpus` again over the unchanged folder, from the on-disk index cache
           (run twice: the first writes the cache, the second is measured);
  rank-bm25  BM25Okapi over the very same tokens, and its query latency (get_scores + top 5).
It prints a table and writes it as JSON (--out).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evaluation import synthetic

DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("bench-out"))
    parser.add_argument("--out", type=Path, default=None, help="JSON (default workdir/bench.json)")
    parser.add_argument("--rank-bm25-max", type=int, default=1_000_000)
    parser.add_argument(
        "--rank-bm25-queries",
        type=int,
        default=100,
        help="rank-bm25 is slow: fewer questions at 1M",
    )
    parser.add_argument(
        "--child", choices=("build", "restart", "rank-bm25"), help=argparse.SUPPRESS
    )
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_CHILDREN[args.child](args)))
        return 0
    return _orchestrate(args)


# -- orchestration ---------------------------------------------------------------------


def _orchestrate(args: argparse.Namespace) -> int:
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        folder = args.workdir / f"corpus-{n}"
        _progress(f"N={n:,}: writing articles to {folder}")
        synthetic.write_folder(folder, n)
        row: dict[str, Any] = {"n": n}
        _progress(f"N={n:,}: build + queries")
        row["build"] = _child("build", folder, args)
        _progress(f"N={n:,}: restart from the index cache")
        _child("restart", folder, args)  # the first run writes the cache
        row["restart"] = _child("restart", folder, args)
        if n <= args.rank_bm25_max:
            _progress(f"N={n:,}: rank-bm25")
            row["rank_bm25"] = _child("rank-bm25", folder, args)
        rows.append(row)
        _print_table(rows)
    out = args.out or args.workdir / "bench.json"
    out.write_text(json.dumps(rows, indent=2))
    print(f"\nwritten {out}")
    return 0


def _child(kind: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "evaluation",
        "bench",
        "--child",
        kind,
        "--folder",
        str(folder),
        "--queries",
        str(args.queries),
        "--rank-bm25-queries",
        str(args.rank_bm25_queries),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"bench child {kind} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- children --------------------------------------------------------------------------


def _questions(texts: Sequence[str], count: int, seed: int = 1) -> list[str]:
    """Questions made from the corpus's own sentences: 3-6 of a sentence's words."""
    rng = random.Random(seed)
    questions = []
    for _ in range(count):
        words = [w.strip(".,;:“”\"'") for w in rng.choice(texts).split()]
        words = [w for w in words if len(w) > 3]
        take = rng.randint(3, 6)
        start = rng.randint(0, max(0, len(words) - take))
        questions.append("What about " + " ".join(words[start : start + take]) + "?")
    return questions


def _timed(fn: Callable[[str], object], questions: Sequence[str]) -> list[float]:
    seconds = []
    for q in questions:
        started = time.perf_counter()
        fn(q)
        seconds.append(time.perf_counter() - started)
    return seconds


def _summary(seconds: Sequence[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered) * 1000, "p99_ms": p99 * 1000}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_build(args: argparse.Namespace) -> dict[str, Any]:
    from bot.core import answer as qa
    from bot.storage.seeds import load_corpus

    started = time.perf_counter()
    loaded = load_corpus(args.folder, cache_dir=None, progress=True)
    build = time.perf_counter() - started
    corpus = loaded.corpus
    questions = _questions(corpus.texts, args.queries)
    (args.folder / ".questions.json").write_text(json.dumps(questions))
    tokenize = corpus.tokenizer
    retrieval = _timed(lambda q: corpus.index.top_k(tokenize(q), 5), questions)
    whole = _timed(lambda q: qa.ask(corpus, q, 5), questions)
    return {
        "sentences": corpus.sentence_count,
        "articles": len(corpus.articles),
        "build_s": build,
        "sentences_per_s": corpus.sentence_count / build,
        "retrieval": _summary(retrieval),
        "ask": _summary(whole),
        "peak_rss_mb": _peak_rss_mb(),
    }


def _child_restart(args: argparse.Namespace) -> dict[str, Any]:
    from bot.storage.seeds import load_corpus

    cache = args.folder.parent / "cache"
    started = time.perf_counter()
    loaded = load_corpus(args.folder, cache_dir=cache)
    seconds = time.perf_counter() - started
    return {"restart_s": seconds, "from_cache": loaded.from_cache, "peak_rss_mb": _peak_rss_mb()}


def _child_rank_bm25(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    from rank_bm25 import BM25Okapi

    from bot.core.tokens import Tokenizer
    from bot.storage.seeds import load_folder

    tokenize = Tokenizer()
    report = load_folder(args.folder)
    tokens = [tokenize(u.text) for a in report.articles for u in a.units]
    started = time.perf_counter()
    index = BM25Okapi(tokens)
    build = time.perf_counter() - started
    questions = json.loads((args.folder / ".questions.json").read_text())
    questions = questions[: args.queries if len(tokens) < 200_000 else args.rank_bm25_queries]

    def top5(q: str) -> object:
        scores = index.get_scores(tokenize(q))
        return np.argpartition(-scores, 5)[:5]

    return {
        "index_build_s": build,
        "questions": len(questions),
        "retrieval": _summary(_timed(top5, questions)),
        "peak_rss_mb": _peak_rss_mb(),
    }


_CHILDREN: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "build": _child_build,
    "restart": _child_restart,
    "rank-bm25": _child_rank_bm25,
}


# -- table -----------------------------------------------------------------------------


def _print_table(rows: list[dict[str, Any]]) -> None:
    print(
        "\n| N | build s | sentences/s | retrieval median / p99 ms | ask median / p99 ms"
        " | restart s | peak RSS MB build / restart | rank-bm25 median / p99 ms"
        " | rank-bm25 RSS MB | median speed-up |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        b, r, ref = row["build"], row["restart"], row.get("rank_bm25")
        cells = [
            f"{b['sentences']:,}",
            f"{b['build_s']:.2f}",
            f"{b['sentences_per_s']:,.0f}",
            f"{b['retrieval']['median_ms']:.3f} / {b['retrieval']['p99_ms']:.3f}",
            f"{b['ask']['median_ms']:.2f} / {b['ask']['p99_ms']:.2f}",
            f"{r['restart_s']:.2f}",
            f"{b['peak_rss_mb']:.0f} / {r['peak_rss_mb']:.0f}",
        ]
        if ref:
            speedup = ref["retrieval"]["median_ms"] / b["retrieval"]["median_ms"]
            cells += [
                f"{ref['retrieval']['median_ms']:.1f} / {ref['retrieval']['p99_ms']:.1f}",
                f"{ref['peak_rss_mb']:.0f}",
                f"{speedup:,.0f}x",
            ]
        else:
            cells += ["-", "-", "-"]
        print("| " + " | ".join(cells) + " |")
