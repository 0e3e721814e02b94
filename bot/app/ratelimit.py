"""Per-user cooldowns: at most `uses` questions per `seconds`, per user; pure, clock injected."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class Cooldown:
    """A sliding-window limit; `retry_after` is 0 when the user may go ahead."""

    def __init__(
        self, uses: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.uses = uses
        self.seconds = seconds
        self._clock = clock
        self._recent: dict[int, deque[float]] = {}

    def retry_after(self, user_id: int) -> float:
        """Seconds until `user_id` may ask again; records the use when it is 0."""
        if self.uses <= 0 or self.seconds <= 0:
            return 0.0
        now = self._clock()
        recent = self._recent.setdefault(user_id, deque())
        while recent and recent[0] <= now - self.seconds:
            recent.popleft()
        if len(recent) >= self.uses:
            return recent[0] + self.seconds - now
        recent.append(now)
        if len(self._recent) > 10_000:  # forget idle users so the map stays small
            self._forget(now)
        return 0.0

    def _forget(self, now: float) -> None:
        idle = [u for u, r in self._recent.items() if not r or r[-1] <= now - self.seconds]
        for user in idle:
            del self._recent[user]
