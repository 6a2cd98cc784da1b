"""Sub-commands of ``notebook-gen``, one package each (``build/``, ``links/``, ``execute/``,
``report/``): the arguments in its ``__init__``, what it does in its ``run`` module."""
