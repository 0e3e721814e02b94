"""The REST half of the fake Discord: the API v10 routes discord.py uses, with Discord's checks.

Every answer is JSON with ``Content-Type: application/json`` and no charset (with a charset,
discord.py reads the body as text). Refusals use Discord's codes and body shapes and are
recorded in ``World.rejected``; a path with no route gets a JSON 404 recorded in
``unknown_routes``. Bot-token auth is required everywhere except the interaction callback and
webhook routes, which discord.py calls without it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from fakecord import limits as limits
from fakecord import payloads as payloads
from fakecord.state import InteractionHandle, World

log = logging.getLogger(__name__)
API = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
CALLBACKS_FOR = {
    COMMAND: {4, 5, 9},
    COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def error(code: int, message: str) -> dict[str, Any]:
    return {"message": message, "code": code}


UNKNOWN_INTERACTION = error(10062, "Unknown interaction")
UNKNOWN_WEBHOOK = error(10015, "Unknown Webhook")
UNKNOWN_MESSAGE = error(10008, "Unknown Message")
UNKNOWN_CHANNEL = error(10003, "Unknown Channel")
ALREADY_ACKNOWLEDGED = error(40060, "Interaction has already been acknowledged.")
EMPTY_MESSAGE = error(50006, "Cannot send an empty message")


@dataclass
class Failure:
    route: str
    status: int
    retry_after: float


class RestApi:
    """aiohttp handlers for the REST routes; state lives in the shared :class:`World`."""

    def __init__(
        self, world: World, *, interaction_deadline: float, shard_count: int, app_flags: int
    ) -> None:
        self.world = world
        self.interaction_deadline = interaction_deadline
        self.shard_count = shard_count
        self.app_flags = app_flags
        self.gateway_url = ""
        self.requests: list[tuple[str, str]] = []
        self.unknown_routes: list[dict[str, Any]] = []
        self.internal_errors: list[str] = []
        self.injected: list[tuple[str, int]] = []
        self.deleted: list[int] = []
        self.reactions: list[tuple[int, str]] = []
        self.typing: list[int] = []
        self.failures: list[Failure] = []
        self._commands: dict[int | None, list[dict[str, Any]]] = {}

    def routes(self) -> list[tuple[str, str, Handler]]:
        hook = "/webhooks/{app}/{token}"
        return [
            ("GET", "/users/@me", self.users_me),
            ("GET", "/users/{user}", self.get_user),
            ("POST", "/users/@me/channels", self.create_dm),
            ("GET", "/oauth2/applications/@me", self.application),
            ("GET", "/gateway", self.gateway),
            ("GET", "/gateway/bot", self.gateway),
            ("PUT", "/applications/{app}/commands", self.put_commands),
            ("GET", "/applications/{app}/commands", self.get_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self.put_commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self.get_commands),
            ("POST", "/interactions/{interaction}/{token}/callback", self.callback),
            ("POST", hook, self.followup),
            ("GET", hook + "/messages/{message}", self.get_webhook_message),
            ("PATCH", hook + "/messages/{message}", self.edit_webhook_message),
            ("DELETE", hook + "/messages/{message}", self.delete_webhook_message),
            ("GET", "/channels/{channel}", self.get_channel),
            ("POST", "/channels/{channel}/messages", self.create_message),
            ("GET", "/channels/{channel}/messages/{message}", self.get_message),
            ("PATCH", "/channels/{channel}/messages/{message}", self.edit_message),
            ("DELETE", "/channels/{channel}/messages/{message}", self.delete_message),
            ("POST", "/channels/{channel}/typing", self.trigger_typing),
            (
                "PUT",
                "/channels/{channel}/messages/{message}/reactions/{emoji}/@me",
                self.add_reaction,
            ),
        ]

    # -- plumbing -----------------------------------------------------------------------------
    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        if not request.path.startswith(API):
            return await handler(request)
        failure = self._take_failure(f"{request.method} {request.path}")
        if failure is not None:
            return failure
        keyless = (f"{API}/interactions/", f"{API}/webhooks/")
        if (
            not request.path.startswith(keyless)
            and request.headers.get("Authorization") != f"Bot {self.world.token}"
        ):
            return json_response(error(0, "401: Unauthorized"), 401)
        try:
            return await handler(request)
        except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
            self.unknown_routes.append({"method": request.method, "path": request.path})
            log.warning("fake discord: no route for %s %s", request.method, request.path)
            return json_response(error(0, "404: Not Found"), 404)
        except Exception as exc:  # a bug in the fake: fail fast (a 500 makes discord.py retry)
            log.exception("fake discord crashed on %s %s", request.method, request.path)
            self.internal_errors.append(f"{request.method} {request.path}: {exc!r}")
            return json_response(error(0, f"fake discord crashed: {exc!r}"), 400)
        finally:
            self.world.notify()

    def _take_failure(self, route: str) -> web.Response | None:
        failure = next((f for f in self.failures if f.route in route), None)
        if failure is None:
            return None
        self.failures.remove(failure)
        self.injected.append((route, failure.status))
        if failure.status == 429:
            body = {
                "message": "You are being rate limited.",
                "retry_after": failure.retry_after,
                "global": False,
            }
            return json_response(body, 429, {"Via": "1.1 google", "X-RateLimit-Scope": "user"})
        return json_response(error(0, f"{failure.status}: injected by the test"), failure.status)

    def refuse(
        self,
        request: web.Request,
        status: int,
        body: dict[str, Any],
        sent: Any,
        handle: InteractionHandle | None = None,
    ) -> web.Response:
        entry = {
            "method": request.method,
            "path": request.path,
            "status": status,
            "code": body.get("code"),
            "error": body,
            "body": sent,
        }
        self.world.rejected.append(entry)
        if handle is not None:
            handle.rejections.append(entry)
        log.warning("fake discord refused %s %s: %s", request.method, request.path, body)
        return json_response(body, status)

    def check_message(
        self,
        request: web.Request,
        body: dict[str, Any],
        *,
        creating: bool,
        prefix: tuple[str, ...] = (),
        handle: InteractionHandle | None = None,
    ) -> web.Response | None:
        """A refusal when Discord would not take ``body`` as a message, else None."""
        problems = limits.message_problems(body, prefix)
        if problems:
            return self.refuse(request, 400, limits.invalid_form_body(problems), body, handle)
        if creating and limits.is_empty_message(body):
            return self.refuse(request, 400, EMPTY_MESSAGE, body, handle)
        return None

    async def read_body(self, request: web.Request) -> Any:
        """The JSON body, or a multipart upload's ``payload_json`` with its files as attachments."""
        if not request.content_type.startswith("multipart/"):
            if not request.can_read_body:
                return {}
            try:
                return await request.json()
            except ValueError:
                return None
        body: dict[str, Any] = {}
        files: list[dict[str, Any]] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                body = json.loads(await part.text())
            else:
                files.append({"filename": part.filename or "file", "size": len(await part.read())})
        self._attach(body, files)
        return body

    def _attach(self, body: dict[str, Any], files: list[dict[str, Any]]) -> None:
        """Turn ``attachments`` entries that point at uploaded ``files[n]`` into attachments."""
        target = body["data"] if isinstance(body.get("data"), dict) else body
        declared = target.get("attachments") or [{"id": i} for i in range(len(files))]
        attachments = []
        for entry in declared:
            index = entry.get("id")
            if isinstance(index, int) and 0 <= index < len(files):
                uploaded = self._attachment(files[index]["filename"], files[index]["size"])
                entry = {**entry, **uploaded}
            attachments.append(entry)
        target["attachments"] = attachments

    def _attachment(self, filename: str, size: int) -> dict[str, Any]:
        attachment_id = self.world.snowflake()
        url = f"http://127.0.0.1/attachments/{attachment_id}/{filename}"
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": size,
            "url": url,
            "proxy_url": url,
        }

    async def _json_object(self, request: web.Request) -> dict[str, Any] | web.Response:
        body = await self.read_body(request)
        if not isinstance(body, dict):
            return self.refuse(
                request, 400, error(50109, "The request body contains invalid JSON."), body
            )
        return body

    # -- login, gateway, users ----------------------------------------------------------------
    async def users_me(self, request: web.Request) -> web.Response:
        return json_response(self.world.bot_user)

    async def get_user(self, request: web.Request) -> web.Response:
        return json_response(self.world.user(int(request.match_info["user"])))

    async def create_dm(self, request: web.Request) -> web.Response:
        body = await self._json_object(request)
        if isinstance(body, web.Response):
            return body
        user_id = int(body.get("recipient_id") or 0)
        return json_response(
            payloads.dm_channel_payload(self.world.dm_channel_id(user_id), self.world.user(user_id))
        )

    async def application(self, request: web.Request) -> web.Response:
        owner = self.world.user(self.world.owner_id)
        return json_response(payloads.application_payload(self.world.app_id, owner, self.app_flags))

    async def gateway(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return json_response(
            {"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit}
        )

    # -- application commands -----------------------------------------------------------------
    def _command_scope(self, request: web.Request) -> int | web.Response | None:
        if int(request.match_info["app"]) != self.world.app_id:
            return self.refuse(request, 404, error(10002, "Unknown Application"), None)
        guild = request.match_info.get("guild")
        if guild is not None and int(guild) != self.world.guild_id:
            return self.refuse(request, 403, error(50001, "Missing Access"), None)
        return None if guild is None else int(guild)

    async def put_commands(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        body = await self.read_body(request)
        if not isinstance(body, list):
            return self.refuse(
                request, 400, error(50109, "The request body contains invalid JSON."), body
            )
        problems = limits.commands_problems(body)
        if problems:
            return self.refuse(request, 400, limits.invalid_form_body(problems), body)
        previous = {(c["type"], c["name"]): int(c["id"]) for c in self._commands.get(scope, [])}
        echoed = []
        for command in body:
            command_id = (
                previous.get((command.get("type", 1), command.get("name")))
                or self.world.snowflake()
            )
            echoed.append(payloads.command_response(command, command_id, self.world.app_id, scope))
        self._commands[scope] = echoed
        self.world.synced_commands[scope] = body
        return json_response(echoed)

    async def get_commands(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        return (
            scope
            if isinstance(scope, web.Response)
            else json_response(self._commands.get(scope, []))
        )

    def synced_command(self, name: str, scope: int | None) -> dict[str, Any] | None:
        """The chat-input command ``name`` as synced for ``scope`` (a guild id, or None: global)."""
        return next(
            (c for c in self._commands.get(scope, []) if c["name"] == name and c["type"] == 1), None
        )

    # -- interactions -------------------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        body = await self._json_object(request)
        if isinstance(body, web.Response):
            return body
        handle = self.world.interactions.get(int(request.match_info["interaction"]))
        if handle is None or handle.token != request.match_info["token"]:
            return self.refuse(request, 404, UNKNOWN_INTERACTION, body)
        if time.monotonic() - handle.dispatched_at > self.interaction_deadline:
            self.world.missed_deadlines.append(handle)
            return self.refuse(request, 404, UNKNOWN_INTERACTION, body, handle)
        if handle.callbacks:
            return self.refuse(request, 400, ALREADY_ACKNOWLEDGED, body, handle)
        kind, data = int(body.get("type") or 0), body.get("data") or {}
        refusal = self._check_callback(request, handle, kind, data, body)
        if refusal is not None:
            return refusal
        message = self._apply_callback(handle, kind, data, body)
        return json_response(_callback_answer(handle, kind, message))

    def _check_callback(
        self,
        request: web.Request,
        handle: InteractionHandle,
        kind: int,
        data: dict[str, Any],
        body: dict[str, Any],
    ) -> web.Response | None:
        no_message = kind in (6, 7) and handle.clicked_message_id not in self.world.messages
        if kind not in CALLBACKS_FOR[handle.type] or no_message:
            problem = (
                ("type",),
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Invalid response type {kind} for interaction type {handle.type}",
            )
            return self.refuse(request, 400, limits.invalid_form_body([problem]), body, handle)
        if kind in (4, 7):
            return self.check_message(
                request, data, creating=kind == 4, prefix=("data",), handle=handle
            )
        problems: list[limits.Problem] = []
        if kind == 8:
            problems = limits.autocomplete_problems(data)
        elif kind == 9:
            problems = limits.modal_problems(data)
        if problems:
            return self.refuse(request, 400, limits.invalid_form_body(problems), body, handle)
        return None

    def _apply_callback(
        self, handle: InteractionHandle, kind: int, data: dict[str, Any], body: dict[str, Any]
    ) -> dict[str, Any] | None:
        handle.callbacks.append(kind)
        message: dict[str, Any] | None = None
        if kind == 4:
            message = self._interaction_message(handle, data)
            self.world.record("callback", message, body, handle.id)
        elif kind == 5:
            flags = (int(data.get("flags") or 0) & payloads.EPHEMERAL) | payloads.LOADING
            message = self._interaction_message(handle, {"flags": flags})
            self.world.messages[int(message["id"])] = message
        elif kind in (6, 7) and handle.clicked_message_id is not None:
            handle.original_message_id = handle.clicked_message_id
            if kind == 7:
                message = payloads.apply_edit(self.world.messages[handle.clicked_message_id], data)
                self.world.record("callback", message, body, handle.id)
        elif kind == 8:
            handle.choices = list(data.get("choices") or [])
        elif kind == 9:
            handle.modal = data
        if message is not None and kind in (4, 5):
            handle.original_message_id = int(message["id"])
        self.world.notify()
        return message

    def _interaction_message(
        self, handle: InteractionHandle, data: dict[str, Any]
    ) -> dict[str, Any]:
        message_type = (
            payloads.MESSAGE_CHAT_INPUT_COMMAND
            if handle.type == COMMAND
            else payloads.MESSAGE_DEFAULT
        )
        body = {**data, "flags": int(data.get("flags") or 0) & payloads.KEPT_FLAGS}
        message_id = self.world.snowflake()
        message = payloads.message_payload(
            message_id,
            handle.channel_id,
            handle.guild_id,
            self.world.bot_user,
            body,
            message_type=message_type,
        )
        metadata = {
            "id": str(handle.id),
            "type": handle.type,
            "user": self.world.user(handle.user_id),
            "authorizing_integration_owners": {},
        }
        message.update(
            webhook_id=str(self.world.app_id),
            application_id=str(self.world.app_id),
            interaction_metadata=metadata,
        )
        handle.message_ids.append(message_id)
        return message

    def _webhook_handle(self, request: web.Request) -> InteractionHandle | None:
        if int(request.match_info["app"]) != self.world.app_id:
            return None
        token = request.match_info["token"]
        return next((h for h in self.world.interactions.values() if h.token == token), None)

    async def followup(self, request: web.Request) -> web.StreamResponse:
        body = await self._json_object(request)
        if isinstance(body, web.Response):
            return body
        handle = self._webhook_handle(request)
        if handle is None or not handle.callbacks:
            return self.refuse(request, 404, UNKNOWN_WEBHOOK, body, handle)
        refusal = self.check_message(request, body, creating=True, handle=handle)
        if refusal is not None:
            return refusal
        if (
            handle.callbacks[0] == 5
            and not handle.completed
            and handle.original_message_id in self.world.messages
        ):
            # the first followup after a deferred reply replaces the "thinking..." message
            message = payloads.apply_edit(
                self.world.messages[handle.original_message_id], {**body, "flags": None}
            )
        else:
            message = self._interaction_message(handle, body)
        handle.completed = handle.completed or handle.callbacks[0] in (5, 6)
        self.world.record("followup", message, body, handle.id)
        if request.query.get("wait", "").lower() in ("1", "true"):
            return json_response(message)
        return web.Response(status=204)

    def _webhook_message(
        self, request: web.Request, handle: InteractionHandle | None
    ) -> dict[str, Any] | None:
        if handle is None:
            return None
        key = request.match_info["message"]
        if key == "@original":
            message_id = handle.original_message_id
        else:  # a followup of this interaction
            message_id = int(key) if key.isdigit() and int(key) in handle.message_ids else None
        return self.world.messages.get(message_id) if message_id else None

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        handle = self._webhook_handle(request)
        message = self._webhook_message(request, handle)
        return (
            json_response(message)
            if message
            else self.refuse(request, 404, UNKNOWN_MESSAGE, None, handle)
        )

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        body = await self._json_object(request)
        if isinstance(body, web.Response):
            return body
        handle = self._webhook_handle(request)
        if handle is None or not handle.callbacks:
            return self.refuse(request, 404, UNKNOWN_WEBHOOK, body, handle)
        message = self._webhook_message(request, handle)
        if message is None:
            return self.refuse(request, 404, UNKNOWN_MESSAGE, body, handle)
        refusal = self.check_message(request, body, creating=False, handle=handle)
        if refusal is not None:
            return refusal
        edited = payloads.apply_edit(message, body)
        handle.completed = handle.completed or handle.callbacks[0] in (5, 6)
        self.world.record("edit", edited, body, handle.id)
        return json_response(edited)

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        handle = self._webhook_handle(request)
        message = self._webhook_message(request, handle)
        if message is None:
            return self.refuse(request, 404, UNKNOWN_MESSAGE, None, handle)
        return self._delete(int(message["id"]))

    # -- channels -----------------------------------------------------------------------------
    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self.world.channel(int(request.match_info["channel"]))
        return (
            json_response(channel) if channel else self.refuse(request, 404, UNKNOWN_CHANNEL, None)
        )

    async def create_message(self, request: web.Request) -> web.Response:
        body = await self._json_object(request)
        if isinstance(body, web.Response):
            return body
        channel = self.world.channel(int(request.match_info["channel"]))
        if channel is None:
            return self.refuse(request, 404, UNKNOWN_CHANNEL, body)
        refusal = self.check_message(request, body, creating=True)
        if refusal is not None:
            return refusal
        reference = body.get("message_reference") or {}
        referenced = self.world.messages.get(int(reference.get("message_id") or 0))
        if reference and referenced is None and reference.get("fail_if_not_exists", True):
            problem = (
                ("message_reference",),
                "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                "Unknown message",
            )
            return self.refuse(request, 400, limits.invalid_form_body([problem]), body)
        guild_id = int(channel["guild_id"]) if "guild_id" in channel else None
        message_type = payloads.MESSAGE_REPLY if referenced else payloads.MESSAGE_DEFAULT
        message = payloads.message_payload(
            self.world.snowflake(),
            int(channel["id"]),
            guild_id,
            self.world.bot_user,
            body,
            message_type=message_type,
        )
        if referenced is not None:
            message["referenced_message"] = referenced
        self.world.record("channel", message, body)
        return json_response(message)

    def _channel_message(self, request: web.Request) -> dict[str, Any] | None:
        message = self.world.messages.get(int(request.match_info["message"]))
        if message is None or message["channel_id"] != request.match_info["channel"]:
            return None
        return message

    async def get_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        return (
            json_response(message) if message else self.refuse(request, 404, UNKNOWN_MESSAGE, None)
        )

    async def edit_message(self, request: web.Request) -> web.Response:
        body = await self._json_object(request)
        if isinstance(body, web.Response):
            return body
        message = self._channel_message(request)
        if message is None:
            return self.refuse(request, 404, UNKNOWN_MESSAGE, body)
        if message["author"]["id"] != str(self.world.bot_user_id):
            return self.refuse(
                request, 403, error(50005, "Cannot edit a message authored by another user"), body
            )
        refusal = self.check_message(request, body, creating=False)
        if refusal is not None:
            return refusal
        edited = payloads.apply_edit(message, body)
        self.world.record("edit", edited, body)
        return json_response(edited)

    async def delete_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        return (
            self._delete(int(message["id"]))
            if message
            else self.refuse(request, 404, UNKNOWN_MESSAGE, None)
        )

    def _delete(self, message_id: int) -> web.Response:
        self.world.messages.pop(message_id, None)
        self.deleted.append(message_id)
        return web.Response(status=204)

    async def trigger_typing(self, request: web.Request) -> web.Response:
        self.typing.append(int(request.match_info["channel"]))
        return web.Response(status=204)

    async def add_reaction(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        if message is None:
            return self.refuse(request, 404, UNKNOWN_MESSAGE, None)
        self.reactions.append((int(message["id"]), request.match_info["emoji"]))
        return web.Response(status=204)


def _callback_answer(
    handle: InteractionHandle, kind: int, message: dict[str, Any] | None
) -> dict[str, Any]:
    """The ``?with_response=1`` body: discord.py 2.7 needs it, an empty 204 makes it raise."""
    interaction: dict[str, Any] = {"id": str(handle.id), "type": handle.type}
    answer: dict[str, Any] = {"interaction": interaction, "resource": {"type": kind}}
    if message is not None:
        flags = int(message.get("flags") or 0)
        interaction.update(
            response_message_id=message["id"],
            response_message_loading=kind == 5,
            response_message_ephemeral=bool(flags & payloads.EPHEMERAL),
        )
        answer["resource"]["message"] = message
    return answer
