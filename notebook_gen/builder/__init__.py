"""A docs tree to an output folder.

``build`` is the entry point (:func:`notebook_gen.builder.build.build`), one module that
reads top to bottom: it takes the output folder's lock, reads the tree's inputs, settles
the pages by the quick check (``quick``: nothing it reads has changed) or converts them
(the full build, in the process pool of ``pool``), removes what pages no longer make,
brings the index up to date and saves the manifest. Beside it:

- ``manifest``: each page's outcome, and the manifest that records them;
- ``snapshot``: what a build records of a file, when a file is unchanged, and what the next
  build's quick check starts from;
- ``inputs/``: what the build reads of the tree (languages, pages, configs, toctrees) and
  settles from it (the documented package, the install cells);
- ``output/``: the output folder (writes, the lock), what a build may remove, and the Colab
  index.
"""
