"""Look API reference names up in the inventory.

Names are matched package-relative (``Trainer`` and ``transformers.Trainer`` are
the same object). The anchor of an object is its shortest public path, as the
documentation builder writes it (:mod:`notebook_gen.links.exports`), of a member the
object's anchor plus the member (``transformers.Trainer.train``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from notebook_gen.links.exports import PackageSource, anchor_spellings, qualified_name
from notebook_gen.links.inventory import DEFAULT_LANG, ApiEntry, Inventory

NOT_DOCUMENTED = "not documented by any [[autodoc]] directive"
SHOWN_CANDIDATES = 3


@dataclass(frozen=True)
class ApiTarget:
    """Where a resolved reference points: a page of one language and an anchor on it.

    ``package`` and ``version`` name another library's site (an external inventory);
    empty, the target is on the documented package's own site.
    """

    lang: str
    page: str
    anchor: str
    package: str = ""
    version: str = ""


@dataclass(frozen=True)
class Lookup:
    """The answer for one name: a target, or ``None`` and the reason why not."""

    target: ApiTarget | None
    reason: str = ""
    kind: str = ""
    """Why not, for the code that decides what to do about it: :data:`AMBIGUOUS` (several
    documented objects have that name), :data:`OUTSIDE` (another package's), or ""."""


AMBIGUOUS, OUTSIDE = "ambiguous", "outside"


@dataclass(frozen=True)
class _Object:
    rel: str
    entries: tuple[ApiEntry, ...]


class ApiIndex:
    """The inventory's objects for one package, indexed for reference look-ups.

    A name resolves, in this order: exactly (package prefix optional); as
    ``Object.member`` of an exactly named object; by its longest dotted suffix
    (down to ``Object.member``) or, for a single name, by its last component,
    when that is unique in the inventory (every language counted once), or when
    exactly one of the candidates is the package's top-level name (its anchor is
    ``<package>.<name>``); and, for a module path inside the package
    (``transformers.models.bert.BertModel``), by its qualified name (``BertModel``).

    ``source`` (the package's source beside the docs) makes anchors exact; ``anchors``
    gives them ready-made (an exported inventory); ``site`` is ``(package, version)``
    of another library's docs, for targets outside the documented package.
    """

    def __init__(self, inventory: Inventory, package: str, *, source: PackageSource | None = None,
                 anchors: Mapping[str, str] | None = None, site: tuple[str, str] = ("", "")
                 ) -> None:
        self.package = package
        self.site = site
        self._source = source
        grouped: dict[str, list[ApiEntry]] = defaultdict(list)
        for entry in inventory.entries:
            grouped[self.relative(entry.name)].append(entry)
        self._objects = {rel: _Object(rel, tuple(es)) for rel, es in grouped.items()}
        self._anchors = {rel: ((anchors[rel],) if anchors and rel in anchors
                               else anchor_spellings(rel, package, source))
                         for rel in self._objects}
        self._by_last: dict[str, set[str]] = defaultdict(set)
        self._heads = {rel.split(".", 1)[0] for rel in self._objects}
        for rel, obj in self._objects.items():
            self._by_last[rel.rsplit(".", 1)[-1]].add(rel)
            for entry in obj.entries:
                for member in entry.members:
                    self._by_last[member].add(f"{rel}.{member}")

    def relative(self, name: str) -> str:
        """``transformers.Trainer`` -> ``Trainer`` (for package ``transformers``)."""
        prefix = self.package + "."
        return name[len(prefix) :] if name.startswith(prefix) else name

    def anchor(self, rel: str) -> str:
        """The page anchor the documentation builder gives a documented object (or one of
        its members: the object's anchor plus the member)."""
        if rel in self._anchors:
            return self._anchors[rel][0]
        owner, _, member = rel.rpartition(".")
        if owner in self._anchors:
            return f"{self._anchors[owner][0]}.{member}"
        return anchor_spellings(rel, self.package, None)[0]

    def anchors(self) -> dict[str, str]:
        """Every documented object's anchor, by package-relative name."""
        return {rel: spellings[0] for rel, spellings in self._anchors.items()}

    def anchor_spellings(self, rel: str) -> tuple[str, ...]:
        """The anchors a documented object may have on the site (one when it is known)."""
        return self._anchors.get(rel) or anchor_spellings(rel, self.package, None)

    def lookup(self, name: str, lang: str) -> Lookup:
        """Resolve a dotted name (no ``~``, ``()`` or ``#param``) for a page in ``lang``;
        a name the documented objects do not give, or give ambiguously, may be a module-level
        alias of a documented method (``upload_file = api.upload_file``): with the package's
        source, it resolves as that method."""
        found = self._lookup(name, lang)
        if found.target is None and found.kind != OUTSIDE and self._source is not None:
            aliased = self._source.alias_target(self.relative(name))
            if aliased is not None:
                resolved = self._lookup(aliased, lang)
                if resolved.target is not None:
                    return resolved
        return found

    def _lookup(self, name: str, lang: str) -> Lookup:
        rel = self.relative(name)
        found = self._exact(rel, lang)
        if found:
            return Lookup(found)
        candidates = self._short_candidates(rel)
        if not candidates and self._inside_package(name):
            # ``models.bert.BertModel`` names ``BertModel`` by its module path.
            rel = ".".join(qualified_name(rel.split(".")))
            found = self._exact(rel, lang)
            candidates = {rel} if found else self._short_candidates(rel)
        if len(candidates) > 1:
            candidates = self._top_level(candidates, rel) or candidates
        if len(candidates) > 1:
            return Lookup(None, _ambiguous(rel, candidates), AMBIGUOUS)
        if candidates:
            return Lookup(self._exact(candidates.pop(), lang))
        foreign = self.foreign_package(name)
        if foreign:
            return Lookup(None, f"outside {self.package}: `{foreign}` is another package",
                          OUTSIDE)
        return Lookup(None, self._missing_owner(rel) or NOT_DOCUMENTED)

    def _exact(self, rel: str, lang: str) -> ApiTarget | None:
        obj = self._objects.get(rel)
        if obj:
            return self._target(_pick(obj.entries, lang), self.anchor(rel))
        owner, _, member = rel.rpartition(".")
        obj = self._objects.get(owner) if owner else None
        if obj is None:
            return None
        entry = _pick(obj.entries, lang)
        # An explicit member list without this member: the object's anchor exists, the
        # member's may not.
        listed = entry.lists_every_member or member in entry.members
        return self._target(entry, self.anchor(rel if listed else owner))

    def _target(self, entry: ApiEntry, anchor: str) -> ApiTarget:
        return ApiTarget(entry.lang, entry.page, anchor, *self.site)

    def _short_candidates(self, rel: str) -> set[str]:
        parts = rel.split(".")
        if len(parts) == 1:
            return set(self._by_last.get(rel, ()))
        # Longest suffix first, down to ``Object.member``: an old module path
        # (``generation_utils.GenerationMixin.generate``) still finds the object.
        for start in range(len(parts) - 1):
            found = self._suffix_matches(parts[start:])
            if found:
                return found
        return set()

    def _suffix_matches(self, parts: list[str]) -> set[str]:
        suffix, head, last = ".".join(parts), ".".join(parts[:-1]), parts[-1]
        named = {c for c in self._by_last.get(last, ()) if _ends_with(c, suffix)}
        if named:
            return named
        owners = self._by_last.get(parts[-2], ())
        return {f"{o}.{last}" for o in owners if o in self._objects and _ends_with(o, head)}

    def _top_level(self, candidates: set[str], rel: str) -> set[str]:
        """The candidates the site may anchor at ``<package>.<rel>``: the package's own name
        (known from its exports, or one of the spellings when they are unknown)."""
        wanted = f"{self.package}.{rel}" if self.package else rel
        return {c for c in candidates if wanted in self.anchor_spellings(c)}

    def _missing_owner(self, rel: str) -> str | None:
        """Why ``Owner.member`` fails when ``Owner`` is the problem: it is not documented."""
        parts = rel.split(".")
        if len(parts) < 2 or self._by_last.get(parts[-2]):
            return None
        elsewhere = len(self._by_last.get(parts[-1], ()))
        objects = "object" if elsewhere == 1 else "objects"
        where = (f" (`{parts[-1]}` is documented on {elsewhere} other {objects})"
                 if elsewhere else "")
        return f"owner not documented: `{parts[-2]}` has no [[autodoc]] directive{where}"

    def _inside_package(self, name: str) -> bool:
        head = name.split(".", 1)[0]
        return "." in name and (head == self.package or head in self._heads)

    def foreign_package(self, name: str) -> str | None:
        """The module-like first component of ``name`` when it is not in the package.

        ``datasets.Dataset.map`` in the transformers docs gives ``datasets``.
        """
        rel = self.relative(name)
        head = rel.split(".", 1)[0]
        if "." not in rel or not head.islower() or head in self._heads:
            return None
        if self._source is not None and self._source.module_file((head,)) is not None:
            return None  # a module of the package, known from its source
        return head


def _ambiguous(rel: str, candidates: set[str]) -> str:
    shown = ", ".join(sorted(candidates)[:SHOWN_CANDIDATES])
    more = ", ..." if len(candidates) > SHOWN_CANDIDATES else ""
    return (f"ambiguous: `{rel}` is documented on {len(candidates)} objects ({shown}{more});"
            " name the one meant")


def _ends_with(name: str, suffix: str) -> bool:
    return name == suffix or name.endswith("." + suffix)


def _pick(entries: tuple[ApiEntry, ...], lang: str) -> ApiEntry:
    """The page in the reader's language, else ``en``, else the first language."""
    for wanted in (lang, DEFAULT_LANG):
        for entry in entries:
            if entry.lang == wanted:
                return entry
    return min(entries, key=lambda e: (e.lang, e.page, e.line))
