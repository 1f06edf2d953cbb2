"""Every page carries a Content-Security-Policy that allows scripts from the application's own files only,
and no page holds an inline script or an inline event handler that the policy would block.

The city officer of a small demo city walks every page the application links to (every list, detail, form
and confirmation page, a few of each kind), plus every page that needs no parameter and the API docs."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from rainforest.core.models import User
from rainforest.demo.builder import build_demo
from rainforest.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

# Links not followed: they sign out, switch language, download files or answer JSON, not pages.
SKIPPED_PREFIXES = ("/logout/", "/i18n/", "/static/", "/api/v1/openapi.json")
SKIPPED_SUFFIXES = (".xlsx", ".json", ".geojson", ".csv", ".png", ".svg", ".js", ".css")
PAGES_PER_ROUTE = 1  # one URL per route name: every template once, in a time the suite can afford
# Pages the walk must reach in the demo city: one of each kind the bureau works with.
MUST_REACH = {
    "home",
    "forest:index",
    "enterprises:list",
    "enterprises:detail",
    "enterprises:edit",
    "enterprises:create",
    "incubator:index",
    "incubator:park",
    "cultivation:pool",
    "cultivation:visits",
    "cultivation:visit",
    "cultivation:trainings",
    "cultivation:training",
    "cultivation:targets",
    "cultivation:target",
    "policies:list",
    "policies:detail",
    "policies:push",
    "policies:enterprise",
    "eligibility:enterprise",
    "imports:index",
    "imports:upload",
}


class PageScan(HTMLParser):
    """The links of a page and what the policy would block in it: inline script bodies, event-handler
    attributes (onclick=…) and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.problems: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "script":
            self._script, self._body = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        body = "".join(self._body).strip()
        data_only = (self._script.get("type") or "").lower() == "application/json"
        if body and not data_only:
            self.problems.append(f"inline <script>: {body[:60]!r}")
        if not body and not data_only and not self._script.get("src"):
            self.problems.append("<script> without src")
        self._script = None


def parameterless_routes() -> list[str]:
    """The URL of every HTML route that needs no parameter (the API's operations aside)."""
    found: list[str] = []

    def walk(patterns: list, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "api":
                    continue
                walk(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
                found.append(reverse(namespace + pattern.name))

    walk(get_resolver().url_patterns)
    return found


def followed(url: str) -> str | None:
    """The local path (with its query) a link leads to, or None for links the walk does not follow."""
    url = urldefrag(url).url
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def static_from_finders(settings):
    """Static URLs without a collected manifest (tests never run collectstatic): the API docs page names
    its Swagger files with {% static %}, which the manifest storage refuses before collection."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from rainforest.web.templatetags.rainforest_tags import _asset_url

    _asset_url.cache_clear()
    yield
    _asset_url.cache_clear()


def test_every_page_a_city_officer_reaches_carries_the_policy_and_no_inline_script(
    client, static_from_finders
):
    build_demo(scale="tiny")
    demo_city = User.objects.get(username="city")
    # A city officer of the demo's bureau who has no sign-in step pending (the demo's own logins may be
    # asked to change their password first).
    officer = User.objects.create_user(
        "csp-city", password="csp-Pass-2025!", role=demo_city.role, organisation=demo_city.organisation
    )
    client.force_login(officer)
    # The per-enterprise policy page is linked from push lists, which may be empty in a tiny city.
    firm = Enterprise.objects.order_by("credit_code").first()
    assert firm is not None
    extra = [reverse("api:openapi-view"), reverse("policies:enterprise", args=[firm.credit_code])]
    queue = ["/", *extra, *parameterless_routes()]
    seen: set[str] = set()
    per_route: dict[str, int] = defaultdict(int)
    reached: set[str] = set()
    problems: dict[str, list[str]] = {}
    while queue:
        url = queue.pop(0)
        path = url.split("?")[0]
        if url in seen or any(path.startswith(p) for p in SKIPPED_PREFIXES):
            continue
        seen.add(url)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        route = match.view_name
        if per_route[route] >= PAGES_PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        policy = response.get("Content-Security-Policy", "")
        script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
        page_problems = []
        if script_src.split() != ["script-src", "'self'"]:
            page_problems.append(f"script-src is {script_src.strip()!r}")
        if response.status_code == 200:
            reached.add(route)
            scan = PageScan()
            scan.feed(response.content.decode())
            page_problems += scan.problems
            queue += [link for link in map(followed, scan.links) if link and link not in seen]
        if page_problems:
            problems[url] = page_problems
    assert problems == {}
    assert MUST_REACH - reached == set()


def test_the_policy_allows_scripts_from_the_application_only(client, city):
    client.force_login(city)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"


def test_the_login_and_error_pages_carry_the_policy_too(client, city):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    client.force_login(city)
    missing = client.get("/enterprises/911407020000000000/")
    assert missing.status_code == 404
    assert "script-src 'self'" in missing["Content-Security-Policy"]
