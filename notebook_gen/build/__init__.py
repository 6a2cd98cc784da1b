"""A docs tree to an output folder.

The stages, in order: ``discover`` (languages, pages, notebook names), ``config``
(``_config.py`` read with ``ast``) and ``toctree``, ``tree`` (the build), ``pagetask`` with
``pool`` (one page's work, in a process pool), ``outfiles`` with ``write`` (atomic writes),
``manifest`` (incremental builds), ``index`` with ``index_update`` (the Colab index). The entry
point is :func:`notebook_gen.build.tree.build`.
"""
