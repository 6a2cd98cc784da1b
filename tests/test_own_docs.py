"""notebook_gen's own documentation (docs/source) converts cleanly and its samples are true.

Every notebook of every page marked ``[[open-in-colab]]`` is run here without a kernel:
its code cells in order, in one namespace, in a fresh temporary working directory, each
cell's printed output compared with the page's by doctest's own ``OutputChecker`` and the
cell's doctest flags. This checks the pages even where ``notebook-gen execute`` would skip a
notebook (a page with PyTorch or TensorFlow blocks needs those frameworks installed there).
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import io
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from notebook_gen.convert import metadata
from notebook_gen.convert.page import convert_page
from notebook_gen.convert.parse import selects_page

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "source"
NOT_COMPARED = {"SKIP", "IGNORE_RESULT"}
NOT_RUN = {metadata.TAG_INSTALL, metadata.TAG_SKIP}


def own_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if selects_page(p.read_text("utf-8")))


@dataclass(frozen=True)
class Mismatch:
    where: str
    source: str
    want: str
    got: str

    def __str__(self) -> str:
        return f"{self.where}\n{self.source}\n--- expected:\n{self.want}--- got:\n{self.got}"


def _flags(names: list[str]) -> int:
    flags = 0
    for name in names:
        flags |= doctest.OPTIONFLAGS_BY_NAME.get(name, 0)
    return flags


def _run_cell(source: str, namespace: dict[str, Any]) -> tuple[str, BaseException | None]:
    """Run a cell as a kernel does: the value of a final expression is displayed (with
    ``repr``, as doctest shows it) unless it is None. Returns what it printed and the error."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = ast.Module(tree.body[:-1] if last else tree.body, type_ignores=[])
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(body, "<cell>", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
                if value is not None:
                    print(repr(value))
    except Exception as error:
        return printed.getvalue(), error
    return printed.getvalue(), None


def _exception_matches(want: str, error: BaseException, flags: int) -> bool:
    found = doctest.DocTestParser._EXCEPTION_RE.match(want)  # type: ignore[attr-defined]
    if found is None:
        return False
    got = traceback.format_exception_only(type(error), error)[-1]
    checker = doctest.OutputChecker()
    if checker.check_output(found.group("msg"), got, flags):
        return True
    if flags & doctest.IGNORE_EXCEPTION_DETAIL:
        return got.split(":")[0].rsplit(".", 1)[-1] == found.group("msg").split(":")[0].rsplit(
            ".", 1)[-1]
    return False


def check_notebook(notebook: dict[str, Any], name: str) -> Iterator[Mismatch]:
    """Run one notebook's code cells; yield every cell whose output is not the page's."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    checker = doctest.OutputChecker()
    for cell in notebook["cells"]:
        tags = set(cell["metadata"].get("tags", []))
        if cell["cell_type"] != "code" or tags & NOT_RUN:
            continue
        source = "".join(cell["source"])
        info = cell["metadata"].get(metadata.KEY, {})
        where = f"{name}:{info.get(metadata.LINE, info.get(metadata.ORIGIN))}"
        names = info.get(metadata.DOCTEST_FLAGS, [])
        flags = _flags(names)
        texts = [o["text"] if o["output_type"] == "stream" else o["data"]["text/plain"]
                 for o in cell["outputs"] if o["output_type"] in ("execute_result", "stream")]
        want = "".join("".join(t) + "\n" for t in texts)
        got, error = _run_cell(source, namespace)
        if metadata.TAG_RAISES in tags:
            if error is None or not _exception_matches(want, error, flags):
                yield Mismatch(where, source, want, got + f"(raised {error!r})\n")
            continue
        if error is not None:
            yield Mismatch(where, source, want, got + "".join(
                traceback.format_exception_only(type(error), error)))
            return  # later cells depend on this one
        if texts and not NOT_COMPARED & set(names) and not checker.check_output(want, got, flags):
            yield Mismatch(where, source, want, got)


@contextlib.contextmanager
def fresh_directory(tmp: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(tmp)
    try:
        yield
    finally:
        os.chdir(before)


def page_notebooks(page: Path) -> dict[str, dict[str, Any]]:
    rel = page.relative_to(DOCS).as_posix()
    return convert_page(page.read_text("utf-8"), rel).notebooks


def test_the_docs_have_pages_in_three_languages() -> None:
    langs = {page.relative_to(DOCS).parts[0] for page in own_pages()}
    assert {"en", "ko", "ja"} <= langs


@pytest.mark.parametrize("page", own_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_samples_print_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    notebooks = page_notebooks(page)
    assert notebooks, f"{page}: no notebooks"
    problems: list[str] = []
    for variant, notebook in sorted(notebooks.items()):
        workdir = tmp_path / variant
        workdir.mkdir()
        with fresh_directory(workdir):
            rel = page.relative_to(DOCS).as_posix()
            problems.extend(str(m) for m in check_notebook(notebook, f"{rel} [{variant}]"))
    assert not problems, "\n\n".join(problems)


def test_pages_convert_without_warnings() -> None:
    warnings = []
    for page in sorted(DOCS.rglob("*.md")):
        rel, text = page.relative_to(DOCS).as_posix(), page.read_text("utf-8")
        warnings.extend(str(w) for w in convert_page(text, rel).warnings)
    assert not warnings, "\n".join(warnings)


def test_committed_notebooks_are_up_to_date() -> None:
    command = [sys.executable, "-m", "notebook_gen", "build", "docs/source", "-o", "notebooks_out",
               "--check"]  # relative, as `make check` runs it: the docs root is in metadata
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_notebooks_run_in_a_kernel(tmp_path: Path) -> None:
    """``notebook-gen execute`` on the committed notebooks, outputs compared strictly.

    A notebook whose page has framework blocks is skipped where the framework is not
    installed; the samples of those pages are still checked above, without a kernel."""
    pytest.importorskip("ipykernel")
    results = tmp_path / "results.json"
    command = [sys.executable, "-m", "notebook_gen", "execute", "notebooks_out", "--no-install",
               "--check-outputs=strict", "--jobs", "2", "--quiet", "--json", str(results)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    statuses = {r["name"]: r["status"] for r in json.loads(results.read_text())["results"]}
    assert set(statuses.values()) <= {"passed", "skipped"}, done.stdout
    assert statuses["en/quicktour.ipynb"] == "passed", done.stdout
    for lang in ("ko", "ja"):
        assert statuses[f"{lang}/quicktour.ipynb"] == "passed", done.stdout


if __name__ == "__main__":
    # ``python tests/test_own_docs.py [page ...]``: print every mismatch, to write outputs.
    import tempfile

    for page in [Path(a).resolve() for a in sys.argv[1:]] or own_pages():
        for variant, notebook in sorted(page_notebooks(page).items()):
            with tempfile.TemporaryDirectory() as tmp, fresh_directory(Path(tmp)):
                for mismatch in check_notebook(notebook, f"{page.name} [{variant}]"):
                    print(mismatch, end="\n\n")
