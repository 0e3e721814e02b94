"""`python -m evaluation COMMAND [OPTIONS]`: quality and speed figures, outside the bot.

Each command is a module here with its own `main(argv)` and `--help`.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {  # command: (module, what it measures)
    "eval": ("qa", "answer quality on SQuAD, with BBC distractors, and abstention"),
    "eval-news": ("news", "answer quality on hand-written news questions, three regimes"),
    "split": ("splitting", "the sentence splitter on BBC reference sentences"),
    "summaries": ("summaries", "/summary scored with ROUGE on BBC News Summary"),
    "bench": ("bench", "build, queries, restart and memory, 1k to 1M sentences"),
    "discord-load": ("discord_load", "the bot under concurrent /ask against the fake Discord"),
    "lexicon": ("lexicon", "build bot/core/data/lexicon.tsv.gz from a local WordNet 3.0"),
    "experiments": ("experiments", "variants of the fit, cross-validated by article"),
    "fit": ("fit", "fit the reranker and the confidence (writes bot/core/weights/*.json)"),
}


def usage() -> str:
    lines = ["usage: python -m evaluation COMMAND [OPTIONS]", "", "commands:"]
    lines += [f"  {name:<16}{text}" for name, (_, text) in COMMANDS.items()]
    lines += [
        "",
        "Data: ../shared/data by default (see docs/evaluation.md); --data PATH to change.",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(usage(), file=sys.stderr if argv and argv[0] not in ("-h", "--help") else sys.stdout)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(f"evaluation.{COMMANDS[argv[0]][0]}")
    status: int = module.main(argv[1:]) or 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
