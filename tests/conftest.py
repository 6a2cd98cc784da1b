"""Test-wide settings.

In CI (``CI`` set, as ``.ci/run`` is run), hypothesis draws the same examples on every
run, so that a submission's result does not depend on luck; on a developer's machine it
explores anew each time, which is how new failures are found. ``HYPOTHESIS_PROFILE=long``
asks for the long run (see ``tests/test_properties.py``).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") and os.environ.get("HYPOTHESIS_PROFILE", "default") == "default":
    settings.load_profile("ci")
