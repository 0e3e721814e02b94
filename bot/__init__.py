"""A Discord bot that answers questions about news articles with the articles' own sentences.

Layers, imports pointing down only (tests/test_layers.py checks it; docs/architecture.md
draws the map):

    bot.cli, bot.app (the Discord layer)   entry points
    bot.storage                            the only file I/O: the seeds folder, the index
                                           cache, the served corpus and its reloads
    bot.config                             settings, loaded and validated once
    bot.core                               pure: text, tokens, BM25, ranking, confidence,
                                           answers, summaries; no discord, no file I/O
"""

__version__ = "0.1.0"
