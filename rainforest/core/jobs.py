"""Leases for background jobs, so a job whose worker died is noticed instead of staying "in progress".

A job row (any model with the `Leased` fields) is worked on only under a lease: the worker claims it
(`lease(...)`), a heartbeat thread renews it every third of `JOB_LEASE_SECONDS` while the work runs, and it
is released at the end. A worker killed with SIGKILL (or a machine that lost power) stops renewing: once the
lease has expired, or at once when its holder was a process of this machine that no longer exists,
`stale_rows` finds the row and the app marks it failed (`reap`). Storing the job's result must be
all-or-nothing and must check, inside the storing transaction, that the lease is still held
(`Lease.confirm`): a worker that was declared dead and wakes up again cannot apply its work a second time.

Use (an app's job model inherits `Leased`; see imports.services for a full example):

    with jobs.lease(MyJob, job.pk) as held:
        ...work, reading and writing progress...
        with transaction.atomic():
            held.confirm()          # LeaseLost if another process took over
            ...store the result and mark the job done in the same transaction...

    jobs.reap(MyJob.objects.filter(status__in=RUNNING), lambda row: {"status": "failed", ...})
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
HOST = socket.gethostname()


class Leased(models.Model):
    """The lease fields of a job row: who works on it (host:pid) and until when, unless renewed."""

    lease_owner = models.CharField(_("处理进程"), max_length=120, blank=True, default="")
    lease_expires_at = models.DateTimeField(_("租约到期"), null=True, blank=True)

    class Meta:
        abstract = True


class LeaseTaken(Exception):
    """Another live process holds the job's lease."""


class LeaseLost(Exception):
    """The lease was taken over (its holder was declared dead): the work must not be stored."""


def lease_seconds() -> int:
    return int(settings.RAINFOREST.get("JOB_LEASE_SECONDS", 120))


def this_process() -> str:
    return f"{HOST}:{os.getpid()}"


def holder_is_dead(owner: str) -> bool:
    """True when `owner` was a process of this machine that no longer runs (another machine's processes
    cannot be seen: their leases expire)."""
    host, _sep, pid = owner.rpartition(":")
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a killed child its parent has not waited for yet is a zombie: dead all the same
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Lease:
    """A held lease on one row. `confirm()` inside the storing transaction; `lost` is set by the heartbeat
    when a renewal found the lease gone."""

    model: type[models.Model]
    pk: Any
    owner: str
    lost: bool = False
    _stop: threading.Event = field(default_factory=threading.Event)

    def confirm(self) -> None:
        """Inside the transaction that stores the job's result: lock the row and raise LeaseLost unless
        this process still holds the lease, so a job is stored at most once."""
        held = (
            self.model._default_manager.select_for_update()
            .filter(pk=self.pk, lease_owner=self.owner)
            .exists()
        )
        if not held:
            raise LeaseLost(self.owner)

    def renew(self) -> None:
        until = timezone.now() + timedelta(seconds=lease_seconds())
        renewed = self.model._default_manager.filter(pk=self.pk, lease_owner=self.owner).update(
            lease_expires_at=until
        )
        if not renewed:
            self.lost = True

    def _beat(self) -> None:
        interval = max(1.0, lease_seconds() / 3)
        try:
            while not self._stop.wait(interval):
                try:
                    self.renew()
                except DatabaseError:  # SQLite busy with the job's own storing: try again next beat
                    logger.info("lease renewal of %s %s deferred", self.model.__name__, self.pk)
        finally:
            connections.close_all()


def claim(model: type[models.Model], pk: Any, owner: str | None = None) -> Lease:
    """Take the lease of row `pk` when it is free, expired or held by a dead process of this machine;
    LeaseTaken otherwise."""
    owner = owner or this_process()
    now = timezone.now()
    manager = model._default_manager
    current = manager.filter(pk=pk).values_list("lease_owner", "lease_expires_at").first()
    if current is None:
        raise model.DoesNotExist(pk)  # type: ignore[attr-defined]
    free = Q(lease_owner="") | Q(lease_expires_at__lt=now)
    if current[0] and current[0] != owner and holder_is_dead(current[0]):
        free |= Q(lease_owner=current[0])
    until = now + timedelta(seconds=lease_seconds())
    if not manager.filter(free, pk=pk).update(lease_owner=owner, lease_expires_at=until):
        raise LeaseTaken(current[0])
    return Lease(model, pk, owner)


def release(held: Lease) -> None:
    held.model._default_manager.filter(pk=held.pk, lease_owner=held.owner).update(
        lease_owner="", lease_expires_at=None
    )


@contextmanager
def lease(model: type[models.Model], pk: Any) -> Iterator[Lease]:
    """Hold the lease of row `pk` while the block runs, renewed by a heartbeat thread; released after.

    Inside a transaction (a test, or a caller's atomic block) nobody else could see the lease or its
    renewals before the commit, so no heartbeat runs there."""
    held = claim(model, pk)
    beat: threading.Thread | None = None
    if not connection.in_atomic_block:
        beat = threading.Thread(target=held._beat, name=f"lease-{model.__name__}-{pk}", daemon=True)
        beat.start()
    try:
        yield held
    finally:
        held._stop.set()
        if beat is not None:
            beat.join()
        release(held)


def stale_rows(queryset: QuerySet[Any], now: datetime | None = None) -> list[Any]:
    """The rows of `queryset` whose lease is held by a worker that died: expired, or held by a process of
    this machine that no longer exists."""
    now = now or timezone.now()
    held = list(queryset.exclude(lease_owner=""))
    return [
        row
        for row in held
        if (row.lease_expires_at is not None and row.lease_expires_at < now)
        or holder_is_dead(row.lease_owner)
    ]


def reap(
    queryset: QuerySet[Any], outcome: Callable[[Any], dict[str, Any]], now: datetime | None = None
) -> list[Any]:
    """Mark every stale row of `queryset` with `outcome(row)` (the fields to set, e.g. failed and why) and
    clear its lease, each in its own transaction and only if the lease did not change meanwhile (a worker
    that renewed in time keeps its job). Returns the rows reaped."""
    reaped = []
    for row in stale_rows(queryset, now):
        with transaction.atomic():
            updated = (
                type(row)
                ._default_manager.filter(
                    pk=row.pk, lease_owner=row.lease_owner, lease_expires_at=row.lease_expires_at
                )
                .update(lease_owner="", lease_expires_at=None, **outcome(row))
            )
        if updated:
            reaped.append(row)
    return reaped
