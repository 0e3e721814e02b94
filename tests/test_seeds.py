from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bot.core.errors import CorpusError
from bot.storage.seeds import article_id, load_corpus, load_folder
from tests.conftest import SEEDS

GOOD = (
    "date 2024-05-01\ntitle: Good news\n\n"
    "The council approved the budget on Monday. It passed easily.\n"
)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_shipped_seeds_load() -> None:
    report = load_folder(SEEDS)
    assert len(report.articles) == 1 and report.skipped == []
    assert report.articles[0].date.isoformat() == "2022-03-14"


def test_bad_files_are_skipped_and_named(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write(seeds, "good.txt", GOOD)
    write(seeds, "latin1.txt", "date 2024-05-01\n\nCaf\xe9 prices rose.".encode("latin-1"))
    write(seeds, "nodate.txt", "The council met.\n")
    write(seeds, "feb30.txt", "date 2022-02-30 Text.\n")
    write(seeds, "empty.txt", "")
    write(seeds, "header.txt", "date 2024-05-01\ntitle: Only a title\n")
    write(seeds, "binary.txt", b"date 2024-05-01\n\x00\x01\x02")
    write(seeds, "big.txt", "date 2024-05-01\n\n" + "Word. " * 100)
    write(seeds, "notes.md", "not an article")
    outside = write(tmp_path, "outside.txt", GOOD)
    os.symlink(outside, seeds / "link.txt")

    report = load_folder(seeds, max_bytes=400)
    reasons = {s.path: s.reason for s in report.skipped}
    assert [a.id for a in report.articles] == ["good"]
    assert "not UTF-8 (byte 20, line 3)" in reasons["seeds/latin1.txt"]
    assert "line 1: expected 'date YYYY-MM-DD'" in reasons["seeds/nodate.txt"]
    assert "line 1: '2022-02-30' is not a real date" in reasons["seeds/feb30.txt"]
    assert "empty" in reasons["seeds/empty.txt"]
    assert "no article text" in reasons["seeds/header.txt"]
    assert "binary content" in reasons["seeds/binary.txt"]
    assert "over the 400-byte limit" in reasons["seeds/big.txt"]
    assert "leads outside the seeds folder" in reasons["seeds/link.txt"]
    assert "seeds/notes.md" not in reasons


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path, "Budget News.txt", GOOD)
    write(tmp_path, "budget-news.txt", GOOD)
    report = load_folder(tmp_path)
    assert [a.id for a in report.articles] == ["budget-news"]
    assert "article id 'budget-news' is taken by" in report.skipped[0].reason


def test_article_ids_are_safe() -> None:
    assert article_id(Path("2022-03-14 Russia & China.txt")) == "2022-03-14-russia-china"
    assert article_id(Path("!!!.txt")) == "article"


def test_no_usable_article_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "bad.txt", "no date here")
    with pytest.raises(CorpusError, match=r"no usable articles in .*bad.txt"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "missing")


def test_load_corpus_times_the_build() -> None:
    loaded = load_corpus(SEEDS)
    assert loaded.seconds > 0 and loaded.corpus.sentence_count == 16


def test_files_that_vanish_or_change_while_read_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.storage import listing, seeds

    write(tmp_path, "good.txt", GOOD)
    changing = write(tmp_path, "changing.txt", GOOD)
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")  # its target never existed
    listed = listing.list_files(tmp_path)
    removed = tmp_path / "removed.txt"
    monkeypatch.setattr(seeds, "scan", lambda folder: ([*listed, removed], []))
    real_fstat = os.fstat
    calls: dict[int, int] = {}

    def fstat(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        if os.path.samefile(f"/proc/self/fd/{fd}", changing):
            calls[fd] = calls.get(fd, 0) + 1
            if calls[fd] == 2:  # the check after reading sees a new size: a writer was busy
                return os.stat_result((*result[:6], result.st_size + 1, *result[7:]))
        return result

    monkeypatch.setattr(os, "fstat", fstat)  # the os.fstat seeds calls
    report = seeds.load_folder(tmp_path)
    reasons = {s.path.split("/")[-1]: s.reason for s in report.skipped}
    assert [a.id for a in report.articles] == ["good"]
    assert reasons["dangling.txt"].startswith("cannot be opened (a broken link, or removed)")
    assert reasons["removed.txt"].startswith("cannot be opened (a broken link, or removed)")
    assert reasons["changing.txt"].startswith("changed while being read")


def test_a_link_to_a_file_in_the_folder_is_read_once(tmp_path: Path) -> None:
    write(tmp_path, "budget.txt", GOOD)
    (tmp_path / "a-link.txt").symlink_to("budget.txt")  # sorts first: still the file's name
    (tmp_path / "z-link.txt").symlink_to(tmp_path / "budget.txt")
    report = load_folder(tmp_path)
    assert [a.id for a in report.articles] == ["budget"] and report.skipped == []
    assert [str(w) for w in report.warnings] == [
        f"{tmp_path.name}/{name}: warning: a link to the same file as"
        f" {tmp_path.name}/budget.txt; read once"
        for name in ("a-link.txt", "z-link.txt")
    ]
    assert [a.id for a in load_corpus(tmp_path).corpus.articles] == ["budget"]


def test_unlikely_dates_are_warned_of_and_loaded(tmp_path: Path) -> None:
    write(tmp_path, "old.txt", GOOD.replace("2024-05-01", "0001-01-01"))
    write(tmp_path, "ahead.txt", GOOD.replace("2024-05-01", "2099-12-31"))
    write(tmp_path, "tomorrow.txt", GOOD.replace("2024-05-01", "2024-05-02"))
    report = load_folder(tmp_path, today=dt.date(2024, 5, 1))
    assert sorted(a.id for a in report.articles) == ["ahead", "old", "tomorrow"]
    assert [(w.path.rsplit("/")[-1], w.reason) for w in report.warnings] == [
        ("ahead.txt", "date 2099-12-31 is in the future (today is 2024-05-01)"),
        ("old.txt", "date 0001-01-01 is before 1900; is it a typo?"),
    ]
