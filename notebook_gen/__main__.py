"""``python -m notebook_gen``: the same as the ``notebook-gen`` command."""

from notebook_gen.cli import main

raise SystemExit(main())
