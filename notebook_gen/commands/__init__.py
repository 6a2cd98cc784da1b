"""Sub-commands of ``notebook-gen``: each module registers its parser and runs it."""
