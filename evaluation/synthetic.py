"""Article folders for benchmarks: real BBC text first, then a synthetic Zipf corpus.

The synthetic text imitates English in the ways that matter to the index: a Zipf-
distributed vocabulary (exponent about 1.1) whose most frequent words are real English
function words, sentence lengths drawn from a log-normal fitted to news (median ~21
words), capitalised sentence starts and a full stop. Generated, never committed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from evaluation import bbc

SENTENCES_PER_ARTICLE = 20
_FUNCTION_WORDS = (
    "the of to and a in that is for it on was with he as said by at from his be have an "
    "has are but not they were this had which been its will who their would after more "
    "also one two new last first over than about people year government"
).split()
_SYLLABLES = [c + v for c in "bcdfghklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def make_vocabulary(size: int, rng: np.random.Generator) -> list[str]:
    """Function words first, then distinct pseudo-words of 2-4 syllables."""
    words = list(_FUNCTION_WORDS)
    seen = set(words)
    while len(words) < size:
        count = int(rng.integers(2, 5))
        word = "".join(_SYLLABLES[i] for i in rng.integers(0, len(_SYLLABLES), count))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def synthetic_sentences(n: int, seed: int = 0, vocabulary: int = 200_000) -> Iterator[str]:
    rng = np.random.default_rng(seed)
    words = np.array(make_vocabulary(vocabulary, rng), dtype=object)
    ranks = np.arange(1, vocabulary + 1, dtype=np.float64)
    p = ranks**-1.1
    p /= p.sum()
    batch = 10_000
    made = 0
    while made < n:
        size = min(batch, n - made)
        lengths = np.clip(rng.lognormal(np.log(21), 0.45, size).astype(int), 4, 80)
        drawn = rng.choice(len(words), size=int(lengths.sum()), p=p)
        start = 0
        for length in lengths:
            sentence = " ".join(words[drawn[start : start + length]])
            start += length
            yield sentence[0].upper() + sentence[1:] + "."
        made += size


def article_texts(n_sentences: int, data: Path = bbc.DEFAULT_PATH) -> Iterator[str]:
    """Article file texts holding about `n_sentences`: BBC articles, then synthetic ones."""
    made = 0
    date = dt.date(2005, 1, 1)
    if data.exists():
        for article in bbc.load(data):
            if made >= n_sentences:
                return
            body = "\n\n".join(p.strip() for p in article.body.splitlines() if p.strip())
            made += body.count(". ") + 1  # an estimate; the build counts for real
            yield f"date {date.isoformat()}\ntitle: {article.title}\n\n{body}\n"
    sentences = synthetic_sentences(max(0, n_sentences - made))
    for number in itertools.count():
        chunk = list(itertools.islice(sentences, SENTENCES_PER_ARTICLE))
        if not chunk:
            return
        paragraphs = [" ".join(chunk[i : i + 4]) for i in range(0, len(chunk), 4)]
        day = date + dt.timedelta(days=number % 3650)
        yield f"date {day.isoformat()}\ntitle: Synthetic {number}\n\n" + "\n\n".join(paragraphs)


def write_folder(folder: Path, n_sentences: int, data: Path = bbc.DEFAULT_PATH) -> int:
    """Write the article files; returns how many. Skips the work if already written."""
    marker = folder / ".complete"
    if marker.exists():
        return int(marker.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, text in enumerate(article_texts(n_sentences, data), 1):
        (folder / f"{count:07d}.txt").write_text(text, encoding="utf-8")
    marker.write_text(str(count))
    return count
