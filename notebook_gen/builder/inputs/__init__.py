"""What a build reads of the docs tree: its languages and pages (``discover``), each
language's ``_config.py`` (``config``) and ``_toctree.yml`` (``toctree``), and what the build
settles from them on its own: the documented package and each language's install cells
(``package``, from what ``repository`` finds around the docs)."""
