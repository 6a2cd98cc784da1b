"""The kernel's environment, probed once per run without starting a kernel.

One short subprocess of the kernel's own interpreter (``probe_script.py``)
answers three questions: which modules are importable (a notebook needing a
missing framework is skipped), which package versions provide them, and (when
a cache is used) a digest of the whole environment: every distribution's
``RECORD`` (name, version and the hash of each installed file, so a reinstall
of the same version with other files counts), and the content of every file in
the packages of editable installs (PEP 660 ``direct_url.json``), whose
``RECORD`` does not change when their source does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from notebook_gen.errors import NotebookGenError

_PROBE = Path(__file__).with_name("probe_script.py")
"""Run by the kernel's interpreter, as a script (see its docstring)."""

# jupyter_client runs a kernelspec whose argv starts with one of these with its own
# interpreter (sys.executable); the probe must look at the same interpreter.
_OWN_PYTHON = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info)}


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


def probe(kernel: str, modules: Iterable[str], *, digest: bool = False) -> Environment:
    """Ask the interpreter of ``kernel`` about ``modules`` (top-level names), and for
    the digest of its whole environment when ``digest`` (the cache needs it).

    Raises NotebookGenError when the kernel does not exist. A kernel that is not
    a Python interpreter gives an environment that knows no modules, so nothing
    is skipped for a missing framework.
    """
    executable = kernel_python(kernel)
    names = sorted(set(modules) - set(sys.stdlib_module_names))
    if executable is None:
        return Environment(kernel, "unknown")
    completed = subprocess.run(
        # -c, not the file: the script's folder first on sys.path would shadow the
        # standard library's select with this package's
        [executable, "-c", _PROBE.read_text(encoding="utf-8"), json.dumps(names),
         *(["digest"] if digest else [])],
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
    return Environment(kernel, answer["python"], answer["modules"], answer.get("digest"))


def kernel_python(kernel: str) -> str | None:
    """The interpreter a Python kernel runs with, or None for a non-Python kernel."""
    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(kernel)
    except NoSuchKernel:
        choices = ", ".join(sorted(manager.find_kernel_specs())) or "none installed"
        raise NotebookGenError(f"no kernel named {kernel!r} (available: {choices})") from None
    if spec.language.lower() != "python" or not spec.argv:
        return None
    command = str(spec.argv[0])
    return sys.executable if command in _OWN_PYTHON else command


def describe(environment: Environment) -> dict[str, str]:
    """Facts for reports: kernel and Python version."""
    return {"kernel": environment.kernel, "python": environment.python}
