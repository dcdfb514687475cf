"""Shared set-up for the web and API tests: a small world of departments, users and questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from qbank.domain.enums import Status, Visibility
from qbank.runtime import Runtime
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE_DOCX = FIXTURES / "docx" / "toan12_tn_gachchan.docx"
SAMPLE_XLSX = FIXTURES / "xlsx" / "toan12_nganhang_tieude.xlsx"


@dataclass
class World:
    rt: Runtime
    q: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def build_world(rt: Runtime) -> World:
    for name in ("Quảng Trị", "Quảng Bình", "Hà Tĩnh"):
        factories.department(rt, name)
    factories.consortium(rt, "Bắc Trung Bộ", ["Quảng Trị", "Quảng Bình"])
    users = {
        "admin": ("admin", "Quảng Trị"),
        "contrib": ("contributor", "Quảng Trị"),
        "teacher": ("teacher", "Quảng Trị"),
        "board": ("exam_board", "Quảng Trị"),
        "teacher_qb": ("teacher", "Quảng Bình"),
        "board_qb": ("exam_board", "Quảng Bình"),
        "teacher_ht": ("teacher", "Hà Tĩnh"),
    }
    for username, (role, dept) in users.items():
        factories.user(rt, username, role, dept)
    w = World(rt)
    w.q["deriv"] = factories.stored(
        rt, factories.mcq("Tính đạo hàm của hàm số $y=x^{2}+\\frac{1}{x}$", topic="Hàm số"), "Quảng Trị", Status.APPROVED, Visibility.CONSORTIUM
    )
    q = factories.mcq("Phương trình $x^2-4=0$ có bao nhiêu nghiệm", topic="Phương trình")
    q.tags.level = "Nhận biết"
    w.q["equation"] = factories.stored(rt, q, "Quảng Trị", Status.APPROVED, Visibility.DEPARTMENT)
    w.q["draft"] = factories.stored(rt, factories.mcq("Câu hỏi nháp về tích phân", topic="Tích phân"), "Quảng Trị", Status.DRAFT)
    w.q["ht_public"] = factories.stored(rt, factories.mcq("Xác suất của biến cố", topic="Xác suất"), "Hà Tĩnh", Status.APPROVED, Visibility.PUBLIC)
    w.q["ht_private"] = factories.stored(rt, factories.mcq("Hình học không gian riêng", topic="Hình học"), "Hà Tĩnh", Status.APPROVED)
    return w


@pytest.fixture
def world(runtime: Runtime) -> World:
    return build_world(runtime)


@pytest.fixture
def web_app(runtime: Runtime):  # noqa: ANN201
    from qbank.app import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}, runtime=runtime)


def login(client, username: str, password: str = factories.PASSWORD):  # noqa: ANN001, ANN201
    resp = client.post("/login", data={"username": username, "password": password})
    assert resp.status_code == 302, resp.data[:500]
    return resp


@pytest.fixture
def as_user(web_app, world):  # noqa: ANN001, ANN201
    """``as_user("teacher")`` → a test client logged in as that user (a new client each call)."""

    def make(username: str):  # noqa: ANN202
        client = web_app.test_client()
        login(client, username)
        return client

    return make


def token_for(rt: Runtime, username: str) -> str:
    from sqlalchemy import select

    from qbank.db.models import User
    from qbank.services.orgs import load_actor
    from qbank.services.users import create_api_token

    with rt.uow() as uow:
        uid = uow.session.scalar(select(User.id).where(User.username == username))
        actor = load_actor(uow, uid)
    with rt.uow() as uow:
        return create_api_token(uow, actor, "test")


@pytest.fixture
def api(web_app, world):  # noqa: ANN001, ANN201
    """``api("teacher")`` → a client whose requests carry that user's bearer token."""
    from werkzeug.test import Client  # noqa: F401 - documents what is returned

    def make(username: str):  # noqa: ANN202
        token = world.tokens.get(username) or token_for(world.rt, username)
        world.tokens[username] = token
        client = web_app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client

    return make


def actor_of(rt: Runtime, username: str):  # noqa: ANN201 - an Actor
    from sqlalchemy import select

    from qbank.db.models import User
    from qbank.services.orgs import load_actor

    with rt.uow() as uow:
        return load_actor(uow, uow.session.scalar(select(User.id).where(User.username == username)))
