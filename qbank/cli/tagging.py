"""`qbank tags` and `qbank taxonomy`: tag suggestions, bulk acceptance, the curriculum taxonomy and topic mapping."""

from __future__ import annotations

from typing import Any

import click

from qbank.cli.common import Ctx, _actor, _echo_json, pass_ctx
from qbank.domain.actor import Actor
from qbank.domain.errors import QBankError


def suggestions_for_dry_run(ctx: Ctx, result: Any, data: dict[str, Any]) -> None:
    """Add ``suggestions`` (and the taxonomy's topic name) to each question of a ``--dry-run --json`` report.

    Learnt from the local bank when an initialised instance is at hand, else from the taxonomy's
    keywords; a dry run never writes anything.
    """
    from qbank.domain.actor import SYSTEM
    from qbank.domain.taxonomy import load_taxonomy
    from qbank.services.tag_model import TagSuggester
    from qbank.services.tagging import current_suggester, suggest_for, suggestions_json

    rt = ctx.fresh()
    if rt.schema_is_current():
        with rt.uow() as uow:
            suggestions = suggest_for(current_suggester(uow, SYSTEM, wait=True), result.questions)
    else:
        suggestions = suggest_for(TagSuggester(load_taxonomy()), result.questions)
    taxonomy = load_taxonomy()
    for qj, q, sug in zip(data["questions"], result.questions, suggestions, strict=True):
        qj["suggestions"] = suggestions_json(sug)
        if q.tags.topic:
            qj["taxonomy_topic"] = taxonomy.canonical_topic(q.tags.subject or result.meta.get("subject"), q.tags.grade, q.tags.topic)


@click.group()
def tags() -> None:
    """Questions that lack tags, their suggestions, and accepting them in bulk."""


@tags.command("pending")
@click.option("--subject", help="Only this subject.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--as", "as_user", help="As this user (their department's questions).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def tags_pending(ctx: Ctx, subject: str | None, limit: int, as_user: str | None, as_json: bool) -> None:
    """Questions without a topic or level, with suggested tags."""
    from qbank.domain.render import to_text
    from qbank.services.tagging import needs_tags, suggestions_json

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        total, items = needs_tags(uow, actor, subject=subject, limit=limit)
    if as_json:
        _echo_json({"total": total, "questions": [
            {"id": it.question_id, "stem": to_text(it.question.stem), "tags": it.question.tags.to_json(),
             "suggestions": suggestions_json(it.suggestions)} for it in items]})
        return
    click.echo(f"{total} question{'s' if total != 1 else ''} need tags" + (f" (first {len(items)})" if total > len(items) else ""))
    for it in items:
        stem = to_text(it.question.stem)
        click.echo(f"#{it.question_id:<6} {stem[:100]}{'…' if len(stem) > 100 else ''}")
        for f, s in it.suggestions.items():
            if s.source != "paper":
                click.echo(f"        {f}: {s.value} ({s.confidence:.2f}, {s.source})")


@tags.command("accept")
@click.argument("ids", nargs=-1, type=int)
@click.option("--pending", "all_pending", is_flag=True, help="Every question that needs tags (with --subject: of that subject).")
@click.option("--subject", help="With --pending: only this subject.")
@click.option("--threshold", default=0.6, show_default=True, type=click.FloatRange(0.01, 1.0), help="Accept suggestions this sure.")
@click.option("--field", "fields", multiple=True, type=click.Choice(["subject", "grade", "topic", "level"]), help="Only these tags.")
@click.option("--as", "as_user", help="As this user.")
@pass_ctx
def tags_accept(ctx: Ctx, ids: tuple[int, ...], all_pending: bool, subject: str | None, threshold: float, fields: tuple[str, ...],
                as_user: str | None) -> None:
    """Accept the suggestions at or above a confidence threshold (recorded as "suggested")."""
    from qbank.services.tagging import FIELDS, accept_suggestions, needs_tags

    if bool(ids) == all_pending:
        raise click.UsageError("give question ids or --pending (not both)")
    actor = _actor(ctx, as_user)
    if all_pending:
        with ctx.rt.uow() as uow:
            _, items = needs_tags(uow, actor, subject=subject, limit=100_000)
        ids = tuple(it.question_id for it in items)
    with ctx.rt.uow() as uow:
        report = accept_suggestions(uow, actor, list(ids), threshold=threshold, fields=fields or FIELDS)
    click.echo(f"{len(report.retagged)} questions tagged ({', '.join(f'{f}: {n}' for f, n in report.fields.items()) or 'nothing'}); "
               f"{report.below_threshold} suggestions below {threshold:.2f} left for a person")


@tags.command("set")
@click.argument("question_id", type=int)
@click.option("--subject")
@click.option("--grade", type=click.IntRange(1, 12))
@click.option("--topic")
@click.option("--level", type=click.Choice(["Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao"]))
@click.option("--as", "as_user", help="As this user.")
@pass_ctx
def tags_set(ctx: Ctx, question_id: int, subject: str | None, grade: int | None, topic: str | None, level: str | None,
             as_user: str | None) -> None:
    """Set tags by hand (recorded as "manual")."""
    from qbank.services.tagging import set_tags

    given = {k: v for k, v in {"subject": subject, "grade": grade, "topic": topic, "level": level}.items() if v is not None}
    if not given:
        raise click.UsageError("give at least one of --subject, --grade, --topic, --level")
    with ctx.rt.uow() as uow:
        set_tags(uow, _actor(ctx, as_user), question_id, **given)
    click.echo(f"question {question_id}: " + ", ".join(f"{k} = {v}" for k, v in given.items()))


@click.group()
def taxonomy() -> None:
    """The curriculum taxonomy (Chương trình GDPT 2018): subjects, grades, topics and their aliases."""


@taxonomy.command("show")
@click.argument("subject", required=False)
@click.option("--grade", type=click.IntRange(1, 12))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def taxonomy_show(subject: str | None, grade: int | None, as_json: bool) -> None:
    """List the subjects, or one subject's topics in curriculum order."""
    from qbank.domain.taxonomy import load_taxonomy

    tx = load_taxonomy()
    if not subject:
        for s in tx.subjects.values():
            click.echo(f"{s.name} (grades {', '.join(map(str, s.grades()))}; {len(s.topics)} topics; version {s.version})")
        return
    topics = tx.topics(subject, grade)
    if not topics:
        raise QBankError(f"no subject {subject!r} in the taxonomy; `qbank taxonomy show` lists them")
    if as_json:
        _echo_json([{"grade": t.grade, "topic": t.name, "aliases": list(t.aliases), "curriculum": t.curriculum} for t in topics])
        return
    for t in topics:
        extra = f"  (= {'; '.join(t.aliases)})" if t.aliases else ""
        click.echo(f"{t.grade or 'all':>3}  {t.name}{' [CT 2006]' if t.curriculum == '2006' else ''}{extra}")


def _admin_of(ctx: Ctx, department: str | None, as_user: str | None) -> Actor:
    """The operator acting for one department, or a named user."""
    from qbank.domain.enums import Role
    from qbank.services.orgs import find_department

    if as_user:
        return _actor(ctx, as_user)
    if not department:
        raise click.UsageError("give --department (or --as USER)")
    with ctx.rt.uow() as uow:
        dept = find_department(uow, department)
    return Actor(user_id=None, username="system", role=Role.ADMIN, department_id=dept.id)


@taxonomy.command("map")
@click.option("--apply", "do_apply", is_flag=True, help="Rename mappable topics to the taxonomy's names (a new version each).")
@click.option("--as", "as_user", help="As this admin (their department); default: every department.")
@pass_ctx
def taxonomy_map(ctx: Ctx, do_apply: bool, as_user: str | None) -> None:
    """Show how the bank's free-text topics map onto the taxonomy, and which do not map at all."""
    from qbank.services.tagging import apply_topic_mapping, topic_mapping

    actor = _actor(ctx, as_user)
    with ctx.rt.uow() as uow:
        rows = topic_mapping(uow, actor)
    unmapped = [m for m in rows if m.canonical is None]
    for m in rows:
        if m.canonical and m.canonical != m.text:
            click.echo(f"  {m.subject or '-'} {m.grade or ''}: {m.text} → {m.canonical} ({m.questions})")
    for m in unmapped:
        click.echo(f"  {m.subject or '-'} {m.grade or ''}: {m.text} — not in the taxonomy ({m.questions}); "
                   "`qbank taxonomy add-topic` adds it for a department")
    if do_apply:
        with ctx.rt.uow() as uow:
            changed = apply_topic_mapping(uow, actor)
        click.echo(f"{changed} questions renamed to the taxonomy's topics")


@taxonomy.command("add-topic")
@click.argument("subject")
@click.argument("name")
@click.option("--grade", type=click.IntRange(1, 12), help="Grade (default: every grade).")
@click.option("--alias", "aliases", multiple=True, help="Another name for it (repeatable).")
@click.option("--keyword", "keywords", multiple=True, help="A word that points to it (repeatable).")
@click.option("--department", help="The department whose taxonomy this extends.")
@click.option("--as", "as_user", help="As this admin.")
@pass_ctx
def taxonomy_add_topic(ctx: Ctx, subject: str, name: str, grade: int | None, aliases: tuple[str, ...], keywords: tuple[str, ...],
                       department: str | None, as_user: str | None) -> None:
    """Extend a department's taxonomy with a topic of its own."""
    from qbank.services.tagging import add_topic

    actor = _admin_of(ctx, department, as_user)
    with ctx.rt.uow() as uow:
        topic_id = add_topic(uow, actor, subject, grade, name, aliases, keywords)
    click.echo(f"topic {topic_id}: {subject} {grade or ''} {name}")
