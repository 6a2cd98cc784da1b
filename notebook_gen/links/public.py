"""The anchor the documentation site gives a documented object: its shortest public path.

The documentation builder names an object by its module path cut at the first package
level that has the object's name as an attribute, followed by its qualified name. So
``[[autodoc]] tuners.lora.config.LoraConfig`` of ``peft`` is anchored ``#peft.LoraConfig``
(``peft/__init__.py`` exports ``LoraConfig``), and ``models.bert.modeling_bert.BertOutput``
keeps its full path when no package level above ``modeling_bert`` exports it.

With the package's source beside the docs (:func:`~notebook_gen.links.exports.find_package_source`)
the cut is computed from the modules' exports. Without it, the anchor is the path as the
directive writes it (``<package>.<path as written>``): a path the object really has, where a
top-level guess may name none (``modeling_outputs.BaseModelOutput`` is not exported at the top
of ``transformers``, and its site anchor keeps the module path). The top-level spelling
``<package>.<qualified name>`` is the other anchor the site may use then, so
:func:`anchor_spellings` accepts both.
"""

from __future__ import annotations

from notebook_gen.links.exports import PackageSource, module_prefix


def qualified_name(parts: list[str]) -> list[str]:
    """Without the source: the name from its first capitalised part (a class), or its
    last part (``models.bert.BertModel.forward`` -> ``BertModel.forward``;
    ``utils.add_start_docstrings`` -> ``add_start_docstrings``)."""
    for index, part in enumerate(parts):
        if part[:1].isupper():
            return parts[index:]
    return parts[-1:]


def public_path(rel: str, package: str, source: PackageSource | None) -> str:
    """The anchor of a documented object named ``rel`` relative to ``package``."""
    parts = rel.split(".")
    prefix = [package] if package else []
    if source is None:
        return ".".join([*prefix, *parts])
    modules = module_prefix(parts, source)
    qualified = parts[len(modules):]
    for depth in range(len(modules) + 1):
        if qualified[0] in source.exports(tuple(modules[:depth])):
            return ".".join([*prefix, *modules[:depth], *qualified])
    return ".".join([*prefix, *parts])


def anchor_spellings(rel: str, package: str, source: PackageSource | None) -> tuple[str, ...]:
    """Every anchor the site may use: the public path, and, when it is unknown (no source),
    the top-level spelling too."""
    computed = public_path(rel, package, source)
    if source is not None:
        return (computed,)
    top_level = ".".join([*([package] if package else []), *qualified_name(rel.split("."))])
    return (computed,) if top_level == computed else (computed, top_level)
