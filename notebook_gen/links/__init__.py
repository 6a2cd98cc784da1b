"""Links that work outside the docs site, resolved statically from the docs tree.

The converter's entry points (each imported from its module: ``inventory``, ``exports``,
``external``, ``resolve``, ``context``)::

    inventory = Inventory.from_tree(tree_pages(docs_root))   # every language (build.discover)
    resolver = LinkResolver(inventory, package="transformers",
                            source=find_package_source(docs_root, "transformers"),  # anchors
                            externals=[load_external(ExternalSpec.parse("datasets=..."), ...)])
    text, unresolved = resolver.rewrite(chunk, LinkContext(lang="ko", page="tasks/asr"), first_line)

Modules: ``inventory`` (``[[autodoc]]`` directives), ``exports`` + ``source_folder`` (the
anchor the site gives an object), ``api`` (reference look-up), ``external`` (other
libraries' inventories, and the JSON form ``links --export-inventory`` writes), ``scanner``
+ ``resolve`` + ``urls`` (the rewrite), ``check`` (``notebook-gen links DOCS_SOURCE
--check``: relative links and anchors).
"""
