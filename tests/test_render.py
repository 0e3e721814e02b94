from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core import answer as qa
from bot.core import render
from bot.core.corpus import ArticleInfo, Corpus


def test_escape_blocks_markdown_and_mentions() -> None:
    text = render.escape("@everyone **bold** <@&123> `code` > quote [link](x)")
    assert "@everyone" not in text and "@\u200beveryone" in text
    assert "\\*\\*bold\\*\\*" in text and "\\`code\\`" in text and "\\[link\\]" in text


def test_answer_reply_bolds_matches_and_cites(seed_corpus: Corpus) -> None:
    answer = qa.ask(seed_corpus, "What has Russia asked China for?")
    reply = render.answer_reply(answer, seed_corpus.tokenizer)
    text = reply.embeds[0].description
    assert "**Russia** has **asked** **China** for military equipment" in text
    assert "2022-03-14, sentence 1 of 16" in text
    assert reply.embeds[0].title == "What has Russia asked China for?"


def test_an_empty_question_points_at_the_newest_article(seed_corpus: Corpus) -> None:
    newest = seed_corpus.newest()
    spec = render.answer_reply(qa.Answer(" ", (), "empty"), seed_corpus.tokenizer, newest)
    text = spec.embeds[0].description
    assert text.startswith(render.NO_ANSWER["empty"] + " The newest is “Amidst its ongoing")
    assert "(2022-03-14)" in text and "What has Russia asked China for" not in text
    odd = replace(newest, title="*Stars* @everyone")
    assert (
        "\\*Stars\\* @\u200beveryone"
        in render.answer_reply(qa.Answer("", (), "empty"), seed_corpus.tokenizer, odd)
        .embeds[0]
        .description
    )


def test_no_answer_is_one_sentence_with_a_hint(seed_corpus: Corpus) -> None:
    answer = qa.ask(seed_corpus, "What is the capital of France?")
    spec = render.answer_reply(answer, seed_corpus.tokenizer).embeds[0]
    assert spec.description.startswith("No confident answer")
    assert "/articles" in spec.description


def _info(**changes: object) -> ArticleInfo:
    base = dict(
        id="a",
        title="T",
        date=dt.date(2024, 1, 1),
        source="",
        url="",
        first_unit=0,
        unit_count=1,
        sentence_count=1,
    )
    base.update(changes)
    return ArticleInfo(**base)  # type: ignore[arg-type]


def _hit(text: str, info: ArticleInfo) -> qa.Hit:
    return qa.Hit(text, info, 0, 0, 1, 1.0, 1.0, ("word",))


def test_a_partial_match_is_marked_and_a_note_is_shown(seed_corpus: Corpus) -> None:
    info = _info(title="Strike ends")
    sure, partial = _hit("Dockers won a pay rise.", info), _hit("Dockers met.", info)
    partial = replace(partial, partial=True, confidence=0.4)
    note = "Dates read against the newest article's, 2024-01-01."
    mixed = render.answer_reply(qa.Answer("q", (sure, partial), "", note), seed_corpus.tokenizer)
    first, second = mixed.embeds[0].description.split("\n\n")[:2]
    assert render.PARTIAL not in first and "— **Partial match** · *Strike ends*" in second
    assert render.PARTLY_ANSWERED not in mixed.embeds[0].description
    assert mixed.embeds[0].description.endswith(f"\n\n*{render.escape(note)}*")
    only = render.answer_reply(qa.Answer("q", (partial,)), seed_corpus.tokenizer).embeds[0]
    assert only.description.startswith(render.PARTLY_ANSWERED + "\n\n> “")


def test_a_note_is_shown_without_an_answer_and_chat_has_a_reason(seed_corpus: Corpus) -> None:
    note = "No article is dated 2023-03-01 to 2023-03-31; these answers come from all of them."
    answer = qa.Answer("q", (), "no match", note)
    text = render.answer_reply(answer, seed_corpus.tokenizer).embeds[0].description
    assert text.startswith(render.NO_ANSWER["no match"]) and text.endswith(f"*{note}*")
    assert render.no_answer_text("chat") == render.NO_ANSWER["chat"]


def test_huge_answers_fit_discord_limits(seed_corpus: Corpus) -> None:
    info = _info(title="T" * 400, source="S" * 300, url="https://example.com/" + "x" * 250)
    hits = tuple(replace(_hit("word " * 2000, info), partial=True) for _ in range(5))
    answer = qa.Answer("q" * 5000, hits, note="n" * 5000)
    reply = render.answer_reply(answer, seed_corpus.tokenizer)
    spec = reply.embeds[0]
    assert len(spec.title) <= render.EMBED_TITLE_LIMIT
    assert len(spec.description) <= render.EMBED_DESCRIPTION_LIMIT
    assert spec.size() <= render.EMBED_TOTAL_LIMIT
    assert "…" in spec.description


def test_summary_and_pages_fit() -> None:
    info = _info(title="x" * 300)
    spec = render.summary_reply(info, ["y " * 3000] * 10, 40).embeds[0]
    assert len(spec.description) <= render.EMBED_DESCRIPTION_LIMIT and spec.size() <= 6000
    pages = render.article_pages([_info(id=f"a{i}", title="z" * 200) for i in range(45)])
    assert len(pages) == 5 and pages[0].footer == "Page 1 of 5"
    assert all(len(p.description) <= render.EMBED_DESCRIPTION_LIMIT for p in pages)
    assert render.article_pages([])[0].description == "No articles are loaded."


def test_reload_text_fits_and_lists_skipped_files() -> None:
    skipped = [f"seeds/bad{i}.txt: not UTF-8 (byte 3, line 1)" for i in range(200)]
    text = render.reload_text(True, 3, 52, 0.12, skipped)
    assert text.startswith("Reloaded 3 articles, 52 sentences in 0.12 s.")
    assert "seeds/bad0.txt: not UTF-8" in text and "more)" in text
    assert len(text) <= render.CONTENT_LIMIT
    failed = render.reload_text(False, 3, 52, 0.1, [], "no usable articles in 'seeds'")
    assert failed.startswith("Reload failed, nothing changed: still serving 3 articles")
    same = render.reload_text(True, 3, 52, 0.02, [], unchanged=True)
    assert same == (
        "No article file changed: still serving 3 articles, 52 sentences (checked in 0.02 s)."
    )


def test_help_tells_of_dates_and_partial_matches() -> None:
    for words in ("`since`", "`until`", "YYYY-MM-DD", "14 August", "latest", "**Partial match**"):
        assert words in render.HELP
    assert len(render.HELP) <= render.EMBED_DESCRIPTION_LIMIT
