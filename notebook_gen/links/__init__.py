"""Links that work outside the docs site, resolved statically from the docs tree.

The converter's entry points::

    inventory = Inventory.from_tree(tree_pages(docs_root))   # every language (build.discover)
    resolver = LinkResolver(inventory, package="transformers",
                            source=find_package_source(docs_root, "transformers"),  # anchors
                            externals=[load_external(ExternalSpec.parse("datasets=..."), ...)])
    text, unresolved = resolver.rewrite(chunk, LinkContext(lang="ko", page="tasks/asr"), first_line)

Modules: ``inventory`` (``[[autodoc]]`` directives), ``exports`` + ``public`` (the anchor
the site gives an object), ``api`` + ``refs`` (reference look-up), ``external`` +
``inventory_file`` (other libraries' inventories, and the JSON form ``links
--export-inventory`` writes), ``scanner`` + ``resolve`` + ``urls`` (the rewrite), ``check``
+ ``anchors`` + ``fences`` (``notebook-gen links DOCS_SOURCE --check``: relative links and
anchors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notebook_gen.lazy import lazy_names

if TYPE_CHECKING:
    from notebook_gen.links.context import LinkContext
    from notebook_gen.links.exports import PackageSource, find_package_source
    from notebook_gen.links.external import ExternalDocs, ExternalSpec, load_external
    from notebook_gen.links.inventory import ApiEntry, Inventory, TreePages
    from notebook_gen.links.resolve import LinkResolver, Rewritten, UnresolvedRef

_WHERE = {
    "PackageSource": "notebook_gen.links.exports",
    "find_package_source": "notebook_gen.links.exports",
    "ExternalDocs": "notebook_gen.links.external",
    "ExternalSpec": "notebook_gen.links.external",
    "load_external": "notebook_gen.links.external",
    "ApiEntry": "notebook_gen.links.inventory",
    "Inventory": "notebook_gen.links.inventory",
    "TreePages": "notebook_gen.links.inventory",
    "LinkResolver": "notebook_gen.links.resolve",
    "Rewritten": "notebook_gen.links.resolve",
    "UnresolvedRef": "notebook_gen.links.resolve",
    "LinkContext": "notebook_gen.links.context",
}
"""Public name -> its module, imported on first use: a module of this package
(``urls``) is used without loading the resolver."""


__getattr__ = lazy_names(__name__, _WHERE)


__all__ = [
    "ApiEntry",
    "ExternalDocs",
    "ExternalSpec",
    "Inventory",
    "LinkContext",
    "LinkResolver",
    "PackageSource",
    "Rewritten",
    "TreePages",
    "UnresolvedRef",
    "find_package_source",
    "load_external",
]
