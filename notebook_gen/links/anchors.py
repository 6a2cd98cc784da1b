"""The anchors a page offers to ``#fragment`` links.

- a heading ``## Title[[anchor-id]]`` has the anchor ``anchor-id``;
- a plain heading has the slug of its text, in either of the two spellings the
  corpus's links use: GitHub's (lower case, punctuation dropped, each space to
  ``-``: ``Using 🤗 Accelerate`` -> ``using--accelerate``) and the collapsed one
  (runs of other characters to one ``-``: ``using-accelerate``); a repeated slug
  gets ``-1``, ``-2``, ... as on GitHub;
- HTML ``id="..."`` / ``name="..."`` attributes are anchors;
- on a reference page, every ``[[autodoc]]`` object gives its full dotted name
  (``transformers.Trainer``), and anything under it (``transformers.Trainer.train``,
  parameters) is accepted, since members under ``- all`` cannot be listed statically.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from notebook_gen.links.scanner import prose_lines

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:\[\[(?P<id>[^\]]+)\]\])?[ \t#]*$")
_HTML_ID = re.compile(r"<[A-Za-z][^>]*?\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_DROP = re.compile(r"[^\w\- ]")
_RUNS = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class PageAnchors:
    """The anchors of one page, and the API anchors under which any sub-anchor is fine."""

    names: frozenset[str]
    api_prefixes: tuple[str, ...] = ()

    def __contains__(self, anchor: object) -> bool:
        if not isinstance(anchor, str):
            return False
        return anchor in self.names or any(
            anchor.startswith(prefix + ".") for prefix in self.api_prefixes
        )


def slugs(text: str) -> tuple[str, str]:
    """The GitHub-style and the collapsed slug of a heading's text."""
    text = _INLINE_LINK.sub(r"\1", text).strip().lower()
    github = _DROP.sub("", text).replace(" ", "-")
    return github, _RUNS.sub("-", text).strip("-")


def page_anchors(text: str, api_anchors: tuple[str, ...] = ()) -> PageAnchors:
    """Collect the anchors of one page's text (fenced code skipped)."""
    names: set[str] = set(api_anchors)
    seen: Counter[str] = Counter()
    for _, line in prose_lines(text):
        heading = _HEADING.match(line)
        if heading and heading["id"]:
            names.add(heading["id"].strip())
        elif heading:
            for base in set(slugs(heading["text"])):
                names.add(f"{base}-{seen[base]}" if seen[base] else base)
                seen[base] += 1
        if "<" in line:
            names.update(_HTML_ID.findall(line))
    return PageAnchors(frozenset(names), api_anchors)
