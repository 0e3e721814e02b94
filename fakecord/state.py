"""What the fake Discord knows (one guild, its channels, members and roles) and what it saw.

Shared by the REST side, the gateway side and the test-facing :class:`FakeDiscord`. The record
lists are created once and only ever appended to, so a test may keep a reference to them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fakecord import payloads as payloads
from fakecord.payloads import FakeMember, FakeRole

T = TypeVar("T")
POLL_SECONDS = 0.05
GUILD_ID = 900000000000000001
CHANNEL_IDS = (900000000000000101, 900000000000000102)
BOT_USER_ID = 900000000000000201
APP_ID = 900000000000000301
OWNER_ID, ALICE_ID, MOD_ID = 900000000000000400, 900000000000000401, 900000000000000402
MOD_ROLE_ID, BOT_ROLE_ID = 900000000000000501, 900000000000000502
MEMBERS = (
    FakeMember(OWNER_ID, "owner"),
    FakeMember(ALICE_ID, "alice"),
    FakeMember(MOD_ID, "mod", (MOD_ROLE_ID,)),
)
ROLES = (FakeRole(MOD_ROLE_ID, "moderator", payloads.EVERYONE_PERMISSIONS | payloads.MANAGE_GUILD),)


class CommandNotInvocable(AssertionError):
    """The test asked for something a real Discord user could not do."""


class ResponseRejected(AssertionError):
    """The fake refused the bot's answer to an interaction, as Discord would."""


@dataclass(frozen=True)
class SentMessage:
    """One message the bot produced, as a user sees it right after that request.

    ``kind`` is "channel", "callback" (interaction response type 4, or 7 = update of the
    clicked message), "followup" or "edit". For updates and edits the fields hold the resulting
    message; ``raw`` is exactly what the bot sent. ``flags`` are the message's effective flags
    (a followup that fills a deferred reply is ephemeral when the deferral was).
    """

    kind: str
    message_id: int
    channel_id: int
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    flags: int
    allowed_mentions: dict[str, Any] | None
    message_reference: dict[str, Any] | None
    interaction_id: int | None
    attachments: list[dict[str, Any]]
    raw: dict[str, Any]

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & payloads.EPHEMERAL)

    def custom_ids(self) -> list[str]:
        """Every component custom_id on the message, in layout order."""
        return payloads.custom_ids(self.components)


def embed_text(message: SentMessage) -> str:
    """The text a user reads in ``message``: its content, then each embed's title,
    description and footer, one per line (fields and author are left out)."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def no_pings(message: SentMessage) -> bool:
    """True when the bot told Discord not to ping anyone with ``message``: explicit
    ``allowed_mentions`` that parse nothing and name no user, role or replied-to author."""
    mentions = message.allowed_mentions
    return (
        mentions is not None
        and mentions.get("parse") == []
        and not mentions.get("users")
        and not mentions.get("roles")
        and not mentions.get("replied_user", False)
    )


@dataclass
class InteractionHandle:
    """An interaction the fake dispatched, and what the bot has answered so far.

    ``callbacks`` are the accepted callback types in order; ``completed`` turns true when a
    deferral (5/6) has been followed by a followup or an edit of the original response.
    """

    id: int
    token: str
    type: int
    name: str
    user_id: int
    channel_id: int
    guild_id: int | None
    dispatched_at: float
    callbacks: list[int] = field(default_factory=list)
    original_message_id: int | None = None
    clicked_message_id: int | None = None
    completed: bool = False
    choices: list[dict[str, Any]] | None = None
    modal: dict[str, Any] | None = None
    message_ids: list[int] = field(default_factory=list)
    rejections: list[dict[str, Any]] = field(default_factory=list)


class World:
    """The guild the bot lives in, the messages in it, and the records a test reads."""

    def __init__(
        self,
        *,
        token: str,
        guild_id: int,
        channel_ids: Sequence[int],
        bot_user_id: int,
        app_id: int,
        members: Sequence[FakeMember],
        roles: Sequence[FakeRole],
        owner_id: int,
        everyone_permissions: int,
    ) -> None:
        self.token, self.guild_id, self.channel_ids = token, guild_id, tuple(channel_ids)
        self.bot_user_id, self.app_id, self.owner_id = bot_user_id, app_id, owner_id
        self.members = {member.id: member for member in members}
        everyone = FakeRole(guild_id, "@everyone", everyone_permissions)
        self.roles = {role.id: role for role in (everyone, *roles)}
        self.bot_member = FakeMember(bot_user_id, "fakebot", (BOT_ROLE_ID,), bot=True)
        self.bot_user = payloads.user_payload(bot_user_id, "fakebot", bot=True)
        self.sent: list[SentMessage] = []
        self.rejected: list[dict[str, Any]] = []
        self.missed_deadlines: list[InteractionHandle] = []
        self.synced_commands: dict[int | None, list[dict[str, Any]]] = {}
        self.interactions: dict[int, InteractionHandle] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, int] = {}
        self._last_snowflake = 0
        self._changed: asyncio.Event | None = None

    # -- ids and entities ---------------------------------------------------------------------
    def snowflake(self) -> int:
        """A fresh id whose timestamp part is now, as discord.py's ``created_at`` expects."""
        stamp = (int(time.time() * 1000) - payloads.DISCORD_EPOCH_MS) << 22
        self._last_snowflake = max(stamp, self._last_snowflake + 1)
        return self._last_snowflake

    def member(self, user_id: int) -> FakeMember:
        """The configured member, or an ad-hoc one without roles for any other id."""
        if user_id == self.bot_user_id:
            return self.bot_member
        return self.members.get(user_id) or FakeMember(user_id, f"user{user_id % 10000}")

    def user(self, user_id: int) -> dict[str, Any]:
        member = self.member(user_id)
        return payloads.user_payload(member.id, member.name, bot=member.bot)

    def permissions(self, user_id: int, role_ids: Iterable[int]) -> int:
        """Guild-level permissions as Discord computes them (no channel overwrites)."""
        if user_id == self.owner_id:
            return payloads.ALL_PERMISSIONS
        value = self.roles[self.guild_id].permissions
        for role_id in role_ids:
            value |= self.roles[role_id].permissions if role_id in self.roles else 0
        return payloads.ALL_PERMISSIONS if value & payloads.ADMINISTRATOR else value

    def bot_permissions(self) -> int:
        return self.roles[self.guild_id].permissions | payloads.EVERYONE_PERMISSIONS

    def dm_channel_id(self, user_id: int) -> int:
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = self.snowflake()
        return self.dm_channels[user_id]

    def channel(self, channel_id: int) -> dict[str, Any] | None:
        if channel_id in self.channel_ids:
            return payloads.channel_payload(
                channel_id, self.guild_id, self.channel_ids.index(channel_id)
            )
        for user_id, dm_id in self.dm_channels.items():
            if dm_id == channel_id:
                return payloads.dm_channel_payload(dm_id, self.user(user_id))
        return None

    def guild_members(self) -> list[dict[str, Any]]:
        return [payloads.member_payload(m) for m in (*self.members.values(), self.bot_member)]

    def guild_create(self) -> dict[str, Any]:
        roles = [payloads.role_payload(role, i) for i, role in enumerate(self.roles.values())]
        bot_role = FakeRole(BOT_ROLE_ID, "fakebot", self.bot_permissions())
        roles.append(payloads.role_payload(bot_role, len(roles), bot_id=self.bot_user_id))
        channels = [c for c in map(self.channel, self.channel_ids) if c is not None]
        return payloads.guild_create_payload(
            self.guild_id, self.owner_id, channels, roles, self.guild_members()
        )

    # -- records ------------------------------------------------------------------------------
    def record(
        self,
        kind: str,
        message: dict[str, Any],
        raw: dict[str, Any],
        interaction_id: int | None = None,
    ) -> SentMessage:
        """Store ``message`` as the current state of its id and log it as sent.

        ``raw`` is the request body; a callback's message fields are in its ``data``.
        """
        data = raw.get("data")
        fields: dict[str, Any] = data if isinstance(data, dict) else raw
        record = SentMessage(
            kind=kind,
            message_id=int(message["id"]),
            channel_id=int(message["channel_id"]),
            content=message.get("content") or "",
            embeds=list(message.get("embeds") or []),
            components=list(message.get("components") or []),
            flags=int(message.get("flags") or 0),
            allowed_mentions=fields.get("allowed_mentions"),
            message_reference=fields.get("message_reference"),
            interaction_id=interaction_id,
            attachments=list(message.get("attachments") or []),
            raw=raw,
        )
        self.messages[record.message_id] = message
        self.sent.append(record)
        self.notify()
        return record

    # -- waiting ------------------------------------------------------------------------------
    def notify(self) -> None:
        if self._changed is not None:
            self._changed.set()

    async def wait_until(
        self, condition: Callable[[], T], timeout: float, what: str, details: Callable[[], str]
    ) -> T:
        """Wait until ``condition()`` is truthy and return it; a TimeoutError names ``what``."""
        loop = asyncio.get_running_loop()
        if self._changed is None:
            self._changed = asyncio.Event()
        deadline = loop.time() + timeout
        while True:
            result = condition()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}; {details()}")
            self._changed.clear()  # nothing awaited since condition() ran: no wake-up is lost
            with contextlib.suppress(TimeoutError):  # re-check now and then: conditions may
                # read state the fake is not told about, such as the bot's own attributes
                await asyncio.wait_for(self._changed.wait(), min(remaining, POLL_SECONDS))
