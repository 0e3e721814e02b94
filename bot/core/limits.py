"""Defaults and limits shared by the core, the config, the CLI and the Discord commands.

Defined once, here, so the config's validation, the CLI's options and the slash
commands' ranges cannot drift apart. Standard library only: `bot.config` imports this
module, and reading the config must not load numpy, scipy or nltk.
"""

from __future__ import annotations

# Quotes per answer. Five fit one Discord embed with room to spare: each quote gets
# about (4096 - 200) / 5 = 779 characters, more than a full 700-character quote and
# its citation (`render.answer_reply`).
MIN_ANSWERS = 1
MAX_ANSWERS = 5
DEFAULT_ANSWERS = 3

# How sure the bot must be to show an answer at all, and to show it as an answer rather
# than a "partial match"; answer channels, where ordinary chat is posted, ask for more.
# `python -m evaluation eval-news` prints what each bar answers and abstains on
# (docs/evaluation.md has the curve and the choice).
DEFAULT_MIN_CONFIDENCE = 0.35
SURE_CONFIDENCE = 0.6
CHANNEL_MIN_CONFIDENCE = 0.4

MIN_SUMMARY_SENTENCES = 1
MAX_SUMMARY_SENTENCES = 10
DEFAULT_SUMMARY_SENTENCES = 3

# Article files larger than this are skipped and reported.
DEFAULT_MAX_ARTICLE_BYTES = 5_000_000
MAX_ARTICLE_BYTES_LIMIT = 2**31
