from __future__ import annotations

import datetime as dt

import pytest

from bot.core.article import Article, Kind, date_warning, normalize_id, parse_article
from bot.core.errors import ArticleError
from tests.conftest import SEEDS


def seed_article() -> Article:
    path = next(SEEDS.glob("*.txt"))
    return parse_article(path.read_text(encoding="utf-8"), "seed")


def test_seed_date_line_carries_text() -> None:
    article = seed_article()
    assert article.date == dt.date(2022, 3, 14)
    assert article.sentences[0].startswith("Amidst its ongoing invasion of Ukraine")


def test_seed_headings_are_kept_apart() -> None:
    article = seed_article()
    headings = [u.text for u in article.units if u.kind is Kind.HEADING]
    assert headings == [
        "China is deeply concerned about Ukraine",
        "Over 600 Ukrainian civilians killed, claims UN",
    ]
    assert not any("Ukraine Addressing" in s for s in article.sentences)
    assert article.sentences[7].startswith("Addressing reporters")


def test_seed_credit_line_is_not_text() -> None:
    article = seed_article()
    assert article.credits == ("(Image: AP)",)
    assert not any("Image" in s for s in article.sentences)
    assert len(article.sentences) == 16


def test_derived_title_is_short() -> None:
    title = seed_article().title
    assert title.startswith("Amidst its ongoing invasion") and len(title) <= 80


def test_headers() -> None:
    text = (
        "date: 2024-01-02\ntitle: A Title\nsource: Example News\nurl: https://x.test/a\n\n"
        "Body one. Body two."
    )
    article = parse_article(text, "a")
    assert (article.title, article.source, article.url) == (
        "A Title",
        "Example News",
        "https://x.test/a",
    )
    assert article.sentences == ["Body one.", "Body two."]


def test_wrapped_lines_join_into_one_paragraph() -> None:
    article = parse_article("date 2024-01-02\n\nThe first line\ngoes on here. Second.", "a")
    assert article.sentences == ["The first line goes on here.", "Second."]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a: the file is empty"),
        ("dte 2022-01-01 text", "a line 1: expected 'date YYYY-MM-DD', got 'dte 2022-01-01 text'"),
        ("date 2022-02-30 text.", "a line 1: '2022-02-30' is not a real date"),
        (
            "date 14/03/2022 text.",
            "a line 1: expected an ISO date like 2022-03-14, got '14/03/2022'",
        ),
        ("date 2022-01-01\ntitle: only a header\n", "a: no article text"),
        ("\n\n  date 2022-01-01\n\n(Image: AP)", "a: no article text"),
    ],
)
def test_bad_articles_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ArticleError) as error:
        parse_article(text, "a")
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    "typed",
    [
        "2024-06-05-freiburg-radwege",
        "2024-06-05-FREIBURG-radwege",
        "2024-06-05 Freiburg Radwege.txt",
        " 2024-06-05-freiburg-radwege.TXT ",
    ],
)
def test_ids_as_typed_normalize_like_file_names(typed: str) -> None:
    assert normalize_id(typed) == "2024-06-05-freiburg-radwege"


def test_normalize_id_keeps_dots_and_underscores_and_may_be_empty() -> None:
    assert normalize_id("v1.2_final.txt") == "v1.2_final"
    assert normalize_id("!!!.txt") == ""


def test_date_warning_flags_dates_unlikely_for_news() -> None:
    today = dt.date(2024, 5, 1)
    assert date_warning(dt.date(1900, 1, 1), today) == ""
    assert date_warning(dt.date(2024, 5, 4), today) == ""  # time zones, tomorrow's paper
    assert date_warning(dt.date(1899, 12, 31), today).startswith("date 1899-12-31 is before 1900")
    assert date_warning(dt.date(2024, 5, 5), today) == (
        "date 2024-05-05 is in the future (today is 2024-05-01)"
    )
