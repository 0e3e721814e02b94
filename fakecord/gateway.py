"""The gateway half of the fake Discord: one websocket per shard, speaking gateway v10 JSON.

HELLO, heartbeats (op 1 -> op 11), IDENTIFY (token, intents and shard checked; READY, then a
GUILD_CREATE per guild on that shard), RESUME (op 9 ``false``, or RESUMED when resuming is
accepted), member chunk requests (op 8) and ``compress=zlib-stream`` (one compressor per
connection, a sync flush after every frame). Close codes are Discord's: 4002 decode error,
4003 not authenticated, 4004 authentication failed, 4005 already authenticated, 4010 invalid
shard, 4012 invalid API version, 4014 disallowed intents.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)
GUILDS_INTENT = 1 << 0
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, REQUEST_MEMBERS = 0, 1, 2, 3, 6, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11


@dataclass(frozen=True)
class GatewayOptions:
    """``allowed_intents`` limits the privileged intents a bot may ask for (None: all allowed)."""

    token: str
    user: dict[str, Any]
    app_id: int
    app_flags: int = 0
    heartbeat_interval_ms: int = 41250
    accept_resume: bool = False
    allowed_intents: int | None = None


@dataclass
class Session:
    id: str
    shard: tuple[int, int]
    intents: int
    seq: int = 0


@dataclass(eq=False)
class Connection:
    ws: web.WebSocketResponse
    request: web.Request
    compressor: Any = None
    session: Session | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Gateway:
    """Gateway connections and their sessions; ``guild_creates`` says what each shard gets."""

    def __init__(
        self,
        options: GatewayOptions,
        *,
        guild_creates: Callable[[tuple[int, int]], list[dict[str, Any]]],
        members_chunk: Callable[[dict[str, Any]], dict[str, Any]],
        on_change: Callable[[], None],
    ) -> None:
        self.options = options
        self.url = ""
        self.identify_payloads: list[dict[str, Any]] = []
        self.resume_payloads: list[dict[str, Any]] = []
        self.presence_updates: list[dict[str, Any]] = []
        self.close_codes: list[int] = []
        self.compression: list[str | None] = []
        self.internal_errors: list[str] = []
        self.heartbeats_acked = 0
        self.connections = 0
        self._guild_creates = guild_creates
        self._members_chunk = members_chunk
        self._on_change = on_change
        self._open: set[Connection] = set()
        self._live: dict[int, Connection] = {}
        self._sessions: dict[str, Session] = {}

    # -- what the rest of the fake asks -------------------------------------------------------
    def all_ready(self) -> bool:
        if not self.identify_payloads:
            return False
        counts = {conn.session.shard[1] for conn in self._live.values() if conn.session}
        return len(counts) == 1 and len(self._live) == counts.pop()

    def shard_for(self, guild_id: int | None) -> int:
        """Discord's rule: a guild lives on shard ``(guild_id >> 22) % shard_count``; DMs on 0."""
        count = next((c.session.shard[1] for c in self._live.values() if c.session), 1)
        return 0 if guild_id is None else (guild_id >> 22) % count

    def intents(self, shard_id: int) -> int:
        conn = self._live.get(shard_id)
        return conn.session.intents if conn and conn.session else 0

    async def dispatch(self, shard_id: int, event: str, data: dict[str, Any]) -> None:
        conn = self._live.get(shard_id)
        if conn is None:
            raise ConnectionError(f"shard {shard_id} has no live gateway connection")
        await self._dispatch(conn, event, data)

    async def drop(self, shard_id: int, close_code: int | None) -> None:
        """Close a shard's socket with ``close_code``, or cut the TCP connection when None."""
        conn = self._live.pop(shard_id, None)
        if conn is None:
            raise ConnectionError(f"shard {shard_id} has no live gateway connection to drop")
        self._on_change()
        transport = conn.request.transport
        if close_code is None and transport is not None:
            transport.abort()
        else:
            await conn.ws.close(code=close_code or 4000, message=b"dropped by the test")

    async def close_all(self) -> None:
        self._live.clear()
        for conn in list(self._open):
            await conn.ws.close(code=1001, message=b"server stopping")

    # -- the websocket ------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.compression.append(request.query.get("compress"))
        compressor = zlib.compressobj() if self.compression[-1] == "zlib-stream" else None
        conn = Connection(ws, request, compressor)
        self.connections += 1
        self._open.add(conn)
        try:
            if request.query.get("v", "10") != "10":
                await self._close(conn, 4012, "Invalid API version.")
                return ws
            await self._send(
                conn, {"op": HELLO, "d": {"heartbeat_interval": self.options.heartbeat_interval_ms}}
            )
            await self._read(conn)
        finally:
            self._open.discard(conn)
            if conn.session and self._live.get(conn.session.shard[0]) is conn:
                del self._live[conn.session.shard[0]]
            self._on_change()
        return ws

    async def _read(self, conn: Connection) -> None:
        async for message in conn.ws:
            if message.type is not WSMsgType.TEXT:
                await self._close(conn, 4002, "Error while decoding payload.")
                return
            try:
                frame = json.loads(message.data)
            except ValueError:
                await self._close(conn, 4002, "Error while decoding payload.")
                return
            try:
                await self._on_frame(conn, int(frame.get("op", -1)), frame.get("d"))
            except Exception as exc:  # a bug in the fake: record it, keep the socket
                log.exception("fake gateway crashed on %s", frame)
                self.internal_errors.append(f"op {frame.get('op')}: {exc!r}")
            if conn.ws.closed:
                return

    async def _on_frame(self, conn: Connection, op: int, data: Any) -> None:
        if op == HEARTBEAT:
            self.heartbeats_acked += 1
            await self._send(conn, {"op": HEARTBEAT_ACK})
            self._on_change()
        elif op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif conn.session is None:
            await self._close(conn, 4003, "Not authenticated.")
        elif op == REQUEST_MEMBERS:
            await self._dispatch(conn, "GUILD_MEMBERS_CHUNK", self._members_chunk(data or {}))
        elif op == PRESENCE:
            self.presence_updates.append(data or {})

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        self.identify_payloads.append(data)
        self._on_change()
        intents = int(data.get("intents") or 0)
        shard_id, count = data.get("shard") or (0, 1)
        allowed = self.options.allowed_intents
        if conn.session is not None:
            return await self._close(conn, 4005, "Already authenticated.")
        if data.get("token") != self.options.token:
            return await self._close(conn, 4004, "Authentication failed.")
        if allowed is not None and intents & PRIVILEGED_INTENTS & ~allowed:
            return await self._close(conn, 4014, "Disallowed intent(s).")
        if not 0 <= shard_id < count:
            return await self._close(conn, 4010, "Invalid shard.")
        conn.session = Session(secrets.token_hex(16), (shard_id, count), intents)
        self._sessions[conn.session.id] = conn.session
        await self._dispatch(conn, "READY", self._ready(conn.session, "shard" in data))
        if intents & GUILDS_INTENT:
            for guild in self._guild_creates(conn.session.shard):
                await self._dispatch(conn, "GUILD_CREATE", guild)
        self._live[shard_id] = conn
        self._on_change()

    def _ready(self, session: Session, sharded: bool) -> dict[str, Any]:
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**self.options.user, "verified": True, "mfa_enabled": False},
            "guilds": [
                {"id": g["id"], "unavailable": True} for g in self._guild_creates(session.shard)
            ],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.url,
            "application": {"id": str(self.options.app_id), "flags": self.options.app_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
            "_trace": ["fake-discord"],
        }
        if sharded:
            ready["shard"] = list(session.shard)
        return ready

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        self.resume_payloads.append(data)
        session = self._sessions.get(str(data.get("session_id")))
        can_resume = (
            self.options.accept_resume
            and session is not None
            and data.get("token") == self.options.token
        )
        if session is None or not can_resume or session.shard[0] in self._live:
            await self._send(conn, {"op": INVALID_SESSION, "d": False})
            return
        conn.session = session
        await self._dispatch(conn, "RESUMED", {"_trace": ["fake-discord"]})
        self._live[session.shard[0]] = conn
        self._on_change()

    # -- frames -------------------------------------------------------------------------------
    async def _dispatch(self, conn: Connection, event: str, data: dict[str, Any]) -> None:
        assert conn.session is not None
        conn.session.seq += 1
        await self._send(conn, {"op": DISPATCH, "t": event, "s": conn.session.seq, "d": data})

    async def _send(self, conn: Connection, payload: dict[str, Any]) -> None:
        frame = {
            "op": payload["op"],
            "d": payload.get("d"),
            "s": payload.get("s"),
            "t": payload.get("t"),
        }
        text = json.dumps(frame)
        async with conn.lock:  # compressed frames must reach the socket in compression order
            if conn.ws.closed:
                log.debug(
                    "fake gateway: dropping %s for a closed socket", frame["t"] or frame["op"]
                )
                return
            try:
                if conn.compressor is None:
                    await conn.ws.send_str(text)
                else:
                    data = conn.compressor.compress(text.encode()) + conn.compressor.flush(
                        zlib.Z_SYNC_FLUSH
                    )
                    await conn.ws.send_bytes(data)
            except (ConnectionError, RuntimeError) as exc:
                log.debug("fake gateway: send failed: %r", exc)

    async def _close(self, conn: Connection, code: int, reason: str) -> None:
        self.close_codes.append(code)
        log.info("fake gateway: closing with %s (%s)", code, reason)
        await conn.ws.close(code=code, message=reason.encode())
