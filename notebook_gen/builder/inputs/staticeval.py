"""Static values of a Python file's module-level names, read with ``ast``: never executed.

A ``_config.py`` is hostile input like any page. Three rules keep reading it cheap:

* only the names asked for, and the assignments they depend on, are evaluated (a
  ``_config.py`` may build anything it likes in names the notebooks never use);
* every value has a size (characters of its strings plus one per container item), and
  no value may grow past :data:`MAX_SIZE`: a string doubled 40 times stops at the limit
  with an error instead of taking gigabytes;
* ``a + b + c + ...`` chains are evaluated in a loop, so a 1,500-term chain needs no
  deeper stack than a two-term one.

Understood: literals (strings, numbers, ``None``, booleans), lists, tuples, dicts, names
assigned earlier and ``+`` of those (``X += ...`` included). Anything else is fine unless
a needed name uses it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MAX_SIZE = 1_000_000
"""The largest value a config may build: a million characters (an install cell is a few
hundred)."""


class NotStaticError(Exception):
    """A needed value that cannot be read without running the file (or is too big)."""

    def __init__(self, node: ast.AST, why: str) -> None:
        super().__init__(why)
        self.line: int | None = getattr(node, "lineno", None)


@dataclass(frozen=True, slots=True)
class _Sized:
    value: Any
    size: int


def _assigned(statement: ast.stmt) -> tuple[list[str], ast.expr] | None:
    """The simple names a module-level assignment binds, and its value expression."""
    if isinstance(statement, ast.Assign):
        targets, value = statement.targets, statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets, value = [statement.target], statement.value
    elif (isinstance(statement, ast.AugAssign) and isinstance(statement.op, ast.Add)
          and isinstance(statement.target, ast.Name)):  # ``X += e`` is ``X = X + e``
        name = ast.Name(statement.target.id, ast.Load())
        targets = [statement.target]
        value = ast.copy_location(ast.BinOp(ast.copy_location(name, statement), ast.Add(),
                                            statement.value), statement)
    else:
        return None
    return [t.id for t in targets if isinstance(t, ast.Name)], value


def _names_in(node: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _needed_statements(body: list[ast.stmt], wanted: Iterable[str]) -> set[int]:
    """Indexes of the assignments the wanted names depend on, found walking backwards:
    a name used at statement *i* means its last assignment before *i*."""
    needed = set(wanted)
    chosen: set[int] = set()
    for index in range(len(body) - 1, -1, -1):
        assigned = _assigned(body[index])
        if assigned is None or not needed.intersection(assigned[0]):
            continue
        chosen.add(index)
        names, value = assigned
        if len(names) == 1:  # ``a = b = x`` keeps the others wanted, rarely matters
            needed.discard(names[0])
        needed |= _names_in(value)
    return chosen


class _Evaluator:
    def __init__(self) -> None:
        self.names: dict[str, _Sized] = {}
        self.failures: dict[str, NotStaticError] = {}

    def value(self, node: ast.expr) -> _Sized:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._sum(node)
        if isinstance(node, ast.Constant):
            size = len(node.value) if isinstance(node.value, str | bytes) else 1
            return _Sized(node.value, size)
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in self.failures:  # the reason, not "not defined"
                raise self.failures[node.id]
            raise NotStaticError(node, f"name {node.id!r} is not defined before it is used")
        if isinstance(node, ast.List | ast.Tuple):
            items = [self.value(element) for element in node.elts]
            values = [item.value for item in items]
            size = _bounded(node, len(items) + sum(item.size for item in items))
            return _Sized(values if isinstance(node, ast.List) else tuple(values), size)
        if isinstance(node, ast.Dict):
            return self._dict(node)
        kind = type(node).__name__
        raise NotStaticError(node, f"a {kind} expression would need the file to be executed")

    def _dict(self, node: ast.Dict) -> _Sized:
        if any(key is None for key in node.keys):
            raise NotStaticError(node, "dict unpacking (**) cannot be read statically")
        pairs = [(self.value(k), self.value(v))
                 for k, v in zip(node.keys, node.values, strict=True) if k is not None]
        size = _bounded(node, len(pairs) + sum(k.size + v.size for k, v in pairs))
        try:
            return _Sized({k.value: v.value for k, v in pairs}, size)
        except TypeError:
            raise NotStaticError(node, "a dict key that is not hashable") from None

    def _sum(self, node: ast.BinOp) -> _Sized:
        """``a + b + c``: the left-nested chain unrolled into a loop."""
        operands: list[ast.expr] = []
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
            operands.append(current.right)
            current = current.left
        operands.append(current)
        total = self.value(operands.pop())
        while operands:
            right = self.value(operands.pop())
            size = _bounded(node, total.size + right.size)
            try:
                total = _Sized(total.value + right.value, size)
            except TypeError as error:
                raise NotStaticError(node, f"cannot add these values: {error}") from None
        return total


def _bounded(node: ast.AST, size: int) -> int:
    if size > MAX_SIZE:
        raise NotStaticError(node, f"builds a value larger than {MAX_SIZE:,} characters; "
                             "a config value is a few cells of text")
    return size


def static_names(tree: ast.Module, wanted: Iterable[str]
                 ) -> tuple[dict[str, Any], dict[str, NotStaticError]]:
    """Values of the ``wanted`` module-level names (those assigned), and why the others
    that are assigned have none."""
    wanted = set(wanted)
    evaluator = _Evaluator()
    failures = evaluator.failures
    for index in sorted(_needed_statements(tree.body, wanted)):
        names, value = _assigned(tree.body[index]) or ([], None)
        assert value is not None
        try:
            result: _Sized | NotStaticError = evaluator.value(value)
        except NotStaticError as error:
            result = error
        for name in names:
            if isinstance(result, NotStaticError):
                evaluator.names.pop(name, None)
                failures[name] = result
            else:
                evaluator.names[name] = result
                failures.pop(name, None)
    values = {name: evaluator.names[name].value for name in wanted if name in evaluator.names}
    return values, {name: failures[name] for name in wanted if name in failures}
