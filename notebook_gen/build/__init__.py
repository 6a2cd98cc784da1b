"""A docs tree to an output folder.

``discover`` finds languages and pages, ``config`` and ``toctree`` read each language's
files, ``pagetask`` and ``pool`` convert pages in a process pool, ``outfiles``, ``write``
and ``manifest`` write atomically and incrementally, ``index`` writes the Colab index.
The entry point is :func:`notebook_gen.build.tree.build`.
"""
