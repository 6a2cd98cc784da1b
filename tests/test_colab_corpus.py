"""The Colab decisions on the real tree (skipped when the corpus is absent): the package it
documents, GPU runtimes for the notebooks whose code needs CUDA, a missing-install lint
that reports what a reader would really have to install."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from notebook_gen.builder.inputs.package import default_package
from notebook_gen.cli import main

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/transformers/docs/source"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
_CUDA_DEVICE = re.compile(r"""\.to\(\s*["']cuda["']\s*\)""")


def test_the_corpus_documents_transformers() -> None:
    assert default_package(CORPUS) == "transformers"


def test_corpus_build_asks_for_gpus_and_lints_what_colab_lacks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    main(["build", str(CORPUS), "-o", str(out), "--jobs", "2"])  # one known-bad page: 1
    captured = capsys.readouterr()
    assert "package: transformers (from the git+https URL" in captured.out
    assert "settings: none" in captured.out
    gpu, cuda_code = set(), set()
    for path in out.rglob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        code = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
        if notebook["metadata"].get("accelerator") == "GPU":
            gpu.add(path)
            assert notebook["metadata"]["colab"]["gpuType"] == "T4"
        if _CUDA_DEVICE.search(code):
            cuda_code.add(path)
    assert cuda_code and cuda_code <= gpu
    assert len(gpu) < len(list(out.rglob("*.ipynb"))) / 2
    missing = [line for line in captured.err.splitlines() if "[missing-install]" in line]
    preinstalled = ("'torch'", "'psutil'", "'timm'", "'cv2'", "'skimage'", "'imageio'")
    assert not [line for line in missing if any(name in line for name in preinstalled)]
    pairs = [re.sub(r":\d+:", ":", line) for line in missing]
    assert len(pairs) == len(set(pairs))  # once per page and module
