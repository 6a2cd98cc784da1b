"""notebook_gen: documentation pages in the Hugging Face dialect become Colab notebooks."""

from __future__ import annotations

__version__ = "0.1.0"
