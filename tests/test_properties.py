"""Properties of the core over arbitrary input (hypothesis): nothing raises, quotes are the
articles' own text, rankings are deterministic, replies fit Discord and escape what they show.

Inputs mix plain news words with the text people paste into Discord: zero-width and
right-to-left marks, emoji sequences, control characters, NFKC-changing letters (ligatures,
circled digits), markdown, mentions, code fences and lone surrogates. Lone surrogates cannot
come from an article file (seeds.read_article decodes strict UTF-8) but can arrive in a
question (JSON may carry "\\ud800"), so they are in questions and in the pure text functions,
not in the articles a corpus is built from.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from typing import Literal

import numpy as np
import pytest
from hypothesis import HealthCheck, event, example, given, settings, target
from hypothesis import strategies as st

from bot.app.embeds import embeds
from bot.core import render
from bot.core.answer import MAX_ANSWERS, Answer, ask
from bot.core.article import Article, Kind, parse_article
from bot.core.bm25 import VARIANTS, BM25Index, BM25Params, GroupedBM25
from bot.core.corpus import ArticleInfo, Corpus
from bot.core.errors import ArticleError
from bot.core.text import is_heading, normalize_space, split_sentences
from bot.core.tokens import Tokenizer
from fakecord import limits as limits

# Modest by default so the suite stays fast; PROPERTY_EXAMPLES=2000 for a deeper search.
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CORPUS = settings(
    max_examples=max(EXAMPLES // 2, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TOKENIZER = Tokenizer()

# -- strategies -------------------------------------------------------------------------------

NEWS = (
    "Russia China asked said budget council approved Monday Mr. Dr. U.S. e.g. 3.5 1,000 "
    "$1.13bn don't O'Connor Kyiv’s “rock solid” the what is a of (Image: AP) … ? ! . , ;"
).split()
MARKUP = [
    "@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>", "</ask:1>", "<t:0:R>",
    "**bold**", "```py\ncode```", "`x`", "> quote", ">>> all", "# head", "-# small", "- item",
    "[link](https://x.y)", "||spoiler||", "__under__", "~~gone~~", "\\", "@", ":smile:",
]  # fmt: skip
ODD = [
    *"\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067",
    *"\u2068\u2069\u061c\x00\x01\x07\x08\x1b\x7f\xa0\u3000\t\x85\u2028\u2029\x0b\x0c\x1c",
    "😀", "👍🏽", "👨‍👩‍👧", "🇺🇦", "ﬁ", "ß", "İ", "ǅ", "①", "½", "²", "e\u0301", "\u0301",
    "ﷺ", "𝐀", "Ⅻ", "ʼ", "’", "`", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "עברית",
]  # fmt: skip
LONG = ["a" * 1200, "word " * 300, "*" * 900, "@x " * 400, "<@&1> " * 200, "Russia " * 150]
LINE_BREAKS = dict.fromkeys(map(ord, "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), " ")


def fragments(surrogates: bool, long: bool = False) -> st.SearchStrategy[str]:
    excluded: tuple[Literal["Cs"], ...] = () if surrogates else ("Cs",)
    chars = st.characters(exclude_categories=excluded)
    choices = [st.sampled_from(NEWS), st.sampled_from(MARKUP), st.sampled_from(ODD), chars]
    choices.append(st.sampled_from([" ", " ", "  ", "\n", "\n\n"]))
    if long:
        choices.append(st.sampled_from(LONG))
    return st.one_of(choices)


def texts(surrogates: bool = True, long: bool = False, size: int = 30) -> st.SearchStrategy[str]:
    return st.lists(fragments(surrogates, long), max_size=size).map("".join)


ANY_TEXT = texts()  # lone surrogates included: any Python str
FILE_TEXT = texts(surrogates=False, long=True)  # what a UTF-8 file can hold


def one_line(text: str) -> str:
    return text.translate(LINE_BREAKS)


@st.composite
def lines(draw: st.DrawFn) -> str:
    """One non-blank line of an article body (a plain word keeps it from being blank)."""
    before, after = draw(FILE_TEXT), draw(FILE_TEXT)
    return one_line(f"{before} {draw(st.sampled_from(NEWS[:12]))} {after}")


FIXED = "The council approved the budget on Monday in Kyiv, Mr. O'Connor said."


@st.composite
def article_files(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """(file text, its paragraphs as lists of lines): the date line, headers, a blank line,
    then paragraphs separated by blank lines, so paragraph i of the list is block i."""
    paragraphs = draw(st.lists(st.lists(lines(), min_size=1, max_size=3), max_size=4))
    paragraphs.insert(draw(st.integers(0, len(paragraphs))), [FIXED])
    headers = [f"{key}: {one_line(draw(FILE_TEXT))}" for key in ("title", "source")]
    url = draw(st.sampled_from(["", "https://example.com/a", "https://a@everyone/*_", "ftp://x"]))
    body = "\n\n".join("\n".join(block) for block in paragraphs)
    return "\n".join(["date 2024-01-02", *headers, f"url: {url}", "", body]), paragraphs


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[Article], dict[str, list[list[str]]]]:
    files = draw(st.lists(article_files(), min_size=1, max_size=3))
    articles = [parse_article(text, f"a{n}") for n, (text, _) in enumerate(files)]
    return articles, {f"a{n}": paragraphs for n, (_, paragraphs) in enumerate(files)}


ANSWERABLE = [*FIXED.split(), "Russia", "China", "word", "asked", "said", "x"]


def crowded_case() -> tuple[list[Article], dict[str, list[list[str]]]]:
    """Ten-plus long, distinct, fully matching sentences full of markdown: the most a reply
    can hold, with every quote, title and source doubled by escaping."""
    paragraphs = [
        [f"Russia asked China about topic{n} alpha{n} beta{n} gamma{n} " + "*_@<" * 300 + "."]
        for n in range(12)
    ]
    body = "\n\n".join(block[0] for block in paragraphs)
    url = "https://example.com/" + "a" * 270
    text = f"date 2024-01-02\ntitle: {'*_' * 60}\nsource: {'@' * 80}\nurl: {url}\n\n{body}"
    return [parse_article(text, "a0")], {"a0": paragraphs}


QUESTIONS = st.lists(
    st.one_of(st.sampled_from(ANSWERABLE), fragments(surrogates=True)), max_size=12
).map(" ".join)

# -- checks -----------------------------------------------------------------------------------

MARKDOWN = frozenset("\\*_~`|>#[]<")
_LINK = re.compile(r"\[link\]\(<https?://[^\s<>()]*>\)")


def unescape(text: str) -> str:
    return re.sub(r"\\([\\*_~`|>#\[\]<])", r"\1", text.replace("@\u200b", "@"))


def assert_escaped(text: str) -> None:
    """Every markdown character is backslash-escaped; every '@' is followed by a zero-width
    space, whitespace or nothing, so it can start no mention."""
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            assert i + 1 < len(text) and text[i + 1] in MARKDOWN, (text, i)
            i += 2
            continue
        assert char not in MARKDOWN, (text, i)
        if char == "@":
            following = text[i + 1 : i + 2]
            assert following in ("", "\u200b") or following.isspace(), (text, i)
        i += 1


def assert_fits(reply: render.Reply) -> None:
    """Within Discord's limits, counted here and by the fake Discord's own checks."""
    assert len(reply.content) <= render.CONTENT_LIMIT
    assert len(reply.embeds) <= 10
    total = 0
    for spec in reply.embeds:
        assert len(spec.title) <= render.EMBED_TITLE_LIMIT
        assert len(spec.description) <= render.EMBED_DESCRIPTION_LIMIT
        assert len(spec.footer) <= render.EMBED_FOOTER_LIMIT
        total += len(spec.title) + len(spec.description) + len(spec.footer)
        total += sum(len(name) + len(value) for name, value in spec.fields)
    assert total <= render.EMBED_TOTAL_LIMIT
    body = {"content": reply.content, "embeds": [e.to_dict() for e in embeds(reply)]}
    assert limits.message_problems(body) == []


def assert_cannot_mention(text: str) -> None:
    """No '@everyone', '@here' or '<@…>' / '<#…>' / '</…>' outside the renderer's own links."""
    shown = _LINK.sub("", text)
    assert "@everyone" not in shown and "@here" not in shown, shown
    i = 0
    while i < len(shown):
        if shown[i] == "\\":
            i += 2
            continue
        assert shown[i] != "<", (shown, i)
        i += 1


def info(title: str = "T", source: str = "", url: str = "") -> ArticleInfo:
    return ArticleInfo("a", title, dt.date(2024, 1, 2), source, url, 0, 1, 1)


# -- text, tokens, articles -------------------------------------------------------------------


@FAST
@given(ANY_TEXT)
@example("Mr. Smith went to Washington. He said “no.” Then (Image: AP)… e.g. U.S. 3.5 ok?!")
def test_split_sentences_gives_stripped_substrings_in_order(text: str) -> None:
    sentences = split_sentences(text)
    position = 0
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        found = text.find(sentence, position)
        assert found >= 0
        position = found + len(sentence)
    assert isinstance(is_heading(text), bool)


@FAST
@given(ANY_TEXT)
def test_normalized_paragraph_loses_no_text_to_sentence_splitting(text: str) -> None:
    paragraph = normalize_space(text)
    sentences = split_sentences(paragraph)
    assert "".join(sentences).replace(" ", "") == paragraph.replace(" ", "")


@FAST
@given(ANY_TEXT)
@example("ﬁnancial ①½ İstanbul ǅemal Kyiv’s O`Neil don't 1,000.5 ＲＵＳＳＩＡ")
def test_tokenizer_terms_are_single_words_and_spans_are_in_the_text(text: str) -> None:
    terms = TOKENIZER(text)
    assert all(term and not any(c.isspace() for c in term) for term in terms)
    assert " ".join(terms).split() == terms  # the corpus stores a unit's terms space-joined
    spans = list(TOKENIZER.spans(text))
    assert all(0 <= start < end <= len(text) for start, end, _ in spans)
    assert [start for start, _, _ in spans] == sorted(start for start, _, _ in spans)


@FAST
@given(ANY_TEXT)
@example("The caf\u00e9 and the cafe\u0301 opened; e\u0301te\u0301 in Qu\u00e9bec.")
@example("\u01303.5 and 3.5\u00b9, \ufdfa")  # folding that moves word boundaries
@example("U.S. and the Ünited  States, European\nUnion; united, WHO IT Is")  # (see tokens)
def test_tokenizer_spans_give_the_same_terms_as_call(text: str) -> None:
    assert [term for _, _, term in TOKENIZER.spans(text)] == TOKENIZER(text)


@FAST
@given(st.one_of(ANY_TEXT, ANY_TEXT.map(lambda t: "date 2024-02-29 " + t)))
@example("date ２０２４-０１-０２ x")
@example("\ufeffdate: 2024-01-02.\ntitle:\nsource:x\nurl:\n\n(Image: AP)\n\nHeading only")
def test_parse_article_only_raises_article_error(text: str) -> None:
    try:
        article = parse_article(text, "a")
    except ArticleError as error:
        assert str(error).startswith("a")
        return
    assert article.sentences and all(u.text for u in article.units)


@CORPUS
@given(article_files())
def test_every_sentence_is_a_substring_of_its_normalized_paragraph(
    case: tuple[str, list[list[str]]],
) -> None:
    """The invariant: each unit keeps the number of the block (run of non-blank lines) it
    came from. A heading is that block's one line, whitespace-normalized. The sentences of a
    block are non-empty, stripped, non-overlapping, in-order, exact substrings of
    P = normalize_space(" ".join(block)), and together hold all of P but its spaces."""
    text, paragraphs = case
    article = parse_article(text, "a")
    for number, block in enumerate(paragraphs):
        units = [u for u in article.units if u.paragraph == number]
        normalized = normalize_space(" ".join(block))
        if units and units[0].kind is Kind.HEADING:
            assert len(units) == 1 and len(block) == 1 and units[0].text == normalized
            continue
        position = 0
        for unit in units:
            assert unit.kind is Kind.SENTENCE and unit.text == unit.text.strip() != ""
            found = normalized.find(unit.text, position)
            assert found >= 0, (unit.text, normalized)
            position = found + len(unit.text)
        if units:
            joined = "".join(u.text for u in units).replace(" ", "")
            assert joined == normalized.replace(" ", "")


# -- answers ----------------------------------------------------------------------------------


@pytest.mark.slow
@CORPUS
@given(corpora(), QUESTIONS, st.integers(1, MAX_ANSWERS))
@example(([parse_article(f"date 2024-01-02\n\n{FIXED}", "a0")], {"a0": [[FIXED]]}), "", 3)
@example(crowded_case(), "Russia asked China?", MAX_ANSWERS)
def test_quotes_are_the_articles_own_sentences(
    case: tuple[list[Article], dict[str, list[list[str]]]], question: str, k: int
) -> None:
    """Every Hit.text is the text of its unit, the unit's own sentence (or heading) in its
    article, and so an exact substring of the normalized paragraph of the file it came from."""
    articles, paragraphs = case
    corpus = Corpus(articles)
    answer = ask(corpus, question, k)
    event(f"{len(answer.hits)} hits" if answer.answered else answer.reason)
    assert answer.answered == bool(answer.hits) and len(answer.hits) <= k
    assert answer.answered or answer.reason in render.NO_ANSWER
    by_id = {a.id: a for a in articles}
    for hit in answer.hits:
        assert hit.text == corpus.texts[hit.unit] and 0 <= hit.confidence <= 1 + 1e-9
        article = by_id[hit.article.id]
        block = paragraphs[hit.article.id][int(corpus.paragraph[hit.unit])]
        assert hit.text in normalize_space(" ".join(block))
        if not hit.heading:
            assert article.sentences[hit.sentence_index] == hit.text
            assert hit.sentence_count == len(article.sentences)
        assert set(hit.matched) <= set(corpus.tokenizer(question))


@pytest.mark.slow
@CORPUS
@given(corpora(), QUESTIONS, st.integers(1, 5))
def test_ranking_is_deterministic(
    case: tuple[list[Article], dict[str, list[list[str]]]], question: str, k: int
) -> None:
    articles, _ = case
    first, second = Corpus(articles), Corpus(articles)
    answer = ask(first, question, k)
    assert ask(first, question, k) == answer
    assert ask(second, question, k) == answer


# -- replies ----------------------------------------------------------------------------------


@FAST
@given(ANY_TEXT)
@example("@everyone **hi** <@&1> ```x``` \\*already\\* @\u200bhere [a](b) ||s|| > q # h")
def test_escape_leaves_nothing_active_and_round_trips(text: str) -> None:
    escaped = render.escape(text)
    assert_escaped(escaped)
    assert unescape(escaped) == text


@pytest.mark.slow
@CORPUS
@given(corpora(), QUESTIONS, st.integers(1, MAX_ANSWERS))
@example(crowded_case(), "Russia asked China?", MAX_ANSWERS)
@example(crowded_case(), "Russia asked China?", 1)
def test_answer_replies_fit_and_cannot_mention(
    case: tuple[list[Article], dict[str, list[list[str]]]], question: str, k: int
) -> None:
    articles, _ = case
    corpus = Corpus(articles)
    answer = ask(corpus, question, k)
    reply = render.answer_reply(answer, corpus.tokenizer)
    size = len(reply.embeds[0].description)
    target(float(size), label="description length")  # steer towards the limits
    event(f"{len(answer.hits)} hits, description of {size // 1000}k characters")
    assert_fits(reply)
    for spec in reply.embeds:
        assert_cannot_mention(spec.title + spec.description + spec.footer)


@FAST
@given(ANY_TEXT, st.sampled_from(["", *render.NO_ANSWER]), ANY_TEXT)
def test_no_answer_replies_fit(question: str, reason: str, note: str) -> None:
    reply = render.answer_reply(Answer(question, (), reason or "empty", note), TOKENIZER)
    assert_fits(reply)
    assert_cannot_mention(reply.embeds[0].title + reply.embeds[0].description)


@FAST
@given(
    st.tuples(FILE_TEXT, FILE_TEXT, st.sampled_from(["", "https://x.y/a", "javascript:x"])),
    st.lists(FILE_TEXT, max_size=12),
    st.integers(0, 10_000),
)
def test_summary_replies_fit_and_cannot_mention(
    header: tuple[str, str, str], sentences: list[str], extra: int
) -> None:
    title, source, url = header
    reply = render.summary_reply(info(title, source, url), sentences, len(sentences) + extra)
    assert_fits(reply)
    spec = reply.embeds[0]
    assert_cannot_mention(spec.title + spec.description)
    assert spec.url in ("", url) and not spec.url.startswith("javascript")


@FAST
@given(FILE_TEXT, st.lists(FILE_TEXT, min_size=1, max_size=8), st.integers(0, 7))
def test_context_replies_fit_and_cannot_mention(title: str, texts_: list[str], focus: int) -> None:
    units = list(enumerate(texts_))
    reply = render.context_reply(units, focus, info(title))
    assert_fits(reply)
    assert_cannot_mention(reply.embeds[0].title + reply.embeds[0].description)


@FAST
@given(
    st.booleans(),
    st.integers(0, 10**9),
    st.integers(0, 10**12),
    st.floats(0, 1e6),
    st.lists(FILE_TEXT, max_size=40),
    FILE_TEXT,
)
def test_reload_text_fits(
    ok: bool, articles: int, sentences: int, seconds: float, skipped: list[str], error: str
) -> None:
    text = render.reload_text(ok, articles, sentences, seconds, skipped, error)
    assert 0 < len(text) <= render.CONTENT_LIMIT
    for line in text.splitlines()[1:]:
        if line.startswith("• "):
            assert_escaped(line[2:])


def test_reload_failure_text_escapes_the_file_names_in_the_error() -> None:
    name = "seeds/@everyone **x** <@&1>.txt: the file is empty"
    error = f"no usable articles in '/srv/seeds' ({name})"
    text = render.reload_text(False, 1, 16, 0.1, [name], error)
    assert_cannot_mention(text)


# -- the index --------------------------------------------------------------------------------

TOKENS = st.sampled_from(["a", "b", "c", "d", "russia", "", " ", "x y", "ünï", "\u200b", "1,0"])
DOCS = st.lists(st.lists(TOKENS, max_size=6), max_size=7)


@st.composite
def groupings(draw: st.DrawFn, size: int) -> np.ndarray:
    steps = draw(st.lists(st.integers(0, 2), min_size=size, max_size=size))
    return np.cumsum([0, *steps[1:]]).astype(np.int64) if size else np.zeros(0, np.int64)


@FAST
@given(DOCS, st.lists(TOKENS, max_size=6), st.sampled_from(VARIANTS), st.integers(1, 8), st.data())
@example([], ["a"], "okapi", 1, None)
@example([[], []], ["a"], "plus", 3, None)
@example([["a"], ["a"]], ["a", "a"], "okapi", 1, None)
def test_bm25_never_raises_and_top_k_is_the_best(
    docs: list[list[str]],
    query: list[str],
    variant: str,
    k: int,
    data: st.DataObject | None,
) -> None:
    group = data.draw(groupings(len(docs))) if data else np.arange(len(docs), dtype=np.int64)
    index = BM25Index(docs, BM25Params(variant))
    scores = index.get_scores(query)
    assert len(scores) == len(docs) and all(map(math.isfinite, scores))
    assert all(math.isfinite(index.term_idf(t)) for t in [*query, "never-seen"])
    allowed = (
        np.array(data.draw(st.lists(st.booleans(), min_size=len(docs), max_size=len(docs))))
        if data
        else None
    )
    top = index.top_k(query, k, allowed)
    holding = [d for d, doc in enumerate(docs) if set(doc) & set(query)]
    eligible = [d for d in holding if allowed is None or allowed[d]]
    assert len(top) == min(k, len(eligible)) and {d for d, _ in top} <= set(eligible)
    assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    for doc, score in top:
        assert score == pytest.approx(scores[doc], rel=1e-9, abs=1e-12)
    worst = min((s for _, s in top), default=math.inf)
    chosen = {d for d, _ in top}
    assert all(scores[d] <= worst + 1e-9 for d in eligible if d not in chosen)
    count = int(group[-1]) + 1 if len(group) else 0
    grouped = GroupedBM25(index, np.searchsorted(group, np.arange(count)))
    group_scores = grouped.get_scores(query)
    assert len(group_scores) == count and all(map(math.isfinite, group_scores))


def test_ask_on_an_empty_corpus_says_no_match() -> None:
    corpus = Corpus([])
    for question in ("", "the", "Russia?", "\ud800"):
        answer = ask(corpus, question)
        assert not answer.answered and answer.reason in render.NO_ANSWER
