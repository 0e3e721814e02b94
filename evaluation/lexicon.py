"""Building the shipped lexicon from WordNet 3.0: `python -m evaluation lexicon`.

The bot reads two things from it (`bot.core.lexicon`), both as index terms (stems):

- the words of English, so that a question word the corpus lacks is told apart: a
  typo ("waitng") may be corrected, a real word ("place", "fast") never is;
- related words, for paraphrase: a word's synonyms in the senses people use (WordNet's
  sense-tagged senses, or its first sense) and the words derived from it in those
  senses ("die" ~ "death", "coach" ~ "manager", "kid" ~ "child").

WordNet is not downloaded at run time: this script reads a local copy of its database
(Debian's `wordnet-base` package puts it in /usr/share/wordnet; `apt-get download
wordnet-base && dpkg-deb -x wordnet-base_*.deb wn` unpacks it anywhere) and writes
`bot/core/data/lexicon.tsv.gz` with WordNet's licence beside it. The stems are our
tokenizer's, so a test checks the file against the tokenizer the bot runs with.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

from bot.core.tokens import STOPWORDS, Tokenizer

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
OUT = Path(__file__).resolve().parent.parent / "bot" / "core" / "data" / "lexicon.tsv.gz"
DEFAULT_WORDNET = Path("/usr/share/wordnet")
MAX_RELATED = 12  # per word: a common word's senses are many; its first ones matter


Pointer = tuple[str, str, int, int, int]  # symbol, pos, offset, source, target


def read_data(wordnet: Path) -> dict[tuple[str, int], tuple[list[str], list[Pointer]]]:
    """(pos, offset) -> (lemmas, pointers (symbol, pos, offset, source, target))."""
    synsets = {}
    for name, pos in POS.items():
        for line in (wordnet / f"data.{name}").open(encoding="latin-1"):
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset, count = int(fields[0]), int(fields[3], 16)
            lemmas = [fields[4 + 2 * i] for i in range(count)]
            n = 4 + 2 * count
            pointers = []
            for i in range(int(fields[n])):
                symbol, target, tpos, st = fields[n + 1 + 4 * i : n + 5 + 4 * i]
                pointers.append(
                    (symbol, tpos.replace("s", "a"), int(target), int(st[:2], 16), int(st[2:], 16))
                )
            synsets[(pos.replace("s", "a"), offset)] = (lemmas, pointers)
    return synsets


def read_index(wordnet: Path) -> dict[str, list[tuple[str, int]]]:
    """lemma -> its used senses as (pos, offset): the sense-tagged ones, else the first."""
    senses: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, pos in POS.items():
        for line in (wordnet / f"index.{name}").open(encoding="latin-1"):
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, synset_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
            tagged = int(fields[5 + pointer_count])
            offsets = [int(x) for x in fields[6 + pointer_count : 6 + pointer_count + synset_count]]
            senses[lemma] += [(pos, o) for o in offsets[: max(tagged, 1)]]
    return senses


def build(wordnet: Path) -> tuple[set[str], dict[str, list[str]], set[str]]:
    tokenizer = Tokenizer()
    synsets = read_data(wordnet)
    senses = read_index(wordnet)

    def stem(lemma: str) -> str | None:
        if "_" in lemma or "-" in lemma or not lemma.isalpha():
            return None
        terms = tokenizer(lemma.lower())
        return terms[0] if len(terms) == 1 else None

    words = {s for lemma in senses for s in [stem(lemma)] if s}
    # Names: terms whose every WordNet lemma is capitalized ("london", "charles"), told
    # apart from common words ("bank", "mark") by the case WordNet writes them in.
    cased = {lemma: any(c.isupper() for c in lemma) for lemma in _lemmas(synsets)}
    common = {s for lemma, upper in cased.items() if not upper for s in [stem(lemma)] if s}
    names = {s for lemma, upper in cased.items() if upper for s in [stem(lemma)] if s} - common
    related: dict[str, dict[str, None]] = defaultdict(dict)
    for lemma, used in senses.items():
        own = stem(lemma)
        if not own or lemma in STOPWORDS:
            continue
        for key in used:
            lemmas, pointers = synsets[key]
            found = [stem(other) for other in lemmas if other.lower() != lemma]
            number = next((i + 1 for i, w in enumerate(lemmas) if w.lower() == lemma), 0)
            for symbol, tpos, target, source, goal in pointers:
                if symbol == "+" and source == number and (tpos, target) in synsets:
                    found.append(stem(synsets[(tpos, target)][0][goal - 1]))
            for other in found:
                if other and other != own and other not in STOPWORDS:
                    related[own][other] = None
    capped = {w: dict.fromkeys(list(r)[:MAX_RELATED]) for w, r in related.items()}
    # Irregular forms ("children", "mice") are English words, related as their lemma, and
    # the lemma's related words are related to them ("kid" ~ "children").
    for name in POS:
        for line in (wordnet / f"{name}.exc").open(encoding="latin-1"):
            form, lemma = line.split()[:2]
            own, base = stem(form), stem(lemma)
            if not own or not base or own == base or form in STOPWORDS:
                continue
            words.add(own)
            relatives = [base, *capped.get(base, {})]
            for other in relatives:
                if other != own:
                    capped.setdefault(own, {})[other] = None
                    capped.setdefault(other, {})[own] = None
    return words, {w: list(r) for w, r in capped.items() if r}, names


def _lemmas(synsets: dict[tuple[str, int], tuple[list[str], list[Pointer]]]) -> set[str]:
    return {lemma for lemmas, _ in synsets.values() for lemma in lemmas}


def write(words: set[str], related: dict[str, list[str]], names: set[str], out: Path = OUT) -> None:
    text = io.StringIO()
    text.write(
        "# WordNet 3.0 (c) 2006 Princeton University; see LICENSE-WordNet beside this file.\n"
    )
    text.write(
        "# term<TAB>related terms (space-separated)<TAB>N when WordNet has it only as a name;"
        " every term is an English word.\n"
    )
    for word in sorted(words):
        flag = "\tN" if word in names else ""
        text.write(f"{word}\t{' '.join(related.get(word, []))}{flag}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".tmp")
    with gzip.GzipFile(temporary, "wb", mtime=0) as f:  # mtime 0: the same bytes each run
        f.write(text.getvalue().encode("utf-8"))
    temporary.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation lexicon",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--wordnet", type=Path, default=DEFAULT_WORDNET, help="WordNet's dict folder"
    )
    args = parser.parse_args(argv)
    if not (args.wordnet / "data.noun").is_file():
        print(
            f"error: no WordNet database in {args.wordnet}; see --help for where to get it",
            file=sys.stderr,
        )
        return 1
    words, related, names = build(args.wordnet)
    write(words, related, names)
    print(
        f"wrote {OUT}: {len(words)} terms, {len(related)} with related terms, "
        f"{sum(map(len, related.values()))} relations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
