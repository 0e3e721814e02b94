"""The pytest side of fakecord: a fresh fake Discord per test, and a bounded way to run one.

Register it once, in the top-level ``conftest.py`` (it works for ``pytest`` and
``python -m pytest`` alike)::

    pytest_plugins = ["fakecord.pytest_plugin"]

then::

    from fakecord.pytest_plugin import run
    from fakecord.server import FakeDiscord, bot_session, embed_text

    def test_ask(fake_discord: FakeDiscord) -> None:
        async def scenario() -> None:
            async with bot_session(fake_discord, make_bot(), fake_discord.guild_id):
                [reply] = await fake_discord.responses(await fake_discord.slash("ask"))
                assert "answer" in embed_text(reply)

        run(scenario)

Fixture ``fake_discord``: a new :class:`~fakecord.server.FakeDiscord` with the default
guild, not started (a test that needs other options builds its own). The test starts and
stops it, directly or through ``bot_session``; the teardown fails if it is still listening
or crashed inside.

``run(scenario, limit)`` runs an async scenario in a new event loop and fails it with a
TimeoutError after ``limit`` seconds, so a hung bot cannot hang the suite.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

import pytest

from fakecord.server import FakeDiscord

__all__ = ["fake_discord", "run"]


def run(scenario: Callable[[], Awaitable[None]], limit: float = 60) -> None:
    """``asyncio.run(scenario())``, cancelled with a TimeoutError after ``limit`` seconds."""
    asyncio.run(asyncio.wait_for(scenario(), limit))


@pytest.fixture
def fake_discord() -> Iterator[FakeDiscord]:
    """A fresh, unstarted fake Discord; checked at teardown for a leak or an inner crash."""
    fake = FakeDiscord()
    yield fake
    if fake.listening:
        pytest.fail(f"the fake Discord at {fake.base_url} was left listening: await fake.stop()")
    if fake.internal_errors:
        pytest.fail(f"the fake Discord crashed inside: {fake.internal_errors}")
