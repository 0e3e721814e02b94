"""Settings: one frozen object loaded from TOML, validated here and nowhere else.

The Discord token is not a setting: it comes from the DISCORD_TOKEN environment variable.
Reading settings is cheap: this module imports only the standard library, platformdirs
and `bot.core.limits` (no numpy, scipy or nltk), so `--help` and config errors are quick.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from bot.core import limits
from bot.core.errors import ConfigError

APP_NAME = "news-quote-bot"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_KIND_NAMES = {int: "an integer", str: "a string", float: "a number", bool: "true or false"}


def default_cache_dir() -> Path:
    """Where caches go on this system (e.g. ~/.cache/news-quote-bot, or under
    $XDG_CACHE_HOME); the cache file in it is named after the seeds folder's real path."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    guild_ids: tuple[int, ...] = ()
    answer_channel_ids: tuple[int, ...] = ()
    admin_role_ids: tuple[int, ...] = ()
    admin_user_ids: tuple[int, ...] = ()
    ask_cooldown_uses: int = 3
    ask_cooldown_seconds: float = 30.0
    shard_count: int = 0
    token: str = ""  # accepted with a warning; DISCORD_TOKEN is the place for it


@dataclass(frozen=True, slots=True)
class Settings:
    seeds: Path = Path("seeds")
    answers: int = limits.DEFAULT_ANSWERS
    min_confidence: float = limits.DEFAULT_MIN_CONFIDENCE
    summary_sentences: int = limits.DEFAULT_SUMMARY_SENTENCES
    max_article_bytes: int = limits.DEFAULT_MAX_ARTICLE_BYTES
    # None: no on-disk index cache
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    log_level: str = "INFO"
    discord: DiscordSettings = DiscordSettings()


def load_settings(path: Path | None) -> Settings:
    """Settings from a TOML file, or the defaults when `path` is None."""
    if path is None:
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"config file {str(path)!r} not found; copy config.example.toml"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {str(path)!r} cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return settings_from_dict(raw, str(path), base=path.parent)


def settings_from_dict(raw: dict[str, Any], where: str, base: Path = Path(".")) -> Settings:
    """Validate a parsed TOML table; relative paths are taken from `base`."""
    top = dict(raw)
    discord_raw = top.pop("discord", {})
    if not isinstance(discord_raw, dict):
        raise ConfigError(f"{where}: [discord] must be a table")
    _check_keys(top, Settings, where, "")
    _check_keys(discord_raw, DiscordSettings, where, "discord.")
    d = Settings()
    return Settings(
        seeds=_path(_typed(top, "seeds", str, where, str(d.seeds)), base),
        answers=_ranged(top, "answers", limits.MIN_ANSWERS, limits.MAX_ANSWERS, where, d.answers),
        min_confidence=_number(top, "min_confidence", 0.0, 1.0, where, d.min_confidence),
        summary_sentences=_ranged(
            top,
            "summary_sentences",
            limits.MIN_SUMMARY_SENTENCES,
            limits.MAX_SUMMARY_SENTENCES,
            where,
            d.summary_sentences,
        ),
        max_article_bytes=_ranged(
            top, "max_article_bytes", 1, limits.MAX_ARTICLE_BYTES_LIMIT, where, d.max_article_bytes
        ),
        cache_dir=_cache_dir(top, where, base, d.cache_dir),
        log_level=_log_level(top, where, d.log_level),
        discord=_discord(discord_raw, where),
    )


def _cache_dir(raw: dict[str, Any], where: str, base: Path, default: Path | None) -> Path | None:
    """Absent: the default; "": no cache; a relative path: from the config's folder."""
    if "cache_dir" not in raw:
        return default
    value = _typed(raw, "cache_dir", str, where, "")
    return _path(value, base) if value else None


def _path(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _discord(raw: dict[str, Any], where: str) -> DiscordSettings:
    d = DiscordSettings()
    return DiscordSettings(
        guild_ids=_ids(raw, "guild_ids", where),
        answer_channel_ids=_ids(raw, "answer_channel_ids", where),
        admin_role_ids=_ids(raw, "admin_role_ids", where),
        admin_user_ids=_ids(raw, "admin_user_ids", where),
        ask_cooldown_uses=_ranged(raw, "ask_cooldown_uses", 0, 1000, where, d.ask_cooldown_uses),
        ask_cooldown_seconds=_number(
            raw, "ask_cooldown_seconds", 0.0, 86400.0, where, d.ask_cooldown_seconds
        ),
        shard_count=_ranged(raw, "shard_count", 0, 10000, where, d.shard_count),
        token=_typed(raw, "token", str, where, ""),
    )


def _check_keys(raw: dict[str, Any], cls: type, where: str, prefix: str) -> None:
    known = {f.name for f in fields(cls)} - ({"discord"} if cls is Settings else set())
    for key in raw:
        if key not in known:
            choices = ", ".join(sorted(prefix + k for k in known))
            raise ConfigError(f"{where}: unknown key {prefix + key!r}; known keys: {choices}")


def _typed(raw: dict[str, Any], key: str, kind: type, where: str, default: Any) -> Any:
    value = raw.get(key, default)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ConfigError(f"{where}: {key} must be {_KIND_NAMES[kind]}, got {value!r}")
    return value


def _ranged(raw: dict[str, Any], key: str, low: int, high: int, where: str, default: int) -> int:
    value = _typed(raw, key, int, where, default)
    if not low <= value <= high:
        raise ConfigError(f"{where}: {key} must be {low} to {high}, got {value}")
    return int(value)


def _number(
    raw: dict[str, Any], key: str, low: float, high: float, where: str, default: float
) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{where}: {key} must be a number from {low} to {high}, got {value!r}")
    return float(value)


def _ids(raw: dict[str, Any], key: str, where: str) -> tuple[int, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value
    ):
        raise ConfigError(f"{where}: {key} must be a list of Discord ids (numbers), got {value!r}")
    return tuple(value)


def _log_level(raw: dict[str, Any], where: str, default: str) -> str:
    value = _typed(raw, "log_level", str, where, default).upper()
    if value not in _LOG_LEVELS:
        raise ConfigError(
            f"{where}: log_level must be one of {', '.join(_LOG_LEVELS)}, got {value!r}"
        )
    return str(value)


def configure_logging(level: str) -> None:
    """Configure the root logger once, from the entry point."""
    logging.basicConfig(
        level=getattr(logging, level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
