"""The kernel's environment, probed once per run without starting a kernel.

One short subprocess of the kernel's own interpreter (``probe_script.py``)
answers three questions: which modules are importable (a notebook needing a
missing framework is skipped), which package versions provide them, and (when
a cache is used) a digest of the whole environment: every distribution's
``RECORD`` (name, version and the hash of each installed file, so a reinstall
of the same version with other files counts), and the content of every file in
the packages of editable installs (PEP 660 ``direct_url.json``), whose
``RECORD`` does not change when their source does.

With a cache folder (``--cache``), the answer is kept there and probed again only
when something it was read from changed: the probe reports the stat of every file
and folder it read (the interpreter, each ``sys.path`` folder with its ``.pth``
files and distributions' metadata, each file of an editable install), taken before
reading, and so does the kernel spec lookup. The kept answer stands while every
stat is the same and the command runs with the same kernel, in the same folder,
with the same variables that decide where Python and Jupyter look (``PYTHON*``,
``JUPYTER*``, ``HOME``, ``PATH``...). That is as safe as the digest itself (an
installed file edited by hand without its ``RECORD`` changing goes unseen by both),
and a fully cached run then neither starts the interpreter nor imports jupyter_client.

Whether this machine has a GPU (:func:`gpu_available`, for the notebooks that need one)
is read from the driver's files, not asked of the kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notebook_gen.atomic import atomic_text
from notebook_gen.errors import NotebookGenError

_PROBE = Path(__file__).with_name("probe_script.py")
"""Run by the kernel's interpreter, as a script (see its docstring)."""

# jupyter_client runs a kernelspec whose argv starts with one of these with its own
# interpreter (sys.executable); the probe must look at the same interpreter.
_OWN_PYTHON = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info)}
_GPU_DEVICES = ("/dev/nvidiactl", "/proc/driver/nvidia/version", "/dev/kfd", "/dev/dxg")
"""NVIDIA's driver, AMD's ROCm (whose PyTorch answers to "cuda" too), WSL's GPU."""
_GPU_HIDDEN = {"", "-1", "none", "void", "nodevfiles"}
"""``CUDA_VISIBLE_DEVICES`` values that hide every GPU."""


@dataclass(frozen=True)
class Environment:
    """What the kernel's interpreter has: module name to ``dist==version`` (None: absent)."""

    kernel: str
    python: str
    modules: dict[str, str | None] = field(default_factory=dict)
    digest: str | None = None
    """Hash of every installed distribution and of editable installs' source (None:
    not asked for, or not a Python kernel)."""

    def importable(self) -> dict[str, bool]:
        """Module name to whether it can be imported (for framework checks)."""
        return {name: version is not None for name, version in self.modules.items()}

    def versions(self, names: Iterable[str]) -> dict[str, str | None]:
        """The versions of ``names`` (those the probe was asked about)."""
        return {name: self.modules.get(name) for name in sorted(names)}


def probe(
    kernel: str, modules: Iterable[str], *, digest: bool = False, remember: Path | None = None
) -> Environment:
    """Ask the interpreter of ``kernel`` about ``modules`` (top-level names), and for
    the digest of its whole environment when ``digest`` (the cache needs it).

    ``remember`` is a folder where the answer is kept, to be reused while nothing it
    was read from changed (see the module's docstring). Raises NotebookGenError when
    the kernel does not exist. A kernel that is not a Python interpreter gives an
    environment that knows no modules, so nothing is skipped for a missing framework.
    """
    names = sorted(set(modules) - set(sys.stdlib_module_names))
    kept = None if remember is None else _Kept(remember, kernel)
    if kept is not None:
        known = kept.load(names, digest)
        if known is not None:
            return known
    spec_files, executable = kernel_python(kernel, watched=kept is not None)
    watched: dict[str, Any] = {}
    if executable is None:
        found = Environment(kernel, "unknown")
    else:
        asked = sorted(set(names) | (kept.modules() if kept is not None else set()))
        found, watched = _ask(kernel, executable, asked, digest=digest, watch=kept is not None)
    if kept is not None:
        kept.save(found, {**spec_files, **watched})
    return found


def _ask(
    kernel: str, executable: str, names: list[str], *, digest: bool, watch: bool
) -> tuple[Environment, dict[str, Any]]:
    """Run the probe script in ``executable``: its answer, and what it read (``watch``)."""
    completed = subprocess.run(
        # -c, not the file: the script's folder first on sys.path would shadow the
        # standard library's select with this package's
        [executable, "-c", _PROBE.read_text(encoding="utf-8"), json.dumps(names),
         *(["digest"] if digest else []), *(["watch"] if watch else [])],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if completed.returncode != 0:
        raise NotebookGenError(
            f"could not inspect the environment of kernel {kernel!r} ({executable}): "
            f"{(completed.stderr.strip().splitlines() or [f'exit {completed.returncode}'])[-1]}"
        )
    answer = json.loads(completed.stdout)
    found = Environment(kernel, answer["python"], answer["modules"], answer.get("digest"))
    return found, answer.get("watch") or {}


def kernel_python(kernel: str, *, watched: bool = False) -> tuple[dict[str, Any], str | None]:
    """The interpreter a Python kernel runs with (None for a non-Python kernel), and
    with ``watched`` the stat of every place a kernel spec of that name is looked for."""
    # jupyter_client is dear to import: only when the environment is probed
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    places: dict[str, Any] = {}
    if watched:
        for folder in manager.kernel_dirs:
            for path in (folder, os.path.join(folder, kernel),
                         os.path.join(folder, kernel, "kernel.json")):
                places[path] = stat(path)
    try:
        spec = manager.get_kernel_spec(kernel)
    except NoSuchKernel:
        choices = ", ".join(sorted(manager.find_kernel_specs())) or "none installed"
        raise NotebookGenError(f"no kernel named {kernel!r} (available: {choices})") from None
    if spec.language.lower() != "python" or not spec.argv:
        return places, None
    command = str(spec.argv[0])
    return places, sys.executable if command in _OWN_PYTHON else command


def stat(path: str) -> list[int] | None:
    """What the probe records of a path: ``[mtime_ns, size, inode]``, None when absent."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_mtime_ns, found.st_size, found.st_ino]


_KEPT_FORMAT = "notebook-gen-environment/1"
_WHERE_PYTHON_LOOKS = ("PYTHON", "JUPYTER", "IPYTHON", "XDG_", "CONDA", "VIRTUAL_ENV")
"""Environment variables that can change what the probe finds (with ``HOME`` and ``PATH``):
where Python and Jupyter look for modules and kernel specs."""


class _Kept:
    """The probe's answer for one kernel, kept in a cache folder with what it was read from."""

    def __init__(self, folder: Path, kernel: str) -> None:
        environ = {name: value for name, value in os.environ.items()
                   if name.startswith(_WHERE_PYTHON_LOOKS) or name in {"HOME", "PATH"}}
        context = {"kernel": kernel, "environ": environ, "cwd": os.getcwd(),
                   "python": sys.executable}
        self.key = hashlib.sha256(json.dumps(context, sort_keys=True).encode()).hexdigest()
        self.path = folder / f"environment-{self.key[:32]}.json"
        self.kernel = kernel
        self.entry: dict[str, Any] = {}

    def load(self, names: list[str], digest: bool) -> Environment | None:
        """The kept answer, when it answers these questions and nothing changed since."""
        try:
            entry = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(entry, dict) or entry.get("format") != _KEPT_FORMAT \
                    or entry.get("key") != self.key:
                return None
            self.entry = entry
            answer, watched = entry["answer"], entry["watch"]
            found = Environment(self.kernel, str(answer["python"]), dict(answer["modules"]),
                                answer["digest"])
            fresh = all(stat(path) == recorded for path, recorded in watched.items())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        complete = set(names) <= set(found.modules) and (found.digest is not None or not digest)
        return found if fresh and complete else None

    def modules(self) -> set[str]:
        """The modules the kept answer knew about (asked again, so that runs selecting
        different notebooks keep finding them)."""
        known = self.entry.get("answer", {}).get("modules", {})
        return set(known) if isinstance(known, dict) else set()

    def save(self, found: Environment, watched: dict[str, Any]) -> None:
        answer = {"python": found.python, "modules": found.modules, "digest": found.digest}
        entry = {"format": _KEPT_FORMAT, "key": self.key, "answer": answer, "watch": watched}
        try:
            with atomic_text(self.path) as out:
                json.dump(entry, out)
        except OSError:
            pass  # the cache folder reports its own problems; the answer is still right


def describe(environment: Environment) -> dict[str, str]:
    """Facts for reports: kernel and Python version."""
    return {"kernel": environment.kernel, "python": environment.python}


def gpu_available() -> bool:
    """Whether this machine has a GPU a kernel could use (a driver's device, not hidden).

    Looking for the driver's files costs nothing, where asking ``torch`` would import
    it in every run.
    """
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None and visible.strip().lower() in _GPU_HIDDEN:
        return False
    return any(Path(device).exists() for device in _GPU_DEVICES)
