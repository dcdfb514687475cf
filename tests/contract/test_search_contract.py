"""One contract for every search backend: Whoosh (embedded) and PostgreSQL full-text."""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from search_index.base import Access, SearchDoc, SearchIndex, SearchQuery, SearchResult
from search_index.whoosh_backend import WhooshIndex

PG_URL = os.environ.get("QBANK_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
T0 = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

DEPT_A, DEPT_B, DEPT_C = 1, 2, 3  # A and B share a consortium; C stands alone


def _postgres_unreachable() -> str | None:
    try:
        from sqlalchemy import create_engine, text

        eng = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means no server to test against
        return f"no PostgreSQL server reachable at {PG_URL} (set QBANK_TEST_DATABASE_URL): {type(exc).__name__}"


@pytest.fixture(params=["whoosh", pytest.param("postgres", marks=pytest.mark.postgres)])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    if request.param == "whoosh":
        ix: SearchIndex = WhooshIndex(tmp_path / "search")
        yield ix
        ix.close()
        return
    reason = _postgres_unreachable()
    if reason:
        pytest.skip(reason)
    from search_index.postgres_backend import PostgresIndex

    # A table of its own per test, so parallel runs never see each other's rows.
    pg = PostgresIndex(PG_URL, table=f"search_docs_t{os.getpid()}_{uuid.uuid4().hex[:8]}")
    yield pg
    pg.drop()
    pg.close()


def doc(id: int, stem: str, **kw: object) -> SearchDoc:
    base: dict[str, object] = {
        "status": "approved",
        "department_id": DEPT_A,
        "visibility": "department",
        "created_at": T0 + timedelta(minutes=id),
    }
    base.update(kw)
    return SearchDoc(id=id, stem=stem, **base)  # type: ignore[arg-type]


def teacher(dept: int = DEPT_A) -> Access:
    return Access.for_user("teacher", dept, _consortium(dept), now=NOW)


def _consortium(dept: int) -> set[int]:
    return {DEPT_A, DEPT_B} if dept in (DEPT_A, DEPT_B) else {dept}


def find(ix: SearchIndex, text: str, access: Access | None = None, **kw: object) -> SearchResult:
    return ix.search(SearchQuery(text=text, access=access or teacher(), **kw))  # type: ignore[arg-type]


# -- Vietnamese text ---------------------------------------------------------------------
def test_query_without_diacritics_finds_accented_text(index: SearchIndex) -> None:
    index.add([doc(1, "Giải phương trình bậc hai $x^2-5x+6=0$"), doc(2, "Tính đạo hàm của hàm số $y=x^3$"), doc(3, "Vẽ đồ thị")])
    assert find(index, "phuong trinh bac hai").ids == [1]
    assert find(index, "dao ham").ids == [2]
    assert find(index, "DAO HAM").ids == [2]


def test_accented_query_ranks_the_exact_spelling_first(index: SearchIndex) -> None:
    index.add([doc(1, "Người bán hàng"), doc(2, "Người bạn học"), doc(3, "Ban nhạc")])
    result = find(index, "bạn")
    assert result.total == 3  # folding still finds every spelling
    assert result.ids[0] == 2
    assert find(index, "bán").ids[0] == 1


def test_short_syllables_are_not_dropped(index: SearchIndex) -> None:
    index.add([doc(1, "Ô tô đi an toàn"), doc(2, "Xe máy")])
    assert find(index, "o to").ids == [1]
    assert find(index, "an").ids == [1]


def test_latex_tokens_are_searchable(index: SearchIndex) -> None:
    index.add([doc(1, r"Rút gọn $\frac{1}{2}+\sqrt{x}$"), doc(2, "Giải $x^2 = 4$"), doc(3, "Không có công thức")])
    assert find(index, "frac").ids == [1]
    assert find(index, "sqrt").ids == [1]
    assert find(index, "x^2").ids == [2]


def test_english_text_is_searchable(index: SearchIndex) -> None:
    index.add([doc(1, "Choose the word whose underlined part is pronounced differently"), doc(2, "Hàm số")])
    assert find(index, "pronounced").ids == [1]
    assert find(index, "Underlined WORD").ids == [1]


# -- query language ----------------------------------------------------------------------
def test_terms_are_anded_by_default(index: SearchIndex) -> None:
    index.add([doc(1, "hàm số bậc hai"), doc(2, "hàm số mũ"), doc(3, "bậc thang")])
    assert find(index, "ham so").total == 2
    assert find(index, "ham bac").ids == [1]


def test_quoted_phrase_requires_adjacent_words(index: SearchIndex) -> None:
    index.add([doc(1, "phương trình bậc hai"), doc(2, "hai phương trình bậc nhất")])
    assert find(index, '"bac hai"').ids == [1]
    assert sorted(find(index, "bac hai").ids) == [1, 2]


def test_a_phrase_never_spans_the_stem_and_the_options(index: SearchIndex) -> None:
    index.add([doc(1, "phương trình bậc", options="hai nghiệm"), doc(2, "phương trình bậc hai", options="A. một")])
    assert find(index, '"bac hai"').ids == [2]
    assert find(index, '"trinh bac hai"').ids == [2]
    assert sorted(find(index, "bac hai").ids) == [1, 2]


def test_or_matches_either_side(index: SearchIndex) -> None:
    index.add([doc(1, "tích phân"), doc(2, "đạo hàm"), doc(3, "xác suất")])
    assert sorted(find(index, "tich OR dao").ids) == [1, 2]
    assert sorted(find(index, '"tich phan" OR "dao ham"').ids) == [1, 2]


def test_not_and_minus_exclude(index: SearchIndex) -> None:
    index.add([doc(1, "hàm số bậc hai"), doc(2, "hàm số mũ")])
    assert find(index, "ham -mu").ids == [1]
    assert find(index, "ham NOT mu").ids == [1]
    assert find(index, 'ham -"bac hai"').ids == [2]


def test_prefix_star_expands_from_three_characters(index: SearchIndex) -> None:
    index.add([doc(1, "phương trình"), doc(2, "phức tạp"), doc(3, "ph")])
    assert sorted(find(index, "phu*").ids) == [1, 2]
    assert find(index, "phươ*").ids == [1]
    # Two characters are searched as a plain word, never expanded.
    assert find(index, "ph*").ids == [3]


@pytest.mark.parametrize("query", ["*uong", "ph?ong", "p.*g", "/ph.*/", "[a-z]+ng", "ph*ng", "*ong*"])
def test_wildcards_and_regex_never_expand(index: SearchIndex, query: str) -> None:
    index.add([doc(1, "phương trình"), doc(2, "phong cảnh"), doc(3, "hàm số")])
    result = find(index, query)
    # Only literal words can match, so nothing expands into both "phuong" and "phong".
    assert not {1, 2} <= set(result.ids)


@pytest.mark.parametrize("query", ["*", "?", "**", ".*"])
def test_a_lone_wildcard_is_an_empty_query(index: SearchIndex, query: str) -> None:
    index.add([doc(1, "phương trình"), doc(2, "phong cảnh")])
    assert find(index, query).ids == [2, 1]


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "(((", ")))", "*", "a OR", "OR", "NOT", "-", "a AND", '"', "( a OR ) b", "x" * 10_000, "đạo " * 3_000, "\x00\ud800", "'; DROP TABLE x; --", "a:* & !b"],
)
def test_malformed_input_never_raises(index: SearchIndex, query: str) -> None:
    index.add([doc(1, "a b đạo hàm")])
    result = find(index, query)
    assert isinstance(result, SearchResult)


# -- filters, facets, sorting, paging, snippets, time --------------------------------------
def test_filters_narrow_hits_and_facets_count_the_filtered_matches(index: SearchIndex) -> None:
    index.add(
        [
            doc(1, "hàm số", subject="Toán", grade=10, level="Nhận biết"),
            doc(2, "hàm số", subject="Toán", grade=11, level="Thông hiểu"),
            doc(3, "hàm số", subject="Vật lí", grade=11, level="Nhận biết"),
            doc(4, "dao động", subject="Vật lí", grade=12),
        ]
    )
    all_hits = find(index, "ham so", facets=("subject", "grade", "level"))
    assert all_hits.total == 3
    assert all_hits.facets["subject"] == {"Toán": 2, "Vật lí": 1}
    assert all_hits.facets["grade"] == {10: 1, 11: 2}
    filtered = find(index, "ham so", filters={"grade": [11]}, facets=("subject", "grade"))
    assert sorted(filtered.ids) == [2, 3]
    assert filtered.facets["subject"] == {"Toán": 1, "Vật lí": 1}
    assert find(index, "", filters={"subject": ["Vật lí"], "level": ["Nhận biết"]}).ids == [3]
    assert find(index, "", filters={"subject": ["Toán", "Vật lí"]}).total == 4


def test_a_department_filter_keeps_that_departments_questions(index: SearchIndex) -> None:
    index.add(
        [
            doc(1, "hàm số", department_id=DEPT_A),
            doc(2, "hàm số", department_id=DEPT_B, visibility="consortium"),
            doc(3, "hàm số", department_id=DEPT_B, visibility="public"),
        ]
    )
    assert sorted(find(index, "ham so").ids) == [1, 2, 3]
    only_b = find(index, "ham so", filters={"department_id": [DEPT_B]}, facets=("department_id",))
    assert sorted(only_b.ids) == [2, 3] and only_b.facets["department_id"] == {DEPT_B: 2}
    assert find(index, "", filters={"department_id": [str(DEPT_A)]}).ids == [1]


def test_empty_query_lists_visible_questions_newest_first(index: SearchIndex) -> None:
    index.add([doc(1, "một"), doc(2, "hai"), doc(3, "ba")])
    assert find(index, "").ids == [3, 2, 1]


def test_sort_newest_orders_by_creation_time(index: SearchIndex) -> None:
    index.add(
        [
            doc(1, "hàm số hàm số", created_at=T0),
            doc(2, "hàm số một hai", created_at=T0 + timedelta(days=2)),
            doc(3, "hàm số bậc ba", created_at=T0 + timedelta(days=1)),
        ]
    )
    assert find(index, "ham so", sort="newest").ids == [2, 3, 1]
    assert find(index, "ham so").ids[0] == 1  # relevance: the terms twice in as many words


def test_pagination_pages_through_all_hits_once(index: SearchIndex) -> None:
    index.add([doc(i, f"câu hỏi số {i} về hàm số" + " hàm" * (i % 4)) for i in range(1, 24)])
    seen: list[int] = []
    for page in (1, 2, 3):
        r = find(index, "ham", page=page, per_page=10)
        assert r.total == 23 and r.pages == 3
        seen += r.ids
    assert sorted(seen) == list(range(1, 24))
    assert find(index, "ham", page=4, per_page=10).ids == []


def test_relevance_ranks_the_newest_matches_then_lists_the_rest_newest_first(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search_index.postgres_backend as pg_backend
    import search_index.whoosh_backend as whoosh_backend

    for module in (pg_backend, whoosh_backend):
        monkeypatch.setattr(module, "RANK_CAP", 7)
    # Odd ids mention the word three times (rank higher); ids grow with creation time.
    index.add([doc(i, "hàm số " + ("hàm " * 2 if i % 2 else "và đồ thị")) for i in range(1, 31)])
    seen: list[int] = []
    for page in range(1, 8):
        seen += find(index, "ham", page=page, per_page=5).ids
    assert sorted(seen) == list(range(1, 31))
    newest7 = list(range(30, 23, -1))
    assert seen[:7] == sorted(newest7, key=lambda i: (i % 2 == 0, -i))  # ranked: odd ids first
    assert seen[7:] == list(range(23, 0, -1))  # past the cap: newest first


def test_snippets_highlight_matches_and_escape_html(index: SearchIndex) -> None:
    index.add([doc(1, "Đoạn <script>alert('x')</script> về đạo hàm & tích phân")])
    snippet = find(index, "dao ham").snippets[1]
    assert "<mark>đạo</mark> <mark>hàm</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "&amp;" in snippet


def test_time_limit_is_honoured(index: SearchIndex) -> None:
    index.add([doc(i, f"hàm số {i}") for i in range(1, 30)])
    spent = find(index, "ham", time_limit_s=0)
    assert spent.timed_out and spent.ids == [] and spent.total == 0
    ample = find(index, "ham", time_limit_s=30)
    assert not ample.timed_out and ample.total == 29


# -- visibility ----------------------------------------------------------------------------
def _assert_hidden(result: SearchResult, qid: int, secret_subject: str) -> None:
    assert qid not in result.ids
    assert qid not in result.snippets
    assert secret_subject not in result.facets.get("subject", {})


def test_teacher_never_sees_another_departments_department_only_question(index: SearchIndex) -> None:
    index.add([doc(1, "hàm số mũ", department_id=DEPT_A, subject="Toán"), doc(2, "hàm số mũ bí mật", department_id=DEPT_B, subject="Bí mật")])
    for q in ("ham so", "bi mat", ""):
        r = find(index, q, teacher(DEPT_A), facets=("subject", "department_id"))
        _assert_hidden(r, 2, "Bí mật")
        assert DEPT_B not in r.facets["department_id"]
    assert find(index, "ham so", teacher(DEPT_A)).total == 1
    assert find(index, "bi mat", teacher(DEPT_A)).total == 0
    assert find(index, "bi mat", teacher(DEPT_B)).ids == [2]


def test_consortium_questions_are_shared_with_consortium_members_only(index: SearchIndex) -> None:
    index.add([doc(1, "đề chung liên kết", department_id=DEPT_B, visibility="consortium")])
    assert find(index, "de chung", teacher(DEPT_A)).ids == [1]
    assert find(index, "de chung", teacher(DEPT_C)).total == 0


def test_public_questions_are_visible_to_everyone(index: SearchIndex) -> None:
    index.add([doc(1, "câu hỏi công khai", department_id=DEPT_C, visibility="public")])
    for dept in (DEPT_A, DEPT_B, DEPT_C):
        assert find(index, "cong khai", teacher(dept)).ids == [1]


def test_drafts_are_hidden_from_teachers_and_shown_to_their_own_contributors(index: SearchIndex) -> None:
    index.add([doc(1, "bản nháp hàm số", status="draft", subject="Nháp"), doc(2, "bản nháp công khai", status="draft", department_id=DEPT_B, visibility="public")])
    r = find(index, "ban nhap", teacher(DEPT_A), facets=("subject", "status"))
    assert r.ids == [] and r.total == 0 and r.facets["status"] == {}
    assert find(index, "ban nhap", Access.for_user("contributor", DEPT_A, now=NOW)).ids == [1]
    assert find(index, "ban nhap", Access.for_user("exam_board", DEPT_A, now=NOW)).ids == [1]
    # Another department's drafts stay hidden even when public.
    assert find(index, "cong khai", Access.for_user("admin", DEPT_A, now=NOW)).ids == []


def test_retired_questions_appear_only_when_an_admin_asks_for_them(index: SearchIndex) -> None:
    index.add([doc(1, "câu đã loại", status="retired")])
    admin = Access.for_user("admin", DEPT_A, now=NOW)
    assert find(index, "cau", admin).ids == []
    assert find(index, "cau", admin, filters={"status": ["retired"]}).ids == [1]
    assert find(index, "cau", teacher(), filters={"status": ["retired"]}).ids == []


def test_a_reserved_question_is_found_only_by_its_pools_readers(index: SearchIndex) -> None:
    index.add(
        [
            doc(1, "đề thi chính thức hàm số", visibility="reserved", subject="Đề kín"),
            doc(2, "đề thi nháp hàm số", visibility="reserved", status="draft", subject="Đề kín"),
            doc(3, "hàm số ôn tập", visibility="public", subject="Toán"),
        ]
    )
    outsiders = [
        teacher(DEPT_A),
        Access.for_user("contributor", DEPT_A, now=NOW),
        Access.for_user("exam_board", DEPT_B, now=NOW),  # a pool it was not given
        Access.for_user("admin", DEPT_B, now=NOW),
    ]
    for who in outsiders:
        for q in ("ham so", "chinh thuc", ""):
            r = find(index, q, who, facets=("subject",))
            _assert_hidden(r, 1, "Đề kín")
            _assert_hidden(r, 2, "Đề kín")
        assert find(index, "chinh thuc", who).total == 0
    board = find(index, "ham so", Access.for_user("exam_board", DEPT_A, reserved_department_ids={DEPT_A}, now=NOW), facets=("subject",))
    assert sorted(board.ids) == [1, 2, 3] and board.facets["subject"] == {"Đề kín": 2, "Toán": 1}
    # A partner's board given A's pool finds its approved questions, never its drafts.
    partner = find(index, "ham so", Access.for_user("exam_board", DEPT_B, reserved_department_ids={DEPT_A, DEPT_B}, now=NOW))
    assert sorted(partner.ids) == [1, 3]


# -- maintenance ---------------------------------------------------------------------------
def test_enum_values_are_accepted_for_status_and_visibility(index: SearchIndex) -> None:
    from qbank.domain.enums import Status, Visibility

    index.add([doc(1, "câu hỏi công khai", status=Status.APPROVED, visibility=Visibility.PUBLIC, department_id=DEPT_C)])
    assert find(index, "cong khai", teacher(DEPT_A), facets=("status",)).facets["status"] == {"approved": 1}


def test_add_replaces_a_document_with_the_same_id(index: SearchIndex) -> None:
    index.add([doc(1, "bản cũ")])
    index.add([doc(1, "bản mới")])
    assert index.count() == 1
    assert find(index, "cu").ids == []
    assert find(index, "moi").ids == [1]


def test_remove_deletes_documents(index: SearchIndex) -> None:
    index.add([doc(1, "hàm số"), doc(2, "hàm số")])
    index.remove([1, 999])
    assert index.count() == 1
    assert find(index, "ham so").ids == [2]


def test_rebuild_replaces_everything_and_reports_progress(index: SearchIndex) -> None:
    index.add([doc(1, "cũ"), doc(2, "cũ")])
    done: list[int] = []
    index.rebuild([doc(i, f"mới {i}") for i in range(10, 2510)], progress=done.append)
    assert index.count() == 2500
    assert find(index, "cu").total == 0
    r = find(index, "moi")
    assert (r.total, r.capped) == _total_past_the_cap(index, 2500)
    assert find(index, '"moi 10"').ids == [10] and find(index, '"moi 2509"').ids == [2509]  # the first and the last are in
    assert done and done[-1] == 2500


def test_clear_empties_the_index(index: SearchIndex) -> None:
    index.add([doc(1, "hàm số")])
    index.clear()
    assert index.count() == 0
    assert find(index, "").total == 0


# -- the two backends agree ------------------------------------------------------------------
def _corpus() -> list[SearchDoc]:
    import random

    rnd = random.Random(5)
    words = ["hàm", "số", "bậc", "hai", "phương", "trình", "đạo", "dao", "động", "điều", "hòa", "x", "2", "an", "ăn", "bán", "bạn", "ban"]
    return [
        doc(i, " ".join(rnd.choices(words, k=rnd.randint(2, 25))), created_at=T0 + timedelta(hours=rnd.randint(0, 40)),
            visibility=rnd.choice(["department", "consortium", "public"]), department_id=rnd.choice([DEPT_A, DEPT_B, DEPT_C]),
            subject=rnd.choice(["Toán", "Vật lí"]))
        for i in range(1, 301)
    ]


@pytest.mark.postgres
def test_both_backends_return_the_same_hits_in_the_same_order(tmp_path: Path) -> None:
    reason = _postgres_unreachable()
    if reason:
        pytest.skip(reason)
    from search_index.postgres_backend import PostgresIndex

    whoosh = WhooshIndex(tmp_path / "search")
    pg = PostgresIndex(PG_URL, table=f"search_docs_t{os.getpid()}_{uuid.uuid4().hex[:8]}")
    try:
        corpus = _corpus()
        whoosh.rebuild(corpus)
        pg.rebuild(corpus)
        for q in ["ham so", "hàm số", "bạn", "ban", '"dao dong"', "dao OR an", "phu*", "ham -bac", "x 2", "",
                  '"hàm số bậc"', "bá*", "đạo hàm", '"số bậc hai" OR bán', '-"hàm số" bạn']:  # fmt: skip
            for sort in ("relevance", "newest"):
                a = find(whoosh, q, sort=sort, per_page=50, facets=("subject", "department_id"))
                b = find(pg, q, sort=sort, per_page=50, facets=("subject", "department_id"))
                assert (a.ids, a.total, a.facets) == (b.ids, b.total, b.facets), (q, sort)
                assert a.snippets == b.snippets
    finally:
        whoosh.close()
        pg.drop()
        pg.close()


@pytest.mark.postgres
def test_postgres_recency_windows_find_the_same_newest_matches_as_the_whole_table(tmp_path: Path) -> None:
    reason = _postgres_unreachable()
    if reason:
        pytest.skip(reason)
    from search_index.base import COUNT_CAP
    from search_index.postgres_backend import PostgresIndex

    table = f"search_docs_t{os.getpid()}_{uuid.uuid4().hex[:8]}"
    # Windows of the newest 1,500 rows (the 300 hidden ones among them), then the whole table.
    whole, windowed = PostgresIndex(PG_URL, table=table, window_rows=10**9), PostgresIndex(PG_URL, table=table, window_rows=1500)
    try:
        # A common word fills the first window past COUNT_CAP; rarer ones need the whole table,
        # read in any order when few ("la", "hiếm") or as one sorted bitmap when dense ("xa").
        docs = [doc(i, "phương trình" + (" hiếm" if i % 9 == 0 else "") + (" lạ" if i % 3 == 0 else " xa"),
                    visibility=["department", "consortium", "public"][i % 3], subject=["Toán", "Vật lí"][i % 2],
                    created_at=T0 + timedelta(minutes=i // 3))
                for i in range(1, 3 * COUNT_CAP + 600)]  # fmt: skip
        docs += [doc(10_000 + i, "phương trình lạ", department_id=DEPT_C) for i in range(300)]  # never visible to A
        whole.rebuild(docs)  # analysed: the windows are sized from the table's row estimate
        for q in ["phuong trinh", "hiếm", "la", "la hiem", "xa", ""]:  # a full window, sparse ones, a dense one
            for sort in ("relevance", "newest"):
                for page in (1, 3):
                    a = find(whole, q, sort=sort, page=page, facets=("subject", "department_id"))
                    b = find(windowed, q, sort=sort, page=page, facets=("subject", "department_id"))
                    assert (a.ids, a.total, a.capped, a.facets) == (b.ids, b.total, b.capped, b.facets), (q, sort, page)
        assert windowed._window_starts  # noqa: SLF001 - the windows were used
    finally:
        whole.drop()
        whole.close()
        windowed.close()


def test_a_whoosh_index_built_in_many_small_batches_answers_as_one_rebuilt_at_once(tmp_path: Path) -> None:
    corpus = _corpus()
    whole, batches = WhooshIndex(tmp_path / "whole"), WhooshIndex(tmp_path / "batches")
    try:
        whole.rebuild(corpus)
        for i in range(0, len(corpus), 7):  # commits merge the small segments as they go
            batches.add(corpus[i : i + 7])
        batches.add([corpus[3], corpus[40]])  # and replacing documents leaves no stale postings
        for q in ["ham so", "hàm số", "bạn", '"dao dong"', "phu*", "bá*", '"hàm số bậc"', "ham -bac", ""]:
            a = find(whole, q, per_page=50, facets=("subject",))
            b = find(batches, q, per_page=50, facets=("subject",))
            assert (a.ids, a.total, a.facets, a.snippets) == (b.ids, b.total, b.facets, b.snippets), q
    finally:
        whole.close()
        batches.close()


@pytest.mark.postgres
def test_postgres_ddl_is_idempotent_and_runs_on_a_sqlalchemy_connection() -> None:
    reason = _postgres_unreachable()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine, inspect

    from search_index.postgres_backend import ensure_schema

    table = f"search_docs_t{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    try:
        for _ in range(2):
            with engine.begin() as conn:
                ensure_schema(conn, table)
        assert {table, f"{table}_text"} <= set(inspect(engine).get_table_names())
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}, {table}_text")
        engine.dispose()


@pytest.mark.postgres
def test_postgres_refuses_a_search_table_with_an_older_layout() -> None:
    reason = _postgres_unreachable()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine

    from search_index.postgres_backend import PostgresIndex

    table = f"search_docs_t{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE TABLE {table} (id bigint PRIMARY KEY, tsv_fold tsvector)")
        with pytest.raises(RuntimeError, match="older layout"):
            PostgresIndex(engine, table=table)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}, {table}_text")
        engine.dispose()


# -- concurrency (the embedded backend has one writer at a time) ---------------------------
def _add_range(directory: str, start: int, stop: int) -> None:
    ix = WhooshIndex(directory)
    for lo in range(start, stop, 25):
        ix.add([doc(i, f"câu hỏi {i} hàm số") for i in range(lo, min(lo + 25, stop))])
    ix.close()


def test_two_processes_writing_the_same_whoosh_directory_keep_it_consistent(tmp_path: Path) -> None:
    directory = str(tmp_path / "search")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_range, args=(directory, s, s + 200)) for s in (1, 1001)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    ix = WhooshIndex(directory)
    try:
        assert ix.count() == 400
        assert sorted(find(ix, "ham so", per_page=100, page=1).ids + find(ix, "ham so", per_page=100, page=2).ids
                      + find(ix, "ham so", per_page=100, page=3).ids + find(ix, "ham so", per_page=100, page=4).ids) == [
            *range(1, 201), *range(1001, 1201)
        ]
    finally:
        ix.close()


def test_a_whoosh_reader_sees_commits_made_by_another_writer(tmp_path: Path) -> None:
    reader, writer = WhooshIndex(tmp_path / "search"), WhooshIndex(tmp_path / "search")
    try:
        writer.add([doc(1, "hàm số")])
        assert find(reader, "ham so").ids == [1]
        writer.add([doc(2, "hàm số mũ")])
        writer.remove([1])
        assert find(reader, "ham so").ids == [2]
    finally:
        reader.close()
        writer.close()


def test_whoosh_refuses_an_index_with_an_older_layout(tmp_path: Path) -> None:
    from whoosh import fields, index

    index.create_in(str(tmp_path), fields.Schema(id=fields.ID(unique=True), body=fields.TEXT()))
    with pytest.raises(RuntimeError, match="older layout"):
        WhooshIndex(tmp_path)


# -- many matches: bounded work, honest counts --------------------------------------------
def _total_past_the_cap(index: SearchIndex, matches: int) -> tuple[int, bool]:
    """(total, capped) for more than COUNT_CAP matches: Whoosh counts every match (masks over all
    documents cost the same whatever the count); PostgreSQL stops at COUNT_CAP and says the total
    is a lower bound (issue 19: "1,000+")."""
    from search_index.base import COUNT_CAP

    return (matches, False) if isinstance(index, WhooshIndex) else (COUNT_CAP, True)


def _crowd(visible: int, hidden: int) -> list[SearchDoc]:
    subjects = ["Toán", "Vật lí"]
    docs = [doc(i, f"Phương trình số {i} có nghiệm", subject=subjects[i % 2]) for i in range(1, visible + 1)]
    docs += [doc(visible + i, f"Phương trình ẩn {i} có nghiệm", department_id=DEPT_C, subject="Toán") for i in range(1, hidden + 1)]
    return docs


def test_hidden_questions_never_count_toward_totals_or_facets_even_with_many_matches(index: SearchIndex) -> None:
    from search_index.base import COUNT_CAP

    index.add(_crowd(COUNT_CAP - 100, 600))  # hidden rows would push a careless count past the cap
    r = find(index, "phuong trinh", facets=("subject",))
    assert (r.total, r.capped) == (COUNT_CAP - 100, False)
    assert r.facets["subject"] == {"Toán": (COUNT_CAP - 100) // 2, "Vật lí": (COUNT_CAP - 100) // 2}


def test_past_the_count_cap_the_total_is_exact_or_says_it_is_a_lower_bound(index: SearchIndex) -> None:
    from search_index.base import COUNT_CAP

    visible = COUNT_CAP + 100
    index.add(_crowd(visible, 300))
    r = find(index, "phuong trinh", facets=("subject",))
    assert (r.total, r.capped) == _total_past_the_cap(index, visible)
    exact = {"Toán": visible // 2, "Vật lí": visible // 2}
    if r.capped:  # lower bounds, from at least the COUNT_CAP rows counted
        assert all(0 < n <= exact[s] for s, n in r.facets["subject"].items()) and sum(r.facets["subject"].values()) >= COUNT_CAP
    else:
        assert r.facets["subject"] == exact
    # Every page can still be read, newest first once past the ranked candidates, never a hidden row.
    last = find(index, "phuong trinh", sort="newest", page=visible // 20, per_page=20)
    assert last.ids == list(range(visible - (visible // 20 - 1) * 20, visible - visible // 20 * 20, -1))
