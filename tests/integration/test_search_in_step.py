"""Search stays in step with the bank: after commits, after a crash, after a rebuild; and it never
reveals a reserved question (the pool confidential exams draw on) before its exam's release."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from qbank.domain.content import Content
from qbank.domain.enums import Status, Visibility
from qbank.runtime import Runtime
from qbank.services.exams import build_exam_from_questions, release_exam
from qbank.services.questions import get_question, set_visibility, update_question
from qbank.services.search import search_questions
from tests import factories


@pytest.fixture
def world(runtime):  # noqa: ANN001, ANN201
    for name in ("Quảng Trị", "Quảng Bình"):
        factories.department(runtime, name)
    factories.consortium(runtime, "Bắc Trung Bộ", ["Quảng Trị", "Quảng Bình"])
    qid = factories.stored(
        runtime, factories.mcq("Tính đạo hàm của hàm số $y=x^3$ tại điểm x bằng hai", topic="Đạo hàm"), "Quảng Trị",
        Status.APPROVED, Visibility.CONSORTIUM,
    )
    other = factories.stored(
        runtime, factories.mcq("Giải phương trình bậc hai với hệ số nguyên", topic="Phương trình"), "Quảng Trị",
        Status.APPROVED, Visibility.CONSORTIUM,
    )
    actors = {
        "teacher": factories.user(runtime, "teacher", "teacher", "Quảng Trị"),
        "board": factories.user(runtime, "board", "exam_board", "Quảng Trị"),
        "other_teacher": factories.user(runtime, "teacher2", "teacher", "Quảng Bình"),
        "other_board": factories.user(runtime, "board2", "exam_board", "Quảng Bình"),
    }
    return qid, other, actors


def search(runtime, actor, text, **kw):  # noqa: ANN001, ANN201
    with runtime.uow() as uow:
        return search_questions(uow, actor, text, **kw)


def test_a_committed_question_is_found_without_diacritics(runtime, world) -> None:  # noqa: ANN001
    qid, _, a = world
    page = search(runtime, a["other_teacher"], "dao ham")
    assert page.ids == [qid] and page.total == 1
    assert "<mark>" in page.snippets[qid]


def test_an_edit_is_searchable_at_once(runtime, world) -> None:  # noqa: ANN001
    qid, _, a = world
    editor = a["board"]  # a reviewer's edit keeps the question approved, so teachers see it at once
    with runtime.uow() as uow:
        q = get_question(uow, editor, qid).question
    q.stem = Content.from_text("Tính nguyên hàm của hàm số lượng giác")
    for opt in q.options:  # the factory's options repeat the stem
        opt.content = Content.from_text(f"kết quả {opt.label}")
    with runtime.uow() as uow:
        update_question(uow, editor, qid, q)
    assert search(runtime, a["teacher"], "nguyen ham").ids == [qid]
    assert search(runtime, a["teacher"], "dao ham").ids == []


def test_a_reserved_question_is_absent_from_hits_totals_facets_and_snippets_until_its_exam_is_released(runtime, world) -> None:  # noqa: ANN001
    qid, other, a = world
    with runtime.uow() as uow:  # the board moves it into the reserved pool, then builds a paper from it
        set_visibility(uow, a["board"], qid, "reserved")
    with runtime.uow() as uow:
        exam = build_exam_from_questions(uow, a["board"], [qid], title="Đề HSG", release_policy="consortium")
    assert exam.confidential
    for who in ("teacher", "other_teacher", "other_board"):
        page = search(runtime, a[who], "")
        assert qid not in page.ids and page.total == 1, who
        assert "Đạo hàm" not in page.facets.get("topic", {}), who
        assert page.facets.get("topic") == {"Phương trình": 1}, who
        hidden = search(runtime, a[who], "dao ham")
        assert hidden.total == 0 and hidden.ids == [] and hidden.snippets == {} and not any(hidden.facets.get("topic", {})), who
    board = search(runtime, a["board"], "dao ham")
    assert board.ids == [qid]
    with runtime.uow() as uow:
        release_exam(uow, a["board"], exam.id)
    for who in ("teacher", "other_teacher", "other_board"):
        page = search(runtime, a[who], "dao ham")
        assert page.ids == [qid] and page.facets["topic"] == {"Đạo hàm": 1}, who


def test_a_crash_between_commit_and_index_update_is_repaired_at_the_next_start(runtime, world, tmp_path) -> None:  # noqa: ANN001
    _, _, a = world
    # A child process stores a question and is killed right after its commit, before the index hears of it.
    script = textwrap.dedent(
        f"""
        import os, signal
        from qbank.config import load_settings
        from qbank.runtime import Runtime
        from qbank.domain.enums import Status, Visibility
        from qbank.services.orgs import find_department
        from qbank.services.questions import add_question
        from qbank.domain.actor import SYSTEM
        from tests import factories
        rt = Runtime(load_settings({{"DATA_DIR": {str(runtime.settings.data_dir)!r}, "DATABASE_URL": {runtime.settings.database_url!r},
                                     "SEARCH_BACKEND": {runtime.settings.search_backend!r}}}, environ={{}}))
        rt.after_commit.append(lambda: os.kill(os.getpid(), signal.SIGKILL))
        with rt.uow() as uow:
            q = factories.mcq("Tìm tiệm cận ngang của đồ thị hàm số phân thức")
            q.status, q.visibility = Status.APPROVED, Visibility.CONSORTIUM
            qid = add_question(uow.session, SYSTEM, q, department_id=find_department(uow, "Quảng Trị").id)
            uow.reindex(qid)
            uow.commit()
        print("not killed")
        """
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert "not killed" not in proc.stdout
    assert search(runtime, a["teacher"], "tiem can ngang").total == 0  # committed, but not yet indexed
    assert runtime.indexer.pending() == 1
    # The next start (a new Runtime on the same data) drains what was left queued.
    fresh = Runtime(runtime.settings, engine=runtime.engine if not runtime.settings.is_sqlite else None)
    fresh.enable_indexing()
    assert fresh.indexer.pending() == 0
    fresh.dispose()
    runtime.indexer.backend.close()
    runtime._indexer = None  # noqa: SLF001 - reopen the index the fresh process wrote
    assert search(runtime, a["teacher"], "tiem can ngang").total == 1


def test_reindex_rebuilds_the_index_from_the_database(runtime, world) -> None:  # noqa: ANN001
    qid, other, a = world
    runtime.indexer.backend.clear()
    assert search(runtime, a["teacher"], "").total == 0
    assert runtime.indexer.rebuild() == 2
    assert set(search(runtime, a["teacher"], "").ids) == {qid, other}


def test_one_unreadable_question_does_not_block_the_index_queue(runtime, world) -> None:  # noqa: ANN001
    from sqlalchemy import update

    from qbank.db.models import QuestionVersion

    qid, other, a = world
    with runtime.uow() as uow:  # damage one stored version behind the services' back
        uow.session.execute(update(QuestionVersion).where(QuestionVersion.question_id == qid).values(data={"type": "bogus"}))
        uow.reindex_many([qid, other])
        uow.commit()
    assert runtime.indexer.pending() == 0
    page = search(runtime, a["teacher"], "")
    assert page.ids == [other]  # the damaged one is out of search, the rest is up to date


def test_a_closed_indexer_stops_its_thread_and_never_starts_another(runtime) -> None:  # noqa: ANN001
    indexer = runtime.indexer
    indexer.drain_soon()
    thread = indexer._thread  # noqa: SLF001 - the background thread under test
    assert thread is not None and thread.is_alive()
    runtime.dispose()  # what the test fixtures and the CLI do at the end
    assert not thread.is_alive()
    indexer.drain_soon()  # a commit arriving late must not revive it on a closed index
    assert indexer._thread is thread and not thread.is_alive()  # noqa: SLF001
