"""fakecord's pytest plugin: the fake_discord fixture's teardown checks, and run's time limit."""

from __future__ import annotations

import asyncio

import pytest

from fakecord.pytest_plugin import run

pytest_plugins = ["pytester"]

INNER_TESTS = """
from fakecord.pytest_plugin import run


def test_stopped(fake_discord):
    async def scenario():
        await fake_discord.start()
        await fake_discord.stop()

    run(scenario)


def test_left_listening(fake_discord):
    run(fake_discord.start)
"""


@pytest.mark.e2e
def test_fixture_fails_a_test_that_leaves_the_fake_listening(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["fakecord.pytest_plugin"]')
    pytester.makepyfile(INNER_TESTS)
    result = pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-W", "ignore"
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_left_listening*"])
    result.stdout.fnmatch_lines(["*was left listening: await fake.stop()*"])


def test_run_stops_a_scenario_at_its_limit() -> None:
    async def hang() -> None:
        await asyncio.sleep(30)

    with pytest.raises(TimeoutError):
        run(hang, 0.05)
