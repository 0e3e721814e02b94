"""Discord's size and shape limits, as pure checks for the fake Discord server.

Each check returns a list of problems ``(path, code, message)``; an empty list means Discord
would accept the payload. :func:`invalid_form_body` turns problems into the 400 body Discord
sends (``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}``), nesting each
problem under its path the way Discord does, e.g. ``{"embeds": {"0": {"title": {"_errors":
[...]}}}}``. Limits come from Discord's developer documentation (message, embed, component and
application-command resources).
"""

from __future__ import annotations

import re
from typing import Any

Problem = tuple[tuple[str, ...], str, str]

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_FIELDS_MAX = 25
EMBED_TEXT_MAX = {
    ("title",): 256,
    ("description",): 4096,
    ("footer", "text"): 2048,
    ("author", "name"): 256,
}
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
ACTION_ROWS_MAX = 5
ROW_BUTTONS_MAX = 5
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100
SELECT_OPTIONS_MAX = 25
SELECT_TEXT_MAX = 100
PLACEHOLDER_MAX = 150
MODAL_TITLE_MAX = 45
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25
CHOICES_MAX = 25
CHOICE_TEXT_MAX = 100
IS_COMPONENTS_V2 = 1 << 15
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})
SUBCOMMAND_TYPES = frozenset({1, 2})


def max_length(path: tuple[str, ...], limit: int) -> Problem:
    return (path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def bad_length(path: tuple[str, ...], low: int, high: int) -> Problem:
    return (path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def invalid_form_body(problems: list[Problem]) -> dict[str, Any]:
    """Discord's 400 body for ``problems``, each nested under its path."""
    errors: dict[str, Any] = {}
    for path, code, message in problems:
        node = errors
        for key in path:
            node = node.setdefault(key, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dig(obj: dict[str, Any], keys: tuple[str, ...]) -> str:
    node: Any = obj
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return _text(node)


def is_empty_message(body: dict[str, Any]) -> bool:
    """True when a new message would show nothing (Discord answers 50006)."""
    keys = ("content", "embeds", "components", "attachments", "sticker_ids", "poll")
    return not any(body.get(key) for key in keys)


def message_problems(body: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[Problem]:
    """Limits on a message body (create, edit, interaction callback data)."""
    problems: list[Problem] = []
    content = _text(body.get("content"))
    if len(content) > CONTENT_MAX:
        problems.append(max_length((*prefix, "content"), CONTENT_MAX))
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        problems.append(max_length((*prefix, "embeds"), EMBEDS_MAX))
    total = 0
    for index, embed in enumerate(embeds):
        found, size = embed_problems(embed, (*prefix, "embeds", str(index)))
        problems += found
        total += size
    if total > EMBED_TOTAL_MAX:
        message = f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"
        problems.append(((*prefix, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", message))
    flags = int(body.get("flags") or 0)
    problems += component_problems(body.get("components") or [], (*prefix, "components"), flags)
    return problems


def embed_problems(embed: dict[str, Any], path: tuple[str, ...]) -> tuple[list[Problem], int]:
    """Problems in one embed, and its size as counted towards the 6000-character total."""
    problems: list[Problem] = []
    size = 0
    for keys, limit in EMBED_TEXT_MAX.items():
        text = _dig(embed, keys)
        size += len(text)
        if len(text) > limit:
            problems.append(max_length((*path, *keys), limit))
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        problems.append(max_length((*path, "fields"), EMBED_FIELDS_MAX))
    for index, embed_field in enumerate(fields):
        field_path = (*path, "fields", str(index))
        for key, limit in (("name", FIELD_NAME_MAX), ("value", FIELD_VALUE_MAX)):
            text = _text(embed_field.get(key))
            size += len(text)
            if not 1 <= len(text) <= limit:
                problems.append(bad_length((*field_path, key), 1, limit))
    return problems, size


def component_problems(
    components: list[dict[str, Any]], path: tuple[str, ...], flags: int = 0
) -> list[Problem]:
    """Action-row layout (unless components v2) plus per-component limits and unique ids."""
    problems: list[Problem] = []
    if not flags & IS_COMPONENTS_V2:
        problems += _row_problems(components, path)
    seen: set[str] = set()
    for item_path, item in _walk(components, path):
        problems += _item_problems(item, item_path)
        custom_id = item.get("custom_id")
        if isinstance(custom_id, str):
            if custom_id in seen:
                problems.append(
                    (
                        (*item_path, "custom_id"),
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Component custom id cannot be duplicated",
                    )
                )
            seen.add(custom_id)
    return problems


def _row_problems(rows: list[dict[str, Any]], path: tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    if len(rows) > ACTION_ROWS_MAX:
        problems.append(max_length(path, ACTION_ROWS_MAX))
    for index, row in enumerate(rows):
        row_path = (*path, str(index))
        if row.get("type") != 1:
            problems.append(
                (
                    (*row_path, "type"),
                    "UNION_TYPE_CHOICES",
                    "Top-level components must be action rows",
                )
            )
            continue
        children = row.get("components") or []
        if not children:
            problems.append(bad_length((*row_path, "components"), 1, ROW_BUTTONS_MAX))
        elif any(child.get("type") in SELECT_TYPES for child in children) and len(children) > 1:
            problems.append(
                (
                    (*row_path, "components"),
                    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                    "The specified component exceeds the maximum width",
                )
            )
        elif len(children) > ROW_BUTTONS_MAX:
            problems.append(max_length((*row_path, "components"), ROW_BUTTONS_MAX))
    return problems


def _walk(
    components: list[dict[str, Any]], path: tuple[str, ...]
) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    found: list[tuple[tuple[str, ...], dict[str, Any]]] = []
    for index, item in enumerate(components):
        item_path = (*path, str(index))
        found.append((item_path, item))
        found += _walk(item.get("components") or [], (*item_path, "components"))
        accessory = item.get("accessory")
        if isinstance(accessory, dict):
            found.append(((*item_path, "accessory"), accessory))
    return found


def _item_problems(item: dict[str, Any], path: tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    kind = item.get("type")
    custom_id = item.get("custom_id")
    if custom_id is not None and not 1 <= len(_text(custom_id)) <= CUSTOM_ID_MAX:
        problems.append(bad_length((*path, "custom_id"), 1, CUSTOM_ID_MAX))
    if kind == 2:
        if len(_text(item.get("label"))) > BUTTON_LABEL_MAX:
            problems.append(max_length((*path, "label"), BUTTON_LABEL_MAX))
        if item.get("style") not in (5, 6) and custom_id is None:
            problems.append(((*path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required"))
    if kind in SELECT_TYPES:
        if len(_text(item.get("placeholder"))) > PLACEHOLDER_MAX:
            problems.append(max_length((*path, "placeholder"), PLACEHOLDER_MAX))
        problems += _select_option_problems(item, path)
    return problems


def _select_option_problems(item: dict[str, Any], path: tuple[str, ...]) -> list[Problem]:
    options = item.get("options") or []
    problems: list[Problem] = []
    if item.get("type") == 3 and not 1 <= len(options) <= SELECT_OPTIONS_MAX:
        problems.append(bad_length((*path, "options"), 1, SELECT_OPTIONS_MAX))
    for index, option in enumerate(options):
        for key in ("label", "value", "description"):
            text = _text(option.get(key))
            if len(text) > SELECT_TEXT_MAX:
                problems.append(max_length((*path, "options", str(index), key), SELECT_TEXT_MAX))
    return problems


def modal_problems(data: dict[str, Any], prefix: tuple[str, ...] = ("data",)) -> list[Problem]:
    """Limits on a modal (interaction callback type 9)."""
    problems: list[Problem] = []
    if not 1 <= len(_text(data.get("title"))) <= MODAL_TITLE_MAX:
        problems.append(bad_length((*prefix, "title"), 1, MODAL_TITLE_MAX))
    if not 1 <= len(_text(data.get("custom_id"))) <= CUSTOM_ID_MAX:
        problems.append(bad_length((*prefix, "custom_id"), 1, CUSTOM_ID_MAX))
    rows = data.get("components") or []
    if not 1 <= len(rows) <= ACTION_ROWS_MAX:
        problems.append(bad_length((*prefix, "components"), 1, ACTION_ROWS_MAX))
    for item_path, item in _walk(rows, (*prefix, "components")):
        problems += _item_problems(item, item_path)
    return problems


def autocomplete_problems(
    data: dict[str, Any], prefix: tuple[str, ...] = ("data",)
) -> list[Problem]:
    """Limits on autocomplete choices (interaction callback type 8)."""
    choices = data.get("choices") or []
    problems: list[Problem] = []
    if len(choices) > CHOICES_MAX:
        problems.append(max_length((*prefix, "choices"), CHOICES_MAX))
    problems += _choice_problems(choices, (*prefix, "choices"))
    return problems


def _choice_problems(choices: list[dict[str, Any]], path: tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    for index, choice in enumerate(choices):
        choice_path = (*path, str(index))
        if not 1 <= len(_text(choice.get("name"))) <= CHOICE_TEXT_MAX:
            problems.append(bad_length((*choice_path, "name"), 1, CHOICE_TEXT_MAX))
        value = choice.get("value")
        if isinstance(value, str) and len(value) > CHOICE_TEXT_MAX:
            problems.append(max_length((*choice_path, "value"), CHOICE_TEXT_MAX))
    return problems


def commands_problems(commands: list[dict[str, Any]]) -> list[Problem]:
    """Problems in a bulk-overwrite body (``PUT .../commands``)."""
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        path = (str(index),)
        kind = int(command.get("type") or 1)
        name = _text(command.get("name"))
        if (kind, name) in seen:
            problems.append(
                (
                    (*path, "name"),
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    f"Application command names must be unique: {name}",
                )
            )
        seen.add((kind, name))
        if kind == 1:
            problems += _chat_input_problems(command, path)
        elif not 1 <= len(name) <= 32:
            problems.append(bad_length((*path, "name"), 1, 32))
    return problems


def _name_problems(name: str, path: tuple[str, ...]) -> list[Problem]:
    if COMMAND_NAME.match(name) and name == name.lower():
        return []
    return [
        ((*path, "name"), "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")
    ]


def _description_problems(description: str, path: tuple[str, ...]) -> list[Problem]:
    if 1 <= len(description) <= COMMAND_DESCRIPTION_MAX:
        return []
    return [bad_length((*path, "description"), 1, COMMAND_DESCRIPTION_MAX)]


def _chat_input_problems(node: dict[str, Any], path: tuple[str, ...]) -> list[Problem]:
    """Name, description and options of a slash command, subcommand group or subcommand."""
    problems = _name_problems(_text(node.get("name")), path)
    problems += _description_problems(_text(node.get("description")), path)
    options = node.get("options") or []
    if len(options) > COMMAND_OPTIONS_MAX:
        problems.append(max_length((*path, "options"), COMMAND_OPTIONS_MAX))
    seen_optional = False
    for index, option in enumerate(options):
        option_path = (*path, "options", str(index))
        if option.get("type") in SUBCOMMAND_TYPES:
            problems += _chat_input_problems(option, option_path)
            continue
        problems += _option_problems(option, option_path)
        if option.get("required") and seen_optional:
            problems.append(
                (
                    (*option_path, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
            )
        seen_optional = seen_optional or not option.get("required")
    return problems


def _option_problems(option: dict[str, Any], path: tuple[str, ...]) -> list[Problem]:
    problems = _name_problems(_text(option.get("name")), path)
    problems += _description_problems(_text(option.get("description")), path)
    choices = option.get("choices") or []
    if len(choices) > CHOICES_MAX:
        problems.append(max_length((*path, "choices"), CHOICES_MAX))
    problems += _choice_problems(choices, (*path, "choices"))
    if choices and option.get("autocomplete"):
        problems.append(
            (
                (*path, "autocomplete"),
                "AUTOCOMPLETE_AND_CHOICES_MUTUALLY_EXCLUSIVE",
                "Autocomplete cannot be set with choices",
            )
        )
    return problems
