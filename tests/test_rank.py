from __future__ import annotations

from bot import answer as qa
from bot.article import parse_article
from bot.corpus import Corpus
from bot.cues import Cue, question_cues, sentence_cues


def test_sentence_cues() -> None:
    assert sentence_cues("He issued the edict in 1685.") == Cue.DATE
    assert sentence_cues("He met Louis in 1685.") == Cue.DATE | Cue.NAME
    assert sentence_cues("they are divided into four classes") == Cue.NUMBER
    assert sentence_cues("It cost 3.5 million in March.") & Cue.NUMBER
    assert sentence_cues("nothing here") == Cue.NONE


def test_question_cues() -> None:
    assert question_cues("When was the edict declared?") == (Cue.DATE, Cue.NONE, Cue.NONE, Cue.NONE)
    assert question_cues("How many classes are there?")[1] == Cue.NUMBER
    assert question_cues("Who led the army?")[2] == Cue.NAME


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
