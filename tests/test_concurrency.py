"""Load, concurrent reloads and faults, through the fake Discord with the real bot in-process.

200 questions in flight while two admins reload at the same moment; the gateway dropped
mid-conversation (resumed, and re-identified); 429s and 500s from the HTTP API on the
interaction callback, the followup webhook and channel messages. Nothing may be lost,
answered twice, rejected by Discord or logged as an error.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Generic, TypeVar

import pytest

from fakecord.pytest_plugin import run
from fakecord.server import (
    MOD_ID,
    OWNER_ID,
    FakeDiscord,
    InteractionHandle,
    SentMessage,
    embed_text,
    no_pings,
)
from tests.discord_harness import QUIET_CHANNEL, make_settings, seeds_copy, serving

pytestmark = pytest.mark.e2e

QUESTION = "What has Russia asked China for?"
IN_FLIGHT = 200
WAVE = 50  # waves A and C; wave B is the rest
FESTIVAL = (
    "date 2024-06-01\ntitle: Zebra festival\n\nThe zebra festival opens in {town} on {day}.\n"
)
OLD = FESTIVAL.format(town="Oldtown", day="Friday")
NEW = FESTIVAL.format(town="Newtown", day="Saturday")
FESTIVAL_QUESTIONS = (
    "Where does the zebra festival open?",
    "When does the zebra festival open?",
    "zebra festival",
    "Which town opens the zebra festival?",
)


def errors_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


def quoted(reply: SentMessage) -> bool:
    return any(
        "Quoted from the articles" in e.get("footer", {}).get("text", "") for e in reply.embeds
    )


def generation_of(reply: SentMessage) -> int:
    return int(reply.custom_ids()[0].split(":")[1])


T = TypeVar("T")


class Overlap(Generic[T]):
    """Wraps a load function to record how many run at once (a reload's load is threaded)."""

    def __init__(self, load: Callable[[], T], pause: float = 0.05) -> None:
        self.load, self.pause = load, pause
        self.active = self.peak = self.calls = 0
        self.lock = threading.Lock()

    def __call__(self) -> T:
        with self.lock:
            self.active += 1
            self.calls += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(self.pause)  # widen the window in which a second load could overlap
            return self.load()
        finally:
            with self.lock:
                self.active -= 1


@pytest.mark.slow
def test_200_questions_in_flight_during_two_simultaneous_reloads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        seeds = seeds_copy(tmp_path, {"festival.txt": OLD})
        async with serving(make_settings(seeds)) as (fake, bot):
            [before] = await fake.responses(
                await fake.slash("ask", {"question": FESTIVAL_QUESTIONS[0]})
            )
            first_generation = bot.library.generation
            assert "Oldtown" in embed_text(before) and generation_of(before) == first_generation
            (seeds / "festival.txt").write_text(NEW, encoding="utf-8")
            overlap = Overlap(bot.library._load)
            bot.library._load = overlap  # the bot's own load, timed; nothing else changes

            def ask(n: int) -> Awaitable[InteractionHandle]:
                question = FESTIVAL_QUESTIONS[n % len(FESTIVAL_QUESTIONS)]
                return fake.slash("ask", {"question": question})

            async def after_first_swap() -> list[InteractionHandle]:
                await fake.wait_until(lambda: bot.library.swaps >= 1, 20, "the first swap")
                return list(await asyncio.gather(*map(ask, range(WAVE))))

            # Wave A, then both reloads at once, then wave B while they run, then wave C
            # once the first reload has swapped: all of it in flight together.
            wave_c_sent = asyncio.ensure_future(after_first_swap())  # waits for the swap
            first = await asyncio.gather(
                *map(ask, range(WAVE)),
                fake.slash("reload", user_id=MOD_ID),
                fake.slash("reload", user_id=OWNER_ID),
                *map(ask, range(IN_FLIGHT - 2 * WAVE)),
            )
            wave_c = await wave_c_sent
            wave_a, reloads, wave_b = first[:WAVE], first[WAVE : WAVE + 2], first[WAVE + 2 :]
            asks = [*wave_a, *wave_b, *wave_c]
            replies = await asyncio.gather(*(fake.responses(h, 30) for h in asks))
            in_a, in_b = {h.id for h in wave_a}, {h.id for h in wave_b}
            old = new = 0
            for handle, messages in zip(asks, replies, strict=True):
                assert len(messages) == 1, (handle.name, messages)
                [reply] = messages
                text = embed_text(reply)
                assert quoted(reply) and not reply.ephemeral and no_pings(reply), text
                is_old, is_new = "Oldtown" in text, "Newtown" in text
                assert is_old != is_new, text  # one corpus or the other, never a mix
                # the Context button carries the generation of the corpus that answered
                assert (generation_of(reply) == first_generation) == is_old, text
                assert handle.id in in_b or is_old == (handle.id in in_a), text  # B: either
                old, new = old + is_old, new + is_new
            heads = []
            for handle in reloads:
                [reply] = await fake.responses(handle, 30)
                heads.append(reply.content.split(":")[0].split(",")[0])
            # The second reload, serialized after the first, finds nothing changed since.
            assert sorted(heads) == ["No article file changed", "Reloaded 2 articles"], heads
            assert old + new == IN_FLIGHT
            assert bot.library.swaps == 2 and overlap.calls == 2 and overlap.peak == 1
            assert bot.library.generation != first_generation

            [after] = await fake.responses(await fake.slash("ask", {"question": "zebra festival"}))
            assert "Newtown" in embed_text(after)
            assert generation_of(after) == bot.library.generation
            [stale] = await fake.responses(await fake.click(before, before.custom_ids()[0]))
            assert "reloaded since this answer" in stale.content
            assert fake.rejected == [] and fake.missed_deadlines == []

    run(scenario, 45)
    assert errors_in(caplog) == []


async def ask_all(fake: FakeDiscord, count: int) -> list[InteractionHandle]:
    asks = (fake.slash("ask", {"question": QUESTION}) for _ in range(count))
    return list(await asyncio.gather(*asks))


async def assert_answered(fake: FakeDiscord, handles: list[InteractionHandle]) -> None:
    for messages in await asyncio.gather(*(fake.responses(h, 20) for h in handles)):
        assert len(messages) == 1 and quoted(messages[0]), messages


async def mention_answered(fake: FakeDiscord, question: str = QUESTION) -> SentMessage:
    start = len(fake.sent)
    sent = await fake.user_message(question, channel_id=QUIET_CHANNEL, mentions_bot=True)
    reply = await fake.wait_for(
        lambda m: (m.message_reference or {}).get("message_id") == sent, 20, start=start
    )
    assert quoted(reply) and no_pings(reply)
    return reply


def test_gateway_dropped_mid_conversation_is_resumed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        fake = FakeDiscord(accept_resume=True)
        async with serving(make_settings(seeds_copy(tmp_path)), fake) as (fake, _):
            for close_code in (4000, None):  # a close frame, then a cut TCP connection
                early = await ask_all(fake, 5)
                await fake.drop_gateway(close_code)  # while those five are being answered
                late = await ask_all(fake, 5)  # sent once the bot is back
                await assert_answered(fake, early + late)
                await mention_answered(fake)
            assert len(fake.identify_payloads) == 1 and len(fake.resume_payloads) == 2
            assert fake.connections == 3 and fake.rejected == []

    run(scenario, 30)
    assert errors_in(caplog) == []


@pytest.mark.slow
def test_gateway_dropped_without_resume_identifies_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            early = await ask_all(fake, 5)
            await fake.drop_gateway()  # RESUME is refused: discord.py waits 5 s, then IDENTIFYs
            late = await ask_all(fake, 5)
            await assert_answered(fake, early + late)
            await mention_answered(fake)
            assert len(fake.identify_payloads) == 2 and len(fake.resume_payloads) == 1
            assert fake.rejected == []

    run(scenario, 30)
    assert errors_in(caplog) == []


@pytest.mark.parametrize("status", [429, pytest.param(500, marks=pytest.mark.slow)])
def test_http_faults_are_retried(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            fake.fail_next("/callback", status, retry_after=0.1)
            fake.fail_next(f"/channels/{QUIET_CHANNEL}/messages", status, retry_after=0.1)
            fake.fail_next("/webhooks/", status, retry_after=0.1)
            handle, reply, reload = await asyncio.gather(
                fake.slash("ask", {"question": QUESTION}),
                mention_answered(fake),
                fake.slash("reload", user_id=MOD_ID),
            )
            [answer] = await fake.responses(handle)
            [reloaded] = await fake.responses(reload)
            assert quoted(answer) and quoted(reply)
            assert reloaded.content.startswith("No article file changed: still serving 1 articles")
            routes = sorted(route.split(" ")[1].split("/")[3] for route, _ in fake.injected)
            assert routes == ["channels", "interactions", "webhooks"], fake.injected
            assert {code for _, code in fake.injected} == {status}
            await assert_answered(fake, await ask_all(fake, 3))  # still serving afterwards
            assert len([m for m in fake.sent if m.message_reference]) == 1  # no duplicates
            assert fake.rejected == [] and fake.missed_deadlines == []

    run(scenario, 30)
    assert errors_in(caplog) == []
