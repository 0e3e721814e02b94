from __future__ import annotations

from bot.core.tokens import ACRONYMS, PHRASES, STOPWORDS, Tokenizer


def test_question_and_sentence_share_terms() -> None:
    tokenize = Tokenizer()
    assert tokenize("What has Russia asked China for?") == ["russia", "ask", "china"]
    assert {"russia", "ask", "china"} <= set(tokenize("Russia has asked China for equipment."))


def test_numbers_possessives_and_curly_apostrophes() -> None:
    tokenize = Tokenizer()
    assert tokenize("Kyiv’s $1.13bn 3.5% 1,000") == ["kyiv", "1.13", "bn", "3.5", "1000"]
    assert tokenize("Kyiv's") == tokenize("Kyiv’s") == tokenize("KYIV")


def test_unicode_lowercasing() -> None:
    tokenize = Tokenizer()
    assert tokenize("ÉCOLE Straße") == tokenize("école strasse")


def test_irregular_verbs_meet_their_base_form() -> None:
    tokenize = Tokenizer()
    assert tokenize("said told won") == tokenize("say tell win")


def test_dotted_initialisms_are_their_letters() -> None:
    tokenize = Tokenizer()
    assert tokenize("U.S. and U.K. troops, 9 a.m.") == tokenize("US and UK troops, 9")
    assert tokenize("the U.S.A.") == ["usa"]
    assert tokenize("Washington, D.C.") == ["washington", "dc"]
    text = "the U.S. said"
    assert [text[s:e] for s, e, _ in Tokenizer().spans(text)] == ["U.S.", "said"]


def test_names_written_in_full_meet_their_initials() -> None:
    tokenize = Tokenizer()
    assert tokenize("the United States and the European Union") == tokenize("the US and the EU")
    assert tokenize("United\nNations") == ["un"] and tokenize("United Statesman")[0] == "unit"
    assert tokenize("united states") == ["us"]  # as a question may be typed
    assert tokenize("Leeds United states it") == tokenize("Leeds unit state")  # a verb
    assert tokenize("United, States") == ["unit", "state"]
    for words, term in PHRASES.items():  # every phrase's first word is one looked for
        assert tokenize(" ".join(words).title()) == [term]
    text = "The United  Kingdom said"
    spans = list(Tokenizer().spans(text))
    assert [(text[s:e], t) for s, e, t in spans] == [("United  Kingdom", "uk"), ("said", "say")]


def test_stopwords_in_capitals_are_names() -> None:
    tokenize = Tokenizer()
    assert tokenize("What did the WHO say?") == ["who", "say"] == tokenize("the WHO's say")
    assert tokenize("Who's there?") == []
    assert tokenize("Who said it is IT?") == ["say", "it"]
    assert tokenize("WHO IS TO BLAME") == ["blame"]  # all capitals: no telling
    assert tokenize("IS fighters and the ITV show") == ["is", "fighter", "itv", "show"]
    for word in ACRONYMS:  # every one is looked for by __call__'s first check
        assert tokenize(f"the {word.upper()} said") == [word, "say"]


def test_stopwords_only() -> None:
    assert Tokenizer()("what is the?") == []
    assert "the" in STOPWORDS


def test_spans_point_at_original_text() -> None:
    text = "Die Straße, Russia’s ﬁne"
    spans = list(Tokenizer().spans(text))
    assert [text[s:e] for s, e, _ in spans] == ["Die", "Straße", "Russia’s", "ﬁne"]
    assert [t for _, _, t in spans] == ["die", "strass", "russia", "fine"]


def test_stems_are_memoized() -> None:
    tokenize = Tokenizer()
    tokenize("running running")
    assert tokenize._terms["running"] == "run"
