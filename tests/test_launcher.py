"""The launcher's process concerns: what `python -m bot run` says at start-up and when it
cannot start."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import launcher
from bot.config import Settings
from tests.discord_harness import seeds_copy


def test_start_up_logs_each_skipped_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = seeds_copy(tmp_path, {"bad.txt": "no date here"})
    monkeypatch.setenv("DISCORD_TOKEN", "start-up-test-token")
    with caplog.at_level(logging.INFO):
        prepared = launcher._prepare(replace(Settings(), seeds=seeds, cache_dir=None), seeds)
    assert not isinstance(prepared, int)
    about_bad = [r.getMessage() for r in caplog.records if "bad.txt" in r.getMessage()]
    assert about_bad == [
        "skipped seeds/bad.txt: line 1: expected 'date YYYY-MM-DD', got 'no date here'"
    ]
