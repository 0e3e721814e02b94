"""The launcher's process concerns: what `python -m bot run` says at start-up and when it
cannot start."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import launcher
from bot.config import Settings
from tests.conftest import ROOT
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


def test_no_route_to_discord_is_one_line_and_status_1(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "config.toml"
    config.write_text(f'seeds = "{seeds_copy(tmp_path)}"\ncache_dir = ""\n', encoding="utf-8")
    fake_base = f"http://127.0.0.1:{port}"  # `python -m fakecord` points discord.py there
    result = subprocess.run(
        [sys.executable, "-m", "fakecord", fake_base, "bot", "--config", str(config), "run"],
        cwd=ROOT,
        env={**os.environ, "DISCORD_TOKEN": "unreachable-test-token"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if not line[:4].isdigit()]
    assert errors == [
        f"error: cannot reach Discord (Cannot connect to host 127.0.0.1:{port} ssl:default"
        f" [Connect call failed ('127.0.0.1', {port})]); check the network"
    ]
    assert "WARNING" not in result.stderr  # nor discord.py's notes about voice libraries
