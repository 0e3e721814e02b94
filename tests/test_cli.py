"""The CLI, run for real as `python -m bot` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core import limits
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.e2e

QUESTION = "What has Russia asked China for?"


@pytest.fixture(autouse=True)
def _user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's default index cache goes to the user's cache folder: one for this session,
    shared by its runs, rather than the real ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_ask_prints_quote_title_and_date() -> None:
    result = run("ask", QUESTION)
    assert result.returncode == 0, result.stderr
    assert "Russia has asked China for military equipment" in result.stdout
    assert "(2022-03-14)" in result.stdout
    assert "sentence 1 of 16" in result.stdout


def test_ask_json() -> None:
    result = run("ask", "--json", "-k", "2", QUESTION)
    payload = json.loads(result.stdout)
    assert payload["question"] == QUESTION and payload["answered"] is True
    first = payload["answers"][0]
    assert "military equipment" in first["text"] and first["sentence_index"] == 0
    assert first["article"]["date"] == "2022-03-14"
    assert {"id", "title", "date", "source"} <= first["article"].keys()
    assert len(payload["answers"]) <= 2


def test_ask_reads_questions_from_stdin() -> None:
    result = run("ask", "-", stdin=f"{QUESTION}\nWhat is the capital of France?\n\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["answered"] for line in lines] == [True, False, False]
    assert lines[2]["reason"] == "empty"


DRONES = (
    "date 2024-05-02\ntitle: Russia asks China for drones\n\n"
    "Russia has asked China for drones and artillery shells, officials said on Thursday.\n"
)


def test_since_and_until_keep_to_those_days(tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    shutil.copytree(SEEDS, seeds)
    (seeds / "drones.txt").write_text(DRONES, encoding="utf-8")

    def dates(*options: str) -> set[str]:
        result = run("ask", "--seeds", str(seeds), "--json", "-k", "5", *options, QUESTION)
        assert result.returncode == 0, result.stderr
        return {a["article"]["date"] for a in json.loads(result.stdout)["answers"]}

    assert dates("--since", "2024-01-01") == {"2024-05-02"}
    assert dates("--until", "2022-12-31") == {"2022-03-14"}


def test_channel_stays_quiet_on_chat_where_a_question_is_answered() -> None:
    chat = "how was your weekend?"
    lines = run("ask", "--channel", "-", stdin=f"{chat}\n{QUESTION}\n").stdout.splitlines()
    quiet, answered = (json.loads(line) for line in lines)
    assert (quiet["answered"], quiet["reason"]) == (False, "chat") and answered["answered"]
    assert (
        run("ask", "--channel", chat).stdout
        == "That reads as chat, not a question about the articles.\n"
    )


def test_partial_matches_and_the_note_are_shown_and_in_json() -> None:
    dated = "Russia military aid in April 2023?"
    note = "No article is dated 2023-04-01 to 2023-04-30. These answers come from all the articles."
    lines = run("ask", "-k", "5", "-", stdin=f"{QUESTION}\n{dated}\n").stdout.splitlines()
    plain, by_date = (json.loads(line) for line in lines)
    assert plain["note"] == "" and by_date["note"] == note
    partial = [a["partial"] for a in by_date["answers"]]
    assert partial == [a["confidence"] < limits.SURE_CONFIDENCE for a in by_date["answers"]]
    assert set(partial) == {True, False}
    text = run("ask", "-k", "5", dated).stdout.splitlines()
    cites = [line for line in text if line.startswith("   —")]
    assert [c.endswith(" (partial match)") for c in cites] == partial and text[-1] == note


def test_ask_help_tells_of_dates_and_partial_matches() -> None:
    shown = " ".join(run("ask", "--help").stdout.split())
    for words in ("--since DATE", "--until DATE", "--channel", "14 August", "(partial match)"):
        assert words in shown


def test_ask_off_topic_says_so() -> None:
    result = run("ask", "What is the capital of France?")
    assert result.returncode == 0 and result.stdout.startswith("No confident answer")


def after_an_ask(check: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter runs `ask` in-process, then the Python statements `check`."""
    code = f"import sys; from bot.cli import main; main(['ask', 'Russia']); {check}"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_ask_never_imports_discord() -> None:
    result = after_an_ask("assert 'discord' not in sys.modules, 'discord was imported'")
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_nltk_is_imported_without_scipy_stats() -> None:
    # nltk would pull in scipy.stats (about 50 MB) for statistics the bot never uses;
    # hidden only while nltk is imported, so a later import still gets the real module.
    result = after_an_ask(
        "assert 'nltk' in sys.modules and 'scipy.stats' not in sys.modules;"
        "import scipy.stats; assert scipy.stats.norm.cdf(0) == 0.5"
    )
    assert result.returncode == 0, result.stderr


def test_articles_and_summary() -> None:
    listing = run("articles")
    assert "2022-03-14" in listing.stdout and "16 sentences" in listing.stdout
    summary = json.loads(run("summary", "--json", "--sentences", "2").stdout)
    assert len(summary["sentences"]) == 2
    assert summary["article"]["date"] == "2022-03-14"


def test_check_ok_and_redacts_the_token() -> None:
    token = "MTIzNDU2Nzg5.secret-part-of-the-token"
    result = run("check", env={"DISCORD_TOKEN": token})
    assert result.returncode == 0
    assert "1 articles ok, 0 problems" in result.stdout
    assert token not in result.stdout + result.stderr and "MTIz…" in result.stdout


def test_check_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("dte 2022", encoding="utf-8")
    (tmp_path / "good.txt").write_bytes((SEEDS / next(SEEDS.iterdir()).name).read_bytes())
    result = run("check", "--seeds", str(tmp_path))
    assert result.returncode == 1
    assert "bad.txt: line 1: expected 'date YYYY-MM-DD', got 'dte 2022'" in result.stdout


@pytest.mark.slow
def test_errors_are_one_line_and_non_zero(tmp_path: Path) -> None:
    missing = run("ask", "--seeds", str(tmp_path / "nope"), QUESTION)
    assert missing.returncode == 1 and missing.stderr.startswith("error: seeds folder")
    assert len(missing.stderr.strip().splitlines()) == 1
    unknown = run("ask", "--article", "nope", QUESTION)
    assert unknown.returncode == 1 and "no article 'nope'" in unknown.stderr
    bad_config = run("--config", str(tmp_path / "none.toml"), "ask", QUESTION)
    assert bad_config.returncode == 1 and "copy config.example.toml" in bad_config.stderr


def test_config_toml_in_the_working_folder_is_used(tmp_path: Path) -> None:
    seeds = tmp_path / "my-articles"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes(next(SEEDS.iterdir()).read_bytes())
    (tmp_path / "config.toml").write_text('seeds = "my-articles"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "articles"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert "2022-03-14  a " in result.stdout


def test_the_index_cache_goes_to_the_user_cache_folder(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "articles", "--seeds", str(SEEDS)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(xdg)},
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == [xdg]  # nothing written where the command ran
    assert [p.suffix for p in (xdg / "news-quote-bot").iterdir()] == [".npz"]


def test_an_unwritable_cache_is_one_warning_and_the_command_goes_on(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("not a folder", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'cache_dir = "{tmp_path / "blocker" / "cache"}"\n', encoding="utf-8")
    result = run("--config", str(config), "ask", "--seeds", str(SEEDS), QUESTION)
    assert result.returncode == 0 and "military equipment" in result.stdout
    [warning] = result.stderr.splitlines()
    assert "cannot write the index cache" in warning and "going on without it" in warning


@pytest.mark.parametrize(
    "args", [("ask", "-k", "5", QUESTION), ("summary", "--all"), ("articles", "--json")]
)
def test_a_reader_that_stops_early_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    # `python -m bot ... | head -2`: the reader is gone before the first line is written.
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(60) == 141
    assert stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ask", "-k", "0", QUESTION), "error: -k must be 1 to 5, got 0"),
        (("ask", "-k", "1000", QUESTION), "error: -k must be 1 to 5, got 1000"),
        (("ask", "-k", "two", QUESTION), "error: -k must be 1 to 5, got two"),
        (("ask", "--since", "2022-13-01", QUESTION), "error: --since must be a date YYYY-MM-DD"),
        (("ask", "--until", "14/03/2022", QUESTION), "error: --until must be a date YYYY-MM-DD"),
        (
            ("ask", "--since", "2024-01-01", "--until", "2022-01-01", QUESTION),
            "error: --since 2024-01-01 is after --until 2022-01-01; swap them",
        ),
        (("summary", "-n", "0"), "error: -n/--sentences must be 1 to 10, got 0"),
        (("summary", "--sentences", "-1"), "error: -n/--sentences must be 1 to 10, got -1"),
        (("summary", "--all", "some-id"), "error: summary takes an article id or --all, not both"),
    ],
)
def test_option_errors_are_one_line_naming_the_range(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(message) and line.endswith(f"see `python -m bot {args[0]} --help`")


def test_config_is_accepted_before_and_after_the_command(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'seeds = "{SEEDS}"\nanswers = 1\n', encoding="utf-8")
    for args in (
        ("--config", str(config), "ask", QUESTION),
        ("ask", "--config", str(config), QUESTION),
    ):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("1. ") and "\n2. " not in result.stdout


def test_typed_article_ids_are_normalized_like_file_names() -> None:
    seed_id = "2022-03-14-russia-asks-china-for-military-aid"
    assert run("ask", "--article", seed_id.upper(), QUESTION).returncode == 0
    summary = run("summary", f"{seed_id}.txt", "--json")
    assert json.loads(summary.stdout)["article"]["id"] == seed_id


def test_the_usage_line_names_the_command_as_it_was_run() -> None:
    assert run("--help").stdout.startswith("usage: python -m bot ")
    script = Path(sys.executable).parent / "news-quote-bot"  # pip install's console script
    if not script.exists():
        pytest.skip("the package is not installed in this interpreter's environment")
    installed = subprocess.run(
        [script, "ask", "--help"], capture_output=True, text=True, timeout=60
    )
    assert installed.stdout.startswith("usage: news-quote-bot ask ")


def test_skipped_files_are_one_note_per_command_and_listed_once_by_check(tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_bytes(next(SEEDS.iterdir()).read_bytes())
    (seeds / "bad.txt").write_text("dte 2022", encoding="utf-8")
    note = f"note: 1 file was skipped in {seeds}; `python -m bot check --seeds {seeds}` says why"
    for _ in range(2):  # built, then from the index cache
        result = run("ask", "--seeds", str(seeds), QUESTION)
        assert result.returncode == 0 and result.stderr.splitlines() == [note]
    check = run("check", "--seeds", str(seeds))
    assert check.returncode == 1 and check.stderr == ""
    assert [line for line in check.stdout.splitlines() if "bad.txt" in line] == [
        "articles/bad.txt: line 1: expected 'date YYYY-MM-DD', got 'dte 2022'"
    ]


def test_check_lists_a_duplicate_link_and_an_unlikely_date_once_as_warnings(
    tmp_path: Path,
) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "story.txt").write_bytes(next(SEEDS.iterdir()).read_bytes())
    (seeds / "copy.txt").symlink_to("story.txt")
    (seeds / "typo.txt").write_text("date 0001-01-01\n\nOld news. It was old.\n", "utf-8")
    check = run("check", "--seeds", str(seeds))
    assert check.returncode == 0 and check.stderr == ""
    assert check.stdout.splitlines()[:-1] == [
        "articles/copy.txt: warning: a link to the same file as articles/story.txt; read once",
        "articles/typo.txt: warning: date 0001-01-01 is before 1900; is it a typo?",
    ]
    assert "2 articles ok, 0 problems, 2 warnings" in check.stdout
    listing = run("articles", "--seeds", str(seeds), "--json")
    assert sorted(json.loads(line)["id"] for line in listing.stdout.splitlines()) == [
        "story",
        "typo",
    ]


def test_questions_read_from_a_windows_file_lose_their_carriage_return() -> None:
    [line] = run("ask", "-", stdin=f"{QUESTION}\r\n").stdout.splitlines()
    payload = json.loads(line)
    assert payload["question"] == QUESTION and payload["answered"]


def test_json_answers_are_ranked_in_the_order_the_text_shows() -> None:
    text = run("ask", "-k", "5", "Russia China").stdout
    shown = [
        line.split("sentence ")[-1].removesuffix(" (partial match)")
        for line in text.splitlines()
        if line.startswith("   —")
    ]
    answers = json.loads(run("ask", "--json", "-k", "5", "Russia China").stdout)["answers"]
    assert [a["rank"] for a in answers] == list(range(1, len(answers) + 1))
    assert [f"{a['sentence_index'] + 1} of 16" for a in answers] == shown


def test_articles_line_up_in_columns_and_an_empty_question_names_the_newest(
    tmp_path: Path,
) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "a-long-article-identifier.txt").write_bytes(next(SEEDS.iterdir()).read_bytes())
    (seeds / "x.txt").write_text("date 2024-01-01\n\nBridge reopens. Traffic flows.\n", "utf-8")
    lines = run("articles", "--seeds", str(seeds)).stdout.splitlines()
    assert lines[0].startswith("2024-01-01  x  ") and len(lines) == 2
    assert len({line.index(" sentences") for line in lines}) == 1
    empty = run("ask", "--seeds", str(seeds), " ").stdout
    assert empty.startswith("Ask a question about the articles. The newest is “Bridge reopens”")


def test_check_verify_cross_checks_the_scores_against_rank_bm25() -> None:
    result = run("check", "--verify")
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.splitlines()[-1]
    assert last.startswith("BM25 cross-check against rank_bm25.BM25Plus(k1=1.5, b=0.75, delta=1)")
    assert "(tolerance 1e-06): pass in " in last


def test_rank_bm25_is_imported_only_to_verify() -> None:
    result = after_an_ask("assert 'rank_bm25' not in sys.modules, 'rank_bm25 was imported'")
    assert result.returncode == 0, result.stderr
