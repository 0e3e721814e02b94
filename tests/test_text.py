from __future__ import annotations

import pytest

from bot.core.text import is_credit_line, is_heading, normalize_space, shorten, split_sentences


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The U.S. Senate voted. Then Gen. Smith left.",
            ["The U.S. Senate voted.", "Then Gen. Smith left."],
        ),
        (
            "Mr. Smith paid $1.13bn on Jan. 5. It rose 3.5%. He got £3.13m. Next.",
            ["Mr. Smith paid $1.13bn on Jan. 5.", "It rose 3.5%.", "He got £3.13m.", "Next."],
        ),
        ("Then J. K. Rowling left. She smiled.", ["Then J. K. Rowling left.", "She smiled."]),
        (
            "He was “grieved on the situation. “We sincerely hope,” he added.",
            ["He was “grieved on the situation.", "“We sincerely hope,” he added."],
        ),
        (
            "It was ‘rock solid’. Kyiv’s allies agreed.",
            ["It was ‘rock solid’.", "Kyiv’s allies agreed."],
        ),
        ('He said: "Stop." Then he left.', ['He said: "Stop."', "Then he left."]),
        ("He works for Warner Bros. He said so.", ["He works for Warner Bros.", "He said so."]),
        ("It was secure... If this holds, fine.", ["It was secure...", "If this holds, fine."]),
        (
            "China's Baoshan Iron and Steel Co. said no.",
            ["China's Baoshan Iron and Steel Co. said no."],
        ),
        (
            "It is ranked No. 1 again. He said no. 12 people came.",
            ["It is ranked No. 1 again.", "He said no.", "12 people came."],
        ),
        (
            "Lefevre (c. 1455–1536) had ca. 2 million readers (p. 12). Plan B. Then go.",
            ["Lefevre (c. 1455–1536) had ca. 2 million readers (p. 12).", "Plan B.", "Then go."],
        ),
        (
            "Roe v. The State was cited by J. A. Hobson. It was heard by Malcolm X. He spoke.",
            [
                "Roe v. The State was cited by J. A. Hobson.",
                "It was heard by Malcolm X.",
                "He spoke.",
            ],
        ),
        (
            "For example, E.I. du Pont set up a mill. J.R.R. Tolkien wrote in the U.K. He won.",
            [
                "For example, E.I. du Pont set up a mill.",
                "J.R.R. Tolkien wrote in the U.K.",
                "He won.",
            ],
        ),
        ("", []),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


def test_sentences_are_substrings() -> None:
    paragraph = "One.  Two?   “Three!” Four"
    for sentence in split_sentences(paragraph):
        assert sentence in paragraph


@pytest.mark.parametrize(
    "line",
    ["China is deeply concerned about Ukraine", "Over 600 Ukrainian civilians killed, claims UN"],
)
def test_headings(line: str) -> None:
    assert is_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "He added that the situation was grave.",
        "“We hope so,” he said",  # ends in a quote: speech, not a heading
        "A very long line that goes on and on without any end punctuation at all for"
        " more than fourteen words is a paragraph",
        "2022",
        "",
    ],
)
def test_not_headings(line: str) -> None:
    assert not is_heading(line)


@pytest.mark.parametrize(
    "line", ["(Image: AP)", "Photo: Reuters", "(Reuters)", "Image credit: BBC"]
)
def test_credit_lines(line: str) -> None:
    assert is_credit_line(line)


def test_not_credit_line() -> None:
    assert not is_credit_line("Sources say the talks failed (again) on Monday.")


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("alpha beta gamma", 100) == "alpha beta gamma"
    assert shorten("alpha beta gamma delta", 13) == "alpha beta…"
    assert len(shorten("x" * 50, 10)) == 10
    assert shorten("anything", 1) == "…"


def test_normalize_space_removes_zero_width() -> None:
    assert normalize_space(" a\u200b\u200b b\t\nc ") == "a b c"


def test_fast_path_agrees_with_plain_punkt() -> None:
    from bot.core.text import _Annotating, _punkt

    # nltk's own patterns and token class, with the project's rules but no fast path
    plain = _Annotating(_punkt()._params)
    paragraphs = [
        "He said so. Then he left! Did he? Yes. “Quite,” she said. The U.S. Senate met.",
        "It was secure... If so, fine. Mr. Smith met Gen. Jones on Jan. 5. It rained.",
        "Warner Bros. He said. Acme Co. said no. J. K. Rowling wrote. It cost $1.13bn. Done.",
        "Word. lowercase follows. e.g. this one. x-ray. Next. 2004. The end.",
        "Very bad acting!!! I promise. (Quoted.) Next one. ‘Single.’ Last",
        "Ranked No. 1. He said no. 12 came. Nos. 3 and 4. (ca. 1900) Art. 5 and para. 2 apply.",
        "Plan B. Then J. A. Hobson and Roe v. The State. Size n. If so, Malcolm X. He spoke.",
    ]
    for paragraph in paragraphs:
        assert list(_punkt().span_tokenize(paragraph)) == list(plain.span_tokenize(paragraph))
