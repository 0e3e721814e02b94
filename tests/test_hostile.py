"""Hostile and odd input through the fake Discord: questions (slash /ask and mentions),
other bots, and who may /reload (including interactions no real client would send).

Every question must get one clear reply (quotes, or a sentence saying why not), never a
traceback in the log, never a ping, and nothing Discord would reject.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core import render
from fakecord.payloads import EVERYONE_PERMISSIONS
from fakecord.pytest_plugin import run
from fakecord.server import (
    ALICE_ID,
    MANAGE_GUILD,
    MOD_ID,
    MOD_ROLE_ID,
    OWNER_ID,
    FakeDiscord,
    FakeMember,
    FakeRole,
    SentMessage,
    embed_text,
    no_pings,
)
from fakecord.state import MEMBERS, ROLES
from tests.discord_harness import ANSWER_CHANNEL, QUIET_CHANNEL, make_settings, seeds_copy, serving

pytestmark = pytest.mark.e2e

QUESTION = "What has Russia asked China for?"
NO_ANSWER_TEXTS = tuple(render.NO_ANSWER.values())
ANSWERED_FOOTER = "Quoted from the articles"

HOSTILE = {
    "whitespace": "   \t  ",
    "stopwords only": "what is the?",
    "emoji only": "😀🇺🇦👍🏽👨‍👩‍👧",
    "zero-width only": "\u200b\u200c\u200d\u2060\ufeff",
    "zero-width inside words": "Rus\u200bsia as\u200dked Chi\u2060na for?",
    "right-to-left": "\u202eanihC\u202c \u200fRussia\u200f \u2067asked\u2069 \u061cfor?",
    "arabic and hebrew": "ماذا طلبت روسيا من الصين؟ מה ביקשה רוסיה?",
    "@everyone": f"@everyone {QUESTION}",
    "@here": "@here what did China say about Russia?",
    "role mention": f"<@&{MOD_ROLE_ID}> what did China say?",
    "user mention": f"<@{ALICE_ID}> <@!{MOD_ID}> Russia China military",
    "code fence": "```\nRussia asked China\n``` `x` ```py\nprint(1)",
    "markdown": "**Russia** __China__ ~~aid~~ ||secret|| > quote # head -# sub [x](https://e.x)",
    "looks like /reload": "/reload",
    "looks like !ask": "!ask Russia China",
    "control characters": "\x00\x07Russia\x1b[31m China\x7f\x08 for?",
    "masked everyone": "@\u200beveryone @ here ＠everyone",
}
HOSTILE_ARTICLE = f"@everyone <@&{MOD_ROLE_ID}> **x** ```"
LONG = ("Russia asked China for military aid? " * 300)[:10_000]


def assert_one_clear_reply(reply: SentMessage, answered: bool | None = None) -> bool:
    """`reply` quotes the articles or says plainly why not; True when it quotes."""
    text = embed_text(reply)
    quoted = any(ANSWERED_FOOTER in e.get("footer", {}).get("text", "") for e in reply.embeds)
    assert quoted or any(reason in text for reason in NO_ANSWER_TEXTS), text
    assert answered is None or quoted == answered, text
    assert no_pings(reply), reply.allowed_mentions
    assert "@everyone" not in text and "@here" not in text, text
    assert "Something went wrong" not in text
    return quoted


def assert_quiet_log(caplog: pytest.LogCaptureFixture) -> None:
    assert any(r.name == "bot.app.cogs.qa" for r in caplog.records)  # the log was captured
    loud = [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR or (r.levelno >= logging.WARNING and r.name.startswith("bot"))
    ]
    assert loud == [], [f"{r.name}: {r.getMessage()}" for r in loud]


def test_hostile_slash_questions(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    forged = {
        "forged empty": "",
        "forged 10,000 characters": LONG,
        "forged lone surrogate": "\ud800 Russia \udfff China?",
    }

    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            for name, question in HOSTILE.items():
                [reply] = await fake.responses(await fake.slash("ask", {"question": question}))
                quoted = assert_one_clear_reply(reply)
                assert reply.ephemeral != quoted, name  # no answer: told privately
            for name, question in forged.items():
                raw = [{"name": "question", "type": 3, "value": question}]
                [reply] = await fake.responses(await fake.slash("ask", raw_options=raw))
                assert_one_clear_reply(reply, answered=name != "forged empty")
            empty = await fake.responses(await fake.slash("ask", {"question": " "}))
            assert render.NO_ANSWER["empty"] in embed_text(empty[0])
            for command, options in (("ask", {"question": QUESTION}), ("summary", {})):
                handle = await fake.slash(command, {**options, "article": HOSTILE_ARTICLE})
                [reply] = await fake.responses(handle)
                assert reply.ephemeral and no_pings(reply) and "No article matches" in reply.content
            assert fake.rejected == [] and fake.missed_deadlines == []

    run(scenario, 30)
    assert_quiet_log(caplog)


def replying_to(message_id: int) -> Callable[[SentMessage], bool]:
    """A wait_for predicate: the bot's reply to the user's message ``message_id``."""
    return lambda message: (message.message_reference or {}).get("message_id") == message_id


def test_hostile_mentions(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    questions = {**HOSTILE, "empty": "", "10,000 characters": LONG, "x" * 10: "x" * 10_000}

    async def scenario() -> None:
        async with serving(make_settings(seeds_copy(tmp_path))) as (fake, _):
            for name, question in questions.items():
                start = len(fake.sent)
                sent = await fake.user_message(
                    question, channel_id=QUIET_CHANNEL, mentions_bot=True
                )
                reply = await fake.wait_for(replying_to(sent), start=start)
                quoted = assert_one_clear_reply(reply, answered=name == "10,000 characters" or None)
                assert reply.embeds[0]["title"] and len(reply.embeds[0]["title"]) <= 256, name
                if name == "empty":
                    assert not quoted and render.NO_ANSWER["empty"] in embed_text(reply)
            assert len(fake.sent) == len(questions)
            assert fake.rejected == []

    run(scenario, 30)
    assert_quiet_log(caplog)


OTHER_BOT_ID = 900000000000000499


def test_other_bots_get_no_reply(tmp_path: Path) -> None:
    members = (*MEMBERS, FakeMember(OTHER_BOT_ID, "otherbot", bot=True))

    async def scenario() -> None:
        fake = FakeDiscord(members=members)
        async with serving(make_settings(seeds_copy(tmp_path)), fake) as (fake, _):
            for channel in (ANSWER_CHANNEL, QUIET_CHANNEL):
                await fake.user_message(
                    QUESTION, channel_id=channel, user_id=OTHER_BOT_ID, mentions_bot=True
                )
            await fake.user_message(QUESTION, channel_id=ANSWER_CHANNEL, user_id=OTHER_BOT_ID)
            # A person's question after the bot's: its reply shows the bot's were handled.
            sentinel = await fake.user_message(QUESTION, channel_id=ANSWER_CHANNEL)
            reply = await fake.wait_for(lambda m: m.message_reference is not None)
            assert int(reply.message_reference["message_id"]) == sentinel  # type: ignore[index]
            assert len(fake.sent) == 1

    run(scenario, 30)


# -- who may /reload --------------------------------------------------------------------------

HELPER_ROLE_ID = 900000000000000503
REFUSED_RIGHTS = "Only members with Manage Server"
REFUSED_DM = "works in a server, not in direct messages"

RELOAD_CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str | None]] = {
    # name: (settings, slash() keywords, refusal or None when allowed)
    "member without rights, forced": ({}, {"ignore_default_permissions": True}, REFUSED_RIGHTS),
    "member with an unlisted role, forced": (
        {"admin_role_ids": (MOD_ROLE_ID,)},
        {"roles": [HELPER_ROLE_ID], "ignore_default_permissions": True},
        REFUSED_RIGHTS,
    ),
    "forged DM": ({}, {"guild": False, "force": True}, REFUSED_DM),
    "forged DM from a configured admin user": (
        {"admin_user_ids": (ALICE_ID,)},
        {"guild": False, "force": True},
        REFUSED_DM,
    ),
    "forged DM from the owner": (
        {},
        {"guild": False, "force": True, "user_id": OWNER_ID},
        REFUSED_DM,
    ),
    "configured admin role": (
        {"admin_role_ids": (HELPER_ROLE_ID,)},
        {"roles": [HELPER_ROLE_ID], "ignore_default_permissions": True},
        None,
    ),
    "configured admin user": (
        {"admin_user_ids": (ALICE_ID,)},
        {"ignore_default_permissions": True},
        None,
    ),
    "Manage Server by role": ({}, {"user_id": MOD_ID}, None),
    "Manage Server by permission bits": (
        {},
        {"permissions": EVERYONE_PERMISSIONS | MANAGE_GUILD},
        None,
    ),
    "guild owner": ({}, {"user_id": OWNER_ID}, None),
}


@pytest.mark.parametrize("case", list(RELOAD_CASES))
def test_who_may_reload(tmp_path: Path, case: str) -> None:
    configured, keywords, refusal = RELOAD_CASES[case]
    roles = (*ROLES, FakeRole(HELPER_ROLE_ID, "helper", EVERYONE_PERMISSIONS))

    async def scenario() -> None:
        settings = make_settings(seeds_copy(tmp_path), **configured)
        async with serving(settings, FakeDiscord(roles=roles)) as (fake, bot):
            [reply] = await fake.responses(await fake.slash("reload", **keywords))
            assert reply.ephemeral and no_pings(reply)
            if refusal is None:
                # allowed: the reload ran (the folder is unchanged, so it says so)
                head = "No article file changed: still serving 1 articles, 16 sentences"
                assert reply.content.startswith(head), reply.content
                assert bot.library.swaps == 1
            else:
                assert refusal in reply.content and bot.library.swaps == 0
            assert fake.rejected == []

    run(scenario, 30)
