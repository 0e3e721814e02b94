"""When a question asks about: dates and recency words, read against the articles' dates.

"What happened on August 14?", "news from May 2024", "anything this week?", "the latest
on the strike": a news reader asks by date as often as by topic. Relative words are read
against the newest article's date (the corpus's "today": an archive is not live), which
the answer then states. An explicit date narrows the articles to that day or month when
any article falls in it; a year alone ("in 2005") is usually what a story says, not when
it ran, so it narrows only a question with nothing else to search for; "last year" is
likewise left to the words ("how much did the economy grow last year?").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_PATTERNS = (
    re.compile(r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}(?:\s+of)?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?:in|during|from)\s+{_MONTH}\b", re.IGNORECASE),
    re.compile(rf"\b(?:in|during|from)\s+{_YEAR}\b", re.IGNORECASE),
)
_RELATIVE = re.compile(
    r"\b(?P<word>today|tonight|yesterday|this week|last week|past week|this month|"
    r"last month|past month|recent days|past few days)\b",
    re.IGNORECASE,
)
_RECENT = re.compile(r"\b(?:latest|newest|most recent|recent|recently)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateRange:
    """Article dates from `start` to `end`, both included."""

    start: dt.date
    end: dt.date
    relative: bool = False  # read against the newest article's date
    year_only: bool = False  # "in 2005": narrows only a question with no other terms

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class When:
    """What a question says of time: the dates it names (and where, so the words can leave
    the topic terms) and whether it asks for the newest."""

    dates: DateRange | None = None
    spans: tuple[tuple[int, int], ...] = ()
    recent: bool = False


def read(question: str, newest: dt.date) -> When:
    """The dates `question` names, relative words read against `newest`."""
    for pattern in _PATTERNS:
        match = pattern.search(question)
        if match:
            found = _absolute(match, newest)
            if found is not None:
                return When(found, (match.span(),), bool(_RECENT.search(question)))
    match = _RELATIVE.search(question)
    if match:
        return When(_relative(match.group("word").lower(), newest), (match.span(),), True)
    return When(recent=bool(_RECENT.search(question)))


def _absolute(match: re.Match[str], newest: dt.date) -> DateRange | None:
    groups = match.groupdict()
    if groups.get("iso"):
        try:
            day = dt.date.fromisoformat(groups["iso"])
        except ValueError:
            return None
        return DateRange(day, day)
    month = _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    year = int(groups["year"]) if groups.get("year") else None
    if month is None:  # "in 2005"
        assert year is not None
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), year_only=True)
    if year is None:  # "on August 14", "in May": the last such day or month up to the newest
        year = (
            newest.year
            if (month, int(groups.get("day") or 1))
            <= (
                newest.month,
                newest.day,
            )
            else newest.year - 1
        )
    if groups.get("day"):
        try:
            day = dt.date(year, month, int(groups["day"]))
        except ValueError:
            return None
        return DateRange(day, day)
    last = calendar.monthrange(year, month)[1]
    return DateRange(dt.date(year, month, 1), dt.date(year, month, last))


def _relative(word: str, newest: dt.date) -> DateRange:
    day = dt.timedelta(days=1)
    if word in ("today", "tonight"):
        return DateRange(newest, newest, relative=True)
    if word == "yesterday":
        return DateRange(newest - day, newest - day, relative=True)
    if word in ("this week", "past week", "recent days", "past few days"):
        return DateRange(newest - 6 * day, newest, relative=True)
    if word == "last week":
        return DateRange(newest - 13 * day, newest - 7 * day, relative=True)
    if word in ("this month", "past month"):
        return DateRange(newest.replace(day=1), newest, relative=True)
    end = newest.replace(day=1) - day  # last month
    return DateRange(end.replace(day=1), end, relative=True)
