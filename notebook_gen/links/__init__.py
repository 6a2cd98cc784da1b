"""Links that work outside the docs site, resolved statically from the docs tree.

The converter's entry points::

    inventory = Inventory.from_tree(tree_pages(docs_root))   # every language (build.discover)
    resolver = LinkResolver(inventory, package="transformers")
    text, unresolved = resolver.rewrite(chunk, LinkContext(lang="ko", page="tasks/asr"), first_line)

``notebook-gen links DOCS_SOURCE --check`` checks relative links and anchors
(:mod:`notebook_gen.links.check`).
"""

from __future__ import annotations

from notebook_gen.links.inventory import ApiEntry, Inventory, TreePages
from notebook_gen.links.resolve import LinkResolver, Rewritten, UnresolvedRef
from notebook_gen.links.urls import LinkContext

__all__ = ["ApiEntry", "Inventory", "LinkContext", "LinkResolver", "Rewritten", "TreePages",
           "UnresolvedRef"]
