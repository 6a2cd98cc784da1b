"""Run by the kernel's interpreter (as a script: it imports nothing from notebook_gen,
which that interpreter may not have): what :mod:`notebook_gen.execute.environment` asks.

``python probe_script.py '["torch", "numpy"]' digest watch`` prints one JSON object: the
Python version, for each module whether it is importable and which distributions
(``name==version``) provide it, with ``digest`` a hash of the whole environment:
each distribution's ``RECORD`` (its dist-info folder's name holds name and version,
its lines the hash of every installed file; ``METADATA`` when there is no
``RECORD``), and the content of every file in the packages of editable installs,
whose ``RECORD`` stays the same when their source changes; and with ``watch`` the
stat (``[mtime_ns, size, inode]``, None when absent) of every file and folder the
answer was read from, taken before reading it: while none of them changes, the
answer stands (:mod:`notebook_gen.execute.environment` keeps it).
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import importlib.util
import json
import os
import sys
from collections.abc import Iterator, Mapping

WATCHED: dict[str, list[int] | None] = {}
"""Path to its stat when first read (see the module's docstring)."""


def watch(path: str) -> None:
    """Record the stat of ``path`` (before it is read), once."""
    if path not in WATCHED:
        try:
            found = os.stat(path)
        except OSError:
            WATCHED[path] = None
        else:
            WATCHED[path] = [found.st_mtime_ns, found.st_size, found.st_ino]


def watch_installation() -> None:
    """The interpreter, its ``pyvenv.cfg``, and each folder of ``sys.path`` with its
    ``.pth`` files and the metadata files of the distributions installed there."""
    watch(sys.executable)
    watch(os.path.realpath(sys.executable))
    watch(os.path.join(sys.prefix, "pyvenv.cfg"))
    for folder in (entry for entry in sys.path if entry):
        watch(folder)
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".pth"):
                watch(path)
            elif name.endswith((".dist-info", ".egg-info")):
                watch(path)
                for meta in ("RECORD", "METADATA", "PKG-INFO", "direct_url.json"):
                    watch(os.path.join(path, meta))


def _spec(name: str) -> importlib.machinery.ModuleSpec | None:
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


def versions(names: list[str], providers: Mapping[str, list[str]]) -> dict[str, str | None]:
    """Module name to ``dist==version,...`` (``present`` when no distribution says), or None."""
    found: dict[str, str | None] = {}
    for name in names:
        if _spec(name) is None:
            found[name] = None
            continue
        pinned = sorted({f"{dist}=={md.version(dist)}" for dist in providers.get(name, [])})
        found[name] = ",".join(pinned) or "present"
    return found


def digest(providers: Mapping[str, list[str]]) -> str:
    """The hash of every distribution and of the source of editable ones."""
    parts, editable = [], set()
    for dist in md.distributions():
        record = dist.read_text("RECORD") or dist.read_text("METADATA") or ""
        parts.append(hashlib.sha256(record.encode()).hexdigest())
        if _is_editable(dist.read_text("direct_url.json")):
            editable.add(dist.metadata["Name"])
    whole = hashlib.sha256(f"{sys.version}\n{sys.executable}\n".encode())
    whole.update("\n".join(sorted(parts)).encode())
    tops = sorted(top for top, dists in providers.items() if editable.intersection(dists))
    for path in (path for top in tops for path in _files(top)):
        watch(path)
        try:
            with open(path, "rb") as stream:
                whole.update(path.encode() + b"\n" + hashlib.sha256(stream.read()).digest())
        except OSError:
            continue
    return whole.hexdigest()


def _is_editable(direct_url: str | None) -> bool:
    try:
        info = json.loads(direct_url or "{}")
    except ValueError:
        return False
    return isinstance(info, dict) and bool((info.get("dir_info") or {}).get("editable"))


def _files(top: str) -> Iterator[str]:
    """The files of an importable top-level module or package, in a stable order."""
    spec = _spec(top)
    if spec is None:
        return
    roots = list(spec.submodule_search_locations or [])
    if not roots and spec.origin:
        yield spec.origin
    for root in roots:
        watch(root)  # each folder's stat is taken before it is listed
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in dirs:
                watch(os.path.join(folder, name))
            yield from (os.path.join(folder, f) for f in sorted(files) if not f.endswith(".pyc"))


def main(argv: list[str]) -> None:
    if "watch" in argv[1:]:
        watch_installation()
    providers = md.packages_distributions()
    answer = {
        "python": sys.version.split()[0],
        "modules": versions(json.loads(argv[0]), providers),
        "digest": digest(providers) if "digest" in argv[1:] else None,
        "watch": WATCHED if "watch" in argv[1:] else None,
    }
    print(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv[1:])
