"""Discord-ready text for answers, summaries and article lists; pure, no discord import.

Everything here fits Discord's limits by construction: long sentences are cut at a word
with an ellipsis, and text that came from people or articles is escaped so it cannot
inject markdown or mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core import limits
from bot.core.answer import Answer, Hit
from bot.core.corpus import ArticleInfo
from bot.core.text import shorten
from bot.core.tokens import Tokenizer

CONTENT_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
QUOTE_LIMIT = 700  # one quoted sentence; longer ones are cut at a word

_MARKDOWN = re.compile(r"([\\*_~`|>#\[\]<])")
_MENTION = re.compile(r"@(?=[^\s])")

# Each reason's text is stable (tests look for it); the empty question's is followed by
# `newest_example`, which depends on the corpus.
NO_ANSWER = {
    "empty": "Ask a question about the articles.",
    "stopwords": "That question has no searchable words. Name who or what it is about.",
    "no match": "No confident answer: no article mentions those words.",
    "low confidence": "No confident answer: the articles only touch on part of that question.",
    "chat": "That reads as chat, not a question about the articles.",
}
NO_ANSWER_HINT = "Try the names, places or numbers the article would use, or see /articles."
PARTIAL = "Partial match"
PARTLY_ANSWERED = "The articles only partly answer this; these sentences come closest."
NOTE_LIMIT = 300  # the core's notes are one short sentence; this bounds a surprise


def newest_example(newest: ArticleInfo) -> str:
    """A pointer to what can be asked about: the newest article's title and date."""
    return f"The newest is “{shorten(newest.title, 100)}” ({newest.date.isoformat()})."


def no_answer_text(reason: str, newest: ArticleInfo | None = None) -> str:
    """Why there is no answer, as plain text; an empty question also gets an example."""
    if reason == "empty" and newest is not None:
        return f"{NO_ANSWER[reason]} {newest_example(newest)}"
    return NO_ANSWER[reason]


@dataclass(frozen=True, slots=True)
class EmbedSpec:
    """What one embed shows; the Discord layer turns it into a `discord.Embed`."""

    title: str = ""
    description: str = ""
    url: str = ""
    footer: str = ""
    fields: tuple[tuple[str, str], ...] = ()

    def size(self) -> int:
        return sum(map(len, (self.title, self.description, self.footer))) + sum(
            len(name) + len(value) for name, value in self.fields
        )


@dataclass(frozen=True, slots=True)
class Reply:
    content: str = ""
    embeds: tuple[EmbedSpec, ...] = field(default_factory=tuple)


def escape(text: str) -> str:
    """Text shown as-is: markdown characters escaped, mentions broken with a zero-width space."""
    return _MENTION.sub("@\u200b", _MARKDOWN.sub(r"\\\1", text))


def bold_matches(text: str, terms: Sequence[str], tokenizer: Tokenizer) -> str:
    """`text` escaped, with the words whose term is in `terms` in bold."""
    wanted = set(terms)
    out: list[str] = []
    last = 0
    for start, end, term in tokenizer.spans(text):
        if term in wanted:
            out.append(escape(text[last:start]))
            out.append(f"**{escape(text[start:end])}**")
            last = end
    out.append(escape(text[last:]))
    return "".join(out).replace("****", "")  # adjacent bold runs join into one


def quote_hit(hit: Hit, tokenizer: Tokenizer, limit: int = QUOTE_LIMIT) -> str:
    """One quote: the sentence (cut at a word), matched words in bold, then its citation,
    which a partial match starts with "Partial match"."""
    sentence = shorten(hit.text, limit)
    where = (
        "heading" if hit.heading else f"sentence {hit.sentence_index + 1} of {hit.sentence_count}"
    )
    mark = f"**{PARTIAL}** · " if hit.partial else ""  # first: where a skimming eye lands
    title = escape(shorten(hit.article.title, 120))
    cite = f"— {mark}*{title}*, {hit.article.date.isoformat()}, {where}"
    if hit.article.source:
        cite += f", {escape(shorten(hit.article.source, 60))}"
    if hit.article.url and len(hit.article.url) <= 300 and _safe_url(hit.article.url):
        cite += f" · [link](<{hit.article.url}>)"
    return f"> “{bold_matches(sentence, hit.matched, tokenizer)}”\n{cite}"


def answer_reply(answer: Answer, tokenizer: Tokenizer, newest: ArticleInfo | None = None) -> Reply:
    """The reply to a question: the quotes in one embed, or one sentence saying why not
    (for an empty question, with the `newest` article as an example of what to ask about).
    When no quote is a sure answer, a line above them says so; the answer's note (how its
    dates were read) goes in a line below."""
    title = escape_title(shorten(answer.question.strip(), EMBED_TITLE_LIMIT - 2) or "Question")
    note = f"*{escape(shorten(answer.note, NOTE_LIMIT))}*" if answer.note else ""
    if not answer.answered:
        text = f"{escape(no_answer_text(answer.reason, newest))} {NO_ANSWER_HINT}"
        return Reply(embeds=(EmbedSpec(title=title, description=_lines(text, note)),))
    head = PARTLY_ANSWERED if all(hit.partial for hit in answer.hits) else ""
    budget = (EMBED_DESCRIPTION_LIMIT - 200 - len(head) - len(note)) // len(answer.hits)
    quotes = [quote_hit(hit, tokenizer) for hit in answer.hits]
    quotes = [_fit(q, hit, tokenizer, budget) for q, hit in zip(quotes, answer.hits, strict=True)]
    embed = EmbedSpec(
        title=title,
        description=_lines(head, *quotes, note),
        footer="Quoted from the articles; “Context” shows the sentences around a quote.",
    )
    return Reply(embeds=(embed,))


def _lines(*parts: str) -> str:
    """The non-empty parts, a blank line apart."""
    return "\n\n".join(part for part in parts if part)


def escape_title(text: str) -> str:
    return shorten(escape(text), EMBED_TITLE_LIMIT)


def _fit(quote: str, hit: Hit, tokenizer: Tokenizer, budget: int) -> str:
    limit = QUOTE_LIMIT
    while len(quote) > budget and limit > 40:
        limit //= 2
        quote = quote_hit(hit, tokenizer, limit)
    return quote[:budget]


_URL = re.compile(r"https?://[^\s<>()\x00-\x1f\x7f]+\.[^\s<>()\x00-\x1f\x7f]+")


def _safe_url(url: str) -> bool:
    """A plain http(s) URL with a host: safe in a masked link and as an embed's URL."""
    return bool(_URL.fullmatch(url))


def summary_reply(info: ArticleInfo, sentences: Sequence[str], total: int) -> Reply:
    lines = [f"• {escape(shorten(s, QUOTE_LIMIT))}" for s in sentences]
    description = _join_within(lines, EMBED_DESCRIPTION_LIMIT - 100)
    footer = f"{info.date.isoformat()} · {len(sentences)} of {total} sentences, in article order"
    embed = EmbedSpec(
        title=escape_title(info.title),
        description=description,
        url=info.url if _safe_url(info.url) else "",
        footer=footer,
    )
    return Reply(embeds=(embed,))


def article_line(info: ArticleInfo) -> str:
    return (
        f"**{escape(shorten(info.title, 150))}**\n"
        f"{info.date.isoformat()} · {info.sentence_count} sentences · id `{info.id}`"
    )


def article_pages(articles: Sequence[ArticleInfo], per_page: int = 10) -> list[EmbedSpec]:
    """The article list as pages of at most `per_page` articles, newest first."""
    ordered = sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
    chunks = [ordered[i : i + per_page] for i in range(0, len(ordered), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        description = _join_within([article_line(a) for a in chunk], EMBED_DESCRIPTION_LIMIT)
        pages.append(
            EmbedSpec(
                title=f"Articles ({len(ordered)})",
                description=description or "No articles are loaded.",
                footer=f"Page {number} of {len(chunks)}",
            )
        )
    return pages


def context_reply(units: Sequence[tuple[int, str]], focus: int, info: ArticleInfo) -> Reply:
    """The sentences around a quote, the quoted one in bold."""
    lines = []
    for unit, text in units:
        shown = escape(shorten(text, QUOTE_LIMIT))
        lines.append(f"**{shown}**" if unit == focus else shown)
    embed = EmbedSpec(
        title=escape_title(info.title),
        description=_join_within(lines, EMBED_DESCRIPTION_LIMIT - 100, " "),
        footer=info.date.isoformat(),
    )
    return Reply(embeds=(embed,))


def _join_within(parts: Sequence[str], limit: int, separator: str = "\n") -> str:
    """Join as many parts as fit in `limit` characters, marking what was left out."""
    out: list[str] = []
    used = 0
    for n, part in enumerate(parts):
        extra = len(part) + (len(separator) if out else 0)
        if used + extra > limit - 30:
            out.append(f"(and {len(parts) - n} more)")
            break
        out.append(part)
        used += extra
    return separator.join(out)[:limit]


def reload_text(
    ok: bool,
    articles: int,
    sentences: int,
    seconds: float,
    skipped: Sequence[str],
    error: str = "",
    unchanged: bool = False,
) -> str:
    """The admin's private report of a reload, within Discord's content limit."""
    if ok and unchanged:
        head = (
            f"No article file changed: still serving {articles} articles,"
            f" {sentences:,} sentences (checked in {seconds:.2f} s)."
        )
    elif ok:
        head = f"Reloaded {articles} articles, {sentences:,} sentences in {seconds:.2f} s."
    else:
        head = (
            f"Reload failed, nothing changed: still serving {articles} articles"
            f" ({sentences:,} sentences). {escape(shorten(error, 600))}"
        )
    lines = [head]
    if skipped:
        lines.append(f"Skipped {len(skipped)} files:")
        lines.extend(f"• {escape(shorten(s, 300))}" for s in skipped)
    return _join_within(lines, CONTENT_LIMIT)


HELP = (
    "I answer questions about the news articles loaded here, quoting the articles' own "
    "sentences with their title and date, so every answer can be checked.\n\n"
    f"**/ask** `question` — the best-matching sentences (up to {limits.MAX_ANSWERS};"
    " `article` narrows the search, `since` and `until` keep to articles of those dates,"
    " written YYYY-MM-DD).\n"
    "**/summary** — the key sentences of an article, in order (default: the newest).\n"
    "**/articles** — what I know about: titles, dates, sizes.\n"
    "**Mention me** with a question, e.g. `@bot what did China say about sanctions?`\n\n"
    "**Dates** in a question narrow it to those days: “What happened on 14 August?”, "
    "“news from May 2024”. “This week” and “yesterday” are read against the newest article's "
    "date, and the answer says so; “the latest on…” puts the newest articles' quotes first.\n"
    f"**{PARTIAL}** marks a quote that holds only part of what you asked: the closest the "
    "articles come, not a sure answer.\n\n"
    "Tips: use the names, places and numbers an article would use. When nothing matches "
    "well I say so rather than guess. **Context** under an answer shows the sentences around "
    "a quote. Admins can **/reload** the articles."
)
