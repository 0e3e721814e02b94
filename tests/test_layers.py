"""The import contract, read from the source with ast (nothing here imports the modules).

Layers point down (bot/__init__.py draws them): bot.core is pure, so it imports nothing
from discord, aiohttp, the network, rank_bm25 (a test reference only) or the layers above
it, and does no file I/O (it reads only its own package data, through
importlib.resources: the fitted weights and the lexicon); bot.storage sits below the Discord
layer and the CLI; nothing in bot imports what is not shipped (evaluation, fakecord,
tests); evaluation does not import tests, and fakecord, a component for any bot, imports
none of this project.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "evaluation", "fakecord", "tests")


@dataclass(frozen=True)
class Import:
    """``module`` imports ``name`` (absolute, resolved to a submodule where it is one)."""

    module: str
    name: str
    line: int

    def under(self, prefix: str) -> bool:
        return self.name == prefix or self.name.startswith(prefix + ".")


@dataclass(frozen=True)
class Rule:
    importers: str  # a package: the rule holds for every module under it
    forbidden: tuple[str, ...]
    why: str


RULES = (
    Rule(
        "bot.core",
        ("discord", "aiohttp", "rank_bm25", "bot.storage", "bot.app", "bot.cli", "bot.config"),
        "the core is pure; it gets text and settings from the layers above",
    ),
    Rule(
        "bot.core",
        ("socket", "http", "urllib", "shutil", "tempfile", "zipfile", "sqlite3", "subprocess"),
        "the core does no file or network I/O (bot.storage reads the files)",
    ),
    Rule(
        "bot.storage",
        ("bot.app", "bot.cli", "discord", "aiohttp"),
        "storage is below the Discord layer and the CLI",
    ),
    Rule("bot.app", ("bot.cli",), "the CLI starts the Discord layer, not the other way round"),
    Rule("bot", ("evaluation", "fakecord", "tests"), "the shipped package stands alone"),
    Rule("evaluation", ("tests",), "measurements use bot and fakecord, never the tests"),
    Rule("fakecord", ("bot", "evaluation", "tests"), "fakecord serves any bot, not just this one"),
)
# Calls that read or write files: by name, or (methods) whatever object they are called on.
FILE_IO_CALLS = {"open", "io.open", "os.open", "json.load", "json.dump", "pickle.load"}
FILE_IO_CALLS |= {"pickle.dump", "np.load", "np.save", "np.savez", "np.savez_compressed"}
FILE_IO_CALLS |= {"np.fromfile", "np.loadtxt", "np.genfromtxt", "np.savetxt"}
FILE_IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "tofile"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: str) -> dict[str, Path]:
    """``package`` and every module under it (a dotted name under ROOT), by dotted name."""
    path = ROOT.joinpath(*package.split("."))
    found = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    assert found and found[0].is_file(), f"no module {package} under {ROOT}"
    return {module_name(path): path for path in found}


KNOWN = {name for package in PACKAGES for name in modules(package)}


def imports_in(source: str, module: str, is_package: bool, known: Collection[str]) -> list[Import]:
    """What ``module``'s source imports, anywhere in it (functions and TYPE_CHECKING blocks
    too), relative imports made absolute; ``from a import b`` is ``a.b`` when that is a module
    in ``known``. importlib.import_module and __import__ of a constant string count too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = absolute(module, is_package, node.module, node.level)
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append(Import(module, name if name in known else base, node.lineno))
        elif isinstance(node, ast.Call) and dotted(node.func) in (
            "importlib.import_module",
            "import_module",
            "__import__",
        ):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(Import(module, first.value, node.lineno))
    return found


def absolute(module: str, is_package: bool, name: str | None, level: int) -> str:
    if level == 0:
        return name or ""
    package = module if is_package else module.rpartition(".")[0]
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{name}" if name else base


def dotted(node: ast.expr) -> str:
    """``a.b.c`` for a name or an attribute chain on a name; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def imports_of(package: str) -> Iterator[Import]:
    for module, path in modules(package).items():
        yield from imports_in_file(module, path)


@cache
def imports_in_file(module: str, path: Path) -> tuple[Import, ...]:
    source = path.read_text(encoding="utf-8")
    return tuple(imports_in(source, module, path.name == "__init__.py", KNOWN))


def where(found: Import) -> str:
    path = modules(found.module)[found.module].relative_to(ROOT)
    return f"{found.module} imports {found.name} ({path}:{found.line})"


def test_the_walk_sees_the_imports_that_are_there() -> None:
    assert len(modules("bot.core")) >= 10
    core = {(i.module, i.name) for i in imports_of("bot.core")}
    assert ("bot.core.answer", "bot.core.rank") in core
    assert ("bot.core.bm25", "numpy") in core
    assert ("bot.core.rank", "bot.core.confidence") in core  # from bot.core import confidence
    app = {(i.module, i.name) for i in imports_of("bot.app")}
    assert ("bot.app.cogs.qa", "bot.app.client") in app  # inside `if TYPE_CHECKING:`


def test_relative_and_dynamic_imports_are_resolved() -> None:
    source = (
        "from . import errors\nfrom ..app import client\nfrom .. import cli\n"
        "import importlib\nimportlib.import_module('discord.ui')\n"
    )
    known = {"bot.core.errors", "bot.app.client", "bot.cli"}
    names = [i.name for i in imports_in(source, "bot.core.x", False, known)]
    assert names == ["bot.core.errors", "bot.app.client", "bot.cli", "importlib", "discord.ui"]
    assert [i.name for i in imports_in("from . import y", "bot.core", True, ())] == ["bot.core"]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.importers}-{rule.forbidden[0]}")
def test_imports_point_down(rule: Rule) -> None:
    broken = [
        f"{where(found)}: {rule.why}"
        for found in imports_of(rule.importers)
        if any(found.under(name) for name in rule.forbidden)
    ]
    assert not broken, "\n".join(broken)


def test_the_core_does_no_file_io() -> None:
    broken = []
    for module, path in modules("bot.core").items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = dotted(node.func)
            method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if (name in FILE_IO_CALLS or method in FILE_IO_METHODS) and not package_data(node):
                call = name or f"….{method}"
                rel = path.relative_to(ROOT)
                broken.append(f"{module} calls {call}() ({rel}:{node.lineno}): file I/O")
    assert not broken, "\n".join(broken)


def package_data(call: ast.Call) -> bool:
    """Whether `call` reads the package's own data through ``resources.files(...)`` (the
    fitted weights, the lexicon: read-only files shipped inside the wheel, part of the code
    as much as a constant is), not a file of the user's."""
    node: ast.AST = call.func
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Call) and dotted(node.func).endswith("resources.files"):
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def third_party_reached(start: str) -> list[list[str]]:
    """Import chains from ``start`` through bot's own modules to anything outside the standard
    library and bot (numpy, scipy, nltk, discord, ...), shortest first, one per package."""
    graph: dict[str, list[str]] = {}
    for found in imports_of("bot"):
        graph.setdefault(found.module, []).append(found.name)
    chains, seen, queue = [], {start}, [[start]]
    reported: set[str] = set()
    while queue:
        chain = queue.pop(0)
        for name in graph.get(chain[-1], []):
            top = name.partition(".")[0]
            if top != "bot" and top not in sys.stdlib_module_names and top not in reported:
                reported.add(top)
                chains.append([*chain, name])
            # importing a.b.c runs a and a.b too
            parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)]
            for step in parents:
                if step in graph and step not in seen:
                    seen.add(step)
                    queue.append([*chain, step])
    return chains


# What reading the config must not load (seconds and tens of MB); platformdirs is a few
# pure-Python functions.
HEAVY = frozenset({"numpy", "scipy", "nltk", "discord", "aiohttp", "rank_bm25"})


def test_config_imports_nothing_heavy() -> None:
    above = [
        where(found)
        for found in imports_of("bot.config")
        if any(found.under(layer) for layer in ("bot.storage", "bot.app", "bot.cli"))
    ]
    heavy = [
        " -> ".join(chain)
        for chain in third_party_reached("bot.config")
        if chain[-1].partition(".")[0] in HEAVY
    ]
    assert not above, "\n".join(above)
    assert not heavy, "bot.config reaches third-party packages:\n" + "\n".join(heavy)
