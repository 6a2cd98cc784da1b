"""A docs tree to an output folder.

``tree`` is the entry point (:func:`notebook_gen.builder.build.build`): it takes the output
folder's lock, then settles the build by the quick check (``quick``: nothing it reads has
changed) or runs the full build (``full``). The stages, one package each:

- ``inputs/``: what the build reads of the tree (languages, pages, configs, toctrees) and
  settles from it (the documented package, the install cells);
- ``pages/``: converting the pages that changed, in a process pool;
- ``output/``: writing, checking and removing files of the output folder;
- ``state/``: the manifest and snapshot that the next build starts from;
- ``index/``: the Colab index.
"""
