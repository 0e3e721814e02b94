from __future__ import annotations

import numpy as np

from bot.core import answer as qa
from bot.core import rank
from bot.core.article import Kind, parse_article
from bot.core.bm25 import best_rows
from bot.core.corpus import Corpus
from bot.core.cues import Cue, sentence_cues, wanted
from bot.core.features import ARTICLE_EVIDENCE, FEATURES, _proximity, article_evidence
from bot.core.query import read


def test_sentence_cues() -> None:
    assert sentence_cues("He issued the edict in 1685.") == Cue.DATE
    assert sentence_cues("He met Louis in 1685.") == Cue.DATE | Cue.NAME
    assert sentence_cues("they are divided into four classes") == Cue.NUMBER
    assert sentence_cues("It cost 3.5 million in March.") & Cue.NUMBER
    assert sentence_cues("nothing here") == Cue.NONE
    assert sentence_cues("It will donate more than $8m to victims.") & Cue.MONEY
    assert sentence_cues("Inflation hit 1.6% in December.") & Cue.PERCENT
    assert sentence_cues("The 24-year-old midfielder stays.") & Cue.AGE
    assert sentence_cues("Talks have been going on for 10 years.") & Cue.DURATION
    assert sentence_cues("“We are shocked,” she said.") & Cue.STATEMENT
    assert not sentence_cues("The meeting in 2005 was short.") & Cue.NUMBER  # a year


def test_wanted_kind_of_answer() -> None:
    assert wanted("When was the edict declared?") == Cue.DATE
    assert wanted("How many classes are there?") == Cue.NUMBER
    assert wanted("Who led the army?") == Cue.NAME
    assert wanted("How much is Riggs Bank giving to the victims?") & Cue.MONEY
    assert wanted("How old is Kieran Campbell?") & Cue.AGE
    assert wanted("Why did the US say no?") == Cue.REASON
    assert wanted("What did the Chinese embassy say?") == Cue.STATEMENT
    assert wanted("Did the bribe work?") == Cue.NONE


def _corpus(*paragraphs: str) -> Corpus:
    return Corpus([parse_article("date 2024-01-01\n\n" + "\n\n".join(paragraphs), "a")])


def test_when_question_prefers_the_dated_sentence() -> None:
    corpus = _corpus("The edict was declared by the king. The edict was declared again in 1685.")
    top = qa.ask(corpus, "When was the edict declared?", min_confidence=0.0).hits[0]
    assert "1685" in top.text


def test_paragraph_context_breaks_a_tie() -> None:
    corpus = _corpus(
        "Bridges need steel. Rivets hold steel beams of the bridge.",
        "Ships need steel. Rivets hold steel plates.",
    )
    top = qa.ask(corpus, "What holds steel in a bridge?", min_confidence=0.0).hits[0]
    assert top.text == "Rivets hold steel beams of the bridge."


def test_answered_exactly_when_the_best_confidence_reaches_the_minimum(
    seed_corpus: Corpus,
) -> None:
    question = "Who will Sullivan meet in Rome?"
    best = qa.ask(seed_corpus, question, min_confidence=0.0).hits[0].confidence
    assert qa.ask(seed_corpus, question, min_confidence=best).answered
    assert qa.ask(seed_corpus, question, min_confidence=min(best + 1e-9, 1.0)).reason in (
        "low confidence",
        "",
    )


def test_proximity_is_matched_terms_over_their_smallest_window() -> None:
    tokens = ["a", "x", "b", "y", "a", "b"]
    assert _proximity(tokens, [0, 2, 4, 5]) == 1.0  # "a b" at the end: 2 terms in 2
    assert _proximity(["a", "x", "x", "b"], [0, 3]) == 0.5
    assert _proximity(["a", "x"], [0]) == 0.0


def test_features_count_the_questions_names_and_adjacent_pairs() -> None:
    corpus = _corpus("Calvin studied law in Paris. Students studied law in Lyon.")
    question = "Where did Calvin study law?"
    allowed = corpus.unit_mask(None, Kind.SENTENCE)
    docs, x = rank.pool_features(corpus, read(corpus, question), allowed)
    row = {int(d): dict(zip(FEATURES, r, strict=True)) for d, r in zip(docs, x, strict=True)}
    first, second = row[0], row[1]
    assert first["names"] == 1.0 and second["names"] == 0.0
    assert (first["bigram"], second["bigram"]) == (1.0, 0.5)  # of "calvin study", "study law"
    assert qa.ask(corpus, question, min_confidence=0.0).hits[0].text.startswith("Calvin")


def test_confidence_is_higher_on_topic(seed_corpus: Corpus) -> None:
    on = qa.ask(seed_corpus, "What has Russia asked China for?", min_confidence=0.0)
    off = qa.ask(seed_corpus, "When did Russia invade Georgia?", min_confidence=0.0)
    assert 0.0 <= off.hits[0].confidence < qa.DEFAULT_MIN_CONFIDENCE < on.hits[0].confidence <= 1


def test_prefix_coverage_counts_words_sharing_a_terms_first_letters() -> None:
    corpus = _corpus("The decision went to the council. Council voters left. The council met.")
    question = "Who decided the council vote?"  # "decid", "council", "vote"
    allowed = corpus.unit_mask(None, Kind.SENTENCE)
    docs, x = rank.pool_features(corpus, read(corpus, question), allowed)
    row = {int(d): dict(zip(FEATURES, r, strict=True)) for d, r in zip(docs, x, strict=True)}
    # "decid" and "vote" are unknown, so of equal idf: "decis" and "voter" add the same
    first, second, third = row[0], row[1], row[2]
    assert first["coverage_prefix"] == second["coverage_prefix"] > first["coverage"]
    assert third["coverage_prefix"] == third["coverage"]
    assert second["coverage_prefix_window"] == 1.0  # with "decision" before it: all three
    assert third["coverage_prefix_window"] == second["coverage_prefix"]


def test_paragraph_evidence_is_the_best_of_the_pools_units_in_each_paragraph() -> None:
    corpus = _corpus(
        "The council voted on the budget. It was passed by nine votes. The mayor left.",
        "A budget was drafted. The council met twice.",
    )
    question = "How did the council vote on the budget?"
    allowed = corpus.unit_mask(None, Kind.SENTENCE)
    docs, x = rank.pool_features(corpus, read(corpus, question), allowed)
    column = {name: x[:, FEATURES.index(name)] for name in FEATURES}
    paragraph = corpus.passage[docs]
    assert len(set(paragraph.tolist())) == 2  # both paragraphs reach the pool
    evidence = {
        "sentence_scaled": "paragraph_best_sentence",
        "coverage": "paragraph_best_coverage",
        "bigram": "paragraph_best_bigram",
        "coverage_prefix": "paragraph_best_prefix",
    }
    for name, best_name in evidence.items():
        best = {p: column[name][paragraph == p].max() for p in set(paragraph.tolist())}
        assert column[best_name].tolist() == [best[p] for p in paragraph.tolist()]
    counts = [int((paragraph == p).sum()) for p in paragraph.tolist()]
    assert column["paragraph_pool_units"].tolist() == np.log1p(counts).tolist()


def test_pool_takes_the_best_scores_and_the_earlier_unit_on_a_tie() -> None:
    docs = np.array([5, 9, 3, 1])
    scores = np.array([1.0, 2.0, 2.0, 0.0])
    assert best_rows(docs, scores, 1).tolist() == [2]  # unit 3 before unit 9
    assert best_rows(docs, scores, 3).tolist() == [2, 1, 0]
    assert best_rows(docs, scores, 10).tolist() == [2, 1, 0, 3]


def test_article_coverage_is_the_idf_share_its_whole_article_holds() -> None:
    one = "date 2024-01-01\n\nThe canal opened in spring.\n\nShips paid a toll."
    two = "date 2024-01-01\n\nThe canal froze.\n\nSkaters came."
    corpus = Corpus([parse_article(one, "one"), parse_article(two, "two")])
    question = "What toll did the canal charge ships?"
    query = read(corpus, question)
    assert query.terms == corpus.tokenizer(question)  # nothing left out or corrected
    idf = {t: corpus.index.term_idf(t) for t in dict.fromkeys(query.terms)}
    units = {corpus.texts[u]: u for u in range(len(corpus))}
    docs = np.array([units["The canal opened in spring."], units["The canal froze."]])
    column = ARTICLE_EVIDENCE.index("coverage_article")
    got = article_evidence(corpus, query, docs)[:, column]
    total = sum(idf.values())  # "charge" is in neither article, at the unseen idf
    assert got.tolist() == [
        (idf["canal"] + idf["toll"] + idf["ship"]) / total,  # the words of another sentence count
        idf["canal"] / total,
    ]


def test_confidence_rises_with_what_the_article_holds() -> None:
    # the same sentence, alone in its paragraph; its article also holds the other terms
    bare = Corpus([parse_article("date 2024-01-01\n\nThe canal opened in spring.", "a")])
    held = Corpus(
        [parse_article("date 2024-01-01\n\nThe canal opened in spring.\n\nShips paid a toll.", "a")]
    )
    question = "When did ships pay the canal toll?"
    confidence = {}
    for name, corpus in (("bare", bare), ("held", held)):
        hits = qa.ask(corpus, question, k=5, min_confidence=0.0).hits
        confidence[name] = next(h.confidence for h in hits if h.text.startswith("The canal"))
    assert confidence["held"] > confidence["bare"]
