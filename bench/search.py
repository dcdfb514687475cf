"""Search benchmark: index N synthetic Vietnamese questions in both backends, time queries, compare.

    python -m bench.search --n 100000            # both backends, summary in bench/_out/
    python -m bench.search --n 20000 --backends whoosh
    python -m bench.search --n 1000000 --backends postgres --reference   # COPY-loaded, + plain reference
    python -m bench.search --n 1000000 --backends postgres --table bench_1m --pg-url …/qbank_bench_1m
        # keeps the loaded table; the same command again times the queries without reloading

The corpus is realistic by default (``--corpus realistic``: 30–120 syllables from a Zipf
vocabulary of Vietnamese syllables, bench/corpus.py); ``--corpus template`` is the older short
template corpus. ``--reference`` also times a plain ``unaccent`` + GIN + ``ts_rank`` top-20 query
over the same texts in PostgreSQL (no visibility, no facets): the baseline to compare with.

Reports indexing docs/s, query p50/p95 per class (1-3 words with and without diacritics, with
a facet filter, quoted phrases), and the mean top-10 overlap between the two backends. Every
query asks for top 20 plus subject/grade/level facet counts, as the search page does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from qbank.domain.text import fold
from search_index.base import Access, SearchDoc, SearchIndex, SearchQuery

OUT = Path(__file__).with_name("_out")
DEFAULT_PG = os.environ.get("QBANK_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"

SUBJECTS: dict[str, list[str]] = {
    "Toán": [
        "phương trình bậc hai", "đạo hàm", "tích phân", "hàm số", "đồ thị hàm số", "cực trị", "tiệm cận đứng",
        "giới hạn", "số phức", "xác suất", "tổ hợp chập", "hình chóp tứ giác đều", "thể tích khối lăng trụ",
        "mặt cầu ngoại tiếp", "đường thẳng song song", "mặt phẳng tọa độ", "vectơ pháp tuyến", "cấp số cộng",
        "cấp số nhân", "logarit cơ số", "phương trình lượng giác", "nghiệm thực", "bất phương trình mũ",
        "giá trị lớn nhất", "giá trị nhỏ nhất", "đồng biến trên khoảng", "nghịch biến", "nguyên hàm",
    ],
    "Vật lí": [
        "dao động điều hòa", "con lắc lò xo", "con lắc đơn", "sóng cơ", "dòng điện xoay chiều", "điện trường đều",
        "từ trường", "cảm ứng điện từ", "khúc xạ ánh sáng", "giao thoa sóng", "hạt nhân nguyên tử", "phóng xạ",
        "vận tốc trung bình", "gia tốc trọng trường", "lực đàn hồi", "công suất tiêu thụ", "năng lượng liên kết",
        "tần số góc", "bước sóng", "điện áp hiệu dụng", "mạch dao động", "quang điện",
    ],
    "Hóa học": [
        "phản ứng oxi hóa khử", "axit clohiđric", "bazơ", "muối cacbonat", "este", "ancol etylic", "anđehit",
        "polime", "kim loại kiềm", "điện phân dung dịch", "cân bằng hóa học", "nồng độ mol", "khối lượng kết tủa",
        "dung dịch", "chất béo", "cacbohiđrat", "amino axit", "protein", "sắt", "nhôm", "đồng",
    ],
    "Sinh học": [
        "di truyền học", "đột biến gen", "nhiễm sắc thể", "quần thể sinh vật", "hệ sinh thái", "quang hợp",
        "hô hấp tế bào", "tiến hóa", "phiên mã", "dịch mã", "ADN", "ARN", "kiểu gen", "kiểu hình",
        "lai phân tích", "tần số alen", "chuỗi thức ăn",
    ],
    "Ngữ văn": [
        "đọc hiểu", "nghị luận xã hội", "biện pháp tu từ", "nhân vật", "tác phẩm", "đoạn trích", "bài thơ",
        "truyện ngắn", "phong cách ngôn ngữ", "ẩn dụ", "hoán dụ", "so sánh", "nhân hóa", "ý nghĩa nhan đề",
        "chủ đề", "tình huống truyện", "thể thơ", "phương thức biểu đạt",
    ],
    "Tiếng Anh": [
        "choose the correct answer", "read the passage", "pronunciation", "primary stress", "synonym", "antonym",
        "closest in meaning", "opposite in meaning", "rewrite the sentence", "passive voice", "reported speech",
        "conditional sentence", "relative clause", "underlined part", "word formation", "phrasal verb",
    ],
}  # fmt: skip
FRAMES = [
    "Cho", "Tìm", "Tính", "Giải", "Biết rằng", "Khẳng định nào sau đây đúng", "Mệnh đề nào sau đây sai",
    "Giá trị của", "Xét", "Trong các", "Hãy xác định", "Chọn đáp án đúng về", "Phát biểu nào sau đây về",
]  # fmt: skip
GLUE = ["bằng", "là", "với", "thỏa mãn", "khi", "của", "trong", "các", "một", "hai", "ba", "và", "có", "không", "sau đây", "đúng", "sai"]
MATH = [
    "$x^2 - 5x + 6 = 0$", r"$\frac{a}{b}$", r"$\sqrt{3}$", r"$\int_0^1 f(x)\,dx$", "$y = x^3 - 3x + 1$", "$m$",
    r"$\log_2 x$", r"$\sin x + \cos x$", r"$\lim_{x \to 0}$", "$f'(x)$", r"$\vec{u}$", r"$\Delta ABC$",
]  # fmt: skip
LEVELS = ["Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao"]
TYPES = ["mcq", "mcq", "mcq", "true_false", "short_answer", "essay"]
T0 = datetime(2020, 1, 1, tzinfo=UTC)


def generate(n: int, seed: int = 7) -> Iterator[SearchDoc]:
    rnd = random.Random(seed)
    subjects = list(SUBJECTS)
    for i in range(1, n + 1):
        subject = rnd.choice(subjects)
        phrases = SUBJECTS[subject]
        words = [rnd.choice(FRAMES)]
        for _ in range(rnd.randint(2, 5)):
            words.append(rnd.choice(phrases))
            words.append(rnd.choice(GLUE))
            if subject in ("Toán", "Vật lí", "Hóa học") and rnd.random() < 0.4:
                words.append(rnd.choice(MATH))
            if rnd.random() < 0.3:
                words.append(str(rnd.randint(1, 500)))
        stem = " ".join(words) + "?"
        options = " ".join(f"{lab}. {rnd.choice(phrases)} {rnd.randint(1, 99)}" for lab in "ABCD")
        extra = f"Lời giải: {rnd.choice(phrases)} {rnd.choice(GLUE)} {rnd.choice(phrases)}" if rnd.random() < 0.5 else ""
        dept = rnd.randint(1, 20)
        r = rnd.random()
        reserved = rnd.random() < 0.01  # a department's reserved exam pool
        yield SearchDoc(
            id=i,
            stem=stem,
            options=options,
            extra=extra,
            subject=subject,
            grade=rnd.randint(10, 12),
            topic=rnd.choice(phrases),
            level=rnd.choice(LEVELS),
            type=rnd.choice(TYPES),
            department_id=dept,
            school_year=f"{2019 + i * 6 // n}-{2020 + i * 6 // n}",
            status="approved" if r < 0.85 else "draft" if r < 0.95 else "retired",
            visibility="reserved" if reserved else rnd.choices(["department", "consortium", "public"], [0.6, 0.25, 0.15])[0],
            # Imports arrive in batches: many questions share a creation time, as in real use.
            created_at=T0 + timedelta(minutes=(i // 50) * 37),
        )


def generate_realistic(n: int, seed: int = 7) -> Iterator[SearchDoc]:
    """Questions of realistic length and vocabulary, with the same facets and access mix as ``generate``."""
    from bench.corpus import Corpus

    rnd = random.Random(seed)
    subjects = list(SUBJECTS)
    for i, stem in enumerate(Corpus(seed=seed).texts(n), 1):
        words = stem.split()
        options = " ".join(f"{lab}. {' '.join(rnd.sample(words, 3))}" for lab in "ABCD")
        dept = rnd.randint(1, 20)
        r = rnd.random()
        reserved = rnd.random() < 0.01  # a department's reserved exam pool
        subject = rnd.choice(subjects)
        yield SearchDoc(
            id=i, stem=stem, options=options, extra="", subject=subject, grade=rnd.randint(10, 12),
            topic=rnd.choice(SUBJECTS[subject]), level=rnd.choice(LEVELS), type=rnd.choice(TYPES), department_id=dept,
            school_year=f"{2019 + i * 6 // n}-{2020 + i * 6 // n}",
            status="approved" if r < 0.85 else "draft" if r < 0.95 else "retired",
            visibility="reserved" if reserved else rnd.choices(["department", "consortium", "public"], [0.6, 0.25, 0.15])[0],
            created_at=T0 + timedelta(minutes=(i // 50) * 37),
        )  # fmt: skip


def make_realistic_queries(per_class: int, seed: int = 11) -> dict[str, list[dict[str, Any]]]:
    """Words people type: ranks 5–2000 of the vocabulary (from "số" in a third of the questions
    to words in a few hundred); phrases are runs of 2–3 syllables taken from real questions."""
    import numpy as np

    from bench.corpus import Corpus

    corpus = Corpus()
    rng = np.random.default_rng(seed)
    rnd = random.Random(seed)
    sample = list(corpus.texts(2000))  # questions of the indexed corpus (its first 2,000)
    classes: dict[str, list[dict[str, Any]]] = {"1-3 words, diacritics": [], "1-3 words, no diacritics": [], "with facet filter": [], "phrase": []}
    for _ in range(per_class):
        classes["1-3 words, diacritics"].append({"text": " ".join(corpus.query_words(rnd.randint(1, 3), rng, lo=5))})
        classes["1-3 words, no diacritics"].append({"text": fold(" ".join(corpus.query_words(rnd.randint(1, 3), rng, lo=5)))})
        subject = rnd.choice(list(SUBJECTS))
        classes["with facet filter"].append({"text": fold(" ".join(corpus.query_words(rnd.randint(1, 2), rng, lo=5))),
                                             "filters": {"subject": [subject], "grade": [rnd.randint(10, 12)]}})  # fmt: skip
        words = rnd.choice(sample).split()
        k = rnd.randint(2, 3)
        at = rnd.randint(0, len(words) - k)
        classes["phrase"].append({"text": '"' + " ".join(words[at : at + k]) + '"'})
    return classes


def make_queries(per_class: int, seed: int = 11) -> dict[str, list[dict[str, Any]]]:
    rnd = random.Random(seed)
    all_phrases = [p for ps in SUBJECTS.values() for p in ps]

    def words(k: int, phrases: list[str] = all_phrases) -> str:
        for _ in range(100):
            syll = rnd.choice(phrases).split()
            if len(syll) >= k:
                start = rnd.randint(0, len(syll) - k)
                return " ".join(syll[start : start + k])
        return rnd.choice(phrases)

    classes: dict[str, list[dict[str, Any]]] = {"1-3 words, diacritics": [], "1-3 words, no diacritics": [], "with facet filter": [], "phrase": []}
    for _ in range(per_class):
        q = words(rnd.randint(1, 3))
        classes["1-3 words, diacritics"].append({"text": q})
        classes["1-3 words, no diacritics"].append({"text": fold(words(rnd.randint(1, 3)))})
        subject = rnd.choice(list(SUBJECTS))
        classes["with facet filter"].append({"text": fold(words(rnd.randint(1, 2), SUBJECTS[subject])), "filters": {"subject": [subject], "grade": [rnd.randint(10, 12)]}})
        classes["phrase"].append({"text": f'"{words(rnd.randint(2, 3))}"'})
    return classes


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def run_queries(
    ix: SearchIndex, classes: dict[str, list[dict[str, Any]]], access: Access, passes: int
) -> tuple[dict[str, Any], dict[str, list[list[int]]]]:
    """Time every query ``passes`` times, classes interleaved pass by pass. The machine is shared,
    so besides the first pass we report each query's fastest pass: that drops other processes'
    noise but keeps the spread between queries (and, for Whoosh, warm term caches)."""
    stats: dict[str, Any] = {}
    tops: dict[str, list[list[int]]] = {name: [] for name in classes}
    times: dict[str, list[list[float]]] = {name: [[] for _ in qs] for name, qs in classes.items()}
    totals: dict[str, list[int]] = {name: [] for name in classes}
    for p in range(passes):
        for name, queries in classes.items():
            for i, q in enumerate(queries):
                sq = SearchQuery(text=q["text"], access=access, filters=q.get("filters", {}), per_page=20, facets=("subject", "grade", "level"))
                t = time.perf_counter()
                r = ix.search(sq)
                times[name][i].append((time.perf_counter() - t) * 1000)
                if p == 0:
                    tops[name].append(r.ids[:10])
                    totals[name].append(r.total)
    for name in classes:
        first = [t[0] for t in times[name]]
        best = [min(t) for t in times[name]]
        stats[name] = {
            "queries": len(first),
            "p50_ms": round(statistics.median(first), 2),
            "p95_ms": round(percentile(first, 95), 2),
            "max_ms": round(max(first), 2),
            f"best_of_{passes}_p50_ms": round(statistics.median(best), 2),
            f"best_of_{passes}_p95_ms": round(percentile(best, 95), 2),
            "median_total_hits": statistics.median(totals[name]),
        }
    stats["all"] = {
        "p95_ms_worst_class": max(v["p95_ms"] for v in stats.values()),
        f"best_of_{passes}_p95_ms_worst_class": max(v[f"best_of_{passes}_p95_ms"] for v in stats.values()),
    }
    return stats, tops


def overlap(a: list[list[int]], b: list[list[int]]) -> float:
    scores = []
    for x, y in zip(a, b, strict=True):
        if not x and not y:
            scores.append(1.0)
        else:
            scores.append(len(set(x) & set(y)) / max(len(x), len(y)))
    return round(sum(scores) / len(scores), 4) if scores else 1.0


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def reference(ix: Any, classes: dict[str, list[dict[str, Any]]], passes: int, keep: bool = False) -> dict[str, Any]:
    """A plain unaccent + GIN + ts_rank top-20 over the same texts (no visibility, no facets)."""
    from sqlalchemy import text

    ref = f"{ix.table}_ref"
    t = time.perf_counter()
    with ix.engine.begin() as conn:
        exists = conn.execute(text("SELECT to_regclass(:r) IS NOT NULL"), {"r": ref}).scalar_one()
        if not exists:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
            conn.execute(text(f"CREATE TABLE {ref} AS SELECT id, to_tsvector('simple', unaccent(body)) AS tsv FROM {ix.text_table}"))
            conn.execute(text(f"CREATE INDEX {ref}_gin ON {ref} USING gin (tsv)"))
            conn.execute(text(f"ANALYZE {ref}"))
    build_s = time.perf_counter() - t
    out: dict[str, Any] = {"build_seconds": "reused" if exists else round(build_s, 1)}
    try:
        with ix.engine.connect() as conn:
            size = conn.execute(text(f"SELECT pg_total_relation_size('{ref}')")).scalar_one()
            out["index_mb"] = round(size / 2**20)
            for name, queries in classes.items():
                times: list[list[float]] = [[] for _ in queries]
                for _ in range(passes):
                    for i, q in enumerate(queries):
                        raw = q["text"].strip('"')
                        fn = "phraseto_tsquery" if q["text"].startswith('"') else "plainto_tsquery"
                        t = time.perf_counter()
                        conn.execute(
                            text(f"SELECT id FROM {ref}, {fn}('simple', unaccent(:q)) q WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 20"),
                            {"q": raw},
                        ).fetchall()
                        times[i].append((time.perf_counter() - t) * 1000)
                first = [x[0] for x in times]
                best = [min(x) for x in times]
                out[name] = {"p50_ms": round(statistics.median(first), 2), "p95_ms": round(percentile(first, 95), 2),
                             f"best_of_{passes}_p95_ms": round(percentile(best, 95), 2)}  # fmt: skip
            conn.rollback()
    finally:
        if not keep:
            with ix.engine.begin() as conn:
                conn.execute(text(f"DROP TABLE IF EXISTS {ref}"))
    return out


def bench_backend(
    name: str, n: int, classes: dict[str, list[dict[str, Any]]], warmup: list[dict[str, Any]], pg_url: str, workdir: Path, procs: int, passes: int,
    corpus: str = "realistic", with_reference: bool = False, table: str | None = None,
) -> tuple[dict[str, Any], dict[str, list[list[int]]]]:
    access = Access.for_user("teacher", 1, {1, 2, 3}, now=datetime(2026, 1, 1, tzinfo=UTC))
    ix: Any
    if name == "whoosh":
        from search_index.whoosh_backend import WhooshIndex

        ix = WhooshIndex(workdir / "whoosh")
    else:
        from search_index.postgres_backend import PostgresIndex

        ix = PostgresIndex(pg_url, table=table or f"bench_search_{uuid.uuid4().hex[:8]}")
    reused = name == "postgres" and table is not None and ix.count() == n
    try:
        gen = generate_realistic if corpus == "realistic" else generate
        t = time.perf_counter()
        cpu0 = os.times()
        if name == "whoosh":
            ix.rebuild(gen(n), procs=procs)
        elif not reused:
            def progress(k: int) -> None:
                print(f"[postgres] {k} analysed and copied, {time.perf_counter() - t:.0f} s", flush=True)

            ix.bulk_load(gen(n), procs=procs, progress=progress)  # COPY into the new table, indexes built after
        build_s = time.perf_counter() - t
        cpu1 = os.times()
        # CPU seconds of this process and its (joined) workers: under a loaded machine the wall
        # clock mostly measures the other jobs. The corpus generation is included.
        build_cpu = sum(cpu1[:4]) - sum(cpu0[:4])
        if name == "whoosh":
            size = dir_size(workdir / "whoosh")
        else:
            from sqlalchemy import text

            with ix.engine.connect() as conn:
                size = conn.execute(text(f"SELECT pg_total_relation_size('{ix.table}') + pg_total_relation_size('{ix.text_table}')")).scalar_one()
        t = time.perf_counter()
        ix.search(SearchQuery(text="hàm số", access=access, facets=("subject", "grade", "level")))
        first_query_ms = (time.perf_counter() - t) * 1000
        for q in warmup:
            ix.search(SearchQuery(text=q["text"], access=access, filters=q.get("filters", {}), facets=("subject", "grade", "level")))
        stats, tops = run_queries(ix, classes, access, passes)
        result = {
            "docs": ix.count(),
            "indexing_processes": procs,
            "index_seconds": "reused (see the run that built it)" if reused else round(build_s, 1),
            "index_docs_per_s": None if reused else round(n / build_s),
            "index_cpu_seconds_client": None if reused else round(build_cpu, 1),
            "index_docs_per_client_cpu_s": None if reused or not build_cpu else round(n / build_cpu),
            "index_mb": round(size / 2**20),
            "first_query_after_open_ms": round(first_query_ms, 1),
            "classes": stats,
        }
        if with_reference and name == "postgres":
            result["reference_plain_unaccent_gin_ts_rank"] = reference(ix, classes, passes, keep=table is not None)
        return result, tops
    finally:
        if name == "postgres" and table is None:
            ix.drop()
        ix.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="number of questions (default 100000)")
    ap.add_argument("--queries", type=int, default=200, help="queries per class (default 200)")
    ap.add_argument("--backends", default="whoosh,postgres")
    ap.add_argument("--pg-url", default=DEFAULT_PG)
    ap.add_argument("--passes", type=int, default=3, help="timed passes over the queries (default 3)")
    ap.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="Whoosh indexing processes")
    ap.add_argument("--corpus", choices=["realistic", "template"], default="realistic")
    ap.add_argument("--reference", action="store_true", help="also time a plain unaccent + GIN + ts_rank query (PostgreSQL)")
    ap.add_argument("--table", help="PostgreSQL: load into this table and keep it; a later run with the same --n reuses it")
    args = ap.parse_args(argv)
    make = make_realistic_queries if args.corpus == "realistic" else make_queries
    classes = make(args.queries)
    warmup = [q for qs in make(25, seed=99).values() for q in qs]
    summary: dict[str, Any] = {"n": args.n, "corpus": args.corpus, "queries_per_class": args.queries,
                               "when": datetime.now(UTC).isoformat(), "cpus": os.cpu_count()}  # fmt: skip
    tops: dict[str, dict[str, list[list[int]]]] = {}
    workdir = Path(tempfile.mkdtemp(prefix="qbank-bench-"))
    try:
        for name in args.backends.split(","):
            print(f"[{name}] indexing {args.n} questions…", flush=True)
            load_before = os.getloadavg()[0]
            summary[name], tops[name] = bench_backend(name, args.n, classes, warmup, args.pg_url, workdir, args.procs, args.passes,
                                                      args.corpus, args.reference, args.table)  # fmt: skip
            # Other work on the machine inflates latencies: record it next to the figures.
            summary[name]["load_average_before_after"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
            print(json.dumps(summary[name], indent=2, ensure_ascii=False), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if "whoosh" in tops and "postgres" in tops:
        summary["top10_overlap"] = {c: overlap(tops["whoosh"][c], tops["postgres"][c]) for c in classes}
        summary["top10_overlap"]["all"] = overlap(
            [x for c in classes for x in tops["whoosh"][c]], [x for c in classes for x in tops["postgres"][c]]
        )
        print("top-10 overlap:", json.dumps(summary["top10_overlap"], ensure_ascii=False))
    OUT.mkdir(exist_ok=True)
    only = "" if set(args.backends.split(",")) == {"whoosh", "postgres"} else "-" + args.backends.replace(",", "-")
    out = OUT / f"search-{args.corpus}-{args.n}{only}.json"
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written {out}")
    return summary


if __name__ == "__main__":
    main()
