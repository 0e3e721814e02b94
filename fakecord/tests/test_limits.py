"""Discord's limits as the fake checks them (fakecord.limits): pure, no server."""

from __future__ import annotations

from typing import Any

import pytest

from fakecord import limits


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"content": "x" * 2001}, ("content",)),
        ({"embeds": [{"title": "t"}] * 11}, ("embeds",)),
        ({"embeds": [{"title": "t" * 257}]}, ("embeds", "0", "title")),
        ({"embeds": [{"description": "d" * 4097}]}, ("embeds", "0", "description")),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, ("embeds", "0", "fields")),
        (
            {"embeds": [{"fields": [{"name": "n" * 257, "value": "v"}]}]},
            ("embeds", "0", "fields", "0", "name"),
        ),
        (
            {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
            ("embeds", "0", "fields", "0", "value"),
        ),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, ("embeds", "0", "footer", "text")),
        ({"embeds": [{"author": {"name": "a" * 257}}]}, ("embeds", "0", "author", "name")),
        ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, ("embeds",)),
        (
            {
                "components": [
                    {"type": 1, "components": [{"type": 2, "custom_id": "b", "style": 1}]}
                ]
                * 6
            },
            ("components",),
        ),
    ],
)
def test_message_limits(body: dict[str, Any], path: tuple[str, ...]) -> None:
    assert path in [problem[0] for problem in limits.message_problems(body)]


def test_component_and_command_limits() -> None:
    button = {"type": 2, "style": 1, "label": "l", "custom_id": "c"}
    row = {"type": 1, "components": [{**button, "custom_id": str(i)} for i in range(6)]}
    assert limits.component_problems([row], ("components",))[0][0] == (
        "components",
        "0",
        "components",
    )
    long_label = {"type": 1, "components": [{**button, "label": "l" * 81, "custom_id": "c" * 101}]}
    paths = {p[0][-1] for p in limits.component_problems([long_label], ())}
    assert paths == {"label", "custom_id"}
    choices = [{"name": str(i), "value": str(i)} for i in range(26)]
    option = {"type": 3, "name": "o", "description": "d", "choices": choices}
    command = {"type": 1, "name": "ok-name", "description": "d", "options": [option] * 26}
    codes = {p[1] for p in limits.commands_problems([command])}
    assert codes == {"BASE_TYPE_MAX_LENGTH"}
    assert limits.autocomplete_problems({"choices": choices})[0][0] == ("data", "choices")
    assert limits.is_empty_message({"content": "", "embeds": [], "components": []})
