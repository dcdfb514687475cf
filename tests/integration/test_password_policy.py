"""Passwords (OWASP ASVS 2.1): 8 to 128 characters, any characters, no composition rules; common,
breached and account- or app-derived passwords are refused with a reason."""

from __future__ import annotations

import pytest

from qbank.domain.actor import SYSTEM
from qbank.domain.errors import ValidationError
from qbank.services.password_policy import WeakPassword, check_password
from qbank.services.users import create_user
from tests import factories


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaa", "guessable"),
        ("12345678", "common"),
        ("password1", "common"),
        ("Password1", "common"),
        ("qwertyuiop", "common"),
        ("qbank2026", "context"),
        ("giaovien2026", "context"),
        ("qbank-giaovien", "context"),
        ("short", "too_short"),
        ("x" * 129, "too_long"),
    ],
)
def test_weak_passwords_are_refused_with_their_reason(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword) as caught:
        check_password(password, username="giaovien")
    assert caught.value.reason == reason
    assert caught.value.where == "password"


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "mật khẩu dài", "Hoa sen trên sông Hương", "qbank-demo-2026", "x7#Lq9!pZ", "ß" * 64 + "a long tail" + "é" * 53],
)
def test_long_or_uncommon_passwords_of_any_characters_are_accepted(password: str) -> None:
    check_password(password, username="giaovien")


def test_creating_a_user_with_a_common_password_is_refused(runtime) -> None:  # noqa: ANN001
    factories.department(runtime, "Quảng Trị")
    with runtime.uow() as uow, pytest.raises(ValidationError, match="password"):
        create_user(uow, SYSTEM, "giaovien", "12345678", "teacher", "Quảng Trị")
