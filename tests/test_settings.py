"""Every `ARCHIVE_*` setting is declared once, in scraper/settings.py, and listed in README's
"Settings" table with its default; code reads and sets only declared ones, and reads each.

Reads and sets are found in the source: `settings.get*("ARCHIVE_...")` and `settings[...]` on any
`...settings` object, `ARCHIVE_...` keys of dict literals and keyword arguments (settings dicts, `project_crawler`),
and strings of the form NAME=VALUE (`-s` overrides). A name built at
run time is allowed only for the pipelines' `ARCHIVE_<SWITCH>_ENABLED` switch.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from scrapy.utils.misc import load_object

from pipelines.base import SwitchablePipeline
from scraper import settings as project
from tests.support import readme_table

REPO = Path(__file__).resolve().parents[1]
SOURCE = ("core", "archive", "scraper", "pipelines", "cli", "web", "mirror", "bench")
NAME = re.compile(r"ARCHIVE_[A-Z0-9_]+")
OVERRIDE = re.compile(r"(?<![A-Z0-9_])(ARCHIVE_[A-Z0-9_]+)=")
PREFIX = re.compile(r"ARCHIVE_[A-Z0-9_]*")
SETTINGS_METHODS = {"get", "getbool", "getint", "getfloat", "getlist", "getdict", "getdictorlist", "getwithbase",
                    "getpriority", "set", "setdefault", "pop"}
DYNAMIC_ALLOWED = {"pipelines/base.py", "tests/test_settings.py"}
"""Where a setting name may be built at run time: the switch (`f"ARCHIVE_{cls.switch}_ENABLED"`)."""


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (REPO / folder).rglob("*.py") if "migrations" not in p.parts)


def _on_settings(node: ast.expr) -> bool:
    return ast.unparse(node).endswith("settings")


def setting_names(tree: ast.AST) -> tuple[set[str], bool]:
    """The ARCHIVE_* setting names a module reads or sets, and whether it builds one at run time."""
    names: set[str] = set()
    dynamic = False
    for node in ast.walk(tree):
        keys: list[ast.expr | None] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            if node.func.attr in SETTINGS_METHODS and _on_settings(node.func.value):
                keys.append(node.args[0])
            names.update(k.arg for k in node.keywords if k.arg and NAME.fullmatch(k.arg))
        elif isinstance(node, ast.Call):
            names.update(k.arg for k in node.keywords if k.arg and NAME.fullmatch(k.arg))
        elif isinstance(node, ast.Subscript) and _on_settings(node.value):
            keys.append(node.slice)
        elif isinstance(node, ast.Dict):
            keys.extend(node.keys)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.update(OVERRIDE.findall(node.value))
        elif isinstance(node, ast.JoinedStr) and len(node.values) > 1:
            first = node.values[0]  # f"ARCHIVE_{...}": the name itself is built
            dynamic = dynamic or isinstance(first, ast.Constant) and bool(PREFIX.fullmatch(str(first.value)))
        for key in keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and NAME.fullmatch(key.value):
                names.add(key.value)
    return names, dynamic


def used(files: list[Path]) -> dict[str, set[str]]:
    """Setting name -> the files (relative) that read or set it; switches count for pipelines/base.py."""
    found: dict[str, set[str]] = {}
    for path in files:
        names, dynamic = setting_names(ast.parse(path.read_text(encoding="utf-8")))
        relative = str(path.relative_to(REPO))
        if dynamic:
            assert relative in DYNAMIC_ALLOWED, f"{relative} builds an ARCHIVE_* setting name at run time"
            names |= switch_names()
        for name in names:
            found.setdefault(name, set()).add(relative)
    return found


def switch_names() -> set[str]:
    """`ARCHIVE_<SWITCH>_ENABLED` of each switchable pipeline in ITEM_PIPELINES."""
    pipelines = [load_object(path) for path in project.ITEM_PIPELINES]
    return {f"ARCHIVE_{p.switch}_ENABLED" for p in pipelines if issubclass(p, SwitchablePipeline)}


def declared() -> dict[str, object]:
    return {name: value for name, value in vars(project).items() if NAME.fullmatch(name)}


def env_defaults() -> dict[str, str]:
    """Declared settings whose default comes from an environment variable: the variable's name."""
    tree = ast.parse((REPO / "scraper" / "settings.py").read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and node.value.args:
            call, target, arg = node.value, node.targets[0], node.value.args[0]
            if ast.unparse(call.func) == "os.environ.get" and isinstance(target, ast.Name):
                assert isinstance(arg, ast.Constant)
                found[target.id] = str(arg.value)
    return found


def readme_settings() -> dict[str, str]:
    """README "Settings" table: setting -> its default cell."""
    rows = readme_table("Settings")
    assert all(len(row) == 3 and len(row[0].code) == 1 for row in rows), "rows: | `NAME` | default | what |"
    return {row[0].code[0]: row[1].text for row in rows}


def test_the_source_is_scanned() -> None:
    source = used(python_files(*SOURCE))
    assert source["ARCHIVE_STOP_AFTER_KNOWN"] == {"scraper/spiders/base.py"}
    assert "pipelines/base.py" in source["ARCHIVE_DEDUPE_ENABLED"]
    assert {"cli/crawl.py", "scraper/extensions.py"} <= source["ARCHIVE_REDIS_URL"]


def test_code_reads_and_sets_only_declared_settings() -> None:
    undeclared = {name: sorted(files) for name, files in used(python_files(*SOURCE, "tests")).items()
                  if name not in declared()}
    assert undeclared == {}


def test_every_declared_setting_is_read() -> None:
    assert sorted(set(declared()) - set(used(python_files(*SOURCE)))) == []


def test_defaults_are_not_restated_where_settings_are_read() -> None:
    restated = []
    for path in python_files(*SOURCE):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr.startswith("get") and _on_settings(node.func.value)
                and len(node.args) > 1 and NAME.match(ast.unparse(node.args[0]).strip("\"'f"))
            ):
                restated.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert restated == []


def test_readme_lists_every_setting_with_its_default() -> None:
    documented = readme_settings()
    assert sorted(documented) == sorted(declared())
    from_env = env_defaults()
    for name, value in declared().items():
        if name in from_env:
            assert f"`${from_env[name]}`" in documented[name], name
        else:
            assert documented[name] == f"`{value!r}`", name
