"""A local Discord (REST API v10 + gateway) for end-to-end tests with the real discord.py client.

The fake binds 127.0.0.1 only. Point discord.py at it with :func:`patch_discord` in the same
process, before the client starts, then act as a user would::

    fake = FakeDiscord()
    patch_discord(await fake.start())
    task = asyncio.create_task(bot.start(fake.token))
    try:
        await fake.wait_ready()
        await fake.wait_synced()
        handle = await fake.slash("ask", {"question": "who won?"})
        [reply] = await fake.responses(handle)
        assert not reply.ephemeral and "won" in reply.content
        assert fake.rejected == []
    finally:
        await bot.close()
        await fake.stop()

Everything the bot produced is in :attr:`FakeDiscord.sent` (:class:`SentMessage`, in order).
``embed_text(message)`` is what a user reads in one; ``no_pings(message)`` says it pings nobody.
What Discord would refuse (limits in ``fakecord.limits``; an interaction answered twice or
after the deadline) gets Discord's error body and lands in :attr:`FakeDiscord.rejected`.

The fake is split by concept: ``fakecord.limits`` (Discord's limits, pure checks),
``fakecord.payloads`` (payload shapes), ``fakecord.actions`` (what a user's client
sends, and refuses to send), ``fakecord.state`` (the guild and the records),
``fakecord.rest`` and ``fakecord.gateway`` (the two protocols), and this module (what
a test calls). A bot in a child process is patched by ``python -m fakecord``.

Errors raised to the test, never to the bot::

    AssertionError
    +-- CommandNotInvocable   a real user could not do this (unsynced command, bad option, ...)
    +-- ResponseRejected      the fake refused the bot's answer to an interaction
    TimeoutError              a wait ran out; the message lists what the fake saw
"""

from __future__ import annotations

import asyncio
import runpy
import secrets
import sys
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

from aiohttp import web

from fakecord import actions as actions
from fakecord import payloads as payloads
from fakecord.gateway import Gateway, GatewayOptions
from fakecord.payloads import MANAGE_GUILD, FakeMember, FakeRole
from fakecord.rest import API, Failure, RestApi
from fakecord.state import (
    ALICE_ID,
    APP_ID,
    BOT_USER_ID,
    CHANNEL_IDS,
    GUILD_ID,
    MEMBERS,
    MOD_ID,
    MOD_ROLE_ID,
    OWNER_ID,
    ROLES,
    CommandNotInvocable,
    InteractionHandle,
    ResponseRejected,
    SentMessage,
    World,
    embed_text,
    no_pings,
)

__all__ = [
    "ALICE_ID",
    "APP_ID",
    "BOT_USER_ID",
    "CHANNEL_IDS",
    "GUILD_ID",
    "MANAGE_GUILD",
    "MOD_ID",
    "MOD_ROLE_ID",
    "OWNER_ID",
    "CommandNotInvocable",
    "FakeDiscord",
    "FakeMember",
    "FakeRole",
    "InteractionHandle",
    "ResponseRejected",
    "SentMessage",
    "bot_session",
    "embed_text",
    "no_pings",
    "patch_discord",
]

T = TypeVar("T")
COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
FINAL_CALLBACKS = frozenset({4, 7, 8, 9})
GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT = 1 << 9, 1 << 12, 1 << 15


def patch_discord(base_url: str) -> None:
    """Point discord.py's REST routes, gateway and CDN at ``base_url``, in this process."""
    import discord.asset
    import discord.gateway
    import discord.http
    import yarl

    base = base_url.rstrip("/")
    discord.http.Route.BASE = f"{base}{API}"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws{base[4:]}/gateway/")
    discord.asset.Asset.BASE = base


class FakeDiscord:
    """Discord for one guild: REST and gateway for the bot, user actions and records for tests.

    ``members`` and ``roles`` describe the guild (@everyone gets ``everyone_permissions``);
    ``interaction_deadline`` is Discord's 3 s to answer an interaction; ``allowed_intents``
    limits the privileged intents the bot may ask for (None: all granted); ``accept_resume``
    answers RESUME with RESUMED instead of op 9 ``false``.
    """

    def __init__(
        self,
        *,
        token: str = "test-token",
        guild_id: int = GUILD_ID,
        channel_ids: Sequence[int] = CHANNEL_IDS,
        bot_user_id: int = BOT_USER_ID,
        app_id: int = APP_ID,
        members: Sequence[FakeMember] = MEMBERS,
        roles: Sequence[FakeRole] = ROLES,
        owner_id: int = OWNER_ID,
        everyone_permissions: int = payloads.EVERYONE_PERMISSIONS,
        shard_count: int = 1,
        heartbeat_interval_ms: int = 41250,
        interaction_deadline: float = 3.0,
        accept_resume: bool = False,
        allowed_intents: int | None = None,
        app_flags: int = 0,
    ) -> None:
        self.world = World(
            token=token,
            guild_id=guild_id,
            channel_ids=channel_ids,
            bot_user_id=bot_user_id,
            app_id=app_id,
            members=members,
            roles=roles,
            owner_id=owner_id,
            everyone_permissions=everyone_permissions,
        )
        self.token, self.guild_id, self.channel_ids = token, guild_id, tuple(channel_ids)
        self.bot_user_id, self.app_id = bot_user_id, app_id
        self.rest = RestApi(
            self.world,
            interaction_deadline=interaction_deadline,
            shard_count=shard_count,
            app_flags=app_flags,
        )
        options = GatewayOptions(
            token,
            self.world.bot_user,
            app_id,
            app_flags,
            heartbeat_interval_ms,
            accept_resume,
            allowed_intents,
        )
        self.gateway = Gateway(
            options,
            guild_creates=self._guild_creates,
            members_chunk=self._members_chunk,
            on_change=self.world.notify,
        )
        # records (the same list objects the REST and gateway sides append to)
        self.sent: list[SentMessage] = self.world.sent
        self.rejected: list[dict[str, Any]] = self.world.rejected
        self.missed_deadlines: list[InteractionHandle] = self.world.missed_deadlines
        self.synced_commands: dict[int | None, list[dict[str, Any]]] = self.world.synced_commands
        self.interactions: dict[int, InteractionHandle] = self.world.interactions
        self.unknown_routes: list[dict[str, Any]] = self.rest.unknown_routes
        self.injected: list[tuple[str, int]] = self.rest.injected
        self.requests: list[tuple[str, str]] = self.rest.requests
        self.deleted: list[int] = self.rest.deleted
        self.reactions: list[tuple[int, str]] = self.rest.reactions
        self.typing: list[int] = self.rest.typing
        self.identify_payloads: list[dict[str, Any]] = self.gateway.identify_payloads
        self.resume_payloads: list[dict[str, Any]] = self.gateway.resume_payloads
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    @property
    def heartbeats_acked(self) -> int:
        return self.gateway.heartbeats_acked

    @property
    def connections(self) -> int:
        return self.gateway.connections

    @property
    def internal_errors(self) -> list[str]:
        """Crashes inside the fake itself (each also logged with its traceback)."""
        return [*self.rest.internal_errors, *self.gateway.internal_errors]

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        """Between :meth:`start` and :meth:`stop`: bound to a port on 127.0.0.1."""
        return self._runner is not None

    async def start(self) -> str:
        """Serve on 127.0.0.1 on a free port; returns ``http://127.0.0.1:PORT``."""
        app = web.Application(middlewares=[self.rest.middleware])
        app.router.add_route("GET", "/gateway/", self.gateway.handle)
        app.router.add_route("GET", "/gateway", self.gateway.handle)
        for method, path, handler in self.rest.routes():
            app.router.add_route(method, f"{API}{path}", handler)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        self.gateway.url = self.rest.gateway_url = f"ws://127.0.0.1:{port}/gateway/"
        return self.base_url

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- waiting ------------------------------------------------------------------------------
    async def wait_until(
        self, condition: Callable[[], T], timeout: float = 10, what: str = "a condition"
    ) -> T:
        """``condition()`` once truthy; on timeout, a TimeoutError that says what the fake saw."""
        return await self.world.wait_until(condition, timeout, what, self.diagnostics)

    def diagnostics(self) -> str:
        recent = ", ".join(f"{method} {path}" for method, path in self.requests[-8:])
        return (
            f"gateway connections={self.connections} identifies={len(self.identify_payloads)} "
            f"close codes={self.gateway.close_codes} synced={list(self.synced_commands)} "
            f"sent={len(self.sent)} rejected={self.rejected[-3:]} "
            f"unknown routes={self.unknown_routes[-3:]} fake errors={self.internal_errors[-3:]} "
            f"recent requests: {recent}"
        )

    async def wait_ready(self, timeout: float = 10) -> None:
        """Every shard has IDENTIFYed (or resumed) and got READY and its GUILD_CREATE."""
        await self.wait_until(self.gateway.all_ready, timeout, "READY on every shard")

    async def wait_synced(self, timeout: float = 10) -> dict[int | None, list[dict[str, Any]]]:
        """The synced commands, once the bot has PUT any."""
        return await self.wait_until(lambda: self.synced_commands, timeout, "a commands PUT")

    async def wait_for(
        self, predicate: Callable[[SentMessage], bool], timeout: float = 10, *, start: int = 0
    ) -> SentMessage:
        """The first message in ``sent[start:]`` matching ``predicate``, waiting if need be."""

        def matches() -> list[SentMessage]:
            return [message for message in self.sent[start:] if predicate(message)]

        return (await self.wait_until(matches, timeout, "a sent message matching the predicate"))[0]

    async def responses(self, handle: InteractionHandle, timeout: float = 10) -> list[SentMessage]:
        """All messages for ``handle`` once it has a final response.

        Final means callback type 4/7 (or 8/9), or a deferral (5/6) then a followup or an edit.
        """

        def final() -> bool:
            return bool(handle.callbacks) and (
                handle.callbacks[0] in FINAL_CALLBACKS or handle.completed
            )

        try:
            await self.wait_until(final, timeout, f"a final response to {handle.name!r}")
        except TimeoutError as exc:
            if handle.rejections:
                raise ResponseRejected(f"{handle.name!r}: {handle.rejections}") from exc
            raise
        return [message for message in self.sent if message.interaction_id == handle.id]

    # -- trouble ------------------------------------------------------------------------------
    def fail_next(self, route_substring: str, status: int, *, retry_after: float = 0.05) -> None:
        """The next request whose "METHOD /path" contains ``route_substring`` gets ``status``.

        429 comes with a ``Via`` header and a JSON ``retry_after`` (else discord.py takes it for
        a Cloudflare ban); other statuses get a JSON error. Served ones are in :attr:`injected`.
        """
        self.rest.failures.append(Failure(route_substring, status, retry_after))

    async def drop_gateway(self, close_code: int | None = 4000, shard_id: int = 0) -> None:
        """Close the bot's websocket with ``close_code``, or cut the TCP connection when None."""
        await self.gateway.drop(shard_id, close_code)

    # -- what users do ------------------------------------------------------------------------
    async def slash(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user_id: int = ALICE_ID,
        permissions: int | None = None,
        roles: Sequence[int] | None = None,
        channel_id: int | None = None,
        guild: bool = True,
        subcommand: str | None = None,
        raw_options: list[dict[str, Any]] | None = None,
        ignore_default_permissions: bool = False,
        force: bool = False,
        timeout: float = 10,
    ) -> InteractionHandle:
        """Run ``/name`` as ``user_id``; options are typed from the synced schema.

        ``subcommand`` is "sub" or "group sub". ``roles`` replaces the member's roles and
        ``permissions`` the computed permission bits. ``raw_options`` is sent verbatim (forged
        input a real client would not send). A member lacking the command's
        ``default_member_permissions`` cannot run it, unless ``ignore_default_permissions``
        (a server admin's override). ``force`` forges what no real client sends: the command
        is taken from any scope and its ``contexts`` / ``dm_permission`` are ignored, so with
        ``guild=False`` a guild-only command arrives as a DM interaction (no ``guild_id``).
        """
        command, scope = self._command(name, guild, force)
        built = (
            raw_options
            if raw_options is not None
            else actions.command_options(command, options or {}, subcommand)
        )
        data: dict[str, Any] = {"id": command["id"], "name": name, "type": 1, "options": built}
        resolved = self._resolved(built, guild)
        if resolved:
            data["resolved"] = resolved
        if scope is not None:
            data["guild_id"] = str(scope)
        payload, handle = self._interaction(
            COMMAND, name, data, user_id, channel_id, guild, permissions, roles
        )
        if guild and not ignore_default_permissions:
            actions.check_default_permissions(
                command, int(payload["member"]["permissions"]), user_id
            )
        await self._send_interaction(payload, handle, timeout)
        return handle

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        focused: str,
        *,
        user_id: int = ALICE_ID,
        channel_id: int | None = None,
        guild: bool = True,
        subcommand: str | None = None,
        timeout: float = 10,
    ) -> list[dict[str, Any]]:
        """The choices the bot offers while ``focused`` is being typed (``options[focused]``)."""
        command, scope = self._command(name, guild)
        data: dict[str, Any] = {"id": command["id"], "name": name, "type": 1}
        data["options"] = actions.command_options(command, options, subcommand, focused=focused)
        if scope is not None:
            data["guild_id"] = str(scope)
        payload, handle = self._interaction(
            AUTOCOMPLETE, name, data, user_id, channel_id, guild, None, None
        )
        await self._send_interaction(payload, handle, timeout)
        await self.wait_until(
            lambda: handle.choices is not None or handle.rejections,
            timeout,
            f"autocomplete for /{name}",
        )
        if handle.choices is None:
            raise ResponseRejected(f"autocomplete for /{name}: {handle.rejections}")
        return handle.choices

    async def click(
        self,
        message: SentMessage | int,
        custom_id: str,
        *,
        user_id: int = ALICE_ID,
        values: Sequence[str] | None = None,
        permissions: int | None = None,
        roles: Sequence[int] | None = None,
        timeout: float = 10,
    ) -> InteractionHandle:
        """Click button ``custom_id`` (or pick ``values`` in that select) on a bot message.

        The message is taken as it is now, after any updates and edits.
        """
        message_id = message.message_id if isinstance(message, SentMessage) else int(message)
        current = self.world.messages.get(message_id)
        if current is None:
            raise CommandNotInvocable(f"message {message_id} does not exist (deleted?)")
        data = actions.component_data(current, custom_id, user_id, values)
        guild = "guild_id" in current
        channel_id = int(current["channel_id"]) if guild else None
        payload, handle = self._interaction(
            COMPONENT, custom_id, data, user_id, channel_id, guild, permissions, roles
        )
        payload["message"] = current
        handle.clicked_message_id = message_id
        await self._send_interaction(payload, handle, timeout)
        return handle

    async def submit_modal(
        self, shown: InteractionHandle, values: Mapping[str, Any], *, timeout: float = 10
    ) -> InteractionHandle:
        """Fill in and submit the modal the bot showed (callback type 9) in answer to ``shown``.

        ``values`` maps a text input's custom_id to its text (a select's to a list of values).
        """
        if shown.modal is None:
            raise CommandNotInvocable(f"the bot showed no modal for {shown.name!r}")
        modal = shown.modal
        data = {
            "custom_id": modal["custom_id"],
            "components": actions.modal_submission(modal, values),
        }
        guild = shown.guild_id is not None
        payload, handle = self._interaction(
            MODAL_SUBMIT,
            modal["custom_id"],
            data,
            shown.user_id,
            shown.channel_id,
            guild,
            None,
            None,
        )
        if shown.clicked_message_id in self.world.messages:
            payload["message"] = self.world.messages[shown.clicked_message_id]
            handle.clicked_message_id = shown.clicked_message_id
        await self._send_interaction(payload, handle, timeout)
        return handle

    async def user_message(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        user_id: int = ALICE_ID,
        mentions_bot: bool = False,
        with_content: bool = True,
        dm: bool = False,
        reply_to: int | None = None,
        timeout: float = 10,
    ) -> int:
        """Post a message as ``user_id``; returns its id.

        As on Discord, the bot gets the text only with the message-content intent, when it is
        mentioned, or in a DM; ``with_content=False`` withholds it regardless. A mention puts
        ``<@bot>`` in front of the content unless already there, and lists the bot in
        ``mentions``. Without the GUILD_MESSAGES / DIRECT_MESSAGES intent nothing is delivered.
        """
        await self.wait_ready(timeout)
        guild_id = None if dm else self.guild_id
        channel = self.world.dm_channel_id(user_id) if dm else (channel_id or self.channel_ids[0])
        if not dm and channel not in self.channel_ids:
            raise CommandNotInvocable(
                f"channel {channel} is not one of the guild's channels {self.channel_ids}"
            )
        mention = f"<@{self.bot_user_id}>"
        if mentions_bot and mention not in content:
            content = f"{mention} {content}"
        body: dict[str, Any] = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {"message_id": reply_to, "channel_id": channel}
        message_id = self.world.snowflake()
        kind = payloads.MESSAGE_REPLY if reply_to else payloads.MESSAGE_DEFAULT
        message = payloads.message_payload(
            message_id, channel, guild_id, self.world.user(user_id), body, message_type=kind
        )
        if mentions_bot:
            message["mentions"] = [self._mention(self.bot_user_id, guild_id)]
        if reply_to is not None:
            message["referenced_message"] = self.world.messages.get(reply_to)
        self.world.messages[message_id] = message
        await self._deliver_message(message, user_id, with_content and (mentions_bot or dm))
        return message_id

    # -- internals ----------------------------------------------------------------------------
    def _guild_creates(self, shard: tuple[int, int]) -> list[dict[str, Any]]:
        return [self.world.guild_create()] if (self.guild_id >> 22) % shard[1] == shard[0] else []

    def _members_chunk(self, request: dict[str, Any]) -> dict[str, Any]:
        chunk = {
            "guild_id": str(self.guild_id),
            "members": self.world.guild_members(),
            "chunk_index": 0,
            "chunk_count": 1,
        }
        return chunk | ({"nonce": request["nonce"]} if request.get("nonce") else {})

    def _mention(self, user_id: int, guild_id: int | None) -> dict[str, Any]:
        user = self.world.user(user_id)
        if guild_id is None:
            return user
        member = payloads.member_payload(self.world.member(user_id))
        del member["user"]
        return {**user, "member": member}

    async def _deliver_message(
        self, message: dict[str, Any], user_id: int, content_exempt: bool
    ) -> None:
        guild_id = int(message["guild_id"]) if "guild_id" in message else None
        shard = self.gateway.shard_for(guild_id)
        intents = self.gateway.intents(shard)
        if not intents & (GUILD_MESSAGES if guild_id else DIRECT_MESSAGES):
            return
        event = dict(message)
        if guild_id is not None:
            event["member"] = self._mention(user_id, guild_id)["member"]
        if not (intents & MESSAGE_CONTENT or content_exempt):
            event.update(content="", embeds=[], attachments=[], components=[])
        await self.gateway.dispatch(shard, "MESSAGE_CREATE", event)

    def _command(
        self, name: str, guild: bool, force: bool = False
    ) -> tuple[dict[str, Any], int | None]:
        """The synced command ``name`` a user could run here, and the guild it was synced to.

        ``force``: any synced command of that name, wherever it may run (a forged interaction).
        """
        for scope in [self.guild_id, None] if guild or force else [None]:
            command = self.rest.synced_command(name, scope)
            if command is None:
                continue
            if force:
                return command, scope if guild else None
            contexts = command.get("contexts")
            if contexts is not None and (0 if guild else 1) not in contexts:
                raise CommandNotInvocable(
                    f"/{name} is not available in this context (contexts={contexts})"
                )
            if not guild and command.get("dm_permission") is False:
                raise CommandNotInvocable(f"/{name} has dm_permission=false")
            return command, scope
        synced = {scope: [c["name"] for c in cmds] for scope, cmds in self.synced_commands.items()}
        raise CommandNotInvocable(
            f"/{name} is not synced {'here' if guild else 'globally (DMs)'}; synced: {synced}"
        )

    def _resolved(self, options: list[dict[str, Any]], guild: bool) -> dict[str, Any]:
        """``data.resolved`` for user, role and channel options: discord.py reads them there."""
        resolved: dict[str, dict[str, Any]] = {}
        for option in actions.flatten(options):
            kind, key = option["type"], str(option.get("value"))
            if kind in (8, 9) and int(key) in self.world.roles:
                role = self.world.roles[int(key)]
                resolved.setdefault("roles", {})[key] = payloads.role_payload(role, 0)
            elif kind in (6, 9):
                resolved.setdefault("users", {})[key] = self.world.user(int(key))
                if guild:
                    member = self._mention(int(key), self.guild_id)["member"]
                    member["permissions"] = str(
                        self.world.permissions(int(key), self.world.member(int(key)).roles)
                    )
                    resolved.setdefault("members", {})[key] = member
            elif kind == 7 and self.world.channel(int(key)) is not None:
                channel = self.world.channel(int(key)) or {}
                resolved.setdefault("channels", {})[key] = {
                    **channel,
                    "permissions": str(payloads.ALL_PERMISSIONS),
                }
        return resolved

    def _interaction(
        self,
        kind: int,
        name: str,
        data: dict[str, Any],
        user_id: int,
        channel_id: int | None,
        guild: bool,
        permissions: int | None,
        roles: Sequence[int] | None,
    ) -> tuple[dict[str, Any], InteractionHandle]:
        interaction_id = self.world.snowflake()
        token = f"fake-{interaction_id}-{secrets.token_urlsafe(16)}"
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": kind,
            "token": token,
            "version": 1,
            "data": data,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        if guild:
            channel = self._guild_context(payload, user_id, channel_id, permissions, roles)
        else:
            channel = self.world.dm_channel_id(user_id)
            payload.update(
                channel_id=str(channel),
                channel=self.world.channel(channel),
                user=self.world.user(user_id),
            )
            payload.update(
                app_permissions=str(payloads.EVERYONE_PERMISSIONS),
                context=1,
                authorizing_integration_owners={},
            )
        handle = InteractionHandle(
            interaction_id,
            token,
            kind,
            name,
            user_id,
            channel,
            self.guild_id if guild else None,
            0.0,
        )
        return payload, handle

    def _guild_context(
        self,
        payload: dict[str, Any],
        user_id: int,
        channel_id: int | None,
        permissions: int | None,
        roles: Sequence[int] | None,
    ) -> int:
        channel = channel_id or self.channel_ids[0]
        if channel not in self.channel_ids:
            raise CommandNotInvocable(
                f"channel {channel} is not one of the guild's channels {self.channel_ids}"
            )
        role_ids = self.world.member(user_id).roles if roles is None else tuple(roles)
        bits = self.world.permissions(user_id, role_ids) if permissions is None else permissions
        member = {
            **payloads.member_payload(self.world.member(user_id), role_ids),
            "permissions": str(bits),
        }
        payload.update(
            guild_id=str(self.guild_id),
            guild={"id": str(self.guild_id), "locale": "en-US", "features": []},
            guild_locale="en-US",
            channel_id=str(channel),
            channel={**(self.world.channel(channel) or {}), "permissions": str(bits)},
            member=member,
            app_permissions=str(self.world.bot_permissions()),
            context=0,
            authorizing_integration_owners={"0": str(self.guild_id)},
        )
        return channel

    async def _send_interaction(
        self, payload: dict[str, Any], handle: InteractionHandle, timeout: float
    ) -> None:
        await self.wait_ready(timeout)
        shard = self.gateway.shard_for(handle.guild_id)
        self.interactions[handle.id] = handle
        handle.dispatched_at = time.monotonic()
        await self.gateway.dispatch(shard, "INTERACTION_CREATE", payload)


class _Client(Protocol):
    async def start(self, token: str) -> None: ...
    async def close(self) -> None: ...


@asynccontextmanager
async def bot_session(
    fake: FakeDiscord, bot: _Client, synced_scope: int | None, timeout: float = 15
) -> AsyncIterator[None]:
    """Start `fake`, point discord.py at it, run `bot` until its commands are synced to
    `synced_scope` (a guild id, or None for global) and READY is in, then tear it all down.

    A bot that stops before syncing raises its own error here, not a sync timeout.
    """
    patch_discord(await fake.start())
    task = asyncio.create_task(bot.start(fake.token))
    try:
        waiting = asyncio.ensure_future(
            fake.wait_until(lambda: synced_scope in fake.synced_commands, timeout, "sync")
        )
        done, _ = await asyncio.wait({waiting, task}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            waiting.cancel()
            task.result()
            raise AssertionError("the bot stopped before syncing")
        waiting.result()  # re-raises a sync timeout
        await fake.wait_ready()
        yield
        assert fake.internal_errors == []
    finally:
        await bot.close()
        await asyncio.wait({task}, timeout=5)
        await fake.stop()


def launch(argv: Sequence[str]) -> None:
    """Patch discord.py for a fake at ``argv[0]``, then run module or script ``argv[1]``.

    For a bot in a child process: ``python -m fakecord BASE_URL bot run ...`` patches
    that process, then runs ``python -m bot run ...`` unchanged (a ``.py`` path runs as a script).
    """
    if len(argv) < 2:
        raise SystemExit("usage: python -m fakecord BASE_URL MODULE|SCRIPT.py [ARG...]")
    base_url, target, *rest = argv
    patch_discord(base_url)
    sys.argv = [target, *rest]
    if target.endswith(".py"):
        runpy.run_path(target, run_name="__main__")
    else:
        runpy.run_module(target, run_name="__main__", alter_sys=True)
