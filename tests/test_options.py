"""Each option is declared once (issue 21, item 5): the parsers of ``build`` and ``links``,
the settings reader and the configuration page all agree with the option table."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path
from typing import Any

import pytest

from notebook_gen.cli import make_parser
from notebook_gen.commands.kinds import FLAG, LIBRARIES, SIZE, Kind
from notebook_gen.commands.options import OPTIONS, UsageError, options_of, read_settings, resolve
from tests.regenerate_configuration import PAGE, render, table

PACKAGE = Path(__file__).resolve().parent.parent / "notebook_gen"
SETTABLE = [option for option in OPTIONS if option.setting]


def _actions(command: str) -> dict[str, argparse.Action]:
    parser = make_parser(command)
    commands = next(action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction))
    return {action.dest: action for action in commands.choices[command]._actions
            if action.dest != "help"}


@pytest.mark.parametrize("command", ["build", "links"])
def test_the_parser_holds_the_options_of_the_table_and_no_other(command: str) -> None:
    actions = _actions(command)
    declared = {option.name: option for option in options_of(command) if option.flags}
    assert set(actions) == set(declared)
    for name, option in declared.items():
        action = actions[name]
        assert tuple(action.option_strings or [name]) == option.flags
        assert action.default is None  # so the settings, then the default, fill it in
        assert action.help == option.help_text()


def _sample(kind: Kind) -> Any:
    """A value of ``kind`` as TOML would give it."""
    if kind.choices:
        return kind.choices[-1]
    if kind is LIBRARIES:
        return {"lib": "lib.json", "other": {"source": "other/docs", "version": "v1"}}
    samples: dict[str, Any] = {
        "a string": "x", "true or false": True, "a whole number, 0 or more": 3,
        "a comma-separated string or a list of strings": ["en", "ko"],
        "a list of strings": ["a"], "a list of regular expressions": [r"\bx\("],
        "a table of names to strings": {"PIL": "pillow"}, SIZE.expected: "20M"}
    return samples[kind.expected]


def _pyproject(tmp_path: Path, table: dict[str, Any]) -> Path:
    lines = [f"{key} = {_toml(value)}" for key, value in table.items()]
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.notebook-gen]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return repr(value) if isinstance(value, int | float) else f"'{value}'"


def test_the_settings_take_every_settable_key_with_a_value_of_its_kind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = read_settings(_pyproject(tmp_path, {option.key: _sample(option.kind)
                                                   for option in SETTABLE}))
    assert sorted(settings) == sorted(option.name for option in SETTABLE)
    assert settings["lang"] == ("en", "ko") and settings["jobs"] == 3
    assert settings["max_page_size"] == 20_000_000


@pytest.mark.parametrize("option", SETTABLE, ids=lambda option: option.key)
def test_the_settings_refuse_a_value_of_another_kind_for_every_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: Any) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as refused:
        read_settings(_pyproject(tmp_path, {option.key.replace("-", "_"): 1.5}))
    assert str(refused.value) == (f"pyproject.toml: [tool.notebook-gen] "
                                  f"{option.key.replace('-', '_')}: expected "
                                  f"{option.kind.expected}, got 1.5")


@pytest.mark.parametrize("option", [option for option in OPTIONS if not option.setting],
                         ids=lambda option: f"{option.commands[0]}-{option.key}")
def test_the_settings_refuse_every_command_line_only_option(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: Any) -> None:
    monkeypatch.chdir(tmp_path)
    value = True if option.kind is FLAG else "x"
    with pytest.raises(UsageError, match="is given on the command line only"):
        read_settings(_pyproject(tmp_path, {option.key: value}))


def test_the_command_line_and_the_settings_give_the_same_value(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    parser = make_parser("build")
    given = resolve(parser.parse_args(["build", "--lang", "ko,ja", "-j", "2"]), {}, "build")
    for lang in ("ko,ja", ["ko", "ja"]):
        settings = read_settings(_pyproject(tmp_path, {"lang": lang, "jobs": 2}))
        read = resolve(parser.parse_args(["build"]), settings, "build")
        assert (read["lang"], read["jobs"]) == (given["lang"], given["jobs"]) == (("ko", "ja"), 2)


def test_without_settings_every_option_has_its_declared_default() -> None:
    values = resolve(make_parser("build").parse_args(["build"]), {}, "build")
    assert values == {option.name: option.default for option in options_of("build")}


def test_the_configuration_page_is_made_from_the_table() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert render(text) == text, "run `make docs` (then `make notebooks`)"
    for option in SETTABLE:
        assert option.section, f"{option.key} is on no table of the page"
        assert f"| `{option.key}` |" in table(option.section)
        assert f"<!-- options: {option.section} " in text
    assert "<!-- options: command-line " in text


def test_the_default_docs_root_is_written_once() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{node.lineno}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and node.value == "docs/source"]
    assert found == ["settings.py:20"]
