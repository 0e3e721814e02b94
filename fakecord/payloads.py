"""Gateway and REST payload shapes for the fake Discord server, built from plain test data.

Only what discord.py 2.7 reads is filled in; ids are strings and permissions are strings, as
Discord sends them. Nothing here does I/O.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 53) - 1
EVERYONE_PERMISSIONS = (
    (1 << 6)
    | (1 << 10)
    | (1 << 11)
    | (1 << 14)
    | (1 << 15)
    | (1 << 16)
    | (1 << 18)
    | (1 << 31)
    | (1 << 38)
)
EPHEMERAL = 1 << 6
LOADING = 1 << 7
SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2 = 1 << 2, 1 << 12, 1 << 15
KEPT_FLAGS = EPHEMERAL | LOADING | SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2
GUILD_TEXT = 0
DM = 1
MESSAGE_DEFAULT = 0
MESSAGE_REPLY = 19
MESSAGE_CHAT_INPUT_COMMAND = 20
JOINED_AT = "2024-01-01T00:00:00.000000+00:00"


@dataclass(frozen=True)
class FakeRole:
    """A guild role; ``permissions`` is the Discord bit set as an int."""

    id: int
    name: str
    permissions: int = 0


@dataclass(frozen=True)
class FakeMember:
    """A guild member: the user plus the ids of the roles they hold (besides @everyone)."""

    id: int
    name: str
    roles: tuple[int, ...] = ()
    bot: bool = False


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
    }
    if bot:
        user["bot"] = True
    return user


def role_payload(role: FakeRole, position: int, *, bot_id: int | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(role.id),
        "name": role.name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(role.permissions),
        "managed": bot_id is not None,
        "mentionable": False,
        "flags": 0,
    }
    if bot_id is not None:
        payload["tags"] = {"bot_id": str(bot_id)}
    return payload


def member_payload(member: FakeMember, roles: tuple[int, ...] | None = None) -> dict[str, Any]:
    """A full guild member (with ``user``); ``roles`` overrides the member's own roles."""
    return {
        "user": user_payload(member.id, member.name, bot=member.bot),
        "nick": None,
        "avatar": None,
        "roles": [str(role) for role in (member.roles if roles is None else roles)],
        "joined_at": JOINED_AT,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
    }


def channel_payload(channel_id: int, guild_id: int, position: int) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": GUILD_TEXT,
        "guild_id": str(guild_id),
        "name": f"channel-{position}",
        "position": position,
        "permission_overwrites": [],
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
        "flags": 0,
    }


def dm_channel_payload(channel_id: int, recipient: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": DM,
        "last_message_id": None,
        "recipients": [recipient],
        "flags": 0,
    }


def guild_create_payload(
    guild_id: int,
    owner_id: int,
    channels: list[dict[str, Any]],
    roles: list[dict[str, Any]],
    members: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "id": str(guild_id),
        "name": "Fake Guild",
        "icon": None,
        "owner_id": str(owner_id),
        "unavailable": False,
        "large": False,
        "member_count": len(members),
        "joined_at": JOINED_AT,
        "roles": roles,
        "channels": channels,
        "members": members,
        "threads": [],
        "presences": [],
        "voice_states": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "preferred_locale": "en-US",
        "premium_tier": 0,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_id": channels[0]["id"] if channels else None,
        "afk_timeout": 300,
    }


def application_payload(app_id: int, owner: dict[str, Any], flags: int) -> dict[str, Any]:
    """``GET /oauth2/applications/@me``."""
    return {
        "id": str(app_id),
        "name": "Fake App",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": owner,
        "verify_key": "0" * 64,
        "flags": flags,
        "team": None,
        "interactions_endpoint_url": None,
        "redirect_uris": [],
        "tags": [],
    }


def message_payload(
    message_id: int,
    channel_id: int,
    guild_id: int | None,
    author: dict[str, Any],
    body: dict[str, Any],
    *,
    message_type: int = MESSAGE_DEFAULT,
) -> dict[str, Any]:
    """A message as Discord returns it, built from what the sender posted."""
    message: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts")),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": list(body.get("attachments") or []),
        "embeds": [{"type": "rich", **embed} for embed in body.get("embeds") or []],
        "components": list(body.get("components") or []),
        "pinned": False,
        "type": message_type,
        "flags": int(body.get("flags") or 0),
    }
    if guild_id is not None:
        message["guild_id"] = str(guild_id)
    reference = body.get("message_reference")
    if reference:
        message["message_reference"] = {
            k: str(v) if k.endswith("_id") else v for k, v in reference.items()
        }
    return message


def apply_edit(message: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """``message`` after an edit: keys the edit carries replace the old ones, the rest stay."""
    edited = dict(message)
    for key in ("content", "components", "attachments"):
        if key in body:
            edited[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
    if "embeds" in body:
        edited["embeds"] = [{"type": "rich", **embed} for embed in body["embeds"] or []]
    if "flags" in body and body["flags"] is not None:
        # only SUPPRESS_EMBEDS can change after sending; ephemeral stays what it was
        edited["flags"] = (int(message.get("flags") or 0) & EPHEMERAL) | (
            int(body["flags"]) & ~(EPHEMERAL | LOADING)
        )
    else:
        edited["flags"] = int(message.get("flags") or 0) & ~LOADING
    edited["edited_timestamp"] = now_iso()
    return edited


def find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    """The component with ``custom_id`` anywhere in a message's component tree."""
    for item in components:
        if item.get("custom_id") == custom_id:
            return item
        nested = list(item.get("components") or [])
        if isinstance(item.get("accessory"), dict):
            nested.append(item["accessory"])
        found = find_component(nested, custom_id)
        if found is not None:
            return found
    return None


def custom_ids(components: list[dict[str, Any]]) -> list[str]:
    """Every custom_id in a component tree, in layout order."""
    found: list[str] = []
    for item in components:
        if isinstance(item.get("custom_id"), str):
            found.append(item["custom_id"])
        nested = list(item.get("components") or [])
        if isinstance(item.get("accessory"), dict):
            nested.append(item["accessory"])
        found += custom_ids(nested)
    return found


def command_response(
    command: dict[str, Any], command_id: int, app_id: int, guild_id: int | None
) -> dict[str, Any]:
    """One synced command as Discord echoes it: ids added, permissions as a string."""
    echoed = dict(command)
    echoed.update(id=str(command_id), application_id=str(app_id), version=str(command_id))
    echoed.setdefault("type", 1)
    echoed.setdefault("description", "")
    echoed.setdefault("nsfw", False)
    permissions = command.get("default_member_permissions")
    echoed["default_member_permissions"] = None if permissions is None else str(permissions)
    if guild_id is not None:
        echoed["guild_id"] = str(guild_id)
    return echoed
