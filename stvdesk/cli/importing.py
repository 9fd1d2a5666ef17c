"""`stvdesk import FIL`: citizens, placements, companies or follow-ups from a team's .xlsx or
.csv file (README, "Importing a team's spreadsheet"). Shows the column mapping, a preview and
the dry run's problems; imports all rows in one transaction or none."""

from __future__ import annotations

from pathlib import Path

import click

from stvdesk.cli.options import (
    Options,
    command,
    confirm,
    db_option,
    desk_for_worker,
    dry_run_option,
    fail,
    help_option,
    yes_option,
)


@command("import")
@click.argument("file", metavar="FIL", type=click.Path(path_type=Path))
@click.option(
    "--type",
    "kind_code",
    type=click.Choice(["borgere", "forloeb", "virksomheder", "opfoelgninger"]),
    default=None,
    help="Hvad filen indeholder (standard: gættes ud fra kolonneoverskrifterne).",
)
@click.option(
    "--ark", "sheet", default=None, metavar="ARK", help="Arket i en Excel-fil (standard: det der ligner mest)."
)
@click.option(
    "--kolonne",
    "corrections",
    multiple=True,
    metavar="KOLONNE=FELT",
    help='Ret kolonneopsætningen, fx --kolonne C=cpr --kolonne "Tlf.=Telefon" (FELT tomt: brug ikke '
    "kolonnen). Rettelsen gemmes til næste gang.",
)
@dry_run_option("Kun kontrollen: vis problemerne, importér intet.")
@click.option(
    "--spring-fejl-over",
    "skip_errors",
    is_flag=True,
    help="Importér rækkerne uden fejl og lad rækkerne med fejl ude (de vises).",
)
@click.option(
    "--opret-medarbejdere",
    "create_workers",
    is_flag=True,
    help="Opret de medarbejdere, filen nævner med initialer, som stvdesk ikke kender (i dit team).",
)
@yes_option("Importér uden at spørge, når der ingen fejl er.")
@db_option
@help_option
@click.pass_obj
def import_file(
    options: Options,
    file: Path,
    kind_code: str | None,
    sheet: str | None,
    corrections: tuple[str, ...],
    dry_run: bool,
    skip_errors: bool,
    create_workers: bool,
    assume_yes: bool,
) -> None:
    """Importér borgere, forløb, virksomheder eller opfølgninger fra en .xlsx- eller .csv-fil.

    CSV med ; , eller tabulator, UTF-8 eller Windows-1252; datoer som dd-mm-åååå eller
    dd.mm.åååå; decimalkomma. Først vises kolonneopsætningen, de første rækker og alle
    problemer række for række; der importeres kun, når der ingen fejl er, og så alle rækker
    på én gang. En borger, der allerede findes (samme CPR-nummer), bliver opdateret, ikke
    oprettet igen; en tom celle sletter aldrig noget.
    """
    from stvdesk.db.queries.edits import Editor
    from stvdesk.importing import mapping as mappings
    from stvdesk.importing.check import check_table
    from stvdesk.importing.fields import ImportKind
    from stvdesk.importing.prepare import prepare
    from stvdesk.importing.tabular import ReadError
    from stvdesk.importing.write import ImportFailed, apply_plan, load_lookups

    kind = ImportKind(kind_code) if kind_code else None
    try:
        prepared = prepare(file, kind=kind, sheet=sheet, mapping_file=mappings.default_path())
    except ReadError as exc:
        fail(str(exc))
    if corrections:
        try:
            fixed = mappings.correct(prepared.table.headers, prepared.kind, prepared.mapping, list(corrections))
        except mappings.MappingError as exc:
            fail(str(exc))
        prepared = prepared.with_mapping(fixed)
    desk, worker = desk_for_worker(options)
    today = desk.clock.today()
    if corrections:
        mappings.save(mappings.default_path(), prepared.kind, prepared.table.headers, prepared.mapping, today)

    table = prepared.table
    click.echo(
        f"{table.source}: {prepared.kind.label.lower()}"
        f"{'' if kind else ' (gættet; ret med --type)'}, overskrifter i række {table.header_row}"
        + (
            f", {table.encoding}, skilletegn «{'tab' if table.delimiter == chr(9) else table.delimiter}»"
            if table.encoding
            else ""
        )
    )
    if table.other_sheets:
        click.echo(f"Andre ark i filen: {', '.join(table.other_sheets)} (vælg med --ark).")
    click.echo(f"\nKolonner ({prepared.origin}; ret med --kolonne KOLONNE=FELT):")
    for column, field_label in prepared.column_lines():
        click.echo(f"  {column:<32} → {field_label}")
    header, rows = prepared.preview()
    if rows:
        click.echo("\nDe første rækker:")
        click.echo("  " + " | ".join(header))
        for row in rows:
            click.echo("  " + " | ".join(row))

    lookups = desk.run(lambda s: load_lookups(s, worker.id, today, prepared.kind, create_workers=create_workers))
    plan = check_table(table, prepared.kind, prepared.mapping, lookups)
    click.echo("\n" + plan.summary())
    if plan.errors:
        click.echo("\nFejl (skal rettes i filen):")
        for problem in plan.errors:
            click.echo(f"  {problem.text()}")
    if plan.notices:
        click.echo("\nBemærk:")
        for problem in plan.notices:
            click.echo(f"  {problem.text()}")
    if dry_run:
        click.echo("\nPrøvekørsel: intet er importeret.")
        raise SystemExit(1 if plan.errors else 0)
    if plan.file_errors or (plan.errors and not skip_errors):
        fail(
            "Intet er importeret. Ret fejlene i filen (eller kolonneopsætningen) og kør igen"
            + ("." if plan.file_errors else ", eller brug --spring-fejl-over for at lade rækkerne med fejl ude."),
            code=1,
        )
    if not plan.records:
        fail("Filen har ingen rækker at importere.", code=1)
    left_out = f" ({len(plan.rows_with_errors)} rækker med fejl lades ude)" if plan.errors else ""
    if not assume_yes and not confirm(f"\nImportér {len(plan.records)} rækker{left_out}?"):
        click.echo("Intet er importeret.")
        return

    editor = Editor(worker_id=worker.id, today=today, device="import")
    with click.progressbar(length=len(plan.records), label="Importerer", show_pos=True) as bar:
        last = [0]

        def progress(done: int, _total: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        try:
            result = desk.run(
                lambda s: apply_plan(
                    s, plan, editor, lookups, file_name=file.name, progress=progress, skip_errors=skip_errors
                )
            )
        except ImportFailed as exc:
            fail(str(exc), code=1)
    click.echo(result.summary(prepared.kind))
