"""What a user's Discord client sends for an action, checked the way that client checks it.

A real client will not run an unsynced command, leave out a required option, offer a value
outside the choices, click a disabled button or someone else's ephemeral message, or submit a
modal without its required fields. These pure functions build the interaction ``data`` for the
fake Discord and raise :class:`CommandNotInvocable` for anything a user could not do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fakecord import payloads as payloads
from fakecord.payloads import ADMINISTRATOR
from fakecord.state import CommandNotInvocable

SUBCOMMAND_TYPES = frozenset({1, 2})
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})
STRING_TYPES = frozenset({3, 6, 7, 8, 9, 11})  # text, and snowflakes sent as strings
NUMBER_TYPES: dict[int, type] = {4: int, 10: float, 5: bool}
TEXT_INPUT, LABEL = 4, 18


def flatten(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The leaf options, with subcommands and groups opened up."""
    flat: list[dict[str, Any]] = []
    for option in options:
        nested = option.get("type") in SUBCOMMAND_TYPES
        flat += flatten(option.get("options") or []) if nested else [option]
    return flat


def command_options(
    command: dict[str, Any],
    values: Mapping[str, Any],
    subcommand: str | None,
    focused: str | None = None,
) -> list[dict[str, Any]]:
    """``data.options`` for ``command`` (``subcommand``: "sub" or "group sub")."""
    name = command["name"]
    schema: list[dict[str, Any]] = command.get("options") or []
    chain: list[dict[str, Any]] = []
    for part in (subcommand or "").split():
        node = next(
            (o for o in schema if o["name"] == part and o["type"] in SUBCOMMAND_TYPES), None
        )
        if node is None:
            raise CommandNotInvocable(f"/{name} has no subcommand {part!r}")
        chain.append(node)
        schema = node.get("options") or []
    if any(option["type"] in SUBCOMMAND_TYPES for option in schema):
        choices = [option["name"] for option in schema]
        raise CommandNotInvocable(f"/{name} {subcommand or ''} needs a subcommand: {choices}")
    built = _leaf_options(schema, values, focused, name)
    for node in reversed(chain):
        built = [{"name": node["name"], "type": node["type"], "options": built}]
    return built


def _leaf_options(
    schema: list[dict[str, Any]], values: Mapping[str, Any], focused: str | None, command: str
) -> list[dict[str, Any]]:
    by_name = {option["name"]: option for option in schema}
    for name in [*values, *([focused] if focused else [])]:
        if name not in by_name:
            raise CommandNotInvocable(f"/{command} has no option {name!r}; has {sorted(by_name)}")
    if focused is not None and not by_name[focused].get("autocomplete"):
        raise CommandNotInvocable(f"/{command} option {focused!r} has no autocomplete")
    missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
    if missing and focused is None:
        raise CommandNotInvocable(f"/{command} needs option(s) {missing}")
    built = []
    for name, value in values.items():
        if name != focused:
            typed = option_value(by_name[name], value, command)
            built.append({"name": name, "type": by_name[name]["type"], "value": typed})
    if focused is not None:  # what the user has typed so far, always a string
        option = by_name[focused]
        built.append(
            {
                "name": focused,
                "type": option["type"],
                "value": str(values.get(focused, "")),
                "focused": True,
            }
        )
    return built


def option_value(option: dict[str, Any], value: Any, command: str) -> Any:
    """``value`` typed as the option's schema says, within its choices and bounds."""
    kind, name = option["type"], option["name"]
    typed = str(value) if kind in STRING_TYPES else NUMBER_TYPES[kind](value)
    choices = [choice["value"] for choice in option.get("choices") or []]
    if choices and typed not in choices:
        raise CommandNotInvocable(f"/{command} {name}={typed!r} is not one of {choices}")
    size = len(typed) if kind == 3 else typed if kind in (4, 10) else None
    low, high = _bounds(option, kind)
    if size is not None and (
        (low is not None and size < low) or (high is not None and size > high)
    ):
        raise CommandNotInvocable(f"/{command} {name}={typed!r} is outside [{low}, {high}]")
    return typed


def _bounds(option: dict[str, Any], kind: int) -> tuple[Any, Any]:
    if kind == 3:
        return option.get("min_length"), option.get("max_length")
    return option.get("min_value"), option.get("max_value")


def check_default_permissions(command: dict[str, Any], permissions: int, user_id: int) -> None:
    """A member without ``default_member_permissions`` does not see the command at all."""
    required = command.get("default_member_permissions")
    if required is None or permissions & ADMINISTRATOR:
        return
    need = int(required)
    if need == 0 or permissions & need != need:
        raise CommandNotInvocable(
            f"user {user_id} (permissions {permissions}) lacks the "
            f"default_member_permissions {need} of /{command['name']}"
        )


def component_data(
    message: dict[str, Any], custom_id: str, user_id: int, values: Sequence[str] | None
) -> dict[str, Any]:
    """``data`` for using component ``custom_id`` on ``message``, if ``user_id`` can use it."""
    component = payloads.find_component(message.get("components") or [], custom_id)
    if component is None:
        found = payloads.custom_ids(message.get("components") or [])
        raise CommandNotInvocable(f"message {message['id']} has no {custom_id!r}; it has {found}")
    if component.get("disabled"):
        raise CommandNotInvocable(f"component {custom_id!r} is disabled")
    owner = (message.get("interaction_metadata") or {}).get("user", {}).get("id")
    if int(message.get("flags") or 0) & payloads.EPHEMERAL and owner != str(user_id):
        raise CommandNotInvocable(f"message {message['id']} is ephemeral: only {owner} sees it")
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
    if component["type"] in SELECT_TYPES:
        data["values"] = select_values(component, values or [])
    elif values:
        raise CommandNotInvocable(f"{custom_id!r} is a button: it takes no values")
    return data


def select_values(select: dict[str, Any], values: Sequence[str]) -> list[str]:
    """``values`` as a select menu would let a user pick them."""
    low, high = select.get("min_values", 1), select.get("max_values", 1)
    if not low <= len(values) <= high:
        raise CommandNotInvocable(
            f"{select['custom_id']!r} takes {low}..{high} values, got {values}"
        )
    offered = [option["value"] for option in select.get("options") or []]
    if select["type"] == 3 and any(value not in offered for value in values):
        raise CommandNotInvocable(f"{select['custom_id']!r} offers {offered}, got {values}")
    return [str(value) for value in values]


def modal_submission(modal: dict[str, Any], values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``data.components`` of a modal submit, mirroring the modal's rows and labels."""
    inputs = [c for c in _modal_fields(modal.get("components") or []) if c.get("custom_id")]
    known = {c["custom_id"] for c in inputs}
    for custom_id in values:
        if custom_id not in known:
            raise CommandNotInvocable(f"modal {modal.get('custom_id')!r} has no {custom_id!r}")
    for field in inputs:
        if (
            field["type"] == TEXT_INPUT
            and field.get("required", True)
            and not values.get(field["custom_id"])
        ):
            raise CommandNotInvocable(f"modal field {field['custom_id']!r} is required")
    return [_submitted(row, values) for row in modal.get("components") or []]


def _modal_fields(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = []
    for item in components:
        if item.get("type") == LABEL and isinstance(item.get("component"), dict):
            fields.append(item["component"])
        fields += _modal_fields(item.get("components") or [])
        if item.get("type") not in (1, LABEL):
            fields.append(item)
    return fields


def _submitted(item: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    if item.get("type") == 1:
        return {
            "type": 1,
            "components": [_submitted(c, values) for c in item.get("components") or []],
        }
    if item.get("type") == LABEL:
        return {"type": LABEL, "component": _submitted(item.get("component") or {}, values)}
    answer: dict[str, Any] = {"type": item.get("type"), "custom_id": item.get("custom_id")}
    value = values.get(str(item.get("custom_id")), "")
    if item.get("type") == TEXT_INPUT:
        answer["value"] = str(value)
    elif item.get("type") in SELECT_TYPES:
        answer["values"] = [str(v) for v in value] if isinstance(value, list | tuple) else []
    return answer
