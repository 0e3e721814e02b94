from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from bot.storage.library import Library
from tests.conftest import SEEDS

EXTRA = "date 2024-05-01\ntitle: Budget\n\nThe council approved the budget on Monday.\n"


def make_library(tmp_path: Path) -> tuple[Library, Path]:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return Library.open(folder, 1_000_000, tmp_path / "cache"), folder


def test_reload_swaps_in_the_new_corpus(tmp_path: Path) -> None:
    library, folder = make_library(tmp_path)
    first = library.generation
    (folder / "budget.txt").write_text(EXTRA, encoding="utf-8")
    (folder / "broken.txt").write_text("no date", encoding="utf-8")
    result = asyncio.run(library.reload())
    assert result.ok and result.articles == 2 and library.swaps == 1
    assert library.generation != first  # answers from before are stale
    assert [str(s) for s in result.skipped] == [
        "seeds/broken.txt: line 1: expected 'date YYYY-MM-DD', got 'no date'"
    ]


def test_failed_reload_keeps_the_old_corpus(tmp_path: Path) -> None:
    library, folder = make_library(tmp_path)
    before = library.current
    for path in folder.iterdir():
        path.write_text("garbage", encoding="utf-8")
    result = asyncio.run(library.reload())
    assert not result.ok and library.current is before and library.swaps == 0
    assert result.articles == 1 and "no usable articles" in result.error
    assert len(result.skipped) == 1


def test_concurrent_reloads_are_serialized(tmp_path: Path) -> None:
    library, _ = make_library(tmp_path)

    async def both() -> list[bool]:
        first = asyncio.create_task(library.reload())
        await asyncio.sleep(0)
        assert library.reloading
        second = asyncio.create_task(library.reload())
        return [r.ok for r in await asyncio.gather(first, second)]

    assert asyncio.run(both()) == [True, True]
    assert library.swaps == 2 and not library.reloading


def test_reload_of_an_unchanged_folder_keeps_the_served_corpus(tmp_path: Path) -> None:
    library, folder = make_library(tmp_path)
    before, first = library.current, library.generation
    result = asyncio.run(library.reload())
    # No second copy is loaded (a million-sentence corpus would double the memory).
    assert result.ok and result.unchanged and library.current.corpus is before.corpus
    assert library.current.unchanged and library.swaps == 1
    assert library.generation == first  # nothing changed: earlier answers' buttons still work
    (folder / "budget.txt").write_text(EXTRA, encoding="utf-8")
    result = asyncio.run(library.reload())
    assert result.ok and not result.unchanged and result.articles == 2
    assert library.current.corpus is not before.corpus


def test_the_generation_names_the_files_across_restarts(tmp_path: Path) -> None:
    library, folder = make_library(tmp_path)
    restarted = Library.open(folder, 1_000_000, tmp_path / "cache")
    assert restarted.generation == library.generation  # a button from before the restart works
    (folder / "budget.txt").write_text(EXTRA, encoding="utf-8")
    changed = Library.open(folder, 1_000_000, tmp_path / "cache")
    assert changed.generation != library.generation  # …unless the articles changed
