"""`python -m bot run` and `sync` as a host runs them: a child process, the real entry point,
patched only to reach the local fake Discord (`python -m fakecord BASE bot ...`)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from fakecord.pytest_plugin import run
from fakecord.server import GUILD_ID, FakeDiscord, embed_text
from tests.conftest import ROOT
from tests.discord_harness import seeds_copy

pytestmark = pytest.mark.e2e

QUESTION = "What has Russia asked China for?"


def write_config(tmp_path: Path, seeds: Path, level: str = "INFO") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'seeds = "{seeds}"\ncache_dir = "{tmp_path / "cache"}"\nlog_level = "{level}"\n'
        f"[discord]\nguild_ids = [{GUILD_ID}]\n",
        encoding="utf-8",
    )
    return config


async def start_bot(
    base: str, config: Path, token: str | None, command: str = "run"
) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    if token is not None:
        env["DISCORD_TOKEN"] = token
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "fakecord",
        base,
        "bot",
        "--config",
        str(config),
        command,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process, timeout: float = 20) -> tuple[int, str]:
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return int(process.returncode or 0), (out + err).decode()


@pytest.mark.slow
def test_run_answers_then_stops_cleanly_on_sigterm(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    fake = fake_discord

    async def scenario() -> None:
        base = await fake.start()
        config = write_config(tmp_path, seeds_copy(tmp_path))
        process = await start_bot(base, config, fake.token)
        try:
            await fake.wait_until(lambda: GUILD_ID in fake.synced_commands, 30, "guild sync")
            await fake.wait_ready(30)
            [reply] = await fake.responses(await fake.slash("ask", {"question": QUESTION}))
            assert "military equipment" in embed_text(reply)
            process.send_signal(signal.SIGTERM)
            code, output = await finish(process)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
            await fake.stop()
        assert code == 0, output
        assert "closing the connection" in output and "disconnected cleanly" in output
        assert fake.token not in output
        assert QUESTION not in output  # questions are not logged at INFO
        assert "answered path=slash hits=" in output

    run(scenario, 60)


@pytest.mark.slow
def test_restart_uses_the_index_cache(tmp_path: Path, fake_discord: FakeDiscord) -> None:
    fake = fake_discord

    async def scenario() -> None:
        base = await fake.start()
        config = write_config(tmp_path, seeds_copy(tmp_path))
        try:
            outputs: list[tuple[int, str]] = []
            for _ in range(2):
                process = await start_bot(base, config, fake.token)
                await fake.wait_until(lambda: fake.connections > len(outputs), 30, "connect")
                process.send_signal(signal.SIGTERM)
                outputs.append(await finish(process))
        finally:
            await fake.stop()
        assert "from the index cache" not in outputs[0][1]
        assert "from the index cache" in outputs[1][1]

    run(scenario, 90)


@pytest.mark.slow
def test_missing_and_rejected_tokens_end_with_one_line(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    fake = fake_discord

    async def scenario() -> None:
        base = await fake.start()
        config = write_config(tmp_path, seeds_copy(tmp_path))
        try:
            code, output = await finish(await start_bot(base, config, None))
            assert code == 2 and "error: DISCORD_TOKEN is not set" in output
            code, output = await finish(await start_bot(base, config, "wrong-token-value-123"))
            assert code == 1 and "error: Discord rejected the token in DISCORD_TOKEN" in output
            assert "wrong-token-value-123" not in output
            assert "Traceback" not in output
        finally:
            await fake.stop()

    run(scenario, 60)


@pytest.mark.slow
def test_token_in_config_is_accepted_with_a_warning(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    fake = fake_discord

    async def scenario() -> None:
        base = await fake.start()
        config = write_config(tmp_path, seeds_copy(tmp_path), "DEBUG")
        text = config.read_text().replace("[discord]\n", f'[discord]\ntoken = "{fake.token}"\n')
        config.write_text(text, encoding="utf-8")
        process = await start_bot(base, config, None)
        try:
            await fake.wait_until(lambda: fake.connections > 0, 30, "connect")
            process.send_signal(signal.SIGTERM)
            code, output = await finish(process)
        finally:
            await fake.stop()
        assert code == 0 and "DISCORD_TOKEN is the safer place for it" in output
        assert fake.token not in output  # not even in discord.py's DEBUG logs

    run(scenario, 60)


def test_no_usable_article_refuses_to_start(tmp_path: Path, fake_discord: FakeDiscord) -> None:
    fake = fake_discord

    async def scenario() -> None:
        base = await fake.start()
        seeds = tmp_path / "empty-seeds"
        seeds.mkdir()
        (seeds / "bad.txt").write_text("no date here", encoding="utf-8")
        try:
            code, output = await finish(
                await start_bot(base, write_config(tmp_path, seeds), fake.token)
            )
        finally:
            await fake.stop()
        assert code == 1 and "error: no usable articles" in output and "bad.txt" in output
        assert fake.connections == 0

    run(scenario, 60)


def test_sync_registers_commands_globally(tmp_path: Path, fake_discord: FakeDiscord) -> None:
    fake = fake_discord

    async def scenario() -> None:
        base = await fake.start()
        config = write_config(tmp_path, seeds_copy(tmp_path))
        try:
            code, output = await finish(await start_bot(base, config, fake.token, "sync"))
        finally:
            await fake.stop()
        assert code == 0 and "synced 5 commands globally" in output, output
        assert {c["name"] for c in fake.synced_commands[None]} == {
            "ask",
            "summary",
            "articles",
            "help",
            "reload",
        }

    run(scenario, 60)
