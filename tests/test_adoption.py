"""Adoption in two files: the pre-commit hooks and the reusable nightly workflow are what the
README tells a docs repository to paste, and what they run is a command line that parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from notebook_gen.cli import make_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
WORKFLOWS = ROOT / ".github" / "workflows"
REUSABLE = "notebooks.yml"


def _workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True


def _readme_yaml(containing: str) -> dict[str, Any]:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    (block,) = [block for block in blocks if containing in block]
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def _command_line(text: str) -> list[str]:
    """A workflow's ``run`` as the arguments the program gets: each ``${{ ... }}`` and each
    ``"$VARIABLE"`` read as a value that parses (``1`` in a shard, else ``x``)."""
    text = re.sub(r"\$\{\{[^}]*\}\}/\$\{\{[^}]*\}\}", "1/4", text)
    return shlex.split(re.sub(r"\$\{\{[^}]*\}\}|\"\$\w+\"", "x", text))


def test_the_hooks_are_the_build_and_its_check() -> None:
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert by_id["notebook-gen"]["entry"] == "notebook-gen build"
    assert by_id["notebook-gen-check"]["entry"] == "notebook-gen build --check"
    for hook in HOOKS:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        command = shlex.split(hook["entry"])
        assert command[0] == "notebook-gen"
        args = make_parser().parse_args([*command[1:], "docs/source", "-o", "notebooks"])
        assert args.command == "build" and bool(args.check) is (hook["id"] == "notebook-gen-check")


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("docs/source/en/quicktour.md", True),
        ("docs/source/ko/tasks/asr.mdx", True),
        ("docs/source/en/_config.py", True),
        ("docs/source/en/_toctree.yml", True),
        ("pyproject.toml", True),
        ("src/library/models.py", False),
        ("notebooks/en/quicktour.ipynb", False),
        ("docs/source/en/logo.png", False),
        ("tests/test_config.py", False),
    ],
)
def test_the_hooks_run_on_pages_and_configs_only(path: str, runs: bool) -> None:
    for hook in HOOKS:
        assert bool(re.search(hook["files"], path)) is runs  # pre-commit's re.search


def test_the_readme_snippet_names_hooks_that_exist() -> None:
    (repo,) = _readme_yaml("hooks:")["repos"]
    assert {hook["id"] for hook in repo["hooks"]} <= {hook["id"] for hook in HOOKS}
    assert "notebook-gen-check" in README and "--check" in README


def test_the_workflow_is_reusable_with_the_documented_inputs() -> None:
    inputs = _triggers(_workflow(REUSABLE))["workflow_call"]["inputs"]
    assert {"docs-folder", "install", "shards", "python-version"} <= set(inputs)
    assert inputs["shards"]["type"] == "number"
    table = re.search(r"\| input \| default \| what it is \|\n\|[-|]+\|\n((?:\|.*\n)+)", README)
    assert table is not None
    documented = {row.split("|")[1].strip().strip("`"): row.split("|")[2].strip().strip("`")
                  for row in table[1].splitlines()}
    assert set(documented) == set(inputs)
    for name, spec in inputs.items():
        assert documented[name] == str(spec["default"]), name


@pytest.mark.parametrize("caller", ["readme", "nightly-notebooks.yml"])
def test_callers_give_only_inputs_the_workflow_has(caller: str) -> None:
    if caller == "readme":
        job = _readme_yaml("uses:")["jobs"]["notebooks"]
        assert job["uses"].endswith(f"/.github/workflows/{REUSABLE}@main")
    else:
        job = _workflow(caller)["jobs"]["notebooks"]
        assert job["uses"] == f"./.github/workflows/{REUSABLE}"
    inputs = _triggers(_workflow(REUSABLE))["workflow_call"]["inputs"]
    assert set(job["with"]) <= set(inputs)


def test_the_workflow_runs_command_lines_that_parse() -> None:
    """Every notebook-gen command the workflow runs (with its default ``execute-args``)
    parses: no option the command does not have."""
    workflow = _workflow(REUSABLE)
    defaults = _triggers(workflow)["workflow_call"]["inputs"]["execute-args"]["default"]
    runs = [step["run"].replace("${{ inputs.execute-args }}", defaults)
            for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    commands = [_command_line(run) for run in runs if run.startswith("notebook-gen ")]
    assert sorted(argv[1] for argv in commands) == ["build", "execute", "report"]
    for argv in commands:
        make_parser().parse_args(argv[1:])
