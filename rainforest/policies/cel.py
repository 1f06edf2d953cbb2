"""The one door to the CEL library (`common-expression-language`, see docs/decisions/0002-cel-library.md).

Expressions are compiled once and cached by their source; a source that does not parse raises
`ExpressionError` carrying the parser's own message (line, column and a caret)."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

import cel
from django.utils.translation import gettext as _

# Names a comprehension macro binds (`xs.exists(t, t > 1)` binds `t`): the library reports them among the
# variables an expression reads, but they are not facts.
_BOUND = re.compile(r"\.\s*(?:all|exists|exists_one|map|filter)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,")
_PREFIX = re.compile(r"^Failed to parse expression .*?:\s*(?=ERROR)", re.DOTALL)


class ExpressionError(ValueError):
    """A CEL source that does not parse, or that reads names that are not facts."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> cel.Program:
    """The compiled program of `source`. Raises ExpressionError with the parser's message."""
    if not source.strip():
        raise ExpressionError(_("表达式为空"))
    try:
        return cel.compile(source)
    except (ValueError, TypeError, RuntimeError) as error:
        raise ExpressionError(_PREFIX.sub("", str(error)).strip()) from None


@lru_cache(maxsize=4096)
def referenced_names(source: str) -> tuple[str, ...]:
    """The facts `source` reads, sorted (comprehension variables left out)."""
    bound = set(_BOUND.findall(source))
    return tuple(name for name in compile_expression(source).variables() if name not in bound)


def check_expression(source: str, *, known: Collection[str]) -> None:
    """Raise ExpressionError when `source` does not parse or reads a name outside `known`."""
    names = referenced_names(source)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ExpressionError(_("引用了未定义的事实：{names}").format(names="、".join(unknown)))
