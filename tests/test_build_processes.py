"""A build in another process: signals, orphaned workers, the output lock, the worker count
(issue 13, items 6, 7 and 11). Processes are seen through ``/proc``, as the kernel tests do.

The build runs under a driver that makes every page take a while in its worker, so that
the workers are busy when the test acts; no assertion depends on how long anything takes.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from notebook_gen.builder import pool
from notebook_gen.cli import main
from tests.buildtree import EXTRA, make_docs, tree_bytes
from tests.procs import alive, children, wait_until

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

ROOT = Path(__file__).parent.parent
LOCK = ".notebook-gen.lock"

DRIVER = """
import multiprocessing, os, signal, sys, time
from multiprocessing.process import BaseProcess
from notebook_gen.builder import pool
from notebook_gen.cli import main

real = pool.run_page_task

def slow(task):
    if task.page.rel == os.environ.get("KILLS_ITS_WORKER"):
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(float(sys.argv[1]))
    return real(task)

pool.run_page_task = slow
if os.environ.get("SLOW_AFTER_FORK"):  # the parent lingers after forking each worker
    start = BaseProcess.start
    BaseProcess.start = lambda process: (start(process), time.sleep(0.5))[0]
multiprocessing.set_start_method("fork", force=True)  # workers inherit the patch
sys.exit(main(sys.argv[2:]))
"""


def many_pages(tmp_path: Path, count: int = 12) -> Path:
    extra = {f"en/many/p{n:02d}.md": EXTRA.replace("Extra", f"Page {n}") for n in range(count)}
    return make_docs(tmp_path, extra=extra)


@pytest.fixture
def started() -> Iterator[list[int]]:
    """Pids of the builds and workers a test started: any still alive at its end (a test
    that failed, say) are killed, so that no orphan outlives the test."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def start(tmp_path: Path, source: Path, out: Path, *args: str, delay: float = 60.0,
          **env: str) -> subprocess.Popen[bytes]:
    argv = ["build", str(source), "-o", str(out), *args]
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(delay), *argv], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **env})


def workers_of(process: subprocess.Popen[bytes], count: int, started: list[int]) -> list[int]:
    started.append(process.pid)
    assert wait_until(lambda: len(children(process.pid)) >= count), "no workers started"
    workers = children(process.pid)
    started.extend(workers)
    return workers


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_build_and_every_worker(tmp_path: Path, signum: int,
                                                   started: list[int]) -> None:
    source, out = many_pages(tmp_path), tmp_path / "out"
    process = start(tmp_path, source, out, "--jobs", "2")
    try:
        workers = workers_of(process, 2, started)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, stderr.decode()
    assert "interrupted" in stderr.decode() and "Traceback" not in stderr.decode()
    assert wait_until(lambda: not any(alive(pid) for pid in workers))
    assert not (out / LOCK).exists()


def test_a_signal_just_after_a_worker_is_forked_still_stops_them_all(
        tmp_path: Path, started: list[int]) -> None:
    """The signal lands while the build lingers after forking its second worker: it waits
    until the build has recorded every worker, so none is left running (the build used to
    wait at exit for a worker that it had never told to stop)."""
    source, out = many_pages(tmp_path), tmp_path / "out"
    process = start(tmp_path, source, out, "--jobs", "2", SLOW_AFTER_FORK="1")
    try:
        workers = workers_of(process, 2, started)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, stderr.decode()
    assert wait_until(lambda: not any(alive(pid) for pid in workers))


def test_a_worker_that_dies_ends_the_build_with_an_error(tmp_path: Path,
                                                         started: list[int]) -> None:
    source, out = many_pages(tmp_path), tmp_path / "out"
    process = start(tmp_path, source, out, "--jobs", "2", delay=1.0,
                    KILLS_ITS_WORKER="en/many/p05.md")
    try:
        workers = workers_of(process, 2, started)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 1, stderr.decode()
    assert "a worker converting en/many/p05.md stopped (exit code -9)" in stderr.decode()
    assert wait_until(lambda: not any(alive(pid) for pid in workers))
    assert not (out / LOCK).exists()


def test_workers_exit_when_the_parent_is_killed(tmp_path: Path, started: list[int]) -> None:
    source, out = many_pages(tmp_path), tmp_path / "out"
    process = start(tmp_path, source, out, "--jobs", "2")
    try:
        workers = workers_of(process, 2, started)
    finally:
        process.kill()
        process.wait(timeout=60)
    assert wait_until(lambda: not any(alive(pid) for pid in workers)), "orphans live on"


def test_workers_are_capped_at_the_pages_to_convert(tmp_path: Path,
                                                    started: list[int]) -> None:
    source, out = many_pages(tmp_path, count=9), tmp_path / "out"  # 12 pages in all
    process = start(tmp_path, source, out, "--jobs", "40", delay=0.5)
    try:
        seen = workers_of(process, 1, started)
        while process.poll() is None:
            seen = sorted(set(seen) | set(children(process.pid)))
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, stderr.decode()
    assert len(seen) <= 12


def test_a_second_build_into_a_busy_folder_is_refused(tmp_path: Path,
                                                      started: list[int]) -> None:
    source, out = many_pages(tmp_path), tmp_path / "out"
    first = start(tmp_path, source, out, "--jobs", "2", "--lang", "en")
    try:
        workers_of(first, 2, started)  # the first build holds the folder while its workers run
        second = subprocess.run([sys.executable, "-m", "notebook_gen", "build", str(source),
                                 "-o", str(out), "--jobs", "1"], cwd=tmp_path,
                                capture_output=True, text=True, check=False)
    finally:
        first.kill()
        first.wait(timeout=60)
    assert second.returncode == 1
    assert f"error: {out}: another notebook-gen build (pid {first.pid}) is writing " \
        "to this folder" in second.stderr


def test_a_held_lock_refuses_the_build_and_a_released_one_is_taken(tmp_path: Path,
                                                                   capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    out.mkdir()
    handle = os.open(out / LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    os.write(handle, b"4242\n")
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 1
    finally:
        os.close(handle)
    assert "another notebook-gen build (pid 4242)" in capsys.readouterr().err
    assert list(tree_bytes(out)) == [LOCK]  # nothing written
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert not (out / LOCK).exists()  # a lock file left by a killed build is cleared


FORK_SERVER_DRIVER = """
import multiprocessing, os, sys, time
from notebook_gen.builder.pool import follow_parent

def work(path, parent):
    follow_parent(parent)
    with open(path, "w") as handle:
        handle.write(str(os.getpid()))
    time.sleep(600)

if __name__ == "__main__":
    context = multiprocessing.get_context("forkserver")
    context.Process(target=work, args=(sys.argv[1], os.getpid())).start()
    time.sleep(600)
"""


def test_a_worker_that_a_fork_server_started_exits_with_the_build(
    tmp_path: Path, started: list[int]
) -> None:
    """Its parent is the fork server, not the build (Python 3.14's default start method
    on Linux): it watches the build process itself."""
    driver, pid_file = tmp_path / "driver.py", tmp_path / "worker.pid"
    driver.write_text(FORK_SERVER_DRIVER, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(driver), str(pid_file)], cwd=tmp_path,
                               stderr=subprocess.DEVNULL)  # its helpers complain, killed
    started.append(process.pid)
    try:
        assert wait_until(lambda: pid_file.exists() and pid_file.read_text() != "")
        worker = int(pid_file.read_text())
        started.append(worker)
        assert alive(worker)
    finally:
        process.kill()
        process.wait(timeout=60)
    assert wait_until(lambda: not alive(worker)), "the worker outlived the build"


def _deaf_to_sigterm(ready: Connection) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.send(True)
    time.sleep(60)


def test_a_worker_that_ignores_sigterm_is_killed_so_the_build_ends(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "STOP_GRACE_SECONDS", 0.2)
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    worker = context.Process(target=_deaf_to_sigterm, args=(theirs,))
    worker.start()
    assert ours.recv()
    pool.stop_workers([worker])
    assert worker.exitcode == -signal.SIGKILL and not alive(worker.pid or 0)
