"""`qbank export`: what a search selects, as a user may see it, written for an LMS (Moodle XML, GIFT, Aiken, QTI 2.1 or 3.0)."""

from __future__ import annotations

from pathlib import Path

import click

from qbank.cli.common import Ctx, _actor, pass_ctx


@click.command("export")
@click.argument("query", default="")
@click.option("--format", "fmt", required=True, type=click.Choice(["moodle-xml", "gift", "aiken", "qti21", "qti30"]))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--subject", multiple=True, help="Filter (repeatable).")
@click.option("--grade", multiple=True, type=int, help="Filter (repeatable).")
@click.option("--topic", multiple=True, help="Filter (repeatable).")
@click.option("--level", multiple=True, help="Filter (repeatable).")
@click.option("--type", "qtype", multiple=True, type=click.Choice(["mcq", "true_false", "short_answer", "essay"]))
@click.option("--limit", default=5000, show_default=True, type=click.IntRange(1, 5000))
@click.option("--as", "as_user", help="Export as this user (only what they may see).")
@pass_ctx
def export(ctx: Ctx, query: str, fmt: str, out_dir: Path, subject: tuple[str, ...], grade: tuple[int, ...], topic: tuple[str, ...],
           level: tuple[str, ...], qtype: tuple[str, ...], limit: int, as_user: str | None) -> None:
    """Export the questions a search finds ("" for everything) for Moodle and other LMSs."""
    from qbank.services.bank_export import export_search

    filters = {k: list(v) for k, v in {"subject": subject, "grade": grade, "topic": topic, "level": level, "type": qtype}.items() if v}
    with ctx.rt.uow() as uow:
        done = export_search(uow, _actor(ctx, as_user), query, fmt, out_dir, filters=filters, limit=limit)
    for p in done.paths:
        click.echo(f"{p} ({done.questions} questions{', first ' + str(limit) + ' only' if done.truncated else ''})")
    for w in done.warnings:
        click.echo(f"  warning: {w}", err=True)
