"""References to module-level aliases of a documented class's methods (``upload_file =
api.upload_file`` beside ``api = HfApi()``) link to the method, as the docs site does, read
statically from the package's source beside the docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.cli import main

API = '''\
"""The client."""


class HfApi:
    def upload_file(self, path):
        """Upload."""

    def delete_file(self, path):
        """Delete."""


class Unlisted:
    def ping(self):
        """Ping."""


api = HfApi()
upload_file = api.upload_file
delete_file = HfApi().delete_file
whoami = HfApi.upload_file
ping = Unlisted().ping
'''

INITS = {
    "from-import": "from .api import HfApi, upload_file, delete_file, ping, whoami\n",
    "absolute import in a block": ("try:\n    from hubby.api import HfApi, upload_file\n"
                                   "    from hubby.api import delete_file, ping, whoami\n"
                                   "except ImportError:\n    pass\n"),
    "lazy table": ('_import_structure = {"api": ["HfApi", "upload_file", "ping"]}\n'
                   '_import_structure["api"].extend(["delete_file", "whoami"])\n'),
    "star import": "from .api import *\n",
}

GUIDE = ("# Guide\n\n[[open-in-colab]]\n\nCall [`upload_file`], [`~hubby.delete_file`], "
         "[`hubby.api.whoami`] or [`ping`].\n")
REFERENCE = "# Reference\n\n[[autodoc]] HfApi\n    - all\n"


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("init", INITS)
def test_aliases_of_a_documented_method_link_to_the_method(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], init: str) -> None:
    repo = tmp_path / "hubby-repo"
    write(repo, {"pyproject.toml": '[project]\nname = "hubby"\n',
                 "src/hubby/__init__.py": INITS[init], "src/hubby/api.py": API,
                 "docs/source/en/guide.md": GUIDE, "docs/source/en/reference.md": REFERENCE})
    out = tmp_path / "out"
    assert main(["build", str(repo / "docs" / "source"), "-o", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    cells = json.loads((out / "en" / "guide.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "".join(cells[1]["source"])
    page = "https://huggingface.co/docs/hubby/main/en/reference"
    assert f"[upload\\_file]({page}#hubby.HfApi.upload_file)" in text
    assert f"[delete\\_file]({page}#hubby.HfApi.delete_file)" in text  # ~: the last name
    assert f"[hubby.api.whoami]({page}#hubby.HfApi.upload_file)" in text
    # An alias of an undocumented class's method stays code, with the usual reason.
    assert "`ping`" in text and "#hubby.Unlisted" not in text
    assert "unresolved API reference `ping`: not documented by any [[autodoc]] directive" in err
    assert "`upload_file`: not documented" not in err
    assert "delete_file`: not documented" not in err


def test_links_check_counts_aliases_as_resolved(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "hubby"
    write(repo, {"src/hubby/__init__.py": INITS["from-import"], "src/hubby/api.py": API,
                 "docs/source/en/guide.md": GUIDE, "docs/source/en/reference.md": REFERENCE})
    assert main(["links", str(repo / "docs" / "source"), "--check", "--strict-links"]) == 1
    captured = capsys.readouterr()
    assert "`ping`" in captured.out
    assert "upload_file" not in captured.out and "delete_file" not in captured.out
    assert "1 unresolved API references" in captured.err
