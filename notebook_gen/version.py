"""The version, in a module of its own: every stage stamps it (notebook metadata, manifest
hashes) without importing the package's public API."""

__version__ = "0.1.0"
GENERATOR = f"notebook_gen {__version__}"
"""How the tool names itself: ``--version`` and the notebooks' ``generator`` metadata."""
