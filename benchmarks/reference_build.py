"""The reference converter (hf-doc-builder 0.5.0) over a docs tree, timed in-process.

Run with the bench venv's Python: ``reference_build.py SOURCE OUT``. For each language it
reads the language's ``_config.py`` (else the root's) as ``doc-builder build`` does, then
calls ``generate_notebooks_from_file`` on every page (``.md``/``.mdx``, not in ``_`` or ``.``
folders). Prints ``{"seconds", "pages", "failed", "rss_mb"}`` as JSON. Reference code is
only imported, never copied.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def pages_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".mdx") and not any(
        part.startswith(("_", ".")) for part in p.relative_to(folder).parts[:-1]))


def languages(root: Path) -> list[Path]:
    if (root / "_toctree.yml").is_file():
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "_toctree.yml").is_file())


def main(source: Path, out: Path) -> None:
    from doc_builder.convert_to_notebook import generate_notebooks_from_file
    from doc_builder.utils import read_doc_config

    started = time.perf_counter()
    pages = failed = 0
    for folder in languages(source):
        read_doc_config(str(folder if (folder / "_config.py").is_file() else source))
        target = out / folder.name
        for page in pages_of(folder):
            pages += 1
            try:
                generate_notebooks_from_file(str(page), str(target))
            except Exception:  # the reference fails on some pages; count them
                failed += 1
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "pages": pages, "failed": failed, "rss_mb": rss}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
