"""The dialect's extensions to Markdown, one module per construct."""
