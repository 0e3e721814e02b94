from __future__ import annotations

from bot.app.ratelimit import Cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_allows_uses_then_tells_when_to_retry() -> None:
    clock = Clock()
    cooldown = Cooldown(2, 10.0, clock)
    assert cooldown.retry_after(1) == 0 and cooldown.retry_after(1) == 0
    assert cooldown.retry_after(1) == 10.0
    assert cooldown.retry_after(2) == 0  # per user
    clock.now += 4
    assert cooldown.retry_after(1) == 6.0
    clock.now += 6
    assert cooldown.retry_after(1) == 0


def test_zero_uses_turns_it_off() -> None:
    cooldown = Cooldown(0, 10.0)
    assert all(cooldown.retry_after(1) == 0 for _ in range(100))
