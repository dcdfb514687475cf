"""Who is acting: a user's id, role, department and the departments they share with."""

from __future__ import annotations

from dataclasses import dataclass, field

from qbank.domain.enums import Role, Status


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: Role
    department_id: int
    # Departments that share at least one consortium with the actor's (own department included).
    peer_department_ids: frozenset[int] = field(default_factory=frozenset)
    # Departments whose reserved exam pool this actor sees: their own (exam boards and admins)
    # and partners that share their pool with a consortium both are members of.
    reserved_department_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_system(self) -> bool:
        """The local operator (CLI, demo set-up): not a user, bound by no department."""
        return self.user_id is None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_exam_board(self) -> bool:
        return self.role == Role.EXAM_BOARD

    def own_statuses(self) -> tuple[str, ...]:
        """Statuses visible in the actor's own department (teachers only see approved)."""
        if self.role == Role.TEACHER:
            return (Status.APPROVED,)
        return (Status.DRAFT, Status.APPROVED)

    def may_edit_department(self, department_id: int) -> bool:
        return department_id == self.department_id and self.role in (Role.CONTRIBUTOR, Role.EXAM_BOARD, Role.ADMIN)

    def may_review_department(self, department_id: int) -> bool:
        """Approve or retire: exam boards and admins of the question's department."""
        return department_id == self.department_id and self.role in (Role.EXAM_BOARD, Role.ADMIN)


# The operator at the command line already holds the database; the service layer lets it see
# everything so `qbank export`, `qbank search` and the demo set-up work without a login.
SYSTEM = Actor(user_id=None, username="system", role=Role.ADMIN, department_id=0)
