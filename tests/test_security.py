"""A build never runs the code it reads, and never writes or deletes outside its output folder.

Each test builds a small tree in ``tmp_path`` and compares every file outside the output
folder (the docs tree included) before and after. Executed notebooks (another stage) are
not covered here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.builder.manifest import MANIFEST_NAME
from notebook_gen.cli import main
from notebook_gen.errors import PageError
from tests.buildtree import write_pages

GOOD = "# Good page\n\n[[open-in-colab]]\n\n```py\ngood = 1\n```\n"


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def docs(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_pages(tmp_path / "docs" / "source", files)


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", str(source), "-o", str(out), "--jobs", "1", *args])


def snapshot(root: Path, out: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` except the output folder's, with content and mtime."""
    real_out = out.resolve()
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and not p.resolve().is_relative_to(real_out)}


# --- nothing read is ever executed ----------------------------------------------------------

def test_config_and_pages_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    touch = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    config = (f"{touch}\nimport os\nos.system('touch {marker}')\n"
              "INSTALL = '! pip install x'\n"
              "notebook_first_cells = [{'type': 'code', 'content': INSTALL}]\n")
    page = f"# Runs?\n\n[[open-in-colab]]\n\n```py\n>>> {touch}\n```\n\n```py\n{touch}\n```\n"
    source = docs(tmp_path, {"en/_config.py": config, "en/page.md": page})
    assert build(source, tmp_path / "out") == 0
    assert not marker.exists()
    notebook = json.loads((tmp_path / "out" / "en" / "page.ipynb").read_text("utf-8"))
    assert notebook["cells"][0]["source"] == ["! pip install x"]


def test_config_value_that_would_run_code_is_an_error_not_a_call(tmp_path: Path,
                                                                  capsys) -> None:
    marker = tmp_path / "executed"
    config = f"notebook_first_cells = __import__('os').system('touch {marker}')\n"
    source = docs(tmp_path, {"en/_config.py": config, "en/page.md": GOOD})
    assert build(source, tmp_path / "out") == 1
    assert not marker.exists()
    assert "cannot be read statically: a Call expression" in capsys.readouterr().err


def test_yaml_tags_that_would_run_code_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    tag = f"!!python/object/apply:os.system ['touch {marker}']"
    page = f"---\ntitle: {tag}\n---\n# T\n\n[[open-in-colab]]\n"
    toctree = f"- local: page\n  title: {tag}\n"
    source = docs(tmp_path, {"en/_toctree.yml": toctree, "en/page.md": page})
    build(source, tmp_path / "out")
    assert not marker.exists()


# --- nothing outside the output folder is written or deleted --------------------------------

@pytest.mark.parametrize("glob", ["../*", "../../*", "/*", "/etc/*", "en/../../x.md", "*/../*"])
def test_page_option_with_dots_or_absolute_paths_writes_nothing_outside(tmp_path: Path,
                                                                        glob: str) -> None:
    source = docs(tmp_path, {"en/page.md": GOOD, "en/sub/other.md": GOOD})
    out = tmp_path / "deep" / "out"
    before = snapshot(tmp_path, out)
    assert build(source, out, "--page", glob, "--all", "--clean") == 2  # matches no page
    assert snapshot(tmp_path, out) == before


def test_toctree_entries_leaving_the_tree_write_nothing_outside(tmp_path: Path) -> None:
    (tmp_path / "victim.md").write_text("# Victim\n", encoding="utf-8")
    toctree = (f"- local: page\n  title: Page\n- local: ../../../victim\n  title: Up\n"
               f"- local: {tmp_path / 'victim'}\n  title: Absolute\n")
    source = docs(tmp_path, {"en/_toctree.yml": toctree, "en/page.md": GOOD})
    out = tmp_path / "out"
    before = snapshot(tmp_path, out)
    build(source, out, "--clean")
    assert snapshot(tmp_path, out) == before
    index = "".join(p.read_text("utf-8") for p in out.rglob("*") if p.is_file())
    assert "Victim" not in index


def test_symlinked_output_subfolder_is_never_written_through(tmp_path: Path) -> None:
    source = docs(tmp_path, {"en/page.md": GOOD})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.ipynb").write_text("mine", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "en").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(tmp_path, out)
    try:
        build(source, out)
    except PageError as error:  # refused, if not yet reported gracefully (see below)
        assert "leaves the output folder" in str(error)
    assert snapshot(tmp_path, out) == before
    assert (elsewhere / "page.ipynb").read_text("utf-8") == "mine"


def test_symlinked_notebook_file_is_replaced_not_written_through(tmp_path: Path) -> None:
    source = docs(tmp_path, {"en/page.md": GOOD})
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    victim = tmp_path / "victim.ipynb"
    victim.write_text("mine", encoding="utf-8")
    (out / "en" / "page.ipynb").symlink_to(victim)
    (out / MANIFEST_NAME).symlink_to(tmp_path / "victim-manifest.json")
    before = snapshot(tmp_path, out)
    try:
        build(source, out)
    except PageError as error:
        assert "leaves the output folder" in str(error)
    assert snapshot(tmp_path, out) == before
    assert victim.read_text("utf-8") == "mine"


def tamper(out: Path, outputs: list[str]) -> None:
    """List ``outputs`` in the manifest as a gone page's, a page's and index files."""
    listed = {path: [4, "0" * 32] for path in outputs}
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    manifest["pages"]["en/gone.md"] = {"inputs": "0", "outputs": listed, "title": None}
    manifest["pages"]["en/page.md"]["outputs"].update(listed)
    manifest["index_files"].update(listed)
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def victims(tmp_path: Path) -> list[str]:
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "x.ipynb").write_text("mine", encoding="utf-8")
    return ["../victim/x.ipynb", "en/../../victim/x.ipynb", str(tmp_path / "victim" / "x.ipynb")]


@pytest.mark.parametrize("flags", [("--clean",), ("--clean", "--force"), ("--clean", "--check")])
def test_tampered_manifest_never_makes_clean_delete_outside(tmp_path: Path,
                                                            flags: tuple[str, ...]) -> None:
    source = docs(tmp_path, {"en/page.md": GOOD})
    out = tmp_path / "out"
    assert build(source, out) == 0
    tamper(out, victims(tmp_path))
    (source / "en" / "page.md").write_text(GOOD + "\nChanged.\n", encoding="utf-8")
    before = snapshot(tmp_path, out)
    try:
        build(source, out, *flags)
    except PageError as error:  # refused, if not yet reported gracefully (see below)
        assert "leaves the output folder" in str(error)
    assert (tmp_path / "victim" / "x.ipynb").read_text("utf-8") == "mine"
    assert snapshot(tmp_path, out) == before


def test_tampered_manifest_is_reported_as_an_error_not_a_traceback(tmp_path: Path,
                                                                   capsys) -> None:
    source = docs(tmp_path, {"en/page.md": GOOD})
    out = tmp_path / "out"
    assert build(source, out) == 0
    tamper(out, victims(tmp_path))
    assert build(source, out, "--clean", "--force") == 1
    assert "leaves the output folder" in capsys.readouterr().err
