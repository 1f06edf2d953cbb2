"""The demo cast: one user of every role, each in an organisation, and the tech butlers' caseloads.

Passwords are deterministic and printed by the command: `rainforest-<username>-2025`. They protect demo
data only; never use the demo users on a server that holds real data.

The demo upserts its users by username, so it must never take over an account someone else made (the
first administrator created with `rainforest user create admin`, say, would otherwise get the demo's
password and roles). Each save of a demo user writes the demo's reason (`DEMO_REASON`) in the change log; an
account of a cast username whose change log holds no row with that reason (`hand_made_users`) is left as it
is, and the command refuses to build without --force while there is one."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import Q

from rainforest.core.choices import OrganisationKind, Role
from rainforest.core.models import Organisation, User
from rainforest.demo import names
from rainforest.demo.models import DemoBuild
from rainforest.demo.registry import Draft, day_between
from rainforest.demo.wipe import DEMO_REASON
from rainforest.enterprises.models import Assignment

CITY_BUREAU = "晋中市科技局"
YUCI_BUREAU = "榆次区科技局"
UNIVERSITY = "山西农业大学"
BANK = "晋中银行"
EXPERT_NAME = "王评审"  # reviews: the `expert` demo user, an expert of 山西农业大学
SECURITY_NAME = "周安"  # 三员分立: the `security` demo user (安全管理员)
AUDITOR_NAME = "吴审"  # 三员分立: the `auditor` demo user (审计管理员)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    label: str
    organisation: str


CAST = (
    "city",
    "district-yuci",
    "butler",
    "enterprise",
    "university",
    "bank",
    "admin",
    "expert",
    "security",
    "auditor",
)
NUMBERED_BUTLER = r"^butler-[0-9]{2,}$"


def _legacy_creation(creation: Any, legacy_until: Any) -> bool:
    """A creation row as an older demo wrote it (no acting user, no reason), no later than its last build."""
    return (
        creation is not None
        and legacy_until is not None
        and creation.history_user_id is None
        and not creation.history_change_reason
        and creation.history_date <= legacy_until
    )


def hand_made_users(usernames: Iterable[str] = CAST) -> list[str]:
    """Those of `usernames` (and the numbered butlers) held by accounts the demo did not make: no row of
    their change log carries the demo's reason, and (on a database last built by an older demo, which wrote
    no reason for its users) their creation row is not such a demo's."""
    history = User.history.model
    cast = Q(username__in=list(usernames)) | Q(username__regex=NUMBERED_BUTLER)
    users = dict(User.objects.filter(cast).values_list("pk", "username"))
    saved_by_demo = set(
        history.objects.filter(id__in=list(users), history_change_reason=DEMO_REASON).values_list(
            "id", flat=True
        )
    )
    legacy_until = None
    if not history.objects.filter(history_change_reason=DEMO_REASON).exists():
        legacy_until = DemoBuild.objects.order_by("-built_at").values_list("built_at", flat=True).first()
    creations: dict[int, Any] = {}
    for row in history.objects.filter(id__in=list(users), history_type="+").order_by("-history_date"):
        creations[row.id] = row  # the earliest creation row of each user is written last
    return sorted(
        name
        for pk, name in users.items()
        if pk not in saved_by_demo and not _legacy_creation(creations.get(pk), legacy_until)
    )


def password_for(username: str) -> str:
    return f"rainforest-{username}-2025"


def _organisation(name: str, kind: str, **fields: Any) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(name=name, defaults={"kind": kind, **fields})
    return organisation


def upsert_user(
    username: str,
    role: str,
    organisation: Organisation,
    display_name: str,
    *,
    hashed: str | None = None,
    **flags: Any,
) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user._change_reason = DEMO_REASON  # type: ignore[attr-defined]  # read by simple_history
    user.role = role
    user.organisation = organisation
    user.display_name = display_name
    user.is_active = True
    user.is_staff = flags.get("is_staff", False)
    user.is_superuser = flags.get("is_superuser", False)
    user.sees_personal_data = flags.get("sees_personal_data", False)
    if hashed:
        user.password = hashed
    else:
        user.set_password(password_for(username))
    user.save()
    return user


def butler_usernames(count: int) -> list[str]:
    return ["butler"] + [f"butler-{n:02d}" for n in range(2, count + 1)]


def build_people(
    rng: Random,
    regions: dict[str, Any],
    own_firm: Draft,
    butlers: int,
    *,
    kept: Collection[str] | None = None,
) -> tuple[list[Login], list[User]]:
    """Upsert the demo organisations and users (they survive a rebuild); return the logins and the butlers.
    An account of a cast username that the demo did not make (`hand_made_users`) is left as it is: no login
    is printed for it and no firm is assigned to it. `kept`: those usernames, when the caller found them."""
    kept = set(hand_made_users() if kept is None else kept)
    city = _organisation(CITY_BUREAU, OrganisationKind.CITY_BUREAU, region=regions["140700"])
    yuci = _organisation(YUCI_BUREAU, OrganisationKind.DISTRICT_BUREAU, region=regions["140702"])
    university = _organisation(UNIVERSITY, OrganisationKind.UNIVERSITY, region=regions["140703"])
    bank = _organisation(BANK, OrganisationKind.BANK, region=regions["140700"])
    firm = own_firm.enterprise
    existing = (
        None
        if "enterprise" in kept
        else User.objects.filter(username="enterprise").select_related("organisation").first()
    )
    if (
        existing is not None
        and existing.organisation
        and existing.organisation.kind == OrganisationKind.ENTERPRISE
    ):
        enterprise_org = existing.organisation
        Organisation.objects.filter(name=firm.name, users__isnull=True).exclude(pk=enterprise_org.pk).delete()
        enterprise_org.name, enterprise_org.credit_code, enterprise_org.region = (
            firm.name,
            firm.credit_code,
            firm.district,
        )
        enterprise_org.save()
    else:
        enterprise_org = _organisation(
            firm.name, OrganisationKind.ENTERPRISE, credit_code=firm.credit_code, region=firm.district
        )

    cast: list[tuple[str, str, Organisation, str, dict[str, Any]]] = [
        ("city", Role.CITY_OFFICER, city, "市局工作人员", {"sees_personal_data": True}),
        ("district-yuci", Role.DISTRICT_OFFICER, yuci, "榆次区工作人员", {"sees_personal_data": True}),
        ("butler", Role.BUTLER, city, "科技管家", {"sees_personal_data": True}),
        ("enterprise", Role.ENTERPRISE_USER, enterprise_org, "企业用户", {"sees_personal_data": True}),
        ("university", Role.UNIVERSITY_USER, university, "高校院所用户", {}),
        ("bank", Role.BANK_USER, bank, "金融机构用户", {}),
        (
            "admin",
            Role.SYSTEM_ADMIN,
            city,
            "系统管理员",
            {"sees_personal_data": True, "is_staff": True, "is_superuser": True},
        ),
    ]
    logins = []
    butler_users = []
    for username, role, organisation, label, flags in cast:
        name = names.person(rng)  # drawn even for a kept account, so that the names drawn after stay the same
        if username in kept:
            continue
        user = upsert_user(username, role, organisation, name, **flags)
        logins.append(Login(username, password_for(username), str(role), label, organisation.name))
        if role == Role.BUTLER:
            butler_users.append(user)
    # The other butlers share one hash (Argon2 is slow on purpose; hundreds of users at national scale).
    others = butler_usernames(butlers)[1:]
    if others:
        shared = make_password(password_for("butler"))
        for username in others:
            name = names.person(rng)
            if username not in kept:
                butler_users.append(
                    upsert_user(username, Role.BUTLER, city, name, hashed=shared, sees_personal_data=True)
                )
    # reviews: the expert of the demo's panels, after the butlers so that the names drawn before stay the same
    if "expert" not in kept:
        upsert_user("expert", Role.EXPERT, university, EXPERT_NAME)
        logins.append(Login("expert", password_for("expert"), str(Role.EXPERT), "评审专家", university.name))
    # 三员分立: the security and the audit administrator beside the system administrator (fixed names, so the
    # names drawn above stay the same); they reach accounts and logs, no business data
    for username, role, name, label in (
        ("security", Role.SECURITY_ADMIN, SECURITY_NAME, "安全管理员"),
        ("auditor", Role.AUDIT_ADMIN, AUDITOR_NAME, "审计管理员"),
    ):
        if username not in kept:
            upsert_user(username, role, city, name)
            logins.append(Login(username, password_for(username), str(role), label, city.name))
    return logins, butler_users


def assign_butlers(rng: Random, butlers: list[User], candidates: list[int], own_firm_id: int) -> int:
    """Give each butler 20-40 firms: certificates expiring this year and firms close to high-tech
    recognition, the demo enterprise with the first butler. Returns the number of assignments."""
    queue = [own_firm_id] + [pk for pk in candidates if pk != own_firm_id]
    rows = []
    position = 0
    for butler in butlers:
        caseload = rng.randint(20, 40)
        for pk in queue[position : position + caseload]:
            rows.append(
                Assignment(
                    enterprise_id=pk,
                    butler=butler,
                    started_on=day_between(rng, date(2024, 1, 8), date(2025, 3, 31)),
                )
            )
        position += caseload
        if position >= len(queue):
            break
    Assignment.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
