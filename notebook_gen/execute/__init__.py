"""Execute generated notebooks and report on them like a test suite (``notebook-gen execute``).

The entry point is :func:`notebook_gen.execute.api.execute_notebooks` (also
``notebook_gen.execute_notebooks``), with :class:`~notebook_gen.execute.options.ExecuteOptions`
in and a :class:`~notebook_gen.execute.results.RunReport` out. One module per job: ``jobs``
(find and read notebooks, which to run, which cannot run here), ``shard`` (``--shard``),
``units`` (notebooks whose code is the same share one run), ``environment`` (what the
kernel and the machine have), ``runner`` (one notebook, one kernel, one directory; its
executed copy), ``cells`` (its cells, judged by the kernel's replies), ``kernel`` (start and
stop kernels and everything they start), ``triage`` (failure classes and page lines),
``outputs`` (expected output comparison, bounded text), ``pool`` (parallel runs, kernels
started ahead, signals), ``cache`` and ``api`` (the pipeline). The CLI is
:mod:`notebook_gen.commands.execute`.
"""
