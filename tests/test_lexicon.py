"""The shipped lexicon (WordNet 3.0, built by `python -m evaluation lexicon`)."""

from __future__ import annotations

from bot.core import lexicon
from bot.core.tokens import Tokenizer


def test_its_terms_are_the_tokenizers_stems() -> None:
    tokenizer = Tokenizer()
    words = "children manager coach river settle output happened group camera football".split()
    assert all(lexicon.known(tokenizer(word)[0]) for word in words)
    assert not lexicon.known("waitng") and not lexicon.known("ouptut")


def test_related_words() -> None:
    stem = Tokenizer()
    assert stem("manager")[0] in lexicon.related(stem("coach")[0])
    assert stem("children")[0] in lexicon.related(stem("kids")[0])
    assert stem("death")[0] in lexicon.related(stem("die")[0])
    assert lexicon.related("qwzx") == ()


def test_names_are_told_from_words() -> None:
    assert lexicon.name("london") and not lexicon.name("bank")
    assert lexicon.size() > 50_000
