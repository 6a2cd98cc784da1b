"""Notebook lint: imports against installs, framework leaks, --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_gen.cli import main
from notebook_gen.convert.page import ConvertOptions, convert_page
from notebook_gen.errors import PageWarning
from notebook_gen.lint.checks import FRAMEWORK_LEAK, MISSING_INSTALL, LintOptions, lint_notebooks
from notebook_gen.lint.imports import imports_of
from notebook_gen.lint.installs import installed_by
from notebook_gen.model import CellSpec
from tests.buildtree import make_docs, write_pages

INSTALL = CellSpec("code", "! pip install transformers datasets", 0, tags=("install",),
                   origin="en/_config.py")


def lint(page: str, options: LintOptions | None = None) -> list[PageWarning]:
    result = convert_page(page, "en/page.md", ConvertOptions(first_cells=(INSTALL,)))
    return lint_notebooks("en/page.md", result.notebooks, options or LintOptions())


def page(*code: str, before: str = "") -> str:
    blocks = "\n".join(f"```py\n{c}\n```\n" for c in code)
    return f"# Page\n\n{before}{blocks}"


def test_stdlib_preinstalled_and_installed_imports_are_fine() -> None:
    assert lint(page("import os, json\nimport numpy as np\nfrom PIL import Image",
                     "from transformers import pipeline\nimport datasets",
                     "import huggingface_hub  # comes with transformers")) == []


def test_import_nobody_installs_warns_with_page_line() -> None:
    warnings = lint(page("x = 1", "import evaluate\nfrom jiwer.measures import wer"))
    assert [(w.line, w.kind) for w in warnings] == [(8, MISSING_INSTALL), (9, MISSING_INSTALL)]
    assert str(warnings[0]) == ("en/page.md:8: imports 'evaluate' but no install cell provides "
                                "it (pip install evaluate) [missing-install]")


def test_doctest_cells_point_at_the_prompt_line() -> None:
    warnings = lint(page(">>> a = 1\n>>> import evaluate"))
    assert [w.line for w in warnings] == [5]


def test_page_pip_blocks_and_front_matter_provide_installs() -> None:
    text = ("---\nnotebook:\n  pip: [evaluate]\n---\n" + page(
        "import evaluate\nimport cv2\nimport yaml, sklearn, bs4",
        before="```bash\npip install -q opencv-python 'beautifulsoup4>=4' PyYAML\n```\n\n"))
    warnings = lint(text)
    assert warnings == []


def test_distribution_names_differ_from_import_names() -> None:
    # Both pairs come from the data file (pants' mapping; lance's own README).
    warnings = lint(page("import fitz\nimport lance"))
    assert [w.message.split("(")[1] for w in warnings] == ["pip install pymupdf)",
                                                           "pip install pylance)"]


def test_import_names_setting_extends_the_table() -> None:
    text = page("import my_mod", before="```bash\npip install my-dist\n```\n\n")
    assert [w.kind for w in lint(text)] == [MISSING_INSTALL]
    assert lint(text, LintOptions(import_names=(("my_mod", "my-dist"),))) == []


def test_colab_preinstalled_setting_replaces_the_default() -> None:
    text = page("import torch")
    assert lint(text) == []
    assert [w.kind for w in lint(text, LintOptions(colab_preinstalled=()))] == [MISSING_INSTALL]


def test_optional_imports_and_magics_and_relative_imports_are_skipped() -> None:
    code = ("%load_ext autoreload\n!ls\ntry:\n    import apex\nexcept ImportError:\n"
            "    apex = None\nfrom . import sibling")
    assert lint(page(code)) == []


def test_cells_that_do_not_parse_are_scanned_line_by_line() -> None:
    assert [i.module for i in imports_of("import evaluate\nmodel = ...(\nfrom timm import x")] \
        == ["evaluate", "timm"]


def test_pip_install_lines_are_read_like_pip() -> None:
    source = ("!pip install -U -q 'transformers[torch]>=4.30' --index-url https://x.y/simple "
              "git+https://github.com/org/peft.git@main ./local Pillow_SIMD==9.0  # a comment\n"
              "%pip install --no-cache-dir accelerate && echo done-not-a-package\n"
              "!python -m pip install https://host/pkgs/sentencepiece-0.1-cp311.whl\n")
    assert installed_by(source) == {"transformers", "torch", "peft", "pillow-simd",
                                    "accelerate", "sentencepiece"}


FRAMEWORKS_PAGE = """# Page

<frameworkcontent>
<pt>

```py
>>> import torch
>>> import tensorflow as tf
```

</pt>
<tf>

```py
>>> from torch import nn
>>> import keras
```

</tf>
</frameworkcontent>
"""


def test_framework_leaks_warn_once_per_line() -> None:
    warnings = [w for w in lint(FRAMEWORKS_PAGE) if w.kind == FRAMEWORK_LEAK]
    assert [(w.line, w.message) for w in warnings] == [
        (8, "a PyTorch block imports 'tensorflow' (TensorFlow)"),
        (15, "a TensorFlow block imports 'torch' (PyTorch)"),
    ]


def test_missing_install_in_some_variants_names_them() -> None:
    text = """# Page

<frameworkcontent>
<pt>

```bash
pip install evaluate
```

</pt>
<tf>

```py
import tensorflow
```

</tf>
</frameworkcontent>

```py
import evaluate
```
"""
    (warning,) = lint(text)
    assert warning.line == 21
    assert warning.message.endswith("in the tensorflow notebook")


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    source = make_docs(tmp_path)
    write_pages(source, {"en/leaky.md": "# Leaky\n\n[[open-in-colab]]\n\n" + FRAMEWORKS_PAGE
                         + "\n```py\nimport evaluate\n```\n"})
    return source


def test_build_reports_lint_warnings_and_keeps_them_on_rebuild(docs: Path, capsys) -> None:
    out = docs.parent.parent / "out"
    assert main(["build", str(docs), "-o", str(out), "--jobs", "1"]) == 0
    first = capsys.readouterr().err
    assert "4 warnings in 2 files (framework-leak 2, missing-install 1, toctree 1):" in first
    assert "en/leaky.md:" in first
    assert main(["build", str(docs), "-o", str(out), "--jobs", "1"]) == 0
    after_stages = first.split("\n", 2)[2]  # the stage lines say how many pages converted
    assert capsys.readouterr().err.split("\n", 2)[2] == after_stages


def test_strict_turns_lint_warnings_into_errors(docs: Path, capsys) -> None:
    out = docs.parent.parent / "out"
    assert main(["build", str(docs), "-o", str(out), "--jobs", "1", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "error: en/leaky.md:" in err and "[framework-leak, strict]" in err
    assert "1 warning in 1 file (toctree 1):" in err  # other warnings stay warnings
    assert main(["build", str(docs), "-o", str(out), "--jobs", "1", "--strict"]) == 1


def test_import_names_from_pyproject(docs: Path) -> None:
    root = docs.parent.parent
    write_pages(docs, {"en/own.md": "# Own\n\n[[open-in-colab]]\n\n```bash\npip install "
                       "my-dist\n```\n\n```py\nimport my_mod\n```\n"})
    (docs / "en" / "leaky.md").unlink()
    out = root / "out"
    assert main(["build", str(docs), "-o", str(out), "--jobs", "1", "--strict"]) == 1
    (root / "pyproject.toml").write_text(
        '[tool.notebook-gen]\nimport_names = { my_mod = "my-dist" }\n', encoding="utf-8")
    assert main(["build", str(docs), "-o", str(out), "--jobs", "1", "--strict"]) == 0


# --- one warning per page and module; what is not a missing install --------------------------

def test_a_missing_module_is_reported_once_per_page_at_its_first_line() -> None:
    text = page("import evaluate", "x = 1", "from evaluate import load\nimport evaluate as ev")
    (warning,) = lint(text)
    assert (warning.line, warning.message) == (
        4, "imports 'evaluate' but no install cell provides it (pip install evaluate)")


def test_once_per_module_keeps_every_variant_it_is_missing_from() -> None:
    text = """# Page

<frameworkcontent>
<pt>

```py
import evaluate
```

</pt>
<tf>

```py
import evaluate
```

</tf>
</frameworkcontent>
"""
    (warning,) = lint(text)
    assert warning.line == 7
    assert not warning.message.endswith("notebook") and not warning.message.endswith("notebooks")


@pytest.mark.parametrize("module", ["psutil", "timm", "cv2", "skimage", "imageio", "soundfile",
                                    "accelerate", "pytest"])
def test_modules_colab_preinstalls_are_not_missing(module: str) -> None:
    assert lint(page(f"import {module}")) == []


@pytest.mark.parametrize("prose, code", [
    ("Save the class in a file named `pair_pipeline.py`, then:\n\n",
     "from pair_pipeline import PairPipeline"),
    ("Put both files in a folder:\n\n```\n.\n└── my_model\n    ├── __init__.py\n"
     "    └── modeling.py\n```\n\n", "from my_model.modeling import Model"),
    ("Write `my_model/configuration.py`:\n\n", "from my_model.configuration import Config"),
    ("", "%%writefile helpers.py\ndef f():\n    return 1"),
])
def test_modules_the_page_defines_are_not_missing(prose: str, code: str) -> None:
    module = code.split()[1] if not code.startswith("%%") else None
    text = page(code, "import helpers" if module is None else "x = 1", before=prose)
    assert lint(text) == []


def test_a_name_inside_a_url_or_a_longer_path_defines_nothing() -> None:
    prose = ("See https://github.com/org/repo/blob/main/evaluate/metric.py and "
             "`src/jiwer/measures.py`.\n\n")
    modules = [w.message.split("'")[1] for w in lint(page("import evaluate\nimport jiwer",
                                                          before=prose))]
    assert modules == ["evaluate", "jiwer"]


def test_a_typo_of_a_standard_library_module_gets_did_you_mean() -> None:
    (warning,) = lint(page("import contexlib"))
    assert warning.message == "imports 'contexlib', which nothing installs: did you mean " \
                              "`contextlib`?"
    (warning,) = lint(page("import jiwer"))
    assert "did you mean" not in warning.message


def test_a_submodule_of_the_documented_package_gets_did_you_mean() -> None:
    options = LintOptions(package="mylib", package_modules=frozenset({"debug_utils"}))
    (warning,) = lint(page("from debug_utils import detect"), options)
    assert warning.message.endswith("did you mean `mylib.debug_utils`?")


def test_the_data_files_name_a_source_for_every_pair() -> None:
    from importlib import resources

    from notebook_gen.lint.names import COLAB_PREINSTALLED, IMPORT_NAMES

    data = resources.files("notebook_gen.lint") / "data"
    rows = [line.split("\t") for line in (data / "import_names.tsv").read_text().splitlines()
            if line and not line.startswith("#")]
    assert rows and all(len(row) == 3 and row[2] in {"pants", "pipreqs", "project", "earlier"}
                        for row in rows)
    assert IMPORT_NAMES["lance"] == ("pylance",) and IMPORT_NAMES["cv2"][0] == "opencv-python"
    assert {"torch", "tensorflow", "jax", "transformers", "psutil"} <= set(COLAB_PREINSTALLED)
    assert "evaluate" not in COLAB_PREINSTALLED


# --- framework-leak: another framework's code in a framework's notebook -------------------

def _leaks(text: str) -> list[str]:
    result = convert_page(text, "en/p.md")
    return [str(w) for w in lint_notebooks("en/p.md", result.notebooks, LintOptions())
            if w.kind == "framework-leak"]


def test_shared_code_of_a_split_page_that_imports_another_framework_is_a_leak() -> None:
    text = ("<frameworkcontent>\n<pt>\n```py\nimport torch\n```\n</pt>\n</frameworkcontent>\n\n"
            "```py\n>>> import tensorflow as tf\n```\n")
    assert _leaks(text) == ["en/p.md:10: the PyTorch notebook imports 'tensorflow' (TensorFlow): "
                            "shared text on a page split by framework [framework-leak]"]


def test_a_framework_block_installing_another_framework_is_a_leak() -> None:
    text = ("<frameworkcontent>\n<pt>\n```bash\npip install tensorflow\n```\n</pt>\n"
            "</frameworkcontent>\n")
    assert _leaks(text) == [
        "en/p.md:4: a PyTorch block installs 'tensorflow' (TensorFlow) [framework-leak]"]


def test_a_page_without_framework_blocks_shows_its_code_in_every_notebook_without_a_leak() -> None:
    assert _leaks("# T\n\n```py\nimport tensorflow as tf\n```\n") == []


def test_split_forms_keep_each_framework_in_its_notebook() -> None:
    legacy = "```py\n>>> import torch\n===PT-TF-SPLIT===\n>>> import tensorflow as tf\n```\n"
    one_line = ("<frameworkcontent>\n<pt>```bash pip install torch ```</pt>\n"
                "<tf>```bash pip install tensorflow ```</tf>\n</frameworkcontent>\n")
    assert _leaks(legacy) == []
    assert _leaks(one_line) == []
