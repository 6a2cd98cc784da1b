"""Run one ``notebook-gen`` command in this process and print its time and peak memory.

``python -m benchmarks.measure build SRC -o OUT ...`` prints one JSON line:
``{"seconds", "exit", "rss_parent_mb", "rss_workers_mb"}``; the peak resident sets of this
process and of its largest worker, read with :func:`resource.getrusage`.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str]) -> None:
    from notebook_gen.cli import main as cli

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli(argv)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "exit": code,
                      "rss_parent_mb": peak_mb(resource.RUSAGE_SELF),
                      "rss_workers_mb": peak_mb(resource.RUSAGE_CHILDREN)}))


if __name__ == "__main__":
    main(sys.argv[1:])
