"""Execute generated notebooks and report on them like a test suite (``notebook-gen execute``).

The entry point is :func:`notebook_gen.execute.api.execute_notebooks` (also
``notebook_gen.execute_notebooks``), with :class:`~notebook_gen.execute.options.ExecuteOptions`
in and a :class:`~notebook_gen.execute.results.RunReport` out. One module per job: ``jobs``
(find and read notebooks), ``select`` (which to run, which to skip), ``units`` (notebooks
whose code is the same share one run), ``gpu`` (which need CUDA), ``environment`` (what the
kernel has), ``runner`` (one notebook, one kernel, one directory), ``cells`` (its cells,
judged by the kernel's replies), ``kernel`` and ``reap`` (start and stop kernels and
everything they start), ``triage`` (failure classes), ``locate`` (the page line of a
failure), ``clip`` (bounded, encodable text), ``outputs`` (expected output comparison),
``pool`` (parallel runs, kernels started ahead, signals), ``cache``, ``shard``, ``executed``
(saved copies) and ``api`` (the pipeline). The CLI is :mod:`notebook_gen.commands.execute`.
"""
