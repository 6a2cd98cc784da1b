"""``links --check`` on the fixture tree: exactly the broken links of ``broken.txt``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.builder.inputs.package import default_package
from notebook_gen.commands.links import register
from notebook_gen.links.check import check_tree, page_anchors, slugs
from tests.test_links_support import DOCS, FIXTURES, PACKAGE

EXPECTED = (FIXTURES / "broken.txt").read_text(encoding="utf-8").splitlines()


def test_broken_links_are_reported_with_file_and_line() -> None:
    report = check_tree(tree_pages(DOCS), PACKAGE)
    assert [str(b) for b in report.broken] == EXPECTED
    assert report.pages == 9


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Using 🤗 Tools", ("using--tools", "using-tools")),
        ("Train a `Trainer` (fast)", ("train-a-trainer-fast", "train-a-trainer-fast")),
        ("[Linked](https://x.y) title", ("linked-title", "linked-title")),
    ],
)
def test_heading_slugs(heading: str, expected: tuple[str, str]) -> None:
    assert slugs(heading) == expected


def test_page_anchors_explicit_repeated_html_and_api() -> None:
    text = "# A[[top]]\n## B\n## B\n```\n## C\n```\n<a name='n'></a>\n"
    anchors = page_anchors(text, ("pkg.Thing",))
    for anchor in ("top", "b", "b-1", "n", "pkg.Thing", "pkg.Thing.method.param"):
        assert anchor in anchors
    for anchor in ("a", "c", "pkg.Other"):
        assert anchor not in anchors


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="notebook-gen")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


def test_command_exit_codes_and_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["links", str(DOCS), "--check", "--package", PACKAGE]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == EXPECTED
    assert "5 broken" in err and "1 unresolved API references" in err


def test_command_strict_links_lists_unresolved_refs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "proj" / "docs" / "source"
    root.mkdir(parents=True)
    (root / "index.md").write_text("# Hi\n\nSee [`Nothing`] and [me](#hi).\n", encoding="utf-8")
    assert run_cli(["links", str(root)]) == 0
    assert run_cli(["links", str(root), "--strict-links"]) == 1
    out, _ = capsys.readouterr()
    assert "en/index.md:3: `Nothing`: not documented" not in out
    assert "index.md:3: `Nothing`: not documented" in out
    assert default_package(root) == "proj"
    assert run_cli(["links", str(tmp_path / "absent")]) == 2
