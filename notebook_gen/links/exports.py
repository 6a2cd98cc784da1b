"""What a package's modules export, read from its source with ``ast`` (never imported).

The documentation builder anchors an object at the first package level that has it as an
attribute (:func:`public_path`, below). Statically, a module "has" a name when it
binds it at module level: ``def``/``class``, an assignment, ``import``/``from ... import``
(``*`` imports of the package's own modules followed), inside ``if``/``try`` blocks too
(``if TYPE_CHECKING:``), or when it lists it in ``__all__``; and, for packages that load
lazily, when a ``_import_structure`` table lists it (``{"models.bert": ["BertModel"]}``,
with later ``_import_structure[...].extend([...])`` and ``.append(...)``).

The source is looked for beside the docs (:mod:`.source_folder`): ``src/<package>/`` or
``<package>/`` in the repository that holds the docs folder.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from notebook_gen.links.source_folder import package_folder

_LAZY_TABLE = "_import_structure"
_GROWS = ("extend", "append")
_StarReader = Callable[[ast.ImportFrom], set[str]]


@dataclass(frozen=True)
class _Module:
    names: frozenset[str]
    """Every name the module binds or lists."""
    listed: tuple[str, ...] | None
    """Its ``__all__``, when it has one (what ``from it import *`` brings)."""
    origins: Mapping[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    """Names it takes from another module of the package: the module and the name there
    (``from .api import upload_file``, a lazy table's ``{"api": ["upload_file"]}``)."""
    aliases: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Names bound to a class's attribute: ``upload_file = api.upload_file`` with
    ``api = HfApi()`` gives ``("HfApi", "upload_file")``."""
    stars: tuple[tuple[str, ...], ...] = ()
    """The package's modules it imports ``*`` from."""


_UNREADABLE = _Module(frozenset(), None)
_ALIAS_HOPS = 8


@dataclass
class PackageSource:
    """A package's source folder (the one holding its ``__init__.py``) and its exports."""

    name: str
    folder: Path
    _modules: dict[tuple[str, ...], _Module] = field(default_factory=dict, repr=False)

    def module_file(self, parts: tuple[str, ...]) -> Path | None:
        """The file of module ``<package>.<parts>`` (a package's ``__init__.py``), if any."""
        if not all(part.isidentifier() for part in parts):
            return None
        base = self.folder.joinpath(*parts)
        if (base / "__init__.py").is_file():
            return base / "__init__.py"
        if parts and base.with_suffix(".py").is_file():
            return base.with_suffix(".py")
        return None

    def exports(self, parts: tuple[str, ...]) -> frozenset[str]:
        """The names module ``<package>.<parts>`` binds; empty when it cannot be read."""
        return self._module(parts).names

    def _module(self, parts: tuple[str, ...]) -> _Module:
        if parts not in self._modules:
            self._modules[parts] = _UNREADABLE  # a cycle of ``*`` imports ends here
            self._modules[parts] = self._read(parts)
        return self._modules[parts]

    def _read(self, parts: tuple[str, ...]) -> _Module:
        path = self.module_file(parts)
        if path is None:
            return _UNREADABLE
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            return _UNREADABLE  # anchors then fall back to the longer path: never an error
        package = parts if path.name == "__init__.py" else parts[:-1]
        names = set(_bound(tree.body, lambda node: self._star(package, node)))
        listed = [name for node in ast.walk(tree) for name in _all_names(node)]
        names.update(listed)
        names.update(name for node in ast.walk(tree) for name in _lazy_names(node))
        has_all = any(_assigns_all(node) for node in ast.walk(tree))
        origins, stars = self._origins(package, tree)
        return _Module(frozenset(names), tuple(listed) if has_all else None, origins,
                       _aliases(tree.body), stars)

    def _origins(self, package: tuple[str, ...], tree: ast.Module,
                 ) -> tuple[dict[str, tuple[tuple[str, ...], str]], tuple[tuple[str, ...], ...]]:
        """Where the names a module imports from the package come from, and the modules it
        imports ``*`` from."""
        origins: dict[str, tuple[tuple[str, ...], str]] = {}
        stars: list[tuple[str, ...]] = []
        for node in _statements(tree.body):
            if isinstance(node, ast.ImportFrom):
                target = _import_target(self.name, package, node)
                if target is None:
                    continue
                for alias in node.names:
                    if alias.name == "*":
                        stars.append(target)
                    else:
                        origins[alias.asname or alias.name] = (target, alias.name)
        for any_node in ast.walk(tree):
            for module, name in _lazy_origins(any_node):
                origins.setdefault(name, (package + tuple(module.split(".")), name))
        return origins, tuple(stars)

    def alias_target(self, rel: str) -> str | None:
        """What the name ``rel`` (relative to the package) is an alias of, as
        ``<module>.<Class>.<attribute>`` relative to the package, when it is a module-level
        alias of a class's attribute (``upload_file = api.upload_file``, ``api = HfApi()``),
        followed through the imports that re-export it; else None."""
        parts = rel.split(".")
        module = tuple(module_prefix(parts, self))
        if len(parts) - len(module) != 1:
            return None
        name = parts[-1]
        for _ in range(_ALIAS_HOPS):
            found = self._module(module)
            if name in found.aliases:
                owner, attribute = found.aliases[name]
                return ".".join([*module, owner, attribute])
            if name in found.origins:
                module, name = found.origins[name]
                continue
            star = next((star for star in found.stars if name in self.exports(star)), None)
            if star is None:
                return None
            module = star
        return None

    def _star(self, package: tuple[str, ...], node: ast.ImportFrom) -> set[str]:
        """The names ``from <module> import *`` brings, when the module is the package's."""
        target = _import_target(self.name, package, node)
        if target is None:
            return set()
        module = self._module(target)
        if module.listed is not None:
            return set(module.listed)
        return {name for name in module.names if not name.startswith("_")}


def find_package_source(docs_root: Path, package: str) -> PackageSource | None:
    """The package's source beside the docs (see :mod:`.source_folder`), with its exports."""
    folder = package_folder(docs_root, package)
    return None if folder is None else PackageSource(package, folder)


def _bound(body: Iterable[ast.stmt], star: _StarReader) -> Iterator[str]:
    """Names bound by module-level statements, inside ``if``/``try``/``with`` blocks too."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.Import):
            yield from (alias.asname or alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    yield from star(node)
                else:
                    yield alias.asname or alias.name
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            yield from (t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.If | ast.With | ast.Try | ast.TryStar):
            yield from _bound(_blocks(node), star)


def _statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, those inside ``if``/``try``/``with`` blocks too."""
    for node in body:
        if isinstance(node, ast.If | ast.With | ast.Try | ast.TryStar):
            yield from _statements(_blocks(node))
        else:
            yield node


def _aliases(body: Iterable[ast.stmt]) -> dict[str, tuple[str, str]]:
    """Module-level ``name = <instance or class>.<attribute>``, where the instance is bound
    at module level to a call of a class (``api = HfApi()``) or the call is written in place
    (``HfApi().upload_file``): name -> (class, attribute)."""
    instances: dict[str, str] = {}
    aliases: dict[str, tuple[str, str]] = {}
    for node in _statements(body):
        if not isinstance(node, ast.Assign):
            continue
        names = [target.id for target in node.targets if isinstance(target, ast.Name)]
        value = node.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id[:1].isupper():
            instances.update((name, value.func.id) for name in names)
        elif isinstance(value, ast.Attribute):
            owner = _owner_class(value.value, instances)
            if owner is not None:
                aliases.update((name, (owner, value.attr)) for name in names)
    return aliases


def _owner_class(node: ast.expr, instances: Mapping[str, str]) -> str | None:
    """The class of ``node`` in ``<node>.<attribute>``: an instance's, a call's, or a
    class named with a capital (``HfApi.upload_file``)."""
    if isinstance(node, ast.Name):
        return instances.get(node.id) or (node.id if node.id[:1].isupper() else None)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id[:1].isupper():
        return node.func.id
    return None


def module_prefix(parts: list[str], source: PackageSource) -> list[str]:
    """The leading parts of a dotted name that are modules of the package."""
    modules: list[str] = []
    for part in parts[:-1]:
        if source.module_file((*modules, part)) is None:
            break
        modules.append(part)
    return modules


def _lazy_origins(node: ast.AST) -> Iterator[tuple[str, str]]:
    """``(module, name)`` pairs of a lazy ``_import_structure`` table: its literal, and
    ``_import_structure["module"] = [...]`` / ``.extend([...])`` / ``.append(...)``."""
    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id == _LAZY_TABLE \
                    and isinstance(node.value, ast.Dict):
                for key, value in zip(node.value.keys, node.value.values, strict=True):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        yield from ((key.value, name) for name in _strings(value))
            elif (module := _lazy_key(target)) is not None:
                yield from ((module, name) for name in _strings(node.value))
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr in _GROWS and (module := _lazy_key(node.func.value)) is not None):
        yield from ((module, name) for arg in node.args for name in _strings(arg))


def _lazy_key(node: ast.AST) -> str | None:
    """``"api"`` of ``_import_structure["api"]``."""
    if _is_lazy_subscript(node):
        assert isinstance(node, ast.Subscript)
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None


def _blocks(node: ast.If | ast.With | ast.Try | ast.TryStar) -> Iterator[ast.stmt]:
    yield from node.body
    if isinstance(node, ast.If):
        yield from node.orelse
    elif isinstance(node, ast.Try | ast.TryStar):
        for handler in node.handlers:
            yield from handler.body
        yield from node.orelse
        yield from node.finalbody


def _assigns_all(node: ast.AST) -> bool:
    if not isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


def _all_names(node: ast.AST) -> Iterator[str]:
    """Names an ``__all__ = [...]``, ``+=`` or ``.extend``/``.append`` statement lists."""
    if _assigns_all(node):
        assert isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
        yield from _strings(node.value)
    elif _grows(node, "__all__"):
        assert isinstance(node, ast.Call)
        yield from (name for arg in node.args for name in _strings(arg))


def _lazy_names(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id == _LAZY_TABLE and node.value:
                values = node.value.values if isinstance(node.value, ast.Dict) else []
                yield from (name for value in values for name in _strings(value))
            elif _is_lazy_subscript(target) and node.value:
                yield from _strings(node.value)
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr in _GROWS and _is_lazy_subscript(node.func.value)):
        yield from (name for arg in node.args for name in _strings(arg))


def _is_lazy_subscript(node: ast.AST) -> bool:
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id == _LAZY_TABLE)


def _grows(node: ast.AST, name: str) -> bool:
    """``name.extend(...)`` or ``name.append(...)``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in _GROWS and isinstance(node.func.value, ast.Name)
            and node.func.value.id == name)


def _strings(node: ast.AST | None) -> Iterator[str]:
    """The string constants of a literal (a string, or a list/tuple of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                yield element.value


def _import_target(package_name: str, package: tuple[str, ...], node: ast.ImportFrom,
                   ) -> tuple[str, ...] | None:
    """The package-relative module a ``from ... import`` names, or None when outside."""
    module = tuple(node.module.split(".")) if node.module else ()
    if node.level == 0:
        return module[1:] if module[:1] == (package_name,) else None
    if node.level - 1 > len(package):
        return None
    return package[: len(package) - (node.level - 1)] + module


# The anchor the documentation site gives a documented object: its shortest public path.
#
# The documentation builder names an object by its module path cut at the first package
# level that has the object's name as an attribute, followed by its qualified name. So
# ``[[autodoc]] tuners.lora.config.LoraConfig`` of ``peft`` is anchored ``#peft.LoraConfig``
# (``peft/__init__.py`` exports ``LoraConfig``), and ``models.bert.modeling_bert.BertOutput``
# keeps its full path when no package level above ``modeling_bert`` exports it.
#
# With the package's source beside the docs (:func:`find_package_source`)
# the cut is computed from the modules' exports. Without it, the anchor is the path as the
# directive writes it (``<package>.<path as written>``): a path the object really has, where a
# top-level guess may name none (``modeling_outputs.BaseModelOutput`` is not exported at the top
# of ``transformers``, and its site anchor keeps the module path). The top-level spelling
# ``<package>.<qualified name>`` is the other anchor the site may use then, so
# :func:`anchor_spellings` accepts both.
def qualified_name(parts: list[str]) -> list[str]:
    """Without the source: the name from its first capitalised part (a class), or its
    last part (``models.bert.BertModel.forward`` -> ``BertModel.forward``;
    ``utils.add_start_docstrings`` -> ``add_start_docstrings``)."""
    for index, part in enumerate(parts):
        if part[:1].isupper():
            return parts[index:]
    return parts[-1:]


def public_path(rel: str, package: str, source: PackageSource | None) -> str:
    """The anchor of a documented object named ``rel`` relative to ``package``."""
    parts = rel.split(".")
    prefix = [package] if package else []
    if source is None:
        return ".".join([*prefix, *parts])
    modules = module_prefix(parts, source)
    qualified = parts[len(modules):]
    for depth in range(len(modules) + 1):
        if qualified[0] in source.exports(tuple(modules[:depth])):
            return ".".join([*prefix, *modules[:depth], *qualified])
    return ".".join([*prefix, *parts])


def anchor_spellings(rel: str, package: str, source: PackageSource | None) -> tuple[str, ...]:
    """Every anchor the site may use: the public path, and, when it is unknown (no source),
    the top-level spelling too."""
    computed = public_path(rel, package, source)
    if source is not None:
        return (computed,)
    top_level = ".".join([*([package] if package else []), *qualified_name(rel.split("."))])
    return (computed,) if top_level == computed else (computed, top_level)
