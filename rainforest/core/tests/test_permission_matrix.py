"""The permission matrix, generated from the URL configuration and the API's operations.

Every page, form POST, export and API operation is asked, for every role of the cast and for anonymous
visitors, about a record inside and a record outside that role's scope. The expected answer comes from the
route's declaration (`rainforest.core.policy.access`) and the policy table:

- anonymous: a page sends them to the login page (302), an API operation answers 401;
- a role without the declared grant: 403;
- a record outside the role's scope: 404, and the record is unchanged;
- a record inside: 200 for a read (an API write answers 2xx or 4xx input errors, never 403/404/5xx);
- no page or answer of a role names an enterprise, park or team outside its scope.

A route that declares nothing fails `test_every_route_declares_its_access`. A new route needs only its
declaration; a route whose URL names its record differently than `pk`, `<model>_id`, `credit_code`, `code`
or `year` adds a line to `KWARGS`; a new model adds a factory to `FACTORIES` (one record per district).
An app keeps its own lines in `rainforest/<app>/tests/matrix.py` (`FACTORIES`, `KWARGS`), merged below.
Each role gets one database set-up; every request runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from rainforest.core.policy import Access, Action, declared_access, may
from rainforest.core.tests.cast import CAST

pytestmark = pytest.mark.django_db

ROLES = [*CAST, None]
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


# --- the routes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" of a page, "api:<operation id>" of an API operation
    path: str  # the pattern with <converters>
    kwargs: tuple[str, ...]
    methods: tuple[str, ...]
    declaration: Access | None
    api: bool


def _ninja_path_view(callback: Any) -> Any:
    for cell in getattr(callback, "__closure__", None) or ():
        contents = cell.cell_contents
        if type(contents).__name__ == "PathView":
            return contents
    return None


HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}


def _allowed_methods(view: Any) -> tuple[str, ...]:
    """The methods a page accepts: those of its `require_http_methods` (GET and POST when it has none),
    without HEAD and OPTIONS."""
    function = view
    while function is not None:
        for cell in getattr(function, "__closure__", None) or ():
            value = cell.cell_contents
            if isinstance(value, (list, tuple)) and value and set(value) <= HTTP_METHODS:
                return tuple(method for method in value if method in ("GET", "POST"))
        function = getattr(function, "__wrapped__", None)
    return ("GET", "POST")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), space)
            continue
        assert isinstance(entry, URLPattern)
        path = prefix + str(entry.pattern)
        kwargs = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
        view = _ninja_path_view(entry.callback)
        if view is not None:
            for operation in view.operations:
                declaration = declared_access(operation.view_func)
                name = f"api:{operation.operation_id or operation.view_func.__name__}"
                yield Route(name, path, kwargs, tuple(operation.methods), declaration, True)
            continue
        methods = _allowed_methods(entry.callback)
        yield Route(f"{namespace}{entry.name}", path, kwargs, methods, declared_access(entry.callback), False)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def test_every_route_declares_its_access():
    undeclared = sorted(f"{route.name} ({route.path})" for route in all_routes() if route.declaration is None)
    assert undeclared == []


# --- the records: one inside and one outside a district officer's scope, for every model ---------------


def _world(butler: Any, own_firm: Any) -> dict[str, dict[str, Any]]:
    """Records of 榆次区 ("yuci", the district officer's, holding the owner's firm and the butler's
    assignment) and of 太谷区 ("taigu"). The tenancy "mixed" puts a 太谷 firm in a 榆次 park."""
    from rainforest.cultivation.models import Attendance, FollowUp, Target, Training, TrainingSession, Visit
    from rainforest.enterprises.models import Assignment
    from rainforest.enterprises.tests.factories import (
        CertificateFactory,
        EnterpriseFactory,
        YearlyFiguresFactory,
    )
    from rainforest.enterprises.tests.factories import district as region
    from rainforest.incubator.models import Park, Team, Tenancy, Zone
    from rainforest.policies.tests.factories import PolicyFactory

    world: dict[str, dict[str, Any]] = {}
    training = Training.objects.create(title="矩阵培训")
    session = TrainingSession.objects.create(training=training, held_on=date(2024, 5, 1))
    places: list[tuple[str, str, Any]] = [
        ("yuci", "140702", own_firm),
        ("taigu", "140703", EnterpriseFactory(name="矩阵太谷企业", district=region("140703"))),
    ]
    for key, code, firm in places:
        district = region(code)
        park = Park.objects.create(name=f"矩阵{key}园区", district=district)
        team = Team.objects.create(name=f"矩阵{key}团队", district=district)
        visit = Visit.objects.create(
            enterprise=firm, butler=butler, visited_on=date(2024, 6, 1), topics=["hnte"]
        )
        world[key] = {
            "enterprises.enterprise": firm,
            "enterprises.yearlyfigures": YearlyFiguresFactory(enterprise=firm, year=2023),
            "enterprises.certificate": CertificateFactory(enterprise=firm),
            "enterprises.assignment": Assignment.objects.create(enterprise=firm, butler=butler)
            if key == "yuci"
            else Assignment(enterprise=firm, butler=butler),  # unsaved: the butler does not serve it
            "incubator.park": park,
            "incubator.zone": Zone.objects.create(park=park, name=f"矩阵{key}片区", tier="seed"),
            "incubator.team": team,
            "incubator.tenancy": Tenancy.objects.create(
                park=park, enterprise=firm, entered_on=date(2024, 1, 1)
            ),
            "cultivation.visit": visit,
            "cultivation.followup": FollowUp.objects.create(
                visit=visit, action="补材料", owner="张三", due_on=date(2024, 7, 1)
            ),
            "cultivation.training": training,
            "cultivation.trainingsession": session,
            "cultivation.attendance": Attendance.objects.create(session=session, enterprise=firm),
            "cultivation.target": Target.objects.create(
                indicator="new_hnte", year=2025, district=district, value=5
            ),
            "policies.policy": PolicyFactory(name=f"矩阵{key}政策"),
            "eligibility.evaluation": _evaluation(firm),
            "forest.layerspan": None,
            "forest.move": None,
        }
    world["mixed"] = dict(world["yuci"])
    world["mixed"]["incubator.tenancy"] = Tenancy.objects.create(
        park=world["yuci"]["incubator.park"],
        enterprise=world["taigu"]["enterprises.enterprise"],
        entered_on=date(2024, 1, 1),
    )
    return world


def _evaluation(firm: Any) -> Any:
    from rainforest.eligibility.models import Evaluation

    return Evaluation(enterprise=firm)  # unsaved: its routes name it by its enterprise's credit code


# A factory per model for records the world above does not hold (a new model adds a line here).
FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {}


# How a route's URL names its record, when the generic rules (below) do not apply.
KWARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "cultivation:follow_up_create": lambda o: {"pk": o.visit_id},
    "cultivation:follow_up_edit": lambda o: {"pk": o.visit_id, "follow_up_pk": o.pk},
    "cultivation:session_create": lambda o: {"pk": o.training_id},
    "cultivation:session_invite": lambda o: {"pk": o.session.training_id, "session_pk": o.session_id},
    "cultivation:attendance_edit": lambda o: {"pk": o.session.training_id, "attendance_pk": o.pk},
    "cultivation:butler": lambda o: {"pk": o.butler_id},
    "api:session_create": lambda o: {"training_id": o.training_id},
    "api:session_invite": lambda o: {"training_id": o.session.training_id, "session_id": o.session_id},
    "api:attendance_change": lambda o: {"training_id": o.session.training_id, "attendance_id": o.pk},
}


def _contributions() -> None:
    """Merge FACTORIES and KWARGS of every app's `tests/matrix.py`."""
    for config in apps.get_app_configs():
        if not config.name.startswith("rainforest."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as error:
            if error.name in (f"{config.name}.tests", f"{config.name}.tests.matrix"):
                continue
            raise
        FACTORIES.update(getattr(module, "FACTORIES", {}))
        KWARGS.update(getattr(module, "KWARGS", {}))


_contributions()


def _generic_kwarg(obj: Any, name: str) -> Any:
    model_name = obj._meta.model_name
    if name in ("pk", "id", f"{model_name}_id", f"{model_name}_pk") or name.replace("_", "") in (
        f"{model_name}id",
        f"{model_name}pk",
    ):
        return obj.pk
    if name == "credit_code":
        return obj.credit_code if model_name == "enterprise" else obj.enterprise.credit_code
    if name in ("code", "year"):
        return getattr(obj, name)
    base = name.removesuffix("_pk").removesuffix("_id")
    return getattr(obj, f"{base}_id")


def _kwargs(route: Route, obj: Any) -> dict[str, Any]:
    if route.name in KWARGS:
        return KWARGS[route.name](obj)
    return {name: _generic_kwarg(obj, name) for name in route.kwargs}


# Routes answered differently than the declaration alone tells, with the reason.
SPECIAL: dict[str, Callable[[Any], int | None]] = {
    # the butler's own page redirects to their caseload, and everyone else's to the list of butlers
    "cultivation:mine": lambda user: 302,
    "cultivation:butlers": lambda user: 302 if getattr(user, "role", "") == "butler" else None,
    # the self-assessment is the enterprise user's; other roles do not find it
    "eligibility:self": lambda user: None if getattr(user, "role", "") == "enterprise_user" else 404,
    # inviting a firm's user asks CHANGE on the firm, and the view lets only city officers and admins in
    "administration:invite": lambda user: 403 if getattr(user, "role", "") == "district_officer" else None,
    # calls: the precheck is an enterprise user's, of their own firm; anyone else names the firm (422 without)
    "api:call_precheck": lambda user: (
        None
        if getattr(user, "role", "") == "enterprise_user"
        and getattr(getattr(user, "organisation", None), "credit_code", "")
        else 422
    ),
    # sign-in, sign-out and the language switch
    "login": lambda user: None,
    "logout": lambda user: None,
    "set_language": lambda user: 302,
}

# Query strings an operation needs to answer at all.
QUERY = {"api:enterprise_evaluation": "?rulebook=hnte-2016", "api:search": "?q=液压密封"}

# django-ninja's own documentation routes hold no records; their declaration is checked, not their answer.
NOT_ASKED = {"api:openapi-view", "api:openapi-json", "api:api-root"}

# Routes whose URL names a person rather than the record (the butler of an assignment): asked once.
SAME_URL_FOR_EVERY_RECORD = {"cultivation:butler"}

# Routes whose kwargs do not name a record (a record type of the imports, an import job by number).
OBJECTLESS: dict[str, dict[str, Any]] = {
    "imports:template": {"record_type": "enterprise"},
    "imports:export": {"record_type": "enterprise"},
    "imports:job": {"pk": 0},
    "imports:job_progress": {"pk": 0},
}


# --- asking -------------------------------------------------------------------------------------------


def _url(route: Route, kwargs: dict[str, Any]) -> str:
    return _path(route, kwargs) + QUERY.get(route.name, "")


def _path(route: Route, kwargs: dict[str, Any]) -> str:
    path = route.path
    for name, value in kwargs.items():
        for converter in ("str", "int", "slug", "path", ""):
            token = f"<{converter}:{name}>" if converter else f"<{name}>"
            path = path.replace(token, str(value))
    return "/" + path.replace("^", "").replace("$", "")


def _row(obj: Any) -> list[dict[str, Any]]:
    if obj is None or obj.pk is None:
        return []
    return list(type(obj)._default_manager.filter(pk=obj.pk).values())


def _ask(client: Any, route: Route, method: str, url: str) -> Any:
    body = "{}" if route.api and method != "GET" else None
    with transaction.atomic():
        if route.api:
            response = client.generic(method, url, body or "", content_type="application/json")
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    return response


def _expected_denial(route: Route, user: Any) -> int | None:
    """The status a request must get before any record is looked at, or None if the user passes."""
    declaration = route.declaration
    assert declaration is not None
    special = SPECIAL.get(route.name)
    refusal = declaration.refusal(user)
    if refusal == "login":
        return 401 if route.api else 302
    if refusal == "forbidden":
        return 403
    if special is not None:
        return special(user)
    return None


def _names_outside(world: dict[str, dict[str, Any]], user: Any) -> list[str]:
    """Names of enterprises, parks and teams the user may not see."""
    names = []
    for key in ("yuci", "taigu"):
        for label in ("enterprises.enterprise", "incubator.park", "incubator.team"):
            obj = world[key][label]
            if user is None or not may(user, Action.VIEW, obj):
                names.append(obj.name)
    return names


@pytest.mark.parametrize("who", ROLES, ids=[str(role) for role in ROLES])
def test_every_route_answers_each_role_as_the_policy_says(client, request, who, butler, own_firm):
    user = request.getfixturevalue(who) if who else None
    world = _world(butler, own_firm)
    client.raise_request_exception = False  # a server error is a failure of the matrix, reported below
    if user is not None:
        client.force_login(user)
    hidden = _names_outside(world, user)
    failures: list[str] = []

    def check(route: Route, method: str, url: str, expected: set[int], obj: Any = None) -> None:
        before = _row(obj)
        response = _ask(client, route, method, url)
        where = f"{who} {method} {url} ({route.name})"
        if response.status_code not in expected:
            failures.append(f"{where}: {response.status_code}, expected {sorted(expected)}")
            return
        if response.status_code == 200 and response.get("Content-Type", "").startswith(
            ("text/", "application/json")
        ):
            text = response.content.decode(errors="replace")
            leaked = [name for name in hidden if name in text]
            if leaked:
                failures.append(f"{where}: names outside the scope {leaked}")
        if obj is not None and _row(obj) != before:
            failures.append(f"{where}: the record changed")

    for route in all_routes():
        if route.declaration is None or route.name in NOT_ASKED:
            continue  # test_every_route_declares_its_access names an undeclared one
        declaration = route.declaration
        denial = _expected_denial(route, user)
        for method in route.methods:
            if route.name in OBJECTLESS or not route.kwargs:
                url = _url(route, OBJECTLESS.get(route.name, {}))
                if denial is not None:
                    check(route, method, url, {denial})
                elif declaration.model is None and route.name not in OBJECTLESS:
                    # signed-in or public pages answer as their view decides (some redirect, some serve
                    # only one role); what is checked is that they name nothing outside the scope
                    check(route, method, url, {200, 204, 302, 400, 403, 404, 405, 422})
                elif route.name in OBJECTLESS and "pk" in OBJECTLESS[route.name]:
                    check(route, method, url, {404})
                elif method == "GET":
                    check(route, method, url, {200})
                else:
                    check(route, method, url, {200, 201, 204, 302, 400, 405, 422})
                continue
            if declaration.model is None:  # a public or signed-in route naming no record (a reset token)
                url = _url(route, dict.fromkeys(route.kwargs, "0"))
                check(route, method, url, {denial} if denial is not None else {200, 302, 400, 404})
                continue
            label = declaration.model._meta.label_lower
            for key in ("yuci", "taigu", "mixed"):
                if key == "mixed" and label != "incubator.tenancy":
                    continue  # the mixed world differs from 榆次's in its tenancy only
                if world[key].get(label) is None and label in FACTORIES:
                    world[key][label] = FACTORIES[label](world[key])  # made once, asked by every route
                obj = world[key].get(label)
                if obj is None:
                    continue
                if key != "yuci" and route.name in SAME_URL_FOR_EVERY_RECORD:
                    continue
                try:
                    url = _url(route, _kwargs(route, obj))
                except AttributeError as error:
                    failures.append(
                        f"{route.name} ({route.path}): add how it names its record to KWARGS ({error})"
                    )
                    break
                action = declaration.action or Action.VIEW
                if denial is not None:
                    check(route, method, url, {denial}, obj)
                elif not may(user, action, obj):
                    # an API write's body is checked before its record is looked up: an empty body
                    # gets 422, and nothing is read or changed either way
                    outside = {404, 422} if route.api and method in WRITE_METHODS else {404}
                    check(route, method, url, outside, obj if method in WRITE_METHODS else None)
                elif method == "GET":
                    check(route, method, url, {200})
                else:
                    check(route, method, url, {200, 201, 204, 302, 400, 422})
    if failures:
        pytest.fail(f"{len(failures)} answers differ from the policy:\n" + "\n".join(failures), pytrace=False)
