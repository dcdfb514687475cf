"""Login never redirects off the site, whatever ``next`` says."""

from __future__ import annotations

import pytest

from tests import factories
from tests.functional.web_fixtures import web_app, world  # noqa: F401 - fixtures


@pytest.mark.parametrize("target", ["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example",
                                    "/\n/evil.example", "javascript:alert(1)", " //evil.example"])
def test_login_next_never_leaves_the_site(web_app, world, target: str) -> None:  # noqa: ANN001, F811
    client = web_app.test_client()
    resp = client.post("/login", data={"username": "teacher", "password": factories.PASSWORD, "next": target})
    assert resp.status_code == 302
    assert resp.headers["Location"] in ("/", "http://localhost/"), resp.headers["Location"]


def test_login_next_keeps_a_path_on_the_site(web_app, world) -> None:  # noqa: ANN001, F811
    client = web_app.test_client()
    resp = client.post("/login", data={"username": "teacher", "password": factories.PASSWORD, "next": "/bank?q=x"})
    assert resp.headers["Location"].endswith("/bank?q=x")
