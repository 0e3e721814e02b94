from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DiscordSettings, Settings, load_settings, settings_from_dict
from bot.core.errors import ConfigError
from tests.conftest import ROOT


def test_example_config_loads_with_defaults() -> None:
    settings = load_settings(ROOT / "config.example.toml")
    assert settings.seeds == ROOT / "seeds"
    defaults = Settings()
    assert settings.answers == defaults.answers
    assert settings.min_confidence == defaults.min_confidence
    assert settings.discord == DiscordSettings()


def test_no_config_means_defaults() -> None:
    assert load_settings(None) == Settings()


def test_values_are_validated() -> None:
    raw = {"answers": 5, "discord": {"guild_ids": [123], "shard_count": 2}}
    settings = settings_from_dict(raw, "c.toml")
    assert settings.answers == 5 and settings.discord.guild_ids == (123,)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"answer": 3}, "c.toml: unknown key 'answer'; known keys: answers,"),
        ({"answers": 0}, "c.toml: answers must be 1 to 10, got 0"),
        ({"answers": "3"}, "c.toml: answers must be a int, got '3'"),
        ({"min_confidence": 2}, "c.toml: min_confidence must be a number from 0.0 to 1.0"),
        ({"log_level": "loud"}, "c.toml: log_level must be one of DEBUG, INFO"),
        ({"discord": {"guild_ids": ["x"]}}, "c.toml: guild_ids must be a list of Discord ids"),
        ({"discord": {"guilds": []}}, "c.toml: unknown key 'discord.guilds'"),
        ({"discord": 3}, "c.toml: [discord] must be a table"),
    ],
)
def test_bad_values_name_the_key(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        settings_from_dict(raw, "c.toml")
    assert str(error.value).startswith(message)


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not found; copy config\.example\.toml"):
        load_settings(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("answers = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken)
