"""``notebook-gen execute``: registration, exit statuses, report files, executed copies."""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notebook_gen.commands import execute as command
from notebook_gen.execute.executed import truncate_text

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
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse(*argv)
    assert args.func(args) == 2
    assert message in capsys.readouterr().err


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
