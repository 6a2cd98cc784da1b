"""The output folder: files written only when changed (``write``, ``outfiles``), what a build
may remove and may not (``cleanup``, ``provenance``, ``debris``), and one build at a time
(``lock``)."""
