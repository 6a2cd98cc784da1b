"""Sub-commands of ``notebook-gen``: ``build/``, ``links/`` and ``execute/`` are packages
with the arguments in their ``__init__`` and what the command does in their ``run`` module;
``report.py``, small, is one module whose work is imported when it runs."""
