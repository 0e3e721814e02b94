from __future__ import annotations

import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import DiscordSettings, Settings, load_settings, settings_from_dict
from bot.core import limits
from bot.core.errors import ConfigError
from tests.conftest import ROOT


def test_example_config_loads_with_defaults() -> None:
    settings = load_settings(ROOT / "config.example.toml")
    assert settings.seeds == ROOT / "seeds"
    assert replace(settings, seeds=Settings().seeds) == Settings()
    assert settings.discord == DiscordSettings()


def test_defaults_come_from_the_shared_limits() -> None:
    defaults = Settings()
    assert defaults.answers == limits.DEFAULT_ANSWERS
    assert defaults.min_confidence == limits.DEFAULT_MIN_CONFIDENCE
    assert defaults.summary_sentences == limits.DEFAULT_SUMMARY_SENTENCES
    assert defaults.max_article_bytes == limits.DEFAULT_MAX_ARTICLE_BYTES
    top = {"answers": limits.MAX_ANSWERS, "summary_sentences": limits.MAX_SUMMARY_SENTENCES}
    assert settings_from_dict(top, "c.toml").answers == limits.MAX_ANSWERS
    with pytest.raises(ConfigError, match=f"answers must be 1 to {limits.MAX_ANSWERS}, got 6"):
        settings_from_dict({"answers": limits.MAX_ANSWERS + 1}, "c.toml")


def test_reading_the_config_imports_nothing_heavy() -> None:
    code = (
        "import sys, bot.config; heavy = {'numpy', 'scipy', 'nltk', 'discord'} & set(sys.modules);"
        " assert not heavy, heavy"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_cache_goes_to_the_user_cache_folder_unless_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Settings().cache_dir == tmp_path / "xdg" / "news-quote-bot"
    assert settings_from_dict({}, "c.toml").cache_dir == tmp_path / "xdg" / "news-quote-bot"
    assert settings_from_dict({"cache_dir": ""}, "c.toml").cache_dir is None
    here = settings_from_dict({"cache_dir": "cache"}, "c.toml", base=tmp_path).cache_dir
    assert here == tmp_path / "cache"


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
        ({"answers": 0}, "c.toml: answers must be 1 to 5, got 0"),
        ({"answers": "3"}, "c.toml: answers must be an integer, got '3'"),
        ({"seeds": 3}, "c.toml: seeds must be a string, got 3"),
        ({"cache_dir": False}, "c.toml: cache_dir must be a string, got False"),
        ({"summary_sentences": 11}, "c.toml: summary_sentences must be 1 to 10, got 11"),
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


def test_the_package_is_mit_licensed() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    assert pyproject["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the news-quote-bot authors\n")
