"""The exception tree of the bot's core.

    BotError                  anything the bot reports to a person as one clear line
    ├── ArticleError          an article file cannot be used (names the file and line)
    ├── CorpusError           no usable articles, or an unknown article was asked for
    ├── ConfigError           a config file or value is wrong (names the key)
    └── QueryError            a question or option is out of range (names the value)

Every message names the bad value and, where there is one, the next step.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error the bot reports as one line."""


class ArticleError(BotError):
    """An article file cannot be used; `where` is 'file' or 'file line N'."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class CorpusError(BotError):
    """The corpus is empty, or an article id does not exist."""


class ConfigError(BotError):
    """A config file or value is invalid."""


class QueryError(BotError):
    """A question or an option is out of range."""
