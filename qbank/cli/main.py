"""The ``qbank`` command line: thin wrappers that parse arguments and call the services."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from qbank.cli import export, jobs, tagging
from qbank.cli.common import Ctx, _actor, _echo_json, pass_ctx
from qbank.domain.actor import SYSTEM
from qbank.domain.clock import format_local, from_local
from qbank.domain.errors import QBankError
from qbank.runtime import Runtime


def _plural(n: int, word: str) -> str:
    """"1 question", "2 questions"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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


_AS_ADMIN = click.option("--as", "as_user", help="Act as this administrator (default: the local operator).")


@consortium.command("add")
@click.argument("name")
@click.option("--member", "members", multiple=True, help="A department to invite (repeatable); its admin must accept.")
@_AS_ADMIN
@pass_ctx
def consortium_add(ctx: Ctx, name: str, members: tuple[str, ...], as_user: str | None) -> None:
    """Create a consortium (the acting admin's department joins; others are invited)."""
    from qbank.services.consortia import create_consortium

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        cid = create_consortium(uow, actor, name, list(members))
    click.echo(f"consortium {cid}: {name}" + (f"; invited {', '.join(members)}" if members else ""))


@consortium.command("invite")
@click.argument("consortium_name")
@click.argument("department_name")
@_AS_ADMIN
@pass_ctx
def consortium_invite(ctx: Ctx, consortium_name: str, department_name: str, as_user: str | None) -> None:
    """Invite a department into a consortium; it joins when its admin accepts."""
    from qbank.services.consortia import invite_department

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        inv = invite_department(uow, actor, consortium_name, department_name)
    click.echo(f"invitation {inv}: {department_name} invited to {consortium_name}")


@consortium.command("invitations")
@_AS_ADMIN
@pass_ctx
def consortium_invitations(ctx: Ctx, as_user: str | None) -> None:
    """Pending invitations (to the acting admin's department)."""
    from qbank.services.consortia import list_invitations

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        for inv in list_invitations(uow, actor):
            click.echo(f"{inv.id:>4}  {inv.department} → {inv.consortium}")


@consortium.command("accept")
@click.argument("invitation_id", type=int)
@click.option("--decline", is_flag=True, help="Decline instead of accepting.")
@_AS_ADMIN
@pass_ctx
def consortium_accept(ctx: Ctx, invitation_id: int, decline: bool, as_user: str | None) -> None:
    """Accept (or --decline) an invitation: the invited department's admin answers."""
    from qbank.services.consortia import accept_invitation, decline_invitation

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        (decline_invitation if decline else accept_invitation)(uow, actor, invitation_id)
    click.echo(f"invitation {invitation_id} {'declined' if decline else 'accepted'}")


@consortium.command("leave")
@click.argument("consortium_name")
@click.argument("department_name", required=False)
@_AS_ADMIN
@pass_ctx
def consortium_leave(ctx: Ctx, consortium_name: str, department_name: str | None, as_user: str | None) -> None:
    """Take a department (default: the acting admin's) out of a consortium."""
    from qbank.services.consortia import leave_consortium

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        leave_consortium(uow, actor, consortium_name, department_name)
    click.echo(f"left {consortium_name}")


@consortium.command("share-pool")
@click.argument("consortium_name")
@click.argument("department_name", required=False)
@click.option("--stop", is_flag=True, help="Stop sharing.")
@_AS_ADMIN
@pass_ctx
def consortium_share_pool(ctx: Ctx, consortium_name: str, department_name: str | None, stop: bool, as_user: str | None) -> None:
    """Let the consortium's exam boards see the department's reserved exam pool (or --stop)."""
    from qbank.services.consortia import share_reserved_pool

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        share_reserved_pool(uow, actor, consortium_name, not stop, department_name)
    click.echo(("stopped sharing" if stop else "sharing") + f" the reserved pool with {consortium_name}")


@consortium.command("list")
@pass_ctx
def consortium_list(ctx: Ctx) -> None:
    """Consortia, their members, pending invitations and shared reserved pools."""
    from qbank.services.consortia import list_consortia

    with ctx.rt.uow() as uow:
        for c in list_consortia(uow):
            click.echo(f"{c.id:>4}  {c.name}: {', '.join(c.members) or '-'}"
                       + (f"; invited {', '.join(c.pending)}" if c.pending else "")
                       + (f"; reserved pool shared by {', '.join(c.pool_shared_by)}" if c.pool_shared_by else ""))


# -- users --------------------------------------------------------------------------------
@cli.group()
def user() -> None:
    """User accounts."""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["contributor", "teacher", "exam_board", "admin"]))
@click.option("--department", required=True, help="Department name or id.")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="8-128 characters; common, breached and username-derived ones are refused.")
@pass_ctx
def user_add(ctx: Ctx, username: str, role: str, department: str, display_name: str, password: str) -> None:
    """Add a user."""
    from qbank.services.users import create_user

    with ctx.rt.uow() as uow:
        info = create_user(uow, SYSTEM, username, password, role, department, display_name)
    click.echo(f"user {info.id}: {info.username} ({info.role}, {info.department})")


@user.command("deactivate")
@click.argument("username")
@pass_ctx
def user_deactivate(ctx: Ctx, username: str) -> None:
    """Deactivate an account: it cannot log in, every session and API token ends."""
    from qbank.services.accounts import set_user_active

    with ctx.rt.uow() as uow:
        info = set_user_active(uow, SYSTEM, username, False)
    click.echo(f"user {info.id}: {info.username} deactivated; its sessions and tokens have ended")


@user.command("activate")
@click.argument("username")
@pass_ctx
def user_activate(ctx: Ctx, username: str) -> None:
    """Let a deactivated account log in again (its old tokens stay revoked)."""
    from qbank.services.accounts import set_user_active

    with ctx.rt.uow() as uow:
        info = set_user_active(uow, SYSTEM, username, True)
    click.echo(f"user {info.id}: {info.username} active")


@user.command("password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="8-128 characters; common, breached and username-derived ones are refused.")
@pass_ctx
def user_password(ctx: Ctx, username: str, password: str) -> None:
    """Set an account's password; every session of the account ends."""
    from qbank.services.accounts import set_password

    with ctx.rt.uow() as uow:
        set_password(uow, SYSTEM, username, password)
    click.echo(f"{username}: password set; its sessions have ended")


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
def _import_formats_help(fn):  # noqa: ANN001, ANN202 - a click callback
    """Put the import registry's list (format, extensions, question types) into ``qbank import --help``."""
    from importers.base import formats

    lines = [f"{f.label} ({', '.join(f.extensions)}): {', '.join(f.types)}" for f in formats()]
    fn.__doc__ = (fn.__doc__ or "").replace("{formats}", "\n    ".join(lines))
    return fn


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--department", help="Department to import into (required unless --dry-run).")
@click.option("--subject", help="Subject tag for every question (overrides the file).")
@click.option("--grade", type=click.IntRange(1, 12), help="Grade tag for every question.")
@click.option("--school-year", help="Folder or .zip: school year tag (2019-2020) for every question.")
@click.option("--exam", help="Folder or .zip: source exam tag (HSG, TN THPT) for every question.")
@click.option("--no-name-tags", is_flag=True, help="Folder or .zip: do not take tags from folder and file names.")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Folder or .zip: worker processes to start [default: QBANK_WORKERS]; 0 leaves the batch to running `qbank worker`s.")
@click.option("--no-wait", is_flag=True, help="Folder or .zip: queue the batch and return.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Folder or .zip: write the batch's report (.xlsx: every file, its outcome and messages).")
@click.option("--approve", is_flag=True, help="Mark questions with a complete answer as approved.")
@click.option("--visibility", type=click.Choice(["department", "consortium", "public"]), default="department")
@click.option("--dry-run", is_flag=True, help="Parse and report; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (meta, questions with confidence and doubts, messages).")
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The paper's answer key in a file of its own (.docx or .xlsx), matched by question number and mã đề.")
@pass_ctx
@_import_formats_help
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
    school_year: str | None = None,
    exam: str | None = None,
    no_name_tags: bool = False,
    workers: int | None = None,
    no_wait: bool = False,
    report_path: Path | None = None,
) -> None:
    """Import question files, or folders and .zip archives of them: the content picks the reader.

    A folder or .zip is one batch: nested folders are read, files that are not question sets are
    listed as skipped, folder and file names suggest tags, and each file is imported by its own job
    (worker processes started for the purpose unless --workers 0), with a progress bar.

    \b
    Formats read, whatever the extension says:
    {formats}
    """
    from qbank.services.archive import is_bulk_upload
    from qbank.services.imports import import_file, read_upload

    bulk = [p for p in paths if p.is_dir() or (p.is_file() and is_bulk_upload(p.name, p.read_bytes()))]
    if bulk:
        from qbank.cli.jobs import bulk_import

        if len(paths) != 1:
            raise click.UsageError("give one folder or .zip at a time")
        if key_path is not None:
            raise click.UsageError("--key goes with one paper, not a folder or .zip")
        if not dry_run and not department:
            raise click.UsageError("--department is required to store questions (or use --dry-run)")
        workers = ctx.fresh().settings.workers if workers is None else workers
        ok = bulk_import(ctx, bulk[0], department=department, tags={"subject": subject, "grade": grade, "school_year": school_year,
                                                                   "exam": exam},
                         name_tags=not no_name_tags, approve=approve, visibility=visibility, dry_run=dry_run, as_json=as_json,
                         workers=workers, wait=not no_wait, report=report_path)
        if not ok:
            sys.exit(1)
        return

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
                from qbank.cli.tagging import suggestions_for_dry_run

                data = result.to_json()
                suggestions_for_dry_run(ctx, result, data)
                outputs.append(data)
            else:
                warnings = sum(1 for m in result.messages if m.level != "info")
                click.echo(f"{path.name}: {_plural(len(result.questions), 'question')}, {_plural(warnings, 'warning')} "
                           "(dry run, nothing stored)")
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
            c = summary.counts()
            click.echo(
                f"{path.name}: {_plural(len(summary.created), 'question')} stored in set {summary.question_set_id} "
                f"({c.get('similar', 0)} likely near-duplicates among them), {c.get('existing', 0)} already in the bank "
                f"and {c.get('repeats', 0)} repeated in the file not stored again, {summary.drafts} drafts needing an answer"
            )
            for d in summary.duplicates:
                if d.exact and summary.plan and d.index in summary.plan.existing:
                    click.echo(f"  question {d.index + 1} is already in the bank as #{d.existing_id}: not stored")
                elif d.exact:
                    click.echo(f"  question {d.index + 1} is the same as #{d.existing_id} of another department; stored")
                else:
                    click.echo(f"  question {d.index + 1} looks like #{d.existing_id} (similarity {d.similarity:.2f}); stored, check it")
            for i, j in sorted((summary.plan.repeats if summary.plan else {}).items()):
                click.echo(f"  question {i + 1} repeats question {j + 1} of the file: stored once")
            for m in result.messages:
                click.echo(f"  {m.level}: {m.where}: {m.text}")
    if as_json:
        _echo_json(outputs[0] if len(outputs) == 1 else outputs)
    if failed:
        sys.exit(1)


@cli.command("approve")
@click.option("--department", required=True, help="Department whose drafts to approve.")
@click.option("--subject", help="Only this subject.")
@click.option("--grade", type=click.IntRange(1, 12), help="Only this grade.")
@click.option("--topic", help="Only this topic.")
@click.option("--level", help="Only this level (Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao).")
@click.option("--set", "question_set_id", type=int, help="Only the questions of this imported file (question set id).")
@click.option("--yes", is_flag=True, help="Approve without asking.")
@pass_ctx
def approve(ctx: Ctx, department: str, subject: str | None, grade: int | None, topic: str | None, level: str | None,
            question_set_id: int | None, yes: bool) -> None:
    """Approve in bulk every draft that matches, after one confirmation (audited); drafts without a usable answer stay."""
    from qbank.services.orgs import find_department
    from qbank.services.review import approve_drafts, select_drafts

    filters = {"subject": subject, "grade": grade, "topic": topic, "level": level, "question_set_id": question_set_id}
    with ctx.rt.uow() as uow:
        dept_id = find_department(uow, department).id
        selection = select_drafts(uow, SYSTEM, filters, department_id=dept_id)
    click.echo(f"{_plural(selection.total, 'draft')} match: {len(selection.ready)} ready to approve, "
               f"{len(selection.not_ready)} without a usable answer (they stay drafts)")
    if not selection.ready:
        return
    if not yes and not click.confirm(f"Approve {_plural(len(selection.ready), 'question')}?"):
        raise click.exceptions.Abort()
    with ctx.rt.uow() as uow:
        done = approve_drafts(uow, SYSTEM, filters, expected=len(selection.ready), department_id=dept_id)
    click.echo(f"approved {_plural(len(done.ready), 'question')}")


# -- search -------------------------------------------------------------------------------
@cli.command()
@click.argument("query", default="")
@click.option("--subject", multiple=True, help="Filter (repeatable).")
@click.option("--grade", multiple=True, type=int, help="Filter (repeatable).")
@click.option("--topic", multiple=True, help="Filter (repeatable).")
@click.option("--level", multiple=True, help="Filter: Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao.")
@click.option("--type", "qtype", multiple=True, type=click.Choice(["mcq", "true_false", "short_answer", "essay"]))
@click.option("--department", multiple=True, help="Filter by department name or id.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "easiest", "hardest", "discrimination"]), default="relevance",
              show_default=True, help="easiest/hardest: by measured Rasch difficulty; discrimination: most discriminating first.")
@click.option("--difficulty-min", type=float, help="Measured Rasch difficulty b (logits) at least.")
@click.option("--difficulty-max", type=float, help="Measured Rasch difficulty b (logits) at most.")
@click.option("--discrimination-min", type=float, help="Measured discrimination (item–rest correlation) at least.")
@click.option("--page", default=1, type=click.IntRange(1, 1000), show_default=True)
@click.option("--per-page", default=10, type=click.IntRange(1, 100), show_default=True)
@click.option("--as", "as_user", help="Search as this user (default: everything shared, all departments).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def search(ctx: Ctx, query: str, subject: tuple[str, ...], grade: tuple[int, ...], topic: tuple[str, ...], level: tuple[str, ...],
           qtype: tuple[str, ...], department: tuple[str, ...], sort: str, difficulty_min: float | None, difficulty_max: float | None,
           discrimination_min: float | None, page: int, per_page: int, as_user: str | None, as_json: bool) -> None:
    """Search the bank in Vietnamese, with or without diacritics ("dao ham", "phương trình" -x, "tích phân"*)."""
    from qbank.domain.render import to_text
    from qbank.services.orgs import find_department
    from qbank.services.search import department_names, search_questions
    from qbank.services.stat_search import SORTS, StatFilter, measured, search_by_statistics

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        filters: dict[str, list[str | int]] = {
            "subject": list(subject), "grade": list(grade), "topic": list(topic), "level": list(level), "type": list(qtype),
            "department_id": [find_department(uow, d).id for d in department],
        }
        stats = StatFilter(difficulty_min, difficulty_max, discrimination_min, None, sort if sort in SORTS else None)
        if stats.active:
            result = search_by_statistics(uow, actor, query, stats, filters={k: v for k, v in filters.items() if v}, page=page,
                                          per_page=per_page)
        else:
            result = search_questions(uow, actor, query, filters={k: v for k, v in filters.items() if v}, sort=sort, page=page,
                                      per_page=per_page)
        measures = measured(uow, [h.id for h in result.hits])
        names = department_names(uow)
    if as_json:
        _echo_json({
            "query": result.query, "total": result.total, "page": result.page, "pages": result.pages, "timed_out": result.timed_out,
            "hits": [{"id": h.id, "type": h.question.type, "department": h.department, "status": h.status,
                      "tags": h.question.tags.to_json(), "stem": to_text(h.question.stem), "snippet": result.snippets.get(h.id),
                      "rasch_b": measures.get(h.id, (None, None))[0], "discrimination": measures.get(h.id, (None, None))[1]}
                     for h in result.hits],
            "facets": {k: ({names.get(int(v), v): n for v, n in c.items()} if k == "department_id" else c)
                       for k, c in result.facets.items()},
        })
        return
    click.echo(f"{_plural(result.total, 'question')} (page {result.page}/{result.pages})" + (" — time limit reached" if result.timed_out else ""))
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
    click.echo(f"indexed {_plural(done, 'question')} ({rt.settings.search_backend})")


# -- exams ----------------------------------------------------------------------------------
@cli.group()
def exam() -> None:
    """Exams: build from a blueprint (ma trận đề), list, release, export."""


def _parse_when(value: str | None) -> datetime | None:
    """ISO time (a time without a zone is in QBANK_TIMEZONE), or ``+Nd``/``+Nh`` from now."""
    if not value:
        return None
    relative = re.fullmatch(r"\+(\d{1,4})([dh])", value.strip())
    if relative:
        n = int(relative.group(1))
        return datetime.now(UTC) + (timedelta(days=n) if relative.group(2) == "d" else timedelta(hours=n))
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO format, e.g. 2027-06-26T07:30+07:00, or +30d") from None
    return from_local(dt, _zone())


def _zone():  # noqa: ANN202 - a tzinfo
    """QBANK_TIMEZONE (read without opening the database, so parsing never needs it)."""
    from qbank.config import load_settings

    return load_settings().zone


def _local(dt: datetime | None) -> str:
    return format_local(dt, _zone()) if dt else "-"


@exam.command("build")
@click.option("--blueprint", "blueprint_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Blueprint: .yaml, .json or an Excel ma trận sheet.")
@click.option("--versions", default=4, show_default=True, type=click.IntRange(1, 24), help="Number of versions (mã đề).")
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same exam.")
@click.option("--title", help="Exam title (default: the blueprint's).")
@click.option("--release-at", help="When the exam stops being confidential: ISO time, or +Nd for N days from now "
              "(e.g. +30d); default: until released.")
@click.option("--allow-past", is_flag=True, help="Accept a --release-at in the past (the exam is released at once).")
@click.option("--department", help="Department the exam belongs to (default: the one the blueprint names); "
              "its recent exams set the exposure window.")
@click.option("--public", is_flag=True, help="Not confidential: drawn from the questions others see, not the reserved pool.")
@click.option("--release-policy", default="reserved", show_default=True,
              type=click.Choice(["reserved", "department", "consortium", "public"]),
              help="What the exam's reserved questions become once it is released.")
@click.option("--as", "as_user", help="Build as this exam board user (default: the local operator).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def exam_build(ctx: Ctx, blueprint_path: Path, versions: int, seed: int, title: str | None, release_at: str | None,
               allow_past: bool, department: str | None, public: bool, release_policy: str, as_user: str | None,
               as_json: bool) -> None:
    """Assemble an exam from a blueprint and shuffle its versions (confidential: from the reserved pool)."""
    from qbank.services.exams import build_exam, parse_blueprint_file

    when = _parse_when(release_at)
    if when is not None and when <= datetime.now(UTC) and not allow_past:
        raise click.BadParameter(f"{release_at} is in the past: the exam would be released at once "
                                 "(add --allow-past if that is what you want)", param_hint="--release-at")
    blueprint = parse_blueprint_file(blueprint_path)
    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        info = build_exam(uow, actor, blueprint, versions=versions, seed=seed, title=title, release_at=when,
                          confidential=not public, department=department, release_policy=release_policy)
    if as_json:
        _echo_json(info.__dict__)
        return
    click.echo(f"exam {info.id}: {info.title}: {_plural(info.question_count, 'question')}, versions {', '.join(info.version_codes)}"
               + (f" (confidential until {_local(info.release_at)})" if info.embargoed and info.release_at else
                  " (confidential until released)" if info.embargoed else ""))


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
        flag = (f"confidential until {_local(i.release_at)}" if i.release_at else "confidential") if i.embargoed else \
            "released" if i.confidential else i.kind
        click.echo(f"{i.id:>4}  {i.title:<40} {i.question_count:>3} câu  mã đề {','.join(i.version_codes):<16} {flag}")


@exam.command("release")
@click.argument("exam_id", type=int)
@click.option("--at", "at", help="Release time (ISO); default now.")
@pass_ctx
def exam_release(ctx: Ctx, exam_id: int, at: str | None) -> None:
    """Release an exam: its reserved questions take the exam's release policy."""
    from qbank.services.exams import release_exam

    with ctx.rt.uow() as uow:
        info = release_exam(uow, SYSTEM, exam_id, _parse_when(at))
    click.echo(f"exam {info.id} released at {_local(info.release_at)}")


@exam.command("release-due")
@pass_ctx
def exam_release_due(ctx: Ctx) -> None:
    """Apply every release whose time has passed (the web app also does it; run from cron if not)."""
    from qbank.services.exams import apply_due_releases

    with ctx.rt.uow() as uow:
        n = apply_due_releases(uow)
    click.echo(f"{n} exams released")


@exam.command("delete")
@click.argument("exam_id", type=int)
@pass_ctx
def exam_delete(ctx: Ctx, exam_id: int) -> None:
    """Delete an unreleased exam (kept in the audit log)."""
    from qbank.services.exams import delete_exam

    with ctx.rt.uow() as uow:
        delete_exam(uow, SYSTEM, exam_id)
    click.echo(f"exam {exam_id} deleted")


@exam.command("export")
@click.argument("exam_id", type=int)
@click.option("--format", "fmt", required=True,
              type=click.Choice(["docx", "guide", "pdf", "xlsx", "zip", "moodle-xml", "gift", "aiken", "qti21", "qti30"]),
              help="docx, pdf: papers; guide: marking guide; xlsx: answer keys; zip: everything; moodle-xml, gift, aiken, qti21, qti30: for an LMS.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@pass_ctx
def exam_export(ctx: Ctx, exam_id: int, fmt: str, out_dir: Path) -> None:
    """Export papers (docx, pdf), the marking guide (guide), answer keys (xlsx), everything (zip), or the
    questions for an LMS (moodle-xml, gift, aiken, qti21, qti30)."""
    from qbank.services.exams import export_exam_files

    with ctx.rt.uow() as uow:
        paths = export_exam_files(uow, SYSTEM, exam_id, fmt, out_dir)
    for p in paths:
        click.echo(str(p))


@exam.group("results")
def exam_results() -> None:
    """Candidates' results: import answer sheets, export scores."""


@exam_results.command("import")
@click.argument("exam_id", type=int)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--skip-bad-rows", is_flag=True, help="Store the rows that are right and leave out those with problems.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def exam_results_import(ctx: Ctx, exam_id: int, path: Path, skip_bad_rows: bool, as_json: bool) -> None:
    """Import results (.xlsx/.csv: SBD, mã đề, one column per question or one answer string), score
    them and compute the item statistics. A file with a wrong row stores nothing unless --skip-bad-rows."""
    from qbank.services.results import import_results

    data = path.read_bytes()
    with ctx.rt.uow() as uow:
        report = import_results(uow, SYSTEM, exam_id, path.name, data, skip_bad_rows=skip_bad_rows)
    if as_json:
        _echo_json({**report.__dict__, "needs_confirmation": report.needs_confirmation})
    else:
        for p in report.problems:
            click.echo(p, err=True)
        if report.problem_count > len(report.problems):
            click.echo(f"… and {report.problem_count - len(report.problems)} more problems", err=True)
    if report.needs_confirmation:
        raise click.ClickException(
            f"{report.bad_rows} of {report.rows} rows have problems: nothing stored "
            "(fix the file, or run again with --skip-bad-rows to store the other rows)"
        )
    if not as_json:
        skipped = f", {report.bad_rows} rows with problems left out" if report.skipped else ""
        click.echo(f"exam {exam_id}: {report.stored} candidates stored and scored{skipped}")


@exam_results.command("export")
@click.argument("exam_id", type=int)
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx to write.")
@pass_ctx
def exam_results_export(ctx: Ctx, exam_id: int, out_path: Path) -> None:
    """Write candidates' scores, the item statistics and the summary to an .xlsx."""
    from qbank.services.results import export_results_xlsx

    with ctx.rt.uow() as uow:
        data = export_results_xlsx(uow, SYSTEM, exam_id)
    out_path.write_bytes(data)
    click.echo(str(out_path))


@exam.command("stats")
@click.argument("exam_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def exam_stats(ctx: Ctx, exam_id: int, as_json: bool) -> None:
    """Statistics of an administered exam: n, mean, SD, α, SEM, and per question facility,
    discrimination, Rasch difficulty and flags (flagged questions first)."""
    from qbank.services.results import exam_statistics

    with ctx.rt.uow() as uow:
        stats = exam_statistics(uow, SYSTEM, exam_id)
    if as_json:
        _echo_json(stats)
        return
    e = stats["exam"]
    fmt = lambda x, d=3: "–" if x is None else f"{x:.{d}f}"  # noqa: E731
    click.echo(f"exam {e['id']}: n={e['n']} mean={fmt(e['mean'], 2)} sd={fmt(e['sd'], 2)} alpha={fmt(e['alpha'])} sem={fmt(e['sem'], 2)}")
    click.echo(f"{'câu':<7}{'id':>7} {'p':>6} {'r':>6} {'b':>7} {'se':>6}  flags")
    for it in stats["items"]:
        click.echo(f"{it['label']:<7}{it['question_id']:>7} {fmt(it['facility']):>6} {fmt(it['discrimination']):>6} "
                   f"{fmt(it['rasch_b'], 2):>7} {fmt(it['rasch_se'], 2):>6}  {', '.join(it['flags'])}")


# -- serving ------------------------------------------------------------------------------
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--server", type=click.Choice(["auto", "gunicorn", "waitress"]), default="auto", show_default=True,
              help="gunicorn: several worker processes (Linux, macOS); waitress: one process (Windows, laptops); auto: gunicorn where it runs.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="gunicorn worker processes [default: 2 × cores].")
@click.option("--threads", default=None, type=click.IntRange(1, 64),
              help="Threads per process [default: 1 with gunicorn (sync workers; more: gthread), 8 with waitress].")
@pass_ctx
def serve(ctx: Ctx, host: str, port: int, server: str, workers: int | None, threads: int | None) -> None:
    """Serve the web app and API: gunicorn worker processes, or embedded waitress."""
    _serve(ctx.rt, host, port, threads, server=server, workers=workers)


def _serve(rt: Runtime, host: str, port: int, threads: int | None, *, server: str = "auto", workers: int | None = None) -> None:
    from qbank import serving
    from qbank.cli.jobs import workers_beside_server

    workers_beside_server(rt.settings)  # bulk imports run beside the web server: nothing else to start
    try:
        chosen = serving.choose_server(server)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    if chosen == "gunicorn":
        n = workers or serving.default_workers()
        click.echo(f"QBank serving on http://{host}:{port} with gunicorn, {n} workers  (Ctrl+C stops)")
        rt.dispose()  # the workers open their own connections
        serving.serve_gunicorn(rt.settings, host, port, n, threads or 1)
        return
    from qbank.app import create_app

    app = create_app(runtime=rt)
    from officeconv import warm_in_background

    warm_in_background()  # LibreOffice starts now, not with the first PDF or .doc someone asks for
    click.echo(f"QBank serving on http://{host}:{port} with waitress  (Ctrl+C stops)")
    serving.serve_waitress(app, host, port, threads or 8)


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
        _serve(rt, host, port, None)


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


# The commands kept in their own modules, registered here: the one place that lists them all.
for _command in (export.export, tagging.tags, tagging.taxonomy, jobs.worker):
    cli.add_command(_command)

if __name__ == "__main__":
    main()
