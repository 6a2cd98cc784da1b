"""Converting the pages that changed: one page's task and outcome (``pagetask``), the process
pool that runs them (``pool``), and how the build and its workers stop (``stopping``)."""
