"""Derived data that must follow the records (today: the forest's layer spans) registers here, so that the
record apps, which sit lower, can say "these records changed" without importing the apps above them.

This is an explicit, synchronous hook called by services inside their transaction, not a model signal:
bulk writes call it once with every id they touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[[list[int], list[int]], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def records_changed(*, enterprise_ids: Iterable[int] = (), team_ids: Iterable[int] = ()) -> None:
    enterprises = sorted(set(enterprise_ids))
    teams = sorted(set(team_ids))
    if not enterprises and not teams:
        return
    for listener in _listeners:
        listener(enterprises, teams)
