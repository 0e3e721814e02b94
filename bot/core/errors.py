"""The exception tree of the bot's core.

    BotError                  anything the bot reports to a person as one clear line
    ├── ArticleError          an article file cannot be used (names the file and line)
    ├── CorpusError           an unknown article or a missing seeds folder
    │   └── NoArticlesError   a seeds folder with no usable article (carries the skipped files)
    ├── ConfigError           a config file or value is wrong (names the key)
    └── QueryError            a question or option is out of range (names the value)

Every message names the bad value and, where there is one, the next step.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error the bot reports as one line."""


class ArticleError(BotError):
    """An article file cannot be used: `path`, optionally a `line`, and the reason."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path} line {line}" if line else path
        super().__init__(f"{where}: {reason}")

    @property
    def detail(self) -> str:
        """The message without the file name: 'line 3: ...' or the bare reason."""
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class CorpusError(BotError):
    """The corpus is empty, or an article id does not exist."""


class NoArticlesError(CorpusError):
    """A seeds folder holds no usable article; `skipped` says why each file was refused."""

    def __init__(self, message: str, skipped: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.skipped = skipped


class ConfigError(BotError):
    """A config file or value is invalid."""


class QueryError(BotError):
    """A question or an option is out of range."""
