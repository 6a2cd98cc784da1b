"""``--cache``: a pass is reused only for the same notebook in the same whole environment,
and only from an entry the cache wrote (an unusable cache folder: test_execute_command)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from notebook_gen.execute.cache import Cache, fingerprint
from notebook_gen.execute.environment import probe
from notebook_gen.execute.jobs import find_jobs
from notebook_gen.execute.options import ExecuteOptions
from notebook_gen.execute.results import NotebookResult, Status

FILES = Path(__file__).parent / "files"


def test_only_entries_the_cache_wrote_for_that_key_are_passes(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    first, second = "a" * 64, "b" * 64
    (tmp_path / f"{first}.json").write_bytes(os.urandom(300))
    assert not cache.has(first)
    (tmp_path / f"{first}.json").write_text('{"name": "Pass.ipynb", "seconds": 1.0}')
    assert not cache.has(first)  # the old, unchecked shape
    cache.remember(first, NotebookResult("Pass.ipynb", Status.PASSED, 1.0))
    assert cache.has(first)
    shutil.copy(tmp_path / f"{first}.json", tmp_path / f"{second}.json")
    assert not cache.has(second)  # another key's entry


def _fake_distribution(site: Path, name: str, version: str, editable_source: Path | None) -> None:
    info = site / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "RECORD").write_text("")
    (info / "top_level.txt").write_text(f"{name}\n")
    if editable_source is not None:
        url = {"url": editable_source.as_uri(), "dir_info": {"editable": True}}
        (info / "direct_url.json").write_text(json.dumps(url))


def test_an_edited_editable_install_or_an_upgraded_dependency_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented library, installed editable, and a package the notebook never imports."""
    site, source = tmp_path / "site", tmp_path / "src"
    (source / "documented").mkdir(parents=True)
    module = source / "documented" / "__init__.py"
    module.write_text("ANSWER = 42\n")
    _fake_distribution(site, "documented", "1.0", source)
    _fake_distribution(site, "transitive", "2.0", None)
    monkeypatch.setenv("PYTHONPATH", f"{site}{os.pathsep}{source}")  # the probe's and kernel's
    notebook = tmp_path / "UsesDocumented.ipynb"
    notebook.write_text((FILES / "Pass.ipynb").read_text().replace("x = 21", "import documented"))
    (job,) = find_jobs(notebook)
    options = ExecuteOptions(cache=tmp_path / "cache")

    def key() -> str:
        return fingerprint(job, probe("python3", job.imports, digest=True), options)

    before = key()
    module.write_text("ANSWER = 43\n")  # same version, other source
    edited = key()
    info = site / "transitive-2.0.dist-info"
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: transitive\nVersion: 2.1\n")
    upgraded = key()
    assert len({before, edited, upgraded}) == 3
    assert key() == upgraded  # stable while nothing changes
