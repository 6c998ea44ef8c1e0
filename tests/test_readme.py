"""README's command table ("Using it") and the `union-archive` CLI stay in step: every command is
in the table, every command in the table exists, and every option shown exists on its command."""

from __future__ import annotations

import re

import click

from cli import main
from tests.support import readme_table

OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z0-9-]*)")


def table_invocations() -> list[tuple[str, list[str]]]:
    """(command, options shown) for each command written in the table's first column."""
    found = []
    for row in readme_table("Using it"):
        for span in row[0].code:
            words = span.removeprefix("union-archive ").split()
            found.append((words[0], OPTION.findall(" ".join(words[1:]))))
    return found


def cli_commands() -> dict[str, click.Command]:
    return {name: command for name, command in main.commands.items() if not command.hidden}


def option_names(command: click.Command) -> set[str]:
    names = {"-h", "--help"}
    for param in command.params:
        if isinstance(param, click.Option):
            names.update(param.opts + param.secondary_opts)
    return names


def test_the_table_is_read() -> None:
    assert ("crawl", ["--max-pages", "--since"]) in table_invocations()


def test_every_command_is_in_the_table() -> None:
    shown = {name for name, _ in table_invocations()}
    assert sorted(set(cli_commands()) - shown) == []


def test_every_command_in_the_table_exists() -> None:
    shown = {name for name, _ in table_invocations()}
    assert sorted(shown - set(cli_commands())) == []


def test_every_option_in_the_table_exists() -> None:
    commands = cli_commands()
    unknown = [
        f"{name} {option}"
        for name, options in table_invocations()
        if name in commands
        for option in options
        if option not in option_names(commands[name])
    ]
    assert unknown == []
