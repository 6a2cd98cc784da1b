"""What ``build`` prints: one line per stage on a pipe, warnings grouped by page with their
counts per kind (a rare kind never hidden behind a frequent one), and a summary that says
what the output folder holds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from notebook_gen.builder.build import BuildReport
from notebook_gen.builder.manifest import PageOutcome, PageStatus
from notebook_gen.cli import main
from notebook_gen.commands.build.run import (
    SHOWN_PER_PAGE_AND_KIND,
    progress_for,
    summary_line,
    warning_lines,
)
from notebook_gen.errors import PageError, PageWarning
from tests.buildtree import make_docs, write_pages


def _warnings() -> list[PageWarning]:
    links = [PageWarning("en/b.md", line, f"unresolved {line}", "link") for line in range(9, 0, -1)]
    return [*links,
            PageWarning("en/b.md", 5, "imports evaluate", "missing-install"),
            PageWarning("en/_toctree.yml", 3, "entry 'x' has no page", "toctree"),
            PageWarning("en/a.md", 2, "tag closed twice", "structure"),
            PageWarning("en/a.md", 7, "unresolved 7", "link")]


def test_warnings_are_grouped_by_page_with_counts_per_kind() -> None:
    assert SHOWN_PER_PAGE_AND_KIND == 3
    assert warning_lines(_warnings(), verbose=False) == [
        "13 warnings in 3 files (link 10, missing-install 1, structure 1, toctree 1):",
        "en/_toctree.yml:3: entry 'x' has no page [toctree]",
        "en/a.md:2: tag closed twice [structure]",
        "en/a.md:7: unresolved 7 [link]",
        "en/b.md:1: unresolved 1 [link]",
        "en/b.md:2: unresolved 2 [link]",
        "en/b.md:3: unresolved 3 [link]",
        "en/b.md:5: imports evaluate [missing-install]",  # the rare kind is not cut
        "en/b.md: 6 more [link] (-v lists them)",
    ]


def test_verbose_lists_every_warning_and_a_cut_of_one_shows_it_instead() -> None:
    lines = warning_lines(_warnings(), verbose=True)
    assert len(lines) == 1 + 13 and not any("more" in line for line in lines)
    four = [PageWarning("a.md", line, "m", "link") for line in range(1, 5)]
    assert warning_lines(four, verbose=False)[1:] == [f"a.md:{n}: m [link]" for n in range(1, 5)]
    assert warning_lines([], verbose=False) == []


def _report(**fields: object) -> BuildReport:
    report = BuildReport(pages=4, seconds=0.04)
    for name, value in fields.items():
        setattr(report, name, value)
    return report


@pytest.mark.parametrize(("fields", "line"), [
    ({"unchanged": 6}, "6 notebooks up to date in notebooks_out/ (4 pages, 0.0 s)"),
    ({"unchanged": 6, "unselected": {"x.md"}},
     "6 notebooks up to date in notebooks_out/ (4 of 5 pages marked [[open-in-colab]], 0.0 s)"),
    ({"written": ["a", "b"], "unchanged": 4, "removed": ["c"], "index_written": ["en/index.md"]},
     "6 notebooks in notebooks_out/: 2 written, 4 up to date, 1 removed, index updated "
     "(4 pages, 0.0 s)"),
    ({"written": ["a"], "warnings": [PageWarning("a.md", 1, "m")],
      "errors": [PageError("b.md", 2, "bad")]},
     "1 notebook in notebooks_out/: 1 written (4 pages, 1 warning, 1 error, 0.0 s)"),
])
def test_summary_says_what_the_folder_holds(fields: dict[str, object], line: str) -> None:
    assert summary_line(_report(**fields), Path("notebooks_out"), check=False) == line


def test_check_summary() -> None:
    current = summary_line(_report(unchanged=6), Path("out"), check=True)
    assert current == "check: 6 notebooks up to date in out/ (4 pages, 0.0 s)"
    stale = summary_line(_report(unchanged=5, stale=["en/a.ipynb"]), Path("out"), check=True)
    assert stale.startswith("check: 1 file in out/ out of date, listed above; a build without "
                            "--check updates them")


def _outcomes() -> list[PageOutcome]:
    return [PageOutcome("en/a.md", PageStatus.CONVERTED),
            PageOutcome("en/b.md", PageStatus.UP_TO_DATE),
            PageOutcome("en/c.md", PageStatus.UNSELECTED)]


def test_progress_on_a_pipe_is_one_plain_line_per_stage() -> None:
    stream = io.StringIO()
    progress = progress_for(stream, Path("docs/source"), Path("out"))
    assert list(progress(_outcomes(), 3)) == _outcomes()
    assert stream.getvalue().splitlines() == [
        "checking 3 pages of docs/source; converting those that changed",
        "1 page converted; checking the index in out/",
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_prints_no_stage_lines() -> None:
    stream = _Terminal()
    progress = progress_for(stream, Path("docs/source"), Path("out"))
    assert list(progress(_outcomes(), 3)) == _outcomes()
    shown = stream.getvalue()
    assert "/3 [" in shown and "checking" not in shown  # a bar (which vanishes when done)


def test_a_pipe_gets_stages_then_warnings_then_errors_and_a_clean_stdout(tmp_path: Path,
                                                                         monkeypatch,
                                                                         capsys) -> None:
    monkeypatch.chdir(tmp_path)
    source = make_docs(tmp_path)
    write_pages(source, {"en/bad.md": "# Bad\n\n[[open-in-colab]]\n\n" + "<Tip>\n" * 40})
    assert main(["build", str(source), "-o", "out", "--jobs", "1", "--repository", ""]) == 1
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert err[0].startswith("checking 4 pages of ") and err[1].startswith("3 pages converted")
    assert err[2] == "1 warning in 1 file (toctree 1):"
    assert err[3].startswith("en/_toctree.yml:8: ")
    assert err[4].startswith("error: en/bad.md:37: ")
    assert not any(line.startswith(" ") for line in err)
    *notes, _ = captured.out.splitlines()  # stdout: the build's notes, then the summary
    assert [note.split(":")[0] for note in notes] == ["settings", "package", "install cells"]
    assert captured.out.splitlines()[-1].startswith(
        "9 notebooks in out/: 9 written, index updated (4 pages, 1 warning, 1 error, ")
