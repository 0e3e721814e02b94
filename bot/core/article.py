"""The article format: parsing one article's text into headers, headings and sentences.

    date 2022-03-14 Text may start on the date line itself.
    title: Optional headers right after the date line
    source: Washington Post
    url: https://example.com/story

    Paragraphs are separated by blank lines.

    A short line without end punctuation is a heading

    (Image: AP)            <- a credit line: kept out of answers

Pure: takes the text and a name for messages; reading files is `seeds.py`'s job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

from bot.core.errors import ArticleError
from bot.core.text import is_credit_line, is_heading, normalize_space, shorten, split_sentences

TITLE_MAX_CHARS = 80
# Dates outside these bounds are loaded but reported (`date_warning`): a typo such as
# 0001-01-01 or 2099-12-31 would otherwise make an article the "newest" or the oldest.
EARLIEST_PLAUSIBLE_DATE = dt.date(1900, 1, 1)
FUTURE_DAYS_ALLOWED = 3  # time zones, and stories dated for the next morning's paper
_DATE_LINE = re.compile(r"^\s*date\s*:?\s*(\S+)(?:\s+(.*))?$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEADER = re.compile(r"^\s*(title|source|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_ID_UNSAFE = re.compile(r"[^\w.-]+")


class Kind(IntEnum):
    SENTENCE = 0
    HEADING = 1


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence of the story, or a section heading, with where it stands."""

    kind: Kind
    text: str
    paragraph: int  # index of the paragraph (headings count as paragraphs)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    date: dt.date
    title: str
    source: str
    url: str
    units: tuple[Unit, ...]  # sentences and headings in article order
    credits: tuple[str, ...] = ()

    @property
    def sentences(self) -> list[str]:
        return [u.text for u in self.units if u.kind is Kind.SENTENCE]


def normalize_id(name: str) -> str:
    """The article id for a file name, or for an id as a person typed it: `.txt` dropped,
    each run of characters other than letters, digits, `_`, `.` and `-` made one `-`,
    lower case. "2024-06-05 Freiburg Radwege.txt" and "2024-06-05-FREIBURG-radwege" are
    both "2024-06-05-freiburg-radwege". Empty when nothing is left."""
    stem = name.strip()
    if stem.lower().endswith(".txt"):
        stem = stem[: -len(".txt")]
    return _ID_UNSAFE.sub("-", stem).strip("-").lower()


def date_warning(date: dt.date, today: dt.date) -> str:
    """Why `date` is unlikely for a news article, or "" when it is plausible: before
    1900, or more than `FUTURE_DAYS_ALLOWED` days after `today`."""
    if date < EARLIEST_PLAUSIBLE_DATE:
        return f"date {date.isoformat()} is before {EARLIEST_PLAUSIBLE_DATE.year}; is it a typo?"
    if date > today + dt.timedelta(days=FUTURE_DAYS_ALLOWED):
        return f"date {date.isoformat()} is in the future (today is {today.isoformat()})"
    return ""


def parse_article(text: str, article_id: str, where: str | None = None) -> Article:
    """Parse the text of one article file; `where` names it in error messages."""
    where = where or article_id
    lines = text.lstrip("\ufeff").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ArticleError(where, "the file is empty; an article starts with 'date YYYY-MM-DD'")
    date, rest = _parse_date_line(lines[first], where, first + 1)
    headers, body_start = _parse_headers(lines, first + 1)
    body = ([rest] if rest else []) + lines[body_start:]
    units, credits = _parse_body(body)
    if not any(u.kind is Kind.SENTENCE for u in units):
        raise ArticleError(where, "no article text after the date and headers; add the text")
    title = headers.get("title") or _derive_title(units)
    return Article(
        id=article_id,
        date=date,
        title=title,
        source=headers.get("source", ""),
        url=headers.get("url", ""),
        units=tuple(units),
        credits=tuple(credits),
    )


def _parse_date_line(line: str, where: str, number: int) -> tuple[dt.date, str]:
    match = _DATE_LINE.match(line)
    got = shorten(line.strip(), 40)
    if not match:
        raise ArticleError(where, f"expected 'date YYYY-MM-DD', got {got!r}", number)
    value = match.group(1).rstrip(".,;")
    if not _ISO_DATE.match(value):
        reason = f"expected an ISO date like 2022-03-14, got {value!r}"
        raise ArticleError(where, reason, number)
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise ArticleError(where, f"{value!r} is not a real date", number) from None
    return date, (match.group(2) or "").strip()


def _parse_headers(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    i = start
    while i < len(lines) and (match := _HEADER.match(lines[i])):
        key = match.group(1).lower()
        if key in headers:
            break  # a repeated header is text, not a header
        headers[key] = normalize_space(match.group(2))
        i += 1
    return headers, i


def _parse_body(lines: list[str]) -> tuple[list[Unit], list[str]]:
    units: list[Unit] = []
    credits: list[str] = []
    for paragraph, block in enumerate(_blocks(lines)):
        if len(block) == 1 and is_credit_line(block[0]):
            credits.append(block[0])
        elif len(block) == 1 and is_heading(block[0]):
            units.append(Unit(Kind.HEADING, block[0], paragraph))
        else:
            joined = normalize_space(" ".join(block))
            units.extend(Unit(Kind.SENTENCE, s, paragraph) for s in split_sentences(joined))
    return units, credits


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines, each line stripped and whitespace-normalized."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        cleaned = normalize_space(line)
        if cleaned:
            blocks[-1].append(cleaned)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _derive_title(units: list[Unit]) -> str:
    first = next(u.text for u in units if u.kind is Kind.SENTENCE)
    return shorten(first.rstrip("."), TITLE_MAX_CHARS)
