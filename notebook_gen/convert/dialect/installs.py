"""Install lines Colab cannot run: instructions for a developer's machine.

A fenced ``pip install`` becomes an install cell that Colab runs, unless one of its lines
reads from a checkout that Colab does not have (an editable install, a local path, a
requirements file) or names a placeholder the reader must replace first (a git ref such as
``@my-feature-branch`` or ``@<branch>``, an owner such as ``<your-username>``). Such a
fence stays in the markdown as written, and the page gets a ``local-install`` warning that
says why.

A git ref is a placeholder when it is not one a repository really has by that shape (``main``,
``master``, a version tag, a commit) and reads like one: angle or curly brackets, ``$``,
``...``, the word ``my`` or ``your``, or ``branch``. A real branch name (``fix-attention``)
is taken as written.
"""

from __future__ import annotations

import re
import shlex

_COMMAND = re.compile(r"^(?:!|\$\s*)?\s*(?:pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\b(.*)$")
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|git\+)")
_PLACEHOLDER = re.compile(r"[<>{}$]|\.\.\.|(?<![A-Za-z0-9])(?:my|your)(?![A-Za-z0-9])", re.I)
_REAL_REF = re.compile(r"main|master|v?\d+(?:\.\d+)*(?:[-+.][\w.-]*)?|[0-9a-f]{7,40}", re.I)
_EDITABLE = frozenset({"-e", "--editable"})
FILE_OPTIONS = frozenset({"-r", "--requirement", "-c", "--constraint"})
"""``pip install`` options whose value is a requirements or constraints file."""
VALUE_OPTIONS = frozenset({
    "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target",
    "--prefix", "--root", "--src", "-C", "--config-settings", "--upgrade-strategy",
    "--progress-bar", "--python-version", "--platform", "--implementation", "--abi",
    "--trusted-host", "--cache-dir", "--log", "--no-binary", "--only-binary",
})
"""Other ``pip install`` options whose value is the next argument, and not something to
install."""


def pip_words(args: str) -> list[str]:
    """The arguments of a ``pip install`` line as the shell splits them (a ``#`` comment
    dropped); an unclosed quote splits on white space."""
    try:
        return shlex.split(args, comments=True)
    except ValueError:  # an unclosed quote: read the words as they are
        return args.split()


def _placeholder(url: str) -> str | None:
    """The placeholder in a VCS or archive URL, if it names one."""
    path = url.split("://", 1)[-1].partition("/")[2]  # after the host (and its git@ user)
    where, _, ref = path.partition("@")
    ref = ref.split("#", 1)[0]
    if _PLACEHOLDER.search(where):
        return where
    if ref and not _REAL_REF.fullmatch(ref) and (
            _PLACEHOLDER.search(ref) or "branch" in ref.lower()):
        return f"@{ref}"
    return None


def why_not_in_colab(line: str) -> str | None:
    """Why one shell line installs what Colab cannot (a phrase), or None: an editable
    install, a requirements file or a path of a local checkout, a placeholder."""
    command = _COMMAND.match(line.strip())
    if command is None:
        return None
    arguments = iter(pip_words(command[1]))
    for argument in arguments:
        option, equals, inline = argument.partition("=")
        takes_value = option in _EDITABLE or option in FILE_OPTIONS or option in VALUE_OPTIONS
        if not takes_value:
            option, value = "", argument
        else:
            value = inline if equals else next(arguments, "")
        local = not _URL.match(value)
        if option in _EDITABLE and local:
            return "an editable install of a local checkout"
        if option in FILE_OPTIONS and local:
            return "a requirements file of a local checkout"
        if option in FILE_OPTIONS or option in VALUE_OPTIONS or value.startswith("-"):
            continue
        if local and (value.startswith((".", "/", "~")) or value.endswith(".whl")):
            return "an install from a local path"
        placeholder = None if local else _placeholder(value)
        if placeholder is not None:
            return f"`{placeholder}` is a placeholder to replace first"
    return None
