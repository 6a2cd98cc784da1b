"""What a build reads of the docs tree: its languages and pages (``discover``, ``pageread``),
each language's ``_config.py`` (``config``, read with ``staticeval``) and ``_toctree.yml``
(``toctree``, ``toctree_yaml``), and what the build settles from them on its own: the
documented package (``package``) and each language's install cells (``choices``)."""
