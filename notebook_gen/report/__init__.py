"""Reports of an execution run: console table, JUnit XML, JSON, Markdown, HTML, merge.

Each format is one module with a ``render(report) -> str``, listed in
:mod:`notebook_gen.report.formats` (:data:`~notebook_gen.report.formats.FORMATS`,
:func:`~notebook_gen.report.formats.write_requested`); :func:`notebook_gen.report.json_file.merge`
joins the JSON reports of several shards into one.
"""
