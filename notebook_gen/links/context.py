"""What a page's links are resolved against (:class:`LinkContext`), in a module of its own:
the build's options hold one without loading the link rules (:mod:`.urls`)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from notebook_gen.settings import DEFAULT_LANGUAGE as DEFAULT_LANG


@dataclass(frozen=True)
class LinkContext:
    """What a page's links are resolved against.

    ``page`` is the page path relative to its language folder, without suffix
    (``tasks/asr``). ``raw_base`` is the raw file URL of the docs source root, the
    folder holding the language folders (for instance
    ``https://raw.githubusercontent.com/<org>/<repo>/main/docs/source``); images
    and other files link there when it is set.
    """

    docs_url: str = "https://huggingface.co/docs"
    package: str = "transformers"
    version: str = "main"
    lang: str = DEFAULT_LANG
    page: str = "quicktour"
    raw_base: str | None = None

    def page_url(self, lang: str, page: str, fragment: str = "") -> str:
        """The published URL of a page (``fragment`` includes its ``#`` or ``?``)."""
        base = self.docs_url.rstrip("/")
        return f"{base}/{self.package}/{self.version}/{lang}/{page}{fragment}"

    def file_url(self, path: str, fragment: str = "") -> str:
        """The URL of a non-page file of the reader's language folder."""
        if self.raw_base:
            return f"{self.raw_base.rstrip('/')}/{self.lang}/{path}{fragment}"
        return self.page_url(self.lang, path, fragment)

    def site_url(self, path: str) -> str:
        """A site-absolute path (``/blog/x.png``) on the docs host."""
        parts = urlsplit(self.docs_url)
        return f"{parts.scheme}://{parts.netloc}{path}"
