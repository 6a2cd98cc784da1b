"""A synthetic docs tree of any size, made from the repository's own fixture pages.

Pages cycle through ``tests/fixtures/dialect/*.md`` (or, if those are missing, a template
of our own), each made unique by a numbered heading and paragraph, spread over folders of
100 pages, with the fixtures' ``_config.py`` and a ``_toctree.yml`` listing every page.
Its files are dated an hour back, like a repository's files, not written the second before
the build: a build does not trust the mtime of a file modified within a second of reading
it (see :mod:`notebook_gen.builder.snapshot`), which would make the first no-op after a tree
made on the spot hash every page.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "dialect"
PER_FOLDER = 100
AGE_NS = 3600 * 10**9

TEMPLATE = """# Template page

[[open-in-colab]]

Some prose with a [link](./other) and `code`.

<frameworkcontent>
<pt>

```py
>>> import torch
>>> torch.ones(2).sum()
tensor(2.)
```

</pt>
<tf>

```py
>>> import tensorflow as tf
>>> float(tf.reduce_sum(tf.ones(2)))
2.0
```

</tf>
</frameworkcontent>

<Tip>

A tip with a sample:

```py
>>> [n * n for n in range(3)]
[0, 1, 4]
```

</Tip>
"""

CONFIG = ('INSTALL_CONTENT = "! pip install example-package"\n'
          'notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]\n')


def sample_pages() -> list[str]:
    pages = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.md"))]
    return pages or [TEMPLATE]


def make_tree(root: Path, count: int) -> Path:
    """Write ``count`` pages under ``root/en`` (a fresh folder); returns ``root``."""
    samples = sample_pages()
    language = root / "en"
    language.mkdir(parents=True)
    config = FIXTURES / "_config.py"
    (language / "_config.py").write_text(
        config.read_text(encoding="utf-8") if config.is_file() else CONFIG, encoding="utf-8")
    toc = []
    for number in range(count):
        local = f"part_{number // PER_FOLDER:03d}/page_{number:05d}"
        path = language / f"{local}.md"
        path.parent.mkdir(exist_ok=True)
        text = samples[number % len(samples)]
        path.write_text(f"{text}\n\n## Page {number}\n\nThis is page number {number}.\n",
                        encoding="utf-8")
        toc.append(f"  - local: {local}\n    title: Page {number}\n")
    (language / "_toctree.yml").write_text("- sections:\n" + "".join(toc) + "  title: All\n",
                                           encoding="utf-8")
    written = time.time_ns() - AGE_NS
    for path in language.rglob("*"):
        os.utime(path, ns=(written, written))
    return root
