"""Every service documents itself without internet (issue 14): Swagger UI and ReDoc load only
the service's own assets, and the AsyncAPI document of the events sits next to the OpenAPI."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from handover_contracts.asyncapi import build_asyncapi, committed_asyncapi
from handover_contracts.registry import SUBSCRIPTIONS

from tests.integration.test_service_shell import SERVICES

pytestmark = pytest.mark.integration

EXTERNAL = re.compile(r"(https?:)?//|cdn\.|googleapis", re.IGNORECASE)


@pytest.fixture(scope="module", params=list(SERVICES))
def service(request, tmp_path_factory) -> Iterator[tuple[str, TestClient]]:
    """The app without its lifespan: documentation needs neither broker nor consumers."""
    name = request.param
    build, settings_class = SERVICES[name]
    directory = tmp_path_factory.mktemp(name)
    app = build(settings_class(database_url=f"sqlite:///{directory}/{name}.db"))
    yield name, TestClient(app)


def _sources(html: str) -> list[str]:
    return re.findall(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']""", html) + re.findall(
        r"""\b(?:url|specUrl)\s*:\s*["']([^"']+)["']""", html
    )


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_load_nothing_from_outside(service, page: str) -> None:
    _, client = service
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    sources = _sources(html)
    assets = [s for s in sources if s.startswith("/docs-assets/")]
    assert len(assets) >= (3 if page == "/docs" else 2), sources
    for url in sources:
        assert url.startswith("/"), url
        served = client.get(url)
        assert served.status_code == 200, url
        if url.endswith((".js", ".css")):
            assert len(served.content) > 100_000, url  # the real bundle, not a stub


def test_swagger_ui_calls_no_online_validator(service) -> None:
    _, client = service
    assert '"validatorUrl": null' in client.get("/docs").text
    assert client.get("/docs/oauth2-redirect").status_code == 200


def test_the_asyncapi_document_is_served_next_to_the_openapi(service) -> None:
    _, client = service
    response = client.get("/asyncapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    served = response.json()
    assert served == build_asyncapi() == json.loads(committed_asyncapi())
    openapi = client.get("/openapi.json").json()
    assert "/asyncapi.json" in openapi["paths"]
    assert "(asyncapi.json)" in openapi["info"]["description"]
    assert client.app.state.guard.table["GET /asyncapi.json"].public


def test_each_service_consumes_what_the_contracts_say(service) -> None:
    """registry.SUBSCRIPTIONS (the AsyncAPI receive operations) is what bootstrap subscribes."""
    name, client = service
    assert set(client.app.state.runtime.topics) == set(SUBSCRIPTIONS[name])
