"""The kernel's environment, probed once per run without starting a kernel.

One short subprocess of the kernel's own interpreter answers three questions:
which modules are importable (a notebook needing a missing framework is skipped),
which package versions provide them, and (when a cache is used) a digest of the
whole environment: every distribution's name, version and ``RECORD`` (the hashes
of its files, so a reinstall of the same version with other files counts), and
the content of every file in the packages of editable installs (PEP 660
``direct_url.json``), whose ``RECORD`` does not change when their source does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from notebook_gen.errors import NotebookGenError

_PROBE = r"""
import importlib.metadata as md, importlib.util, json, sys
dists = md.packages_distributions()
found = {}
for name in json.loads(sys.argv[1]):
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        found[name] = None
        continue
    versions = sorted({f"{d}=={md.version(d)}" for d in dists.get(name, [])})
    found[name] = ",".join(versions) or "present"
digest = None
if sys.argv[2] == "digest":
    import hashlib, os
    whole = hashlib.sha256(sys.version.encode() + sys.executable.encode())
    editable = []
    for dist in sorted(md.distributions(), key=lambda d: str(d.metadata["Name"]).lower()):
        whole.update(f"\n{dist.metadata['Name']}=={dist.version}\n".encode())
        whole.update((dist.read_text("RECORD") or "").encode())
        try:
            direct = json.loads(dist.read_text("direct_url.json") or "{}")
        except ValueError:
            direct = {}
        if isinstance(direct, dict) and (direct.get("dir_info") or {}).get("editable"):
            editable.append(dist)
    names = md.packages_distributions()
    for dist in editable:
        tops = sorted(n for n, ds in names.items() if dist.metadata["Name"] in ds)
        for top in tops:
            try:
                spec = importlib.util.find_spec(top)
            except (ImportError, ValueError):
                spec = None
            if spec is None:
                continue
            roots = list(spec.submodule_search_locations or [])
            files = [spec.origin] if not roots and spec.origin else []
            for root in roots:
                for folder, dirs, found_files in os.walk(root):
                    dirs[:] = sorted(d for d in dirs if d[0] != "." and d != "__pycache__")
                    files += [os.path.join(folder, f) for f in sorted(found_files)
                              if not f.endswith((".pyc", ".pyo"))]
            for path in files:
                try:
                    with open(path, "rb") as stream:
                        whole.update(path.encode() + b"\n" + hashlib.sha256(stream.read()).digest())
                except OSError:
                    pass
    digest = whole.hexdigest()
print(json.dumps({"python": sys.version.split()[0], "modules": found, "digest": digest}))
"""

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
        [executable, "-c", _PROBE, json.dumps(names), "digest" if digest else "-"],
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
