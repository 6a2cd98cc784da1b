"""How a build and its workers stop: on Ctrl-C, on SIGTERM, and when the build is killed.

- SIGTERM (CI cancellation, ``timeout``) is turned into the same ``KeyboardInterrupt`` as
  Ctrl-C (:func:`notebook_gen.builder.build.sigterm_as_interrupt`), so the build stops with
  its clean-up: exit 130, the output lock released, the workers terminated
  (:func:`stop_workers`) rather than left to finish their queued pages.
- While workers start, SIGINT and SIGTERM are held (:func:`signals_held`): the interrupt
  comes once the build has recorded every worker it forked, so that none escapes the stop,
  and a worker never runs the parent's handler: it inherits the held signals and takes them
  only once it has set its own.
- Workers ignore SIGINT (the parent decides), and exit when the build process dies, even by
  SIGKILL, so that none lives on writing into the output folder: the kernel sends them
  SIGTERM (``PR_SET_PDEATHSIG``) on Linux; elsewhere, or when a fork server started them, a
  thread checks that the build process is still there (:func:`follow_parent`).

A worker killed mid-write leaves at most a temporary file, which the next build removes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

_PR_SET_PDEATHSIG = 1
_STOPS = {signal.SIGINT, signal.SIGTERM}
_POLL_SECONDS = 0.5


STOP_GRACE_SECONDS = 5.0
"""How long a terminated worker may take to exit before it is killed."""


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait while the block runs (in this thread, and in the processes it
    forks until they release them), then arrive."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def stop_workers(processes: Sequence[BaseProcess]) -> None:
    """Terminate the workers now: their batches are dropped, running ones cut short. A
    worker that outlives SIGTERM is killed after a grace period, so that an interrupted
    build always ends."""
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()


def follow_parent(parent: int) -> None:
    """In a worker: take SIGINT and SIGTERM from the parent's hands, and exit when the
    build process ``parent`` dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, if forked
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # held while it was forked
    direct = os.getppid() == parent  # fork or spawn; a fork server is a go-between
    if not (direct and _death_signal()):
        threading.Thread(target=_watch, args=(parent, direct), daemon=True).start()
    if not _alive(parent, direct):  # it died before we could ask to follow it
        os._exit(1)


def _death_signal() -> bool:
    """Ask the kernel for SIGTERM when our parent dies (Linux); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not at the top: only workers need it, and it takes a while

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _alive(parent: int, direct: bool) -> bool:
    if direct:
        return os.getppid() == parent  # an orphan is adopted by another process
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(parent: int, direct: bool) -> None:
    while _alive(parent, direct):
        time.sleep(_POLL_SECONDS)
    os._exit(1)
