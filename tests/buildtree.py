"""Small docs trees for the build tests, written into ``tmp_path`` (page text of our own)."""

from __future__ import annotations

from pathlib import Path

CONFIG = 'INSTALL_CONTENT = "! pip install transformers datasets"\n' \
         'notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]\n'

TOCTREE = """\
- sections:
  - local: intro
    title: Welcome
  - local: tasks/train
    title: Training a model
  title: Start here
- sections:
  - local: missing_page
    title: Not written yet
  title: Later
"""

INTRO = """# Intro

[[open-in-colab]]

Some words.

```py
>>> import json
>>> json.dumps({"a": 1})
'{"a": 1}'
```
"""

TRAIN = """# Train

[[open-in-colab]]

<frameworkcontent>
<pt>

```py
>>> import torch
>>> x = torch.ones(2)
```

</pt>
<tf>

```py
>>> import tensorflow as tf
>>> y = tf.ones(2)
```

</tf>
</frameworkcontent>
"""

EXTRA = """# Extra page

[[open-in-colab]]

```py
>>> total = sum(range(4))
```
"""


def write_pages(source: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return source


def make_docs(root: Path, *, langs: tuple[str, ...] = ("en",), extra: dict[str, str] | None = None
              ) -> Path:
    """``root/docs/source`` with a config, a toctree and three pages per language."""
    source = root / "docs" / "source"
    pages = {"_config.py": CONFIG}
    for lang in langs:
        pages.update({f"{lang}/_toctree.yml": TOCTREE, f"{lang}/intro.md": INTRO,
                      f"{lang}/tasks/train.md": TRAIN, f"{lang}/extra.md": EXTRA})
    pages.update(extra or {})
    return write_pages(source, pages)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in sorted(folder.rglob("*")) if p.is_file()}
