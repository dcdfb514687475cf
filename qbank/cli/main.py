"""The ``qbank`` command line: thin wrappers that parse arguments and call the services."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from qbank.domain.actor import SYSTEM
from qbank.domain.errors import QBankError
from qbank.runtime import Runtime


class Ctx:
    """Lazily built runtime, so ``--help`` and ``--dry-run`` never touch the database."""

    def __init__(self) -> None:
        self._rt: Runtime | None = None

    @property
    def rt(self) -> Runtime:
        if self._rt is None:
            self._rt = Runtime()
            if not self._rt.schema_is_current():
                raise QBankError(f"the database at {self._rt.settings.database_url} is not initialised: run `qbank init`")
            self._rt.enable_indexing()  # also applies changes a crashed process left queued
        return self._rt

    def fresh(self) -> Runtime:
        if self._rt is None:
            self._rt = Runtime()
        return self._rt


pass_ctx = click.make_pass_decorator(Ctx, ensure=True)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qbank")
def cli() -> None:
    """QBank: the shared exam-question bank of the provincial Departments of Education.

    Configuration comes from QBANK_* environment variables (see the README); the default
    instance is SQLite + Whoosh under ./instance.
    """


# -- schema -----------------------------------------------------------------------------
@cli.command()
@pass_ctx
def init(ctx: Ctx) -> None:
    """Create or upgrade the database schema (safe to run again)."""
    rt = ctx.fresh()
    rev = rt.init_db()
    click.echo(f"database ready at revision {rev}: {rt.settings.database_url}")


# -- organisations ----------------------------------------------------------------------
@cli.group()
def department() -> None:
    """Departments of Education (Sở GD&ĐT)."""


@department.command("add")
@click.argument("name")
@click.option("--code", help="Short code, e.g. QTR.")
@pass_ctx
def department_add(ctx: Ctx, name: str, code: str | None) -> None:
    """Add a department."""
    from qbank.services.orgs import create_department

    with ctx.rt.uow() as uow:
        info = create_department(uow, SYSTEM, name, code)
    click.echo(f"department {info.id}: {info.name}")


@department.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def department_list(ctx: Ctx, as_json: bool) -> None:
    """List departments and their consortia."""
    from qbank.services.orgs import list_departments

    with ctx.rt.uow() as uow:
        infos = list_departments(uow)
    if as_json:
        _echo_json([i.__dict__ for i in infos])
        return
    for i in infos:
        extra = f"  [{', '.join(i.consortia)}]" if i.consortia else ""
        click.echo(f"{i.id:>4}  {i.name}{extra}")


@cli.group()
def consortium() -> None:
    """Consortia: groups of departments that share questions."""


@consortium.command("add")
@click.argument("name")
@click.option("--member", "members", multiple=True, help="A department to include (repeatable).")
@pass_ctx
def consortium_add(ctx: Ctx, name: str, members: tuple[str, ...]) -> None:
    """Create a consortium."""
    from qbank.services.orgs import create_consortium

    with ctx.rt.uow() as uow:
        cid = create_consortium(uow, SYSTEM, name, list(members))
    click.echo(f"consortium {cid}: {name}")


@consortium.command("join")
@click.argument("consortium_name")
@click.argument("department_name")
@pass_ctx
def consortium_join(ctx: Ctx, consortium_name: str, department_name: str) -> None:
    """Add a department to a consortium."""
    from qbank.services.orgs import join_consortium

    with ctx.rt.uow() as uow:
        join_consortium(uow, SYSTEM, consortium_name, department_name)
    click.echo(f"{department_name} joined {consortium_name}")


# -- users --------------------------------------------------------------------------------
@cli.group()
def user() -> None:
    """User accounts."""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["contributor", "teacher", "exam_board", "admin"]))
@click.option("--department", required=True, help="Department name or id.")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters.")
@pass_ctx
def user_add(ctx: Ctx, username: str, role: str, department: str, display_name: str, password: str) -> None:
    """Add a user."""
    from qbank.services.users import create_user

    with ctx.rt.uow() as uow:
        info = create_user(uow, SYSTEM, username, password, role, department, display_name)
    click.echo(f"user {info.id}: {info.username} ({info.role}, {info.department})")


@user.command("list")
@click.option("--department", help="Only this department.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def user_list(ctx: Ctx, department: str | None, as_json: bool) -> None:
    """List users."""
    from qbank.services.users import list_users

    with ctx.rt.uow() as uow:
        infos = list_users(uow, department)
    if as_json:
        _echo_json([i.__dict__ for i in infos])
        return
    for i in infos:
        click.echo(f"{i.id:>4}  {i.username:<20} {i.role:<12} {i.department}")


# -- import -------------------------------------------------------------------------------
@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--department", help="Department to import into (required unless --dry-run).")
@click.option("--subject", help="Subject tag for every question (overrides the file).")
@click.option("--grade", type=click.IntRange(1, 12), help="Grade tag for every question.")
@click.option("--approve", is_flag=True, help="Mark questions with a complete answer as approved.")
@click.option("--visibility", type=click.Choice(["department", "consortium", "public"]), default="department")
@click.option("--dry-run", is_flag=True, help="Parse and report; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (meta, questions with confidence and doubts, messages).")
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The paper's answer key in a file of its own (.docx or .xlsx), matched by question number and mã đề.")
@pass_ctx
def import_(
    ctx: Ctx,
    paths: tuple[Path, ...],
    department: str | None,
    subject: str | None,
    grade: int | None,
    approve: bool,
    visibility: str,
    dry_run: bool,
    as_json: bool,
    key_path: Path | None,
) -> None:
    """Import Word (.docx) and Excel (.xlsx) question files."""
    from qbank.services.imports import import_file, read_upload

    if not dry_run and not department:
        raise click.UsageError("--department is required to store questions (or use --dry-run)")
    if key_path is not None and len(paths) != 1:
        raise click.UsageError("--key goes with one paper: import the papers one at a time")
    if key_path is not None and not key_path.is_file():
        raise QBankError(f"{key_path}: no such file")
    key = (key_path.name, key_path.read_bytes()) if key_path is not None else None
    outputs = []
    failed = False
    for path in paths:
        if not path.is_file():
            raise QBankError(f"{path}: no such file")
        data = path.read_bytes()
        try:
            result = read_upload(path.name, data, subject=subject, grade=grade, key=key)
        except QBankError as exc:
            failed = True
            if as_json:
                outputs.append({"source": path.name, "error": str(exc), "questions": [], "messages": []})
            else:
                click.echo(f"{path.name}: refused: {exc}", err=True)
            continue
        if dry_run:
            if as_json:
                outputs.append(result.to_json())
            else:
                warnings = sum(1 for m in result.messages if m.level != "info")
                click.echo(f"{path.name}: {len(result.questions)} questions, {warnings} warnings (dry run, nothing stored)")
                for i in result.doubtful_first():
                    if result.confidence(i) >= 1.0:
                        break  # the least certain come first: check those
                    q = result.questions[i]
                    click.echo(f"  check question {q.number or i + 1} (confidence {result.confidence(i):.2f}): "
                               + "; ".join(result.reasons(i)))  # fmt: skip
                for m in result.messages:
                    click.echo(f"  {m.level}: {m.where}: {m.text}")
            continue
        with ctx.rt.uow() as uow:
            summary = import_file(
                uow, SYSTEM, path.name, data, department=department, approve=approve, visibility=visibility, result=result
            )
        if as_json:
            outputs.append({**result.to_json(), "stored": summary.to_json()})
        else:
            click.echo(
                f"{path.name}: {len(summary.created)} questions stored in set {summary.question_set_id}, "
                f"{sum(d.exact for d in summary.duplicates)} already in the bank, "
                f"{sum(not d.exact for d in summary.duplicates)} likely near-duplicates, {summary.drafts} drafts needing an answer"
            )
            for d in summary.duplicates:
                if d.exact:
                    click.echo(f"  question {d.index + 1} is already in the bank as #{d.existing_id}")
                else:
                    click.echo(f"  question {d.index + 1} looks like #{d.existing_id} (similarity {d.similarity:.2f}); stored, check it")
            for m in result.messages:
                click.echo(f"  {m.level}: {m.where}: {m.text}")
    if as_json:
        _echo_json(outputs[0] if len(outputs) == 1 else outputs)
    if failed:
        sys.exit(1)


# -- search -------------------------------------------------------------------------------
def _actor(ctx: Ctx, username: str | None):  # noqa: ANN202 - Actor
    """SYSTEM, or the named user (to see exactly what they would see)."""
    if not username:
        return SYSTEM
    from sqlalchemy import select

    from qbank.db.models import User
    from qbank.services.orgs import actor_for

    with ctx.rt.uow() as uow:
        user_row = uow.session.scalar(select(User).where(User.username == username))
        if user_row is None:
            raise QBankError(f"no user {username!r}; `qbank user list` shows them")
        return actor_for(uow, user_row)


@cli.command()
@click.argument("query", default="")
@click.option("--subject", multiple=True, help="Filter (repeatable).")
@click.option("--grade", multiple=True, type=int, help="Filter (repeatable).")
@click.option("--topic", multiple=True, help="Filter (repeatable).")
@click.option("--level", multiple=True, help="Filter: Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao.")
@click.option("--type", "qtype", multiple=True, type=click.Choice(["mcq", "true_false", "short_answer", "essay"]))
@click.option("--department", multiple=True, help="Filter by department name or id.")
@click.option("--sort", type=click.Choice(["relevance", "newest"]), default="relevance", show_default=True)
@click.option("--page", default=1, type=click.IntRange(1, 1000), show_default=True)
@click.option("--per-page", default=10, type=click.IntRange(1, 100), show_default=True)
@click.option("--as", "as_user", help="Search as this user (default: everything shared, all departments).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def search(ctx: Ctx, query: str, subject: tuple[str, ...], grade: tuple[int, ...], topic: tuple[str, ...], level: tuple[str, ...],
           qtype: tuple[str, ...], department: tuple[str, ...], sort: str, page: int, per_page: int, as_user: str | None,
           as_json: bool) -> None:
    """Search the bank in Vietnamese, with or without diacritics ("dao ham", "phương trình" -x, "tích phân"*)."""
    from qbank.domain.render import to_text
    from qbank.services.orgs import find_department
    from qbank.services.search import department_names, search_questions

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        filters: dict[str, list[str | int]] = {
            "subject": list(subject), "grade": list(grade), "topic": list(topic), "level": list(level), "type": list(qtype),
            "department_id": [find_department(uow, d).id for d in department],
        }
        result = search_questions(uow, actor, query, filters={k: v for k, v in filters.items() if v}, sort=sort, page=page,
                                  per_page=per_page)
        names = department_names(uow)
    if as_json:
        _echo_json({
            "query": result.query, "total": result.total, "page": result.page, "pages": result.pages, "timed_out": result.timed_out,
            "hits": [{"id": h.id, "type": h.question.type, "department": h.department, "status": h.status,
                      "tags": h.question.tags.to_json(), "stem": to_text(h.question.stem), "snippet": result.snippets.get(h.id)}
                     for h in result.hits],
            "facets": {k: ({names.get(int(v), v): n for v, n in c.items()} if k == "department_id" else c)
                       for k, c in result.facets.items()},
        })
        return
    click.echo(f"{result.total} questions (page {result.page}/{result.pages})" + (" — time limit reached" if result.timed_out else ""))
    for h in result.hits:
        stem = to_text(h.question.stem)
        click.echo(f"#{h.id:<6} [{h.question.type}] {h.department} · {h.question.tags.topic or '-'} · {h.question.tags.level or '-'}")
        click.echo(f"        {stem[:150]}{'…' if len(stem) > 150 else ''}")


@cli.command()
@click.option("--quiet", is_flag=True, help="No progress bar.")
@pass_ctx
def reindex(ctx: Ctx, quiet: bool) -> None:
    """Rebuild the search index from the database."""
    from sqlalchemy import func, select
    from tqdm import tqdm

    from qbank.db.models import QuestionRow

    rt = ctx.rt
    with rt.uow() as uow:
        total = uow.session.scalar(select(func.count()).select_from(QuestionRow)) or 0
    with tqdm(total=total, unit="q", disable=quiet, desc="reindex") as bar:
        done = rt.indexer.rebuild(progress=lambda n: bar.update(n - bar.n))
    click.echo(f"indexed {done} questions ({rt.settings.search_backend})")


# -- exams ----------------------------------------------------------------------------------
@cli.group()
def exam() -> None:
    """Exams: build from a blueprint (ma trận đề), list, release, export."""


def _parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO format, e.g. 2026-06-26T07:30+07:00") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


@exam.command("build")
@click.option("--blueprint", "blueprint_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Blueprint: .yaml, .json or an Excel ma trận sheet.")
@click.option("--versions", default=4, show_default=True, type=click.IntRange(1, 24), help="Number of versions (mã đề).")
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same exam.")
@click.option("--title", help="Exam title (default: the blueprint's).")
@click.option("--release-at", help="When the exam stops being confidential (ISO time); default: until released.")
@click.option("--public", is_flag=True, help="Not confidential (a practice paper).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def exam_build(ctx: Ctx, blueprint_path: Path, versions: int, seed: int, title: str | None, release_at: str | None,
               public: bool, as_json: bool) -> None:
    """Assemble an exam from a blueprint and shuffle its versions."""
    from qbank.services.exams import build_exam, parse_blueprint_file

    blueprint = parse_blueprint_file(blueprint_path)
    with ctx.rt.uow() as uow:
        info = build_exam(uow, SYSTEM, blueprint, versions=versions, seed=seed, title=title,
                          release_at=_parse_when(release_at), confidential=not public)
    if as_json:
        _echo_json(info.__dict__)
        return
    click.echo(f"exam {info.id}: {info.title}: {info.question_count} questions, versions {', '.join(info.version_codes)}"
               + (" (confidential)" if info.embargoed else ""))


@exam.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def exam_list(ctx: Ctx, as_json: bool) -> None:
    """List exams."""
    from qbank.services.exams import list_exams

    with ctx.rt.uow() as uow:
        infos = list_exams(uow, SYSTEM)
    if as_json:
        _echo_json([i.__dict__ for i in infos])
        return
    for i in infos:
        flag = "confidential" if i.embargoed else "released" if i.confidential else i.kind
        click.echo(f"{i.id:>4}  {i.title:<40} {i.question_count:>3} câu  mã đề {','.join(i.version_codes):<16} {flag}")


@exam.command("release")
@click.argument("exam_id", type=int)
@click.option("--at", "at", help="Release time (ISO); default now.")
@pass_ctx
def exam_release(ctx: Ctx, exam_id: int, at: str | None) -> None:
    """Release a confidential exam (its questions become visible again)."""
    from qbank.services.exams import release_exam

    with ctx.rt.uow() as uow:
        info = release_exam(uow, SYSTEM, exam_id, _parse_when(at))
    click.echo(f"exam {info.id} released at {info.release_at:%Y-%m-%d %H:%M} UTC")


@exam.command("export")
@click.argument("exam_id", type=int)
@click.option("--format", "fmt", required=True, type=click.Choice(["docx", "guide", "pdf", "xlsx", "zip"]))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@pass_ctx
def exam_export(ctx: Ctx, exam_id: int, fmt: str, out_dir: Path) -> None:
    """Export papers (docx, pdf), the marking guide (guide), answer keys (xlsx) or everything (zip)."""
    from qbank.services.exams import export_exam_files

    with ctx.rt.uow() as uow:
        paths = export_exam_files(uow, SYSTEM, exam_id, fmt, out_dir)
    for p in paths:
        click.echo(str(p))


# -- serving ------------------------------------------------------------------------------
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@pass_ctx
def serve(ctx: Ctx, host: str, port: int, threads: int) -> None:
    """Serve the web app and API with waitress (a production WSGI server)."""
    _serve(ctx.rt, host, port, threads)


def _serve(rt: Runtime, host: str, port: int, threads: int) -> None:
    import waitress

    from qbank.app import create_app

    app = create_app(runtime=rt)
    click.echo(f"QBank serving on http://{host}:{port}  (Ctrl+C stops)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="QBank")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Set up the demo data and exit.")
@pass_ctx
def demo(ctx: Ctx, host: str, port: int, no_serve: bool) -> None:
    """Create a demo instance (departments, one user per role, sample papers) and serve it."""
    from qbank.demo.setup import setup_demo

    rt = ctx.fresh()
    rt.init_db()
    rt.enable_indexing()
    report = setup_demo(rt, echo=click.echo)
    click.echo("\nDemo logins (password for all: " + report.password + "):")
    for username, role, dept in report.logins:
        click.echo(f"  {username:<14} {role:<12} {dept}")
    if not no_serve:
        _serve(rt, host, port, 8)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every error is one line on stderr and a non-zero exit."""
    try:
        cli.main(args=argv, prog_name="qbank", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.UsageError as exc:
        where = f" (in `{exc.ctx.command_path}`)" if exc.ctx else ""
        click.echo(f"error: {exc.format_message()}{where}; see --help", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except QBankError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "), err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
