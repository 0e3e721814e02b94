"""A Discord bot that answers questions about news articles with the articles' own sentences.

Layers, imports pointing down only:

    cli.py, discord layer (app.py, cogs/)   entry points
    seeds.py, index_cache.py, config.py     the only file I/O
    library.py, ratelimit.py                the served corpus and its reloads; cooldowns
    answer.py, summarize.py, render.py      composing answers, summaries, Discord-ready text
    rank.py, features.py, confidence.py,    reranking sentences with their context;
    cues.py                                 whether to answer at all
    corpus.py, units.py                     units in columns, built from chunks
    bm25.py, postings.py                    the index and the count matrices it weighs
    article.py, text.py, tokens.py          text: parsing, splitting, tokenizing
    _nltk.py                                the parts of nltk used, imported lean
    evaluation/                             quality and speed figures (needs ../shared/data)
"""

__version__ = "0.1.0"
