"""The Colab index of the output folder: where its links point (``links``), its content
(``render``) and bringing it up to date with the manifest (``update``)."""
