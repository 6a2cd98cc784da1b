"""Test-wide settings.

In CI (``CI`` set, as ``.ci/run`` is run), hypothesis draws the same examples on every
run, so that a submission's result does not depend on luck; on a developer's machine it
explores anew each time, which is how new failures are found. ``HYPOTHESIS_PROFILE=long``
asks for the long run (see ``tests/test_properties.py``). The suite's cache folder is a
temporary one.
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import settings

# A build that changed nothing leaves a record in the user's cache folder for the same
# command to replay (notebook_gen.build.state.replay): the suite keeps its own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="notebook-gen-tests-cache-")
os.environ.pop("NOTEBOOK_GEN_NO_REPLAY", None)

settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") and os.environ.get("HYPOTHESIS_PROFILE", "default") == "default":
    settings.load_profile("ci")
