"""The nesting of component tags: which framework or option a line belongs to.

Tags must nest. A closing tag that matches an outer open tag also closes the ones
opened inside it (as HTML does), with a warning for each; a closing tag that matches
nothing, and a tag still open at the end of the page, are errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notebook_gen.convert.dialect.tags import TAG_NAMES, Tag
from notebook_gen.convert.frameworks import BY_TAG, framework_for_option
from notebook_gen.errors import PageError, PageWarning

FRAMEWORK_PARENT = {"pt": "frameworkcontent", "tf": "frameworkcontent", "jax": "frameworkcontent",
                    "flax": "frameworkcontent", "hfoption": "hfoptions"}


@dataclass
class Open:
    """An open tag on the stack."""

    tag: Tag
    line: int
    framework: str | None = None
    quote: bool = False


@dataclass
class TagStack:
    """Tracks open tags while the walker goes down the page."""

    path: str
    stack: list[Open] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)

    @property
    def framework(self) -> str | None:
        return next((o.framework for o in reversed(self.stack) if o.framework), None)

    @property
    def quote_depth(self) -> int:
        return sum(1 for o in self.stack if o.quote)

    def open(self, tag: Tag, line: int) -> Open:
        parent = FRAMEWORK_PARENT.get(tag.name)
        if parent and not any(o.tag.name == parent for o in self.stack):
            self.warn(line, f"<{tag.name}> outside <{parent}>; treated as if inside one")
        if tag.name not in TAG_NAMES:
            self.warn(line, f"<{tag.name}> is not a framework this tool knows; its blocks go "
                      "to the mixed notebook only")
        entry = Open(tag, line, framework=_framework_of(tag), quote=tag.name == "tip")
        if entry.framework and self.framework and entry.framework != self.framework:
            self.warn(line, f"<{tag.name}> inside a {self.framework} block; it wins here")
        self.stack.append(entry)
        return entry

    def close(self, tag: Tag, line: int) -> Open:
        names = [o.tag.name for o in self.stack]
        if tag.name not in names:
            inside = f" (innermost open tag: <{names[-1]}>)" if names else ""
            raise PageError(self.path, line, f"</{tag.name}> closes no open <{tag.name}>{inside}")
        while self.stack[-1].tag.name != tag.name:
            inner = self.stack.pop()
            self.warn(inner.line, f"<{inner.tag.name}> is never closed; "
                      f"closed by </{tag.name}> at line {line}")
        return self.stack.pop()

    def finish(self) -> None:
        if self.stack:
            last = self.stack[-1]
            raise PageError(self.path, last.line, f"<{last.tag.name}> is never closed")

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(PageWarning(self.path, line, message, kind="structure"))


def _framework_of(tag: Tag) -> str | None:
    if tag.name not in TAG_NAMES:
        return tag.name  # an unknown framework: in no framework's notebook
    if tag.name in BY_TAG:
        return BY_TAG[tag.name].name
    if tag.name == "hfoption":
        framework = framework_for_option(tag.attr("id"))
        return framework.name if framework else None
    return None
