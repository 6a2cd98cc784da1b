"""The output folder: files written only when changed, one build at a time, and removed only
when this tool wrote them (``folder``); what a build removes (``cleanup``); the Colab index
(``index``)."""
