"""Converting pages in parallel: worker processes fed in small batches.

Pages that need no conversion are settled in the parent from the read it already made;
the others go to worker processes, which convert them and store their notebooks
themselves, so that only small outcomes travel back. Outcomes come back in page order,
whatever the number of workers, so every report is the same with ``--jobs 1`` or ``8``.

Each worker has a pipe of its own and the parent is its only reader and writer: no lock is
shared between processes and no helper thread runs in the parent, so a worker that dies or
is killed, even mid-message, cannot leave the parent waiting on a lock it held (the hangs
of ``multiprocessing.Pool`` and ``ProcessPoolExecutor``). A worker that dies is seen at once
(its pipe closes) and ends the build with an error naming its pages. An exception in the
parent (an interrupt) terminates the workers at once, and workers exit when the parent
dies.

How a build and its workers stop: on Ctrl-C, on SIGTERM, and when the build is killed.

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
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from notebook_gen.builder.inputs.discover import Page, PageRead, read_page
from notebook_gen.builder.manifest import PageOutcome, PageStatus, page_inputs
from notebook_gen.builder.output.folder import FileStatus, OutputFolder
from notebook_gen.builder.snapshot import Stamp, stamp_text
from notebook_gen.convert.frameworks import BY_NAME
from notebook_gen.convert.gpu import asks_for_gpu
from notebook_gen.convert.metadata import MIXED
from notebook_gen.convert.notebook import dumps
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.convert.page import convert_page, for_page
from notebook_gen.errors import PageError
from notebook_gen.lint.checks import LintOptions, lint_notebooks


@dataclass(frozen=True, slots=True)
class PageTask:
    page: Page
    options: ConvertOptions
    fingerprint: str
    """Hash of the language config and the build options that shape notebooks."""
    all_pages: bool
    known_inputs: str | None
    """The input hash the manifest has for this page; equal means nothing to do."""
    lint: LintOptions = field(default_factory=LintOptions)
    max_page_size: int | None = None
    """The page is read again only up to this size (it may have grown since the parent
    read it)."""


def precheck(task: PageTask, read: PageRead) -> PageOutcome | None:
    """The outcome of a page that needs no conversion (unreadable, unselected, unchanged),
    or None. Cheap: the parent runs it on the read it already made, so a no-op rebuild
    reads every page once and starts no worker."""
    rel = task.page.rel
    if read.error is not None:
        return PageOutcome(rel, PageStatus.FAILED, error=read.error)
    if not task.all_pages and not read.marked:
        return PageOutcome(rel, PageStatus.UNSELECTED)
    inputs = page_inputs(task.fingerprint, task.page.stem, read.digest)
    return (PageOutcome(rel, PageStatus.UP_TO_DATE, inputs) if inputs == task.known_inputs
            else None)


BATCH = 16
"""Pages per message to a worker: large enough to amortise pickling, small enough to keep
memory flat and the workers evenly loaded."""


def convert_pages(tasks: list[PageTask], reads: dict[str, PageRead], jobs: int,
                  folder: OutputFolder) -> Generator[PageOutcome, None, None]:
    """Outcomes in task order. Pages that need no conversion are settled here; the others
    go to worker processes, in batches with a bounded number in flight, so memory stays
    flat. The process that converts a page also stores its notebooks."""
    settled = [precheck(task, reads[task.page.rel]) for task in tasks]
    del reads  # what each read told is settled: the caller lets it go (a large tree's)
    todo = [task for task, done in zip(tasks, settled, strict=True) if done is None]
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1 or len(todo) < 8:
        converted: Iterator[PageOutcome] = (store(run_page_task(t), folder) for t in todo)
        yield from (done or next(converted) for done in settled)
        return
    shared = {task.page.lang: task.options for task in todo}
    size = max(1, min(BATCH, len(todo) // (workers * 4)))
    batches = [todo[start:start + size] for start in range(0, len(todo), size)]
    pool: list[Worker] = []
    try:
        with signals_held():  # an interrupt waits until every worker is in ``pool``
            _start(pool, workers, shared, folder)
        converted = _in_order(pool, batches)
        yield from (done or next(converted) for done in settled)
    except BaseException:  # an interrupt, a worker that died, the consumer closing us
        stop_workers([process for process, _ in pool])
        raise
    else:
        _finish(pool)


Worker = tuple[BaseProcess, Connection]
"""A worker process and the parent's end of its pipe."""

# Each language's options (with the link inventory, large when pickled) travel to a worker
# once, at its start; tasks travel with this placeholder and get theirs back there.
_SENT_ONCE = ConvertOptions(docs_root="<sent once per worker>")


def _start(pool: list[Worker], count: int, shared: dict[str, ConvertOptions],
           folder: OutputFolder) -> None:
    """Start ``count`` workers into ``pool``, with the default start method (fork on Linux
    before Python 3.14)."""
    context = multiprocessing.get_context()
    for _ in range(count):
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, daemon=True,
                                  args=(theirs, shared, folder, os.getpid()))
        try:
            process.start()
        finally:
            theirs.close()  # the worker's end: its death then closes the pipe
        pool.append((process, ours))


def _serve(tasks: Connection, shared: dict[str, ConvertOptions], folder: OutputFolder,
           parent: int) -> None:
    """A worker: convert and store each batch the parent sends, send back the outcomes;
    exit when the parent closes the pipe or sends None."""
    follow_parent(parent)
    while True:
        try:
            batch: list[PageTask] | None = tasks.recv()
        except EOFError:
            return
        if batch is None:
            return
        tasks.send([store(run_page_task(replace(task, options=shared[task.page.lang])),
                          folder) for task in batch])


def _in_order(pool: list[Worker], batches: list[list[PageTask]]) -> Iterator[PageOutcome]:
    """The outcomes of every batch, in batch order. Each worker has one batch at a time (a
    worker that has one to read never has one to send, so neither end waits on the other),
    and at most three per worker are converted ahead of the one awaited."""
    window = len(pool) * 3
    sent = 0
    running: dict[Connection, tuple[int, BaseProcess]] = {}
    done: dict[int, list[PageOutcome]] = {}
    for awaited in range(len(batches)):
        while awaited not in done:
            idle = [(process, pipe) for process, pipe in pool if pipe not in running]
            while idle and sent < len(batches) and sent < awaited + window:
                process, pipe = idle.pop()
                pipe.send([replace(task, options=_SENT_ONCE) for task in batches[sent]])
                running[pipe], sent = (sent, process), sent + 1
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                index, process = running.pop(ready)
                done[index] = _receive(ready, process, batches[index])
        yield from done.pop(awaited)


def _receive(pipe: Connection, process: BaseProcess, batch: list[PageTask],
             ) -> list[PageOutcome]:
    try:
        outcomes: list[PageOutcome] = pipe.recv()
    except (EOFError, OSError):
        process.join(1.0)
        pages = ", ".join(task.page.rel for task in batch)
        raise RuntimeError(f"a worker converting {pages} stopped (exit code "
                           f"{process.exitcode}); the build cannot go on") from None
    return outcomes


def _finish(pool: list[Worker]) -> None:
    """Let the idle workers go: each reads None and exits."""
    for _, pipe in pool:
        with contextlib.suppress(OSError):
            pipe.send(None)
    for process, pipe in pool:
        process.join()
        pipe.close()


def store(outcome: PageOutcome, folder: OutputFolder) -> PageOutcome:
    """Put a converted page's notebooks into the output folder (in the process that made
    them: the text never travels back to the parent) and keep only what happened."""
    if not outcome.notebooks:
        return outcome
    before = len(folder.refused)
    stored: dict[str, FileStatus] = {}
    stamps: dict[str, Stamp] = {}
    for relative, text in outcome.notebooks.items():
        status = folder.put(relative, text)
        if status is not None:
            stored[relative], stamps[relative] = status, stamp_text(text)
    refused = tuple(folder.refused[before:])
    del folder.refused[before:]  # they travel with the outcome, reported once
    return replace(outcome, notebooks={}, stored=stored, refused=refused, stamps=stamps)


def _notebook_paths(task: PageTask, notebooks: dict[str, dict[str, Any]]) -> dict[str, str]:
    shared: dict[int, str] = {}  # the text of cells the notebooks share, made once
    return {
        task.page.notebook_path(None if variant == MIXED else BY_NAME[variant].name):
        dumps(notebook, shared) for variant, notebook in notebooks.items()
    }


def _read_and_hash(task: PageTask) -> tuple[PageOutcome, str]:
    read, text = read_page(task.page, task.max_page_size)
    outcome = precheck(task, read)
    if outcome is not None:
        return outcome, ""
    return PageOutcome(task.page.rel, PageStatus.CONVERTED,
                       page_inputs(task.fingerprint, task.page.stem, read.digest)), text


def run_page_task(task: PageTask) -> PageOutcome:
    """Convert one page unless it is unselected or unchanged; never raises PageError."""
    outcome, text = _read_and_hash(task)
    if outcome.status != PageStatus.CONVERTED:
        return outcome
    rel, inputs = outcome.rel, outcome.inputs
    try:
        options = for_page(task.options, task.page.lang, task.page.lang_rel)
        result = convert_page(text, rel, options)
    except PageError as error:
        return PageOutcome(rel, PageStatus.FAILED, inputs, error=error)
    warnings = (*result.warnings, *lint_notebooks(rel, result.notebooks, task.lint))
    paths = _notebook_paths(task, result.notebooks)
    gpu = tuple(path for path, variant in zip(paths, result.notebooks, strict=True)
                if asks_for_gpu(result.notebooks[variant]))
    return PageOutcome(rel, PageStatus.CONVERTED, inputs, paths, result.title, warnings,
                       gpu=gpu)


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
