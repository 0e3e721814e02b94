"""The fake Discord, exercised by the real discord.py client with a throwaway bot."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from fakecord.pytest_plugin import run
from fakecord.server import (
    ALICE_ID,
    MOD_ID,
    CommandNotInvocable,
    FakeDiscord,
    bot_session,
    patch_discord,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
FRUITS = ("apple", "apricot", "banana", "cherry")
ANSWER = "answer to the test"


class CounterView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.count = 0

    @discord.ui.button(label="+1", custom_id="count")
    async def count_up(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        self.count += 1
        await interaction.response.edit_message(content=f"count: {self.count}", view=self)

    @discord.ui.button(label="reset", custom_id="reset")
    async def reset(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        self.count = 0
        await interaction.response.defer()
        await interaction.edit_original_response(content="count: 0")


class FruitMenu(discord.ui.View):
    @discord.ui.select(
        custom_id="fruit",
        options=[discord.SelectOption(label=f, value=f) for f in FRUITS],
        max_values=2,
    )
    async def chosen(
        self, interaction: discord.Interaction, select: discord.ui.Select[Any]
    ) -> None:
        await interaction.response.edit_message(content=f"chose {', '.join(select.values)}")


class Feedback(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Your words", custom_id="text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


async def fruit_choices(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]


class ThrowawayBot(commands.Bot):
    """One command per behaviour the fake must carry; syncs to the guild and globally."""

    def __init__(self, guild_id: int, *, message_content: bool = False) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(commands.when_mentioned, intents=intents, guild_ready_timeout=0.1)
        self.guild_id = guild_id
        self.seen: list[str] = []
        self.add_commands()

    def add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="Echo text back")
        @app_commands.describe(text="What to echo")
        async def echo(interaction: discord.Interaction, text: str) -> None:
            where = "dm" if interaction.guild is None else "guild"
            await interaction.response.send_message(f"echo {text} ({where} {interaction.user.id})")

        @tree.command(description="Think, then answer")
        async def slow(interaction: discord.Interaction, private: bool = False) -> None:
            await interaction.response.defer(thinking=True, ephemeral=private)
            await interaction.followup.send(ANSWER)

        @tree.command(description="An embed and a file")
        async def card(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="Card", description="front").add_field(name="n", value="v")
            file = discord.File(io.BytesIO(b"abc"), filename="a.txt")
            await interaction.response.send_message(embed=embed, file=file)

        @tree.command(description="A select menu")
        async def menu(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("choose", view=FruitMenu())

        @tree.command(description="A modal")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())

        @tree.command(description="Answer privately")
        async def secret(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(
                "psst", ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )

        @tree.command(description="A counter with buttons")
        async def counter(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("count: 0", view=CounterView())

        @tree.command(description="Pick a fruit")
        @app_commands.autocomplete(fruit=fruit_choices)
        async def pick(interaction: discord.Interaction, fruit: str) -> None:
            await interaction.response.send_message(f"picked {fruit}")

        @tree.command(description="Say exactly this many characters")
        async def say(interaction: discord.Interaction, length: int) -> None:
            await interaction.response.send_message("x" * length)

        @tree.command(description="Answer after a pause")
        async def late(interaction: discord.Interaction, seconds: float) -> None:
            await asyncio.sleep(seconds)
            await interaction.response.send_message("finally")

        @tree.command(description="Moderators only")
        @app_commands.default_permissions(manage_guild=True)
        @app_commands.checks.has_permissions(manage_guild=True)
        async def admin(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("admin ok")

        @tree.error
        async def on_error(interaction: discord.Interaction, error: Exception) -> None:
            if isinstance(error, app_commands.MissingPermissions):
                await interaction.response.send_message("not allowed", ephemeral=True)

    async def setup_hook(self) -> None:
        guild = discord.Object(self.guild_id)
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen.append(message.content)
        if self.user in message.mentions:
            await message.reply(f"pong: {message.content}")


@asynccontextmanager
async def running(
    fake: FakeDiscord | None = None, bot: ThrowawayBot | None = None
) -> AsyncIterator[tuple[FakeDiscord, ThrowawayBot]]:
    fake = fake or FakeDiscord()
    bot = bot or ThrowawayBot(fake.guild_id)
    async with bot_session(fake, bot, None, timeout=10):
        yield fake, bot


async def answer(fake: FakeDiscord, name: str, options: dict[str, Any] | None = None) -> str:
    [reply] = await fake.responses(await fake.slash(name, options))
    return reply.content


def test_login_sync_and_slash_round_trip() -> None:
    async def scenario() -> None:
        async with running() as (fake, bot):
            [identify] = fake.identify_payloads
            assert identify["token"] == fake.token and identify["intents"] == bot.intents.value
            assert fake.gateway.compression == ["zlib-stream"] and fake.heartbeats_acked >= 1
            names = {c["name"] for c in fake.synced_commands[fake.guild_id]}
            assert {"echo", "slow", "secret", "counter", "pick", "admin"} <= names
            admin = next(c for c in fake.synced_commands[None] if c["name"] == "admin")
            assert admin["default_member_permissions"] == 1 << 5
            handle = await fake.slash("echo", {"text": "hi"})
            [reply] = await fake.responses(handle)
            assert (reply.kind, reply.content) == ("callback", f"echo hi (guild {ALICE_ID})")
            assert not reply.ephemeral and handle.callbacks == [4]
            await asyncio.wait_for(bot.wait_until_ready(), 5)
            assert fake.rejected == [] and fake.unknown_routes == []

    run(scenario)


def test_deferred_reply_is_filled_by_the_followup() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            handle = await fake.slash("slow")
            [reply] = await fake.responses(handle)
            assert handle.callbacks == [5] and reply.kind == "followup"
            assert reply.content == ANSWER and reply.message_id == handle.original_message_id

    run(scenario)


def test_deferral_decides_whether_the_followup_is_ephemeral() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            [reply] = await fake.responses(await fake.slash("slow", {"private": True}))
            assert reply.ephemeral and reply.content == ANSWER and reply.raw.get("flags", 0) == 0

    run(scenario)


def test_embeds_files_selects_and_modals() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            [card] = await fake.responses(await fake.slash("card"))
            assert card.embeds[0]["title"] == "Card" and card.embeds[0]["fields"][0]["value"] == "v"
            assert [(a["filename"], a["size"]) for a in card.attachments] == [("a.txt", 3)]
            [menu] = await fake.responses(await fake.slash("menu"))
            [update] = await fake.responses(
                await fake.click(menu, "fruit", values=["apple", "cherry"])
            )
            assert update.content == "chose apple, cherry"
            with pytest.raises(CommandNotInvocable, match="offers"):
                await fake.click(menu, "fruit", values=["kiwi"])
            shown = await fake.slash("feedback")
            assert await fake.responses(shown) == [] and shown.callbacks == [9]
            [thanks] = await fake.responses(await fake.submit_modal(shown, {"text": "great"}))
            assert thanks.ephemeral and thanks.content == "thanks: great"

    run(scenario)


def test_ephemeral_and_dm() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            [reply] = await fake.responses(await fake.slash("secret"))
            assert reply.ephemeral and reply.content == "psst"
            assert reply.allowed_mentions is not None and reply.allowed_mentions["parse"] == []
            [dm] = await fake.responses(await fake.slash("echo", {"text": "x"}, guild=False))
            assert dm.content == f"echo x (dm {ALICE_ID})"
            assert dm.channel_id == fake.world.dm_channel_id(ALICE_ID)

    run(scenario)


def test_buttons_update_the_message() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            [message] = await fake.responses(await fake.slash("counter"))
            assert message.custom_ids() == ["count", "reset"]
            for expected in ("count: 1", "count: 2"):
                [update] = await fake.responses(await fake.click(message, "count"))
                assert (update.kind, update.content) == ("callback", expected)
                assert update.message_id == message.message_id
            reset = await fake.click(message, "reset")
            [edit] = await fake.responses(reset)
            assert reset.callbacks == [6] and (edit.kind, edit.content) == ("edit", "count: 0")
            with pytest.raises(CommandNotInvocable, match="has no 'missing'"):
                await fake.click(message, "missing")

    run(scenario)


def test_autocomplete_then_pick() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            choices = await fake.autocomplete("pick", {"fruit": "ap"}, "fruit")
            assert [c["name"] for c in choices] == ["apple", "apricot"]
            assert await answer(fake, "pick", {"fruit": "apple"}) == "picked apple"
            with pytest.raises(CommandNotInvocable, match="no option"):
                await fake.slash("pick", {"colour": "red"})

    run(scenario)


def test_messages_content_only_when_mentioned_without_the_intent() -> None:
    async def scenario() -> None:
        async with running() as (fake, bot):
            await fake.user_message("just chatting")
            message_id = await fake.user_message("hello", mentions_bot=True)
            reply = await fake.wait_for(lambda m: m.kind == "channel")
            mention = f"<@{fake.bot_user_id}>"
            assert reply.content == f"pong: {mention} hello"
            assert reply.message_reference is not None
            assert int(reply.message_reference["message_id"]) == message_id
            assert bot.seen == ["", f"{mention} hello"]
            await fake.user_message("in private", dm=True)  # DMs carry their content
            await fake.wait_until(lambda: len(bot.seen) == 3, 5, "the DM")
            assert bot.seen[-1] == "in private"

    run(scenario)


def test_message_content_intent_gets_the_text(fake_discord: FakeDiscord) -> None:
    fake = fake_discord

    async def scenario() -> None:
        async with running(fake, ThrowawayBot(fake.guild_id, message_content=True)) as (_, bot):
            assert fake.identify_payloads[0]["intents"] & (1 << 15)
            await fake.user_message("plain text")
            await fake.wait_until(lambda: bot.seen, 5, "the bot to see the message")
            assert bot.seen == ["plain text"]

    run(scenario)


@pytest.mark.slow
def test_rate_limit_and_server_error_are_retried() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            fake.fail_next("/callback", 429, retry_after=0.05)
            assert await answer(fake, "echo", {"text": "a"}) == f"echo a (guild {ALICE_ID})"
            fake.fail_next("/callback", 500)  # discord.py waits 1 s before retrying a 500
            assert await answer(fake, "echo", {"text": "b"}) == f"echo b (guild {ALICE_ID})"
            assert [status for _, status in fake.injected] == [429, 500]
            assert fake.rejected == []

    run(scenario)


def test_oversize_content_is_rejected_like_discord() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            assert len(await answer(fake, "say", {"length": 2000})) == 2000
            await fake.slash("say", {"length": 2001})
            [refusal] = await fake.wait_until(lambda: fake.rejected, 5, "a refusal")
            assert refusal["status"] == 400 and refusal["code"] == 50035
            [error] = refusal["error"]["errors"]["data"]["content"]["_errors"]
            assert error["code"] == "BASE_TYPE_MAX_LENGTH"
            assert len(fake.sent) == 1

    run(scenario)


def test_double_acknowledge_and_late_answer_are_refused() -> None:
    async def scenario() -> None:
        fake = FakeDiscord(interaction_deadline=0.5)
        async with running(fake) as _:
            handle = await fake.slash("echo", {"text": "once"})
            await fake.responses(handle)
            url = f"{fake.base_url}/api/v10/interactions/{handle.id}/{handle.token}/callback"
            async with aiohttp.ClientSession() as session:
                body = {"type": 4, "data": {"content": "twice"}}
                async with session.post(url, json=body) as response:
                    assert response.status == 400 and (await response.json())["code"] == 40060
            late = await fake.slash("late", {"seconds": 0.7})
            await fake.wait_until(lambda: fake.missed_deadlines, 5, "a missed deadline")
            assert fake.missed_deadlines == [late]
            assert [r["code"] for r in fake.rejected] == [40060, 10062]

    run(scenario)


def test_default_permissions_and_runtime_checks() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            with pytest.raises(CommandNotInvocable, match="default_member_permissions"):
                await fake.slash("admin")
            [ok] = await fake.responses(await fake.slash("admin", user_id=MOD_ID))
            assert ok.content == "admin ok"
            forced = await fake.slash("admin", ignore_default_permissions=True)
            [denied] = await fake.responses(forced)
            assert denied.ephemeral and denied.content == "not allowed"

    run(scenario)


@pytest.mark.slow
def test_gateway_drop_then_reconnect_with_a_fresh_identify() -> None:
    async def scenario() -> None:
        async with running() as (fake, _):
            await fake.drop_gateway(4000)
            await fake.wait_until(lambda: len(fake.identify_payloads) == 2, 10, "a new IDENTIFY")
            await fake.wait_ready()
            assert len(fake.resume_payloads) == 1 and fake.connections == 3
            assert await answer(fake, "echo", {"text": "back"}) == f"echo back (guild {ALICE_ID})"

    run(scenario)


def test_abrupt_drop_then_resume_when_accepted() -> None:
    async def scenario() -> None:
        async with running(FakeDiscord(accept_resume=True)) as (fake, _):
            await fake.drop_gateway(None)
            await fake.wait_until(lambda: fake.resume_payloads, 10, "a RESUME")
            await fake.wait_ready()
            assert len(fake.identify_payloads) == 1
            assert await answer(fake, "echo", {"text": "on"}) == f"echo on (guild {ALICE_ID})"

    run(scenario)


def test_bad_token_is_a_login_failure() -> None:
    async def scenario() -> None:
        fake = FakeDiscord(token="right")
        patch_discord(await fake.start())
        bot = ThrowawayBot(fake.guild_id)
        try:
            with pytest.raises(discord.LoginFailure):
                await asyncio.wait_for(bot.start("wrong"), 10)
        finally:
            await bot.close()
            await fake.stop()

    run(scenario)


def test_disallowed_intent_closes_with_4014() -> None:
    async def scenario() -> None:
        fake = FakeDiscord(allowed_intents=0)
        patch_discord(await fake.start())
        bot = ThrowawayBot(fake.guild_id, message_content=True)
        try:
            with pytest.raises(discord.PrivilegedIntentsRequired):
                await asyncio.wait_for(bot.start(fake.token), 10)
            assert fake.gateway.close_codes == [4014]
        finally:
            await bot.close()
            await fake.stop()

    run(scenario)


def test_gateway_hello_heartbeat_and_wrong_token_close() -> None:
    async def scenario() -> None:
        fake = FakeDiscord(heartbeat_interval_ms=1234)
        base = await fake.start()
        identify = {"op": 2, "d": {"token": "wrong", "intents": 1, "properties": {}}}
        try:
            async with aiohttp.ClientSession() as session:
                url = f"ws{base[4:]}/gateway/?v=10&encoding=json"
                async with session.ws_connect(url) as ws:
                    hello = await ws.receive_json(timeout=5)
                    assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 1234
                    await ws.send_json({"op": 1, "d": None})
                    assert (await ws.receive_json(timeout=5))["op"] == 11
                    await ws.send_json(identify)
                    closing = await ws.receive(timeout=5)
                    assert (closing.type, closing.data) == (aiohttp.WSMsgType.CLOSE, 4004)
            assert fake.gateway.close_codes == [4004] and fake.heartbeats_acked == 1
        finally:
            await fake.stop()

    run(scenario)


def test_rest_answers_plain_json_and_records_unknown_routes(fake_discord: FakeDiscord) -> None:
    fake = fake_discord

    async def scenario() -> None:
        base = await fake.start()
        auth = {"Authorization": f"Bot {fake.token}"}
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{base}/api/v10/users/@me", headers=auth) as response:
                    assert response.headers["Content-Type"] == "application/json"
                    assert (await response.json())["id"] == str(fake.bot_user_id)
                async with session.get(f"{base}/api/v10/users/@me") as response:
                    assert response.status == 401
                async with session.get(f"{base}/api/v10/nowhere", headers=auth) as response:
                    assert response.status == 404 and (await response.json())["code"] == 0
                commands_url = f"{base}/api/v10/applications/{fake.app_id}/commands"
                bad = [{"name": "Ask", "description": "d" * 101, "type": 1}]
                async with session.put(commands_url, json=bad, headers=auth) as response:
                    errors = (await response.json())["errors"]["0"]
                    assert response.status == 400 and {"name", "description"} <= errors.keys()
            assert fake.unknown_routes == [{"method": "GET", "path": "/api/v10/nowhere"}]
        finally:
            await fake.stop()

    run(scenario)


def test_launcher_patches_a_child_process(tmp_path: Path) -> None:
    script = tmp_path / "show.py"
    script.write_text(
        "import sys, discord.asset, discord.gateway, discord.http\n"
        "print(discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,"
        " discord.asset.Asset.BASE, sys.argv[1:])\n"
    )
    command = [sys.executable, "-m", "fakecord", "http://127.0.0.1:9", str(script), "x"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "http://127.0.0.1:9/api/v10",
        "ws://127.0.0.1:9/gateway/",
        "http://127.0.0.1:9",
        "['x']",
    ]


def test_sharded_bot_gets_its_guild_on_the_right_shard() -> None:
    class ShardedBot(commands.AutoShardedBot):
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            return None  # skip discord.py's 5 s courtesy pause between shards

    async def scenario() -> None:
        fake = FakeDiscord(shard_count=2)
        patch_discord(await fake.start())
        bot = ShardedBot(
            commands.when_mentioned, intents=discord.Intents.default(), guild_ready_timeout=0.1
        )
        task = asyncio.create_task(bot.start(fake.token))
        try:
            await fake.wait_ready()
            assert sorted(p["shard"][0] for p in fake.identify_payloads) == [0, 1]
            assert fake.gateway.shard_for(fake.guild_id) == (fake.guild_id >> 22) % 2
            await bot.wait_until_ready()
            assert bot.get_guild(fake.guild_id) is not None
        finally:
            await bot.close()
            await asyncio.wait({task}, timeout=5)
            await fake.stop()

    run(scenario)


def test_heartbeats_are_acked_at_the_interval() -> None:
    async def scenario() -> None:
        async with running(FakeDiscord(heartbeat_interval_ms=50)) as (fake, _):
            started = time.monotonic()
            await fake.wait_until(lambda: fake.heartbeats_acked >= 4, 5, "four heartbeats")
            assert time.monotonic() - started < 2

    run(scenario)
