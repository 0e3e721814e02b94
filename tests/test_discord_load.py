"""`python -m evaluation discord-load` still runs: a copy of seeds/, a few questions a phase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation import discord_load
from tests.discord_harness import seeds_copy

pytestmark = pytest.mark.e2e


def test_every_phase_answers_every_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "discord-load.json"
    argv = ["--seeds", str(seeds_copy(tmp_path)), "--questions", "4"]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--out", str(out)]
    assert discord_load.main(argv) == 0
    report = json.loads(out.read_text())
    assert json.loads(capsys.readouterr().out) == report
    phases = ("asks", "asks_during_reload_unchanged", "asks_during_rebuild")
    assert [(report[p]["asked"], report[p]["answered"]) for p in phases] == [(4, 4)] * 3
    assert report["asks_during_reload_unchanged"]["reload"].startswith("No article file changed")
    assert report["asks_during_rebuild"]["reload"].startswith("Reloaded 1 articles")
    assert report["rejected"] == 0 and report["missed_deadlines"] == 0
