"""``notebook-gen execute``: registration, exit statuses, report files, executed copies."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notebook_gen.commands import execute as command
from notebook_gen.execute.outputs import truncate_text

FILES = Path(__file__).parent / "files"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="notebook-gen")
    command.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["execute", *argv])


def test_defaults() -> None:
    args = parse()
    assert (args.notebooks, args.kernel, args.timeout, args.check_outputs) == (
        [],
        "python3",
        600.0,
        "off",
    )
    assert parse("--check-outputs").check_outputs == "warn"
    assert parse("--check-outputs=strict").check_outputs == "strict"


def test_a_run_with_a_failure_exits_1_and_writes_every_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = {
        name: tmp_path / f"report.{ext}"
        for name, ext in [("junit", "xml"), ("json", "json"), ("summary", "md"), ("html", "html")]
    }
    flags = [arg for name, path in reports.items() for arg in (f"--{name}", str(path))]
    args = parse(str(FILES / "Pass.ipynb"), str(FILES / "Raises.ipynb"), "-j", "2", *flags)
    assert args.func(args) == 1
    out = capsys.readouterr()
    assert "docs/source/en/raises.md:20" in out.out
    assert "2 notebooks: 1 passed, 1 failed" in out.out
    assert "passed" in out.err and "Pass.ipynb" in out.err  # progress lines
    cases = ET.parse(reports["junit"]).getroot().findall("./testsuite/testcase")
    assert [case.get("name") for case in cases] == ["Pass.ipynb", "Raises.ipynb"]
    assert json.loads(reports["json"].read_text())["results"][1]["failure"]["kind"] == "error"
    assert "raises.md:20" in reports["summary"].read_text()
    assert reports["html"].read_text().startswith("<!DOCTYPE html>")


def test_a_green_run_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(str(FILES / "Pass.ipynb"), "--select", "Pass*", "-q")
    assert args.func(args) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing-folder"], "no such notebook or directory"),
        ([str(FILES), "--shard", "5/2"], "shard 5/2"),
        ([str(FILES), "--kernel", "nope"], "no kernel named 'nope'"),
        ([str(FILES), "--jobs", "0"], "jobs must be at least 1"),
        ([str(FILES), "--repository", "not a repository", "--json", "/nonexistent/r.json"],
         "expected OWNER/NAME"),
        ([str(FILES), "--shard", "1/2", "--durations", str(FILES / "Pass.ipynb")],
         "--durations"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse(*argv)
    assert args.func(args) == 2
    assert message in capsys.readouterr().err


def _repository_in_report(tmp_path: Path, notebooks: Path, *argv: str) -> object:
    report = tmp_path / "report.json"
    args = parse(str(notebooks), "--select", "nothing-matches-*", "--json", str(report), *argv)
    assert args.func(args) == 0
    return json.loads(report.read_text())["repository"]


def test_reports_know_the_repository_from_the_options_or_git(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    notebooks = checkout / "site" / "notebooks"
    notebooks.mkdir(parents=True)
    assert _repository_in_report(tmp_path, notebooks) is None  # no git: no links
    git = ["git", "-C", str(checkout)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "remote", "add", "origin", "https://github.com/acme/docs.git"],
                   check=True)
    assert _repository_in_report(tmp_path, notebooks) == {
        "repository": "acme/docs", "branch": "main", "notebooks_path": "site/notebooks"}
    given = _repository_in_report(tmp_path, notebooks, "--repository", "me/fork",
                                  "--branch", "docs/v2")
    assert given == {"repository": "me/fork", "branch": "docs/v2",
                     "notebooks_path": "site/notebooks"}
    assert _repository_in_report(tmp_path, notebooks, "--repository", "") is None


@pytest.mark.parametrize("branch", ["../../../x", "a//b", "", "a b", "x/..", "\x1b]8;;"])
def test_a_branch_that_would_leave_its_url_is_refused(
    branch: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        parse(str(FILES), "--branch", branch)
    assert exit_status.value.code == 2
    assert "is not a branch name" in capsys.readouterr().err


def test_nothing_selected_is_green(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(str(FILES), "--select", "nothing-matches-*")
    assert args.func(args) == 0
    assert "0 notebooks" in capsys.readouterr().out


def test_truncate_text_keeps_head_and_tail() -> None:
    text = "a" * 100 + "b" * 100
    cut = truncate_text(text, limit=20)
    assert cut.startswith("a" * 10) and cut.endswith("b" * 10)
    assert "180 characters of output omitted" in cut
    assert truncate_text("short", limit=20) == "short"


@pytest.mark.parametrize("value", ["inf", "none", "Infinity"])
def test_timeout_inf_or_none_means_no_limit(value: str) -> None:
    assert parse("--timeout", value, "--notebook-timeout", value).timeout is None


class Outcome:
    def __init__(self, status: int, out: str, err: str, folder: Path) -> None:
        self.status, self.out, self.err, self.folder = status, out, err, folder


@pytest.fixture(scope="module")
def unlimited(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """A run with no time limit and, where the cache folder should be, a file."""
    folder = tmp_path_factory.mktemp("unlimited")
    (folder / "cache").write_text("a file where the cache folder should be")
    args = parse(
        str(FILES / "Pass.ipynb"), "--timeout", "inf", "--notebook-timeout", "none", "-q",
        "--cache", str(folder / "cache"),
        "--json", str(folder / "report.json"), "--summary", str(folder / "summary.md"),
    )
    with pytest.MonkeyPatch.context() as patch:
        out, err = io.StringIO(), io.StringIO()
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        status = args.func(args)
    return Outcome(status, out.getvalue(), err.getvalue(), folder)


def test_a_run_without_a_time_limit(unlimited: Outcome) -> None:
    assert unlimited.status == 0 and "1 passed" in unlimited.out, unlimited.err
    assert "Traceback" not in unlimited.err


def test_an_unusable_cache_is_a_warning_and_the_reports_are_written(unlimited: Outcome) -> None:
    cache = unlimited.folder / "cache"
    warning = f"--cache {cache}: not usable (not a folder); running without a cache"
    assert f"warning: {warning}" in unlimited.err
    data = json.loads((unlimited.folder / "report.json").read_text())
    assert [r["status"] for r in data["results"]] == ["passed"]
    assert data["warnings"] == [warning]
    assert "> warning: --cache" in (unlimited.folder / "summary.md").read_text()
    assert cache.read_text().startswith("a file")


@pytest.mark.parametrize("value", ["nan", "0", "-5", "soon"])
def test_a_nonsensical_timeout_is_a_usage_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        parse("--timeout", value)
    assert exit_status.value.code == 2
    assert "argument --timeout: timeout" in capsys.readouterr().err
