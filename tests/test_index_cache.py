"""The on-disk index cache and the parallel build, for real on small folders."""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bot.core import answer as qa
from bot.core.corpus import Corpus
from bot.storage import cache as index_cache
from bot.storage import seeds
from bot.storage.seeds import load_corpus
from tests.conftest import SEEDS

BUDGET = "date 2024-05-01\ntitle: Budget\n\nThe council approved the budget on Monday. It passed.\n"
QUESTIONS = ("What has Russia asked China for?", "Who will Sullivan meet?", "council budget")


def folder_with(tmp_path: Path, **extra: str) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def same_corpus(a: Corpus, b: Corpus) -> None:
    assert list(a.texts) == list(b.texts) and a.articles == b.articles
    for name in ("kind", "position", "owner", "paragraph", "cues", "passage"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.index.vocabulary == b.index.vocabulary
    for question in QUESTIONS:
        terms = a.tokenizer(question)
        np.testing.assert_array_equal(a.index.get_scores(terms), b.index.get_scores(terms))
        assert qa.ask(a, question) == qa.ask(b, question)


def test_restart_loads_the_same_corpus_from_the_cache(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, **{"budget.txt": BUDGET, "bad.txt": "no date"})
    built = load_corpus(folder, cache_dir=tmp_path / "cache")
    again = load_corpus(folder, cache_dir=tmp_path / "cache")
    assert not built.from_cache and again.from_cache
    same_corpus(built.corpus, again.corpus)
    assert again.skipped == built.skipped and len(again.skipped) == 1
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [
        index_cache.cache_path(tmp_path / "cache", folder).name
    ]  # written atomically: no temporary file left behind


def test_any_change_to_the_folder_rebuilds(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    cache = tmp_path / "cache"
    load_corpus(folder, cache_dir=cache)
    (folder / "budget.txt").write_text(BUDGET, encoding="utf-8")
    added = load_corpus(folder, cache_dir=cache)
    assert not added.from_cache and len(added.corpus.articles) == 2
    path = folder / "budget.txt"
    path.write_text(BUDGET.replace("Monday", "Friday"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even an edit that keeps the old size
    edited = load_corpus(folder, cache_dir=cache)
    assert not edited.from_cache and "Friday" in " ".join(edited.corpus.texts)
    path.unlink()
    assert len(load_corpus(folder, cache_dir=cache).corpus.articles) == 1


def test_corrupt_or_foreign_cache_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = folder_with(tmp_path)
    cache = tmp_path / "cache"
    path = index_cache.cache_path(cache, folder)
    load_corpus(folder, cache_dir=cache)
    path.write_bytes(path.read_bytes()[:1000])  # truncated
    with caplog.at_level(logging.WARNING):
        assert not load_corpus(folder, cache_dir=cache).from_cache
    assert "unreadable" in caplog.text
    assert load_corpus(folder, cache_dir=cache).from_cache  # rewritten
    np.savez(path, meta=np.frombuffer(b'{"format": "other", "key": "x"}', np.uint8))
    assert not load_corpus(folder, cache_dir=cache).from_cache


def test_a_cache_holding_pickles_is_never_unpickled(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    cache = tmp_path / "cache"
    path = index_cache.cache_path(cache, folder)
    load_corpus(folder, cache_dir=cache)
    with np.load(path) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays["texts"] = np.array([object()], dtype=object)  # would need pickle to load
    np.savez(path, **arrays)
    with zipfile.ZipFile(path) as archive:
        assert "texts.npy" in archive.namelist()
    assert not load_corpus(folder, cache_dir=cache).from_cache


@pytest.mark.slow
def test_parallel_build_matches_the_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories = {
        f"s{n:03d}.txt": f"date 2024-01-{n % 28 + 1:02d}\n\nStory {n} began. It went on.\n"
        for n in range(40)
    }
    folder = folder_with(tmp_path, **stories, **{"bad.txt": "dte"})
    serial = load_corpus(folder, workers=1)
    monkeypatch.setattr(seeds, "PARALLEL_FROM_FILES", 10)
    monkeypatch.setattr(seeds, "_CHUNK_FILES", 7)
    parallel = load_corpus(folder, workers=2)
    same_corpus(serial.corpus, parallel.corpus)
    assert serial.skipped == parallel.skipped


@pytest.mark.parametrize("where", ["under-a-file", "a-folder-as-cache-file"])
def test_a_cache_that_cannot_be_used_is_one_warning_and_no_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    folder = folder_with(tmp_path)
    blocker = tmp_path / "blocker"
    if where == "under-a-file":
        blocker.write_text("a file where the cache folder should be", encoding="utf-8")
        cache = blocker / "cache"  # every read and write fails with ENOTDIR
    else:
        cache = blocker
        index_cache.cache_path(cache, folder).mkdir(parents=True)  # EISDIR
    with caplog.at_level(logging.INFO):
        loaded = load_corpus(folder, cache_dir=cache)
    assert not loaded.from_cache and len(loaded.corpus.articles) == 1
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "going on without it" in warnings[0].getMessage()
    assert all(r.exc_info is None for r in caplog.records)  # no traceback in the log
