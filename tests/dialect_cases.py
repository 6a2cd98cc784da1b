"""The dialect fixture pages and how their golden notebooks are made.

Each ``fixtures/dialect/<case>.md`` is one construct of DIALECT.md; its expected
notebooks live in ``golden/dialect/<case>/<variant>.ipynb``, each with a text view beside
it (``<variant>.txt``, :func:`text_view`) that a reviewer reads in a diff. ``make goldens``
rewrites both from the current code; a person reads every golden diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from notebook_gen.builder.inputs.config import parse_config
from notebook_gen.convert.page import ConvertOptions, PageConversion, convert_page

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "dialect"
GOLDEN = HERE / "golden" / "dialect"


def case_names() -> list[str]:
    return sorted(path.stem for path in FIXTURES.glob("*.md"))


def fixture_options() -> ConvertOptions:
    config = parse_config((FIXTURES / "_config.py").read_text(encoding="utf-8"), "en/_config.py")
    return ConvertOptions(first_cells=config.first_cells, docs_root="tests/fixtures")


def convert_case(name: str) -> PageConversion:
    text = (FIXTURES / f"{name}.md").read_bytes().decode("utf-8")  # line endings as written
    return convert_page(text, f"dialect/{name}.md", fixture_options())


DERIVED = ("source_sha256",)
"""Notebook metadata left out of the text view: values derived from others (the page's
hash), which change whenever the fixture does and tell a reader nothing. Cell ids are left
out for the same reason. The JSON goldens keep them, and the tests compare those too."""


def text_view(notebook: dict[str, Any]) -> str:
    """A notebook as a reviewer reads it, in the block style of markdown-it-py's fixture
    files: the notebook's metadata, then each cell's heading (number, kind, page line or
    origin, tags, other metadata) and its source between ``.`` lines, then each output's
    kind and text the same way."""
    lines = [_metadata_line(key, value) for key, value in sorted(notebook["metadata"].items())]
    for number, cell in enumerate(notebook["cells"]):
        lines += ["", _cell_heading(number, cell), *_block(cell["source"])]
        for output in cell.get("outputs", []):
            lines += _output(output)
    return "\n".join(lines) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> str:
    """A string as it is, a list of strings comma-separated, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    return _compact(value)


def _metadata_line(key: str, value: Any) -> str:
    if isinstance(value, dict):
        value = {name: item for name, item in value.items() if name not in DERIVED}
    return f"metadata.{key}: {_compact(value)}"


def _cell_heading(number: int, cell: dict[str, Any]) -> str:
    metadata = dict(cell["metadata"])
    parts = [f"[{number}] {cell['cell_type']}"]
    own = dict(metadata.pop("notebook_gen", {}))
    if "line" in own:
        parts.append(f"line {own.pop('line')}")
    if "origin" in own:
        parts.append(f"from {own.pop('origin')}")
    if "tags" in metadata:
        parts.append(f"tags {_plain(metadata.pop('tags'))}")
    parts += [f"{name} {_plain(value)}" for name, value in sorted(own.items())]
    parts += [f"{name} {_plain(value)}" for name, value in sorted(metadata.items())]
    return " · ".join(parts)


def _block(source: str | list[str]) -> list[str]:
    """Text between ``.`` lines; a text that ends with a line break shows an empty line."""
    text = "".join(source)
    return [".", *text.split("\n"), "."] if text else [".", "."]


def _output(output: dict[str, Any]) -> list[str]:
    kind = output["output_type"]
    extra = [f"execution_count {output['execution_count']}"
             if output.get("execution_count") is not None else "",
             f"metadata {_compact(output['metadata'])}" if output.get("metadata") else ""]
    tail = "".join(f" · {part}" for part in extra if part)
    if kind == "stream":
        return [f"-> {kind} {output['name']}{tail}", *_block(output["text"])]
    if "data" in output:
        lines = []
        for mime, data in sorted(output["data"].items()):
            text = data if isinstance(data, str | list) else _compact(data)
            lines += [f"-> {kind} {mime}{tail}", *_block(text)]
        return lines
    return [f"-> {kind}{tail} {_compact({k: v for k, v in output.items() if k != 'output_type'})}"]
