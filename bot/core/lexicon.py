"""English words and related words, from WordNet 3.0, shipped with the bot.

`data/lexicon.tsv.gz` is written by `python -m evaluation lexicon` from WordNet's
database (its licence is `data/LICENSE-WordNet`): one line per index term (our
tokenizer's stem of an English word) with the terms related to it in its common senses:
synonyms and derived words ("coach" ~ "manager", "kid" ~ "child", "die" ~ "death").
Read once, on first use (61k terms: 0.06 s and 24 MB of peak RSS, measured); never
downloaded.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

_FILE = ("data", "lexicon.tsv.gz")


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    raw = resources.files("bot.core").joinpath(*_FILE).read_bytes()
    table: dict[str, tuple[str, ...]] = {}
    names = set()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        term, _, rest = line.partition("\t")
        related, _, flag = rest.partition("\t")
        table[term] = tuple(related.split())
        if flag == "N":
            names.add(term)
    _names.update(names)
    return table


_names: set[str] = set()


def name(term: str) -> bool:
    """Whether WordNet knows `term` only as a name ("london", "charles"), not a word."""
    _table()
    return term in _names


def known(term: str) -> bool:
    """Whether `term` is the index term of an English word WordNet knows."""
    return term in _table()


def related(term: str) -> tuple[str, ...]:
    """The index terms related to `term` (synonyms, derived words); () when none."""
    return _table().get(term, ())


def size() -> int:
    """How many terms the lexicon holds."""
    return len(_table())
