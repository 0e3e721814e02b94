"""The bot end to end: the real discord.py client against the local fake Discord."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from fakecord.pytest_plugin import run
from fakecord.server import (
    ALICE_ID,
    MOD_ID,
    CommandNotInvocable,
    FakeDiscord,
    embed_text,
    no_pings,
)
from tests.discord_harness import ANSWER_CHANNEL, QUIET_CHANNEL, make_settings, seeds_copy, serving

pytestmark = pytest.mark.e2e

QUESTION = "What has Russia asked China for?"
SEED_ID = "2022-03-14-russia-asks-china-for-military-aid"
BUDGET = "date 2024-05-01\ntitle: Council budget\n\nThe council approved the budget on Monday.\n"


def article(n: int) -> str:
    return f"date 2024-01-{n % 28 + 1:02d}\ntitle: Story number {n}\n\nEvent {n} happened today.\n"


def test_ask_quotes_the_sentence_with_its_date(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, bot):
            [reply] = await fake.responses(await fake.slash("ask", {"question": QUESTION}))
            text = embed_text(reply)
            assert not reply.ephemeral
            assert "**Russia** has **asked** **China** for military equipment" in text
            assert "2022-03-14, sentence 1 of 16" in text
            assert reply.custom_ids()[0].startswith(f"ctx:{bot.library.generation}:0:")
            assert no_pings(reply) and fake.rejected == []

    run(scenario)


def test_ask_without_an_answer_says_so_privately(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            handle = await fake.slash("ask", {"question": "What is the capital of France?"})
            [reply] = await fake.responses(handle)
            assert reply.ephemeral and "No confident answer" in embed_text(reply)
            assert reply.components == []

    run(scenario)


DRONES = (
    "date 2024-05-02\ntitle: Russia asks China for drones\n\n"
    "Russia has asked China for drones and artillery shells, officials said on Thursday.\n"
)
FESTIVAL = (
    "date 2024-06-03\ntitle: Festival weekend\n\n"
    "The weekend was a success for the riverside festival, which drew 40,000 people.\n"
)


def test_ask_since_and_until_keep_to_those_days(tmp_path: Path) -> None:
    async def scenario() -> None:
        seeds = seeds_copy(tmp_path, {"drones.txt": DRONES})
        async with serving(make_settings(seeds)) as (fake, _):
            options = {"question": QUESTION, "count": 5}
            [later] = await fake.responses(
                await fake.slash("ask", {**options, "since": "2024-01-01"})
            )
            assert "2024-05-02, sentence 1 of 1" in embed_text(later)
            assert "2022-03-14" not in embed_text(later)
            [earlier] = await fake.responses(
                await fake.slash("ask", {**options, "until": "2022-12-31"})
            )
            assert "2022-03-14" in embed_text(earlier) and "2024-05-02" not in embed_text(earlier)
            assert not later.ephemeral and not earlier.ephemeral

    run(scenario)


def test_a_bad_date_is_one_private_line_naming_it(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            handle = await fake.slash("ask", {"question": QUESTION, "since": "14/03/2022"})
            [reply] = await fake.responses(handle)
            assert reply.ephemeral and reply.embeds == []
            assert reply.content == (
                "since must be a date YYYY-MM-DD, like 2022-03-14; got “14/03/2022”."
            )
            swapped = {"question": QUESTION, "since": "2024-01-01", "until": "2022-01-01"}
            [reply] = await fake.responses(await fake.slash("ask", swapped))
            assert reply.ephemeral and reply.content.endswith("; swap them")
            assert len(reply.content.splitlines()) == 1

    run(scenario)


def test_article_autocomplete_and_filter(tmp_path: Path) -> None:
    async def scenario() -> None:
        seeds = seeds_copy(tmp_path, {"budget.txt": BUDGET})
        async with serving(make_settings(seeds)) as (fake, _):
            choices = await fake.autocomplete("ask", {"question": "budget"}, "article")
            assert [c["value"] for c in choices] == ["budget", SEED_ID]  # newest first
            assert choices[0]["name"] == "2024-05-01 · Council budget"
            narrowed = await fake.autocomplete("ask", {"article": "coun"}, "article")
            assert [c["value"] for c in narrowed] == ["budget"]
            handle = await fake.slash("ask", {"question": "Russia", "article": "budget"})
            [reply] = await fake.responses(handle)
            assert "No confident answer" in embed_text(reply)
            handle = await fake.slash("ask", {"question": "Russia", "article": "nope"})
            [reply] = await fake.responses(handle)
            assert reply.ephemeral and "No article matches “nope”" in reply.content

    run(scenario)


def test_context_button_is_for_the_asker(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            [answer] = await fake.responses(await fake.slash("ask", {"question": QUESTION}))
            first = answer.custom_ids()[0]
            [context] = await fake.responses(await fake.click(answer, first))
            text = embed_text(context)
            assert context.ephemeral and "**Amidst its ongoing invasion" in text
            assert "While it is not clear" in text  # the next sentence
            [other] = await fake.responses(await fake.click(answer, first, user_id=MOD_ID))
            assert other.ephemeral and "Only the person who asked" in other.content

    run(scenario)


def test_summary(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            [reply] = await fake.responses(await fake.slash("summary", {"sentences": 2}))
            embed = reply.embeds[0]
            assert embed["footer"]["text"].startswith("2022-03-14 · 2 of 16 sentences")
            assert embed["description"].count("• ") == 2

    run(scenario)


def test_articles_pages_with_buttons(tmp_path: Path) -> None:
    async def scenario() -> None:
        seeds = seeds_copy(tmp_path, {f"story{n:02d}.txt": article(n) for n in range(24)})
        async with serving(make_settings(seeds)) as (fake, _):
            [first] = await fake.responses(await fake.slash("articles"))
            assert first.ephemeral and first.embeds[0]["footer"]["text"] == "Page 1 of 3"
            previous, following = first.custom_ids()
            [second] = await fake.responses(await fake.click(first, following))
            assert second.embeds[0]["footer"]["text"] == "Page 2 of 3"
            [back] = await fake.responses(await fake.click(second, previous))
            assert back.embeds[0]["footer"]["text"] == "Page 1 of 3"

    run(scenario)


def test_help(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            [reply] = await fake.responses(await fake.slash("help"))
            assert reply.ephemeral and "/ask" in embed_text(reply)
            synced = {c["name"]: c for c in fake.synced_commands[next(iter(fake.synced_commands))]}
            assert set(synced) == {"ask", "summary", "articles", "help", "reload"}
            assert synced["ask"]["description"].startswith("Ask about the news articles")

    run(scenario)


def test_mention_gets_a_reply(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            sent = await fake.user_message(QUESTION, channel_id=QUIET_CHANNEL, mentions_bot=True)
            reply = await fake.wait_for(lambda m: m.message_reference is not None)
            assert int(reply.message_reference["message_id"]) == sent  # type: ignore[index]
            assert "military equipment" in embed_text(reply) and no_pings(reply)

    run(scenario)


def test_answer_channel_answers_only_what_it_can(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            await fake.user_message("What is the capital of France?", channel_id=ANSWER_CHANNEL)
            await fake.user_message(QUESTION, channel_id=QUIET_CHANNEL)
            await fake.user_message("Russia asked China for what", channel_id=ANSWER_CHANNEL)
            await fake.user_message(QUESTION, channel_id=ANSWER_CHANNEL)
            reply = await fake.wait_for(lambda m: m.channel_id == ANSWER_CHANNEL)
            assert "military equipment" in embed_text(reply)
            await asyncio.sleep(0.5)
            assert len(fake.sent) == 1  # nothing for the others: no noise

    run(scenario)


def test_answer_channels_stay_quiet_on_chat_that_a_mention_answers(tmp_path: Path) -> None:
    async def scenario() -> None:
        seeds = seeds_copy(tmp_path, {"festival.txt": FESTIVAL})
        async with serving(make_settings(seeds)) as (fake, _):
            chat = "how was your weekend?"
            await fake.user_message(chat, channel_id=ANSWER_CHANNEL)
            asked = await fake.user_message(chat, channel_id=ANSWER_CHANNEL, mentions_bot=True)
            reply = await fake.wait_for(lambda m: m.message_reference is not None)
            assert int(reply.message_reference["message_id"]) == asked  # type: ignore[index]
            assert "riverside festival" in embed_text(reply)
            await asyncio.sleep(0.5)
            assert len(fake.sent) == 1  # the chat itself got nothing

    run(scenario)


def test_reload_refused_without_rights_even_when_forced(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, bot):
            with pytest.raises(CommandNotInvocable):
                await fake.slash("reload", user_id=ALICE_ID)  # hidden from her by default
            handle = await fake.slash("reload", user_id=ALICE_ID, ignore_default_permissions=True)
            [reply] = await fake.responses(handle)
            assert reply.ephemeral and "Only members with Manage Server" in reply.content
            assert bot.library.swaps == 0

    run(scenario)


def test_admin_reload_reports_a_broken_file(tmp_path: Path) -> None:
    async def scenario() -> None:
        seeds = seeds_copy(tmp_path)
        async with serving(make_settings(seeds)) as (fake, bot):
            (seeds / "budget.txt").write_text(BUDGET, encoding="utf-8")
            (seeds / "broken.txt").write_bytes(b"date 2024-01-01\n\n\xff\xfe broken")
            [reply] = await fake.responses(await fake.slash("reload", user_id=MOD_ID))
            assert reply.ephemeral and reply.content.startswith("Reloaded 2 articles, 17 sentences")
            assert "seeds/broken.txt: not UTF-8 (byte 17, line 3)" in reply.content
            handle = await fake.slash("ask", {"question": "When was the council budget approved?"})
            [answer] = await fake.responses(handle)
            assert "**approved** the **budget** on Monday" in embed_text(answer)
            assert bot.library.swaps == 1

    run(scenario)


def test_rate_limited_callback_is_retried(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            fake.fail_next("/callback", 429, retry_after=0.2)
            [reply] = await fake.responses(await fake.slash("ask", {"question": QUESTION}))
            assert "military equipment" in embed_text(reply)
            [(route, status)] = fake.injected
            assert route.endswith("/callback") and status == 429

    run(scenario)


def test_cooldown_tells_when_to_retry(tmp_path: Path) -> None:
    async def scenario() -> None:
        settings = make_settings(seeds_copy(tmp_path), ask_cooldown_uses=2)
        async with serving(settings) as (fake, _):
            for _ in range(2):
                await fake.responses(await fake.slash("ask", {"question": QUESTION}))
            [reply] = await fake.responses(await fake.slash("ask", {"question": QUESTION}))
            assert reply.ephemeral and reply.content.startswith("Slow down: try again in")

    run(scenario)


def test_every_reply_fits_and_never_pings(tmp_path: Path) -> None:
    long_sentence = " ".join(["word"] * 3000) + "."
    hostile = f"date 2024-02-02\ntitle: @everyone {'x' * 300}\n\n{long_sentence} <@&1> **bold**\n"

    async def scenario() -> None:
        seeds = seeds_copy(tmp_path, {"hostile.txt": hostile})
        async with serving(make_settings(seeds)) as (fake, _):
            for question in ("word word", "@everyone hi <@&1>?", QUESTION):
                await fake.responses(await fake.slash("ask", {"question": question, "count": 5}))
            await fake.responses(await fake.slash("summary", {"article": "hostile"}))
            await fake.responses(await fake.slash("articles"))
            assert fake.rejected == [] and fake.sent
            assert all(no_pings(m) for m in fake.sent if m.kind != "edit")

    run(scenario)


@pytest.mark.slow
def test_shard_count_runs_the_sharded_bot(tmp_path: Path) -> None:
    from bot.app.client import ShardedNewsBot

    async def scenario() -> None:
        settings = make_settings(seeds_copy(tmp_path), shard_count=2)
        async with serving(settings, FakeDiscord(shard_count=2)) as (fake, bot):
            assert isinstance(bot, ShardedNewsBot)
            await fake.wait_until(lambda: len(fake.identify_payloads) == 2, 20, "two shards")
            assert sorted(p["shard"][0] for p in fake.identify_payloads) == [0, 1]
            [reply] = await fake.responses(await fake.slash("ask", {"question": QUESTION}))
            assert "military equipment" in embed_text(reply)

    run(scenario, 60)
