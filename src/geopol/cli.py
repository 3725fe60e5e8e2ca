"""The command line: a thin face over the core. Only this module prints or exits."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from geopol import views
from geopol.errors import GeopolError
from geopol.records import Skipped
from geopol.store import DuckDBStore, RelationFilter, default_db_path, open_store

app = typer.Typer(
    name="geopol",
    help="Turn texts about international politics into cited events, relations and networks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB store (default: $GEOPOL_DB or ./geopol.duckdb)."),
]


def fail(error: GeopolError | str, code: int = 1) -> NoReturn:
    err_console.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def reading(db: Path | None) -> Iterator[DuckDBStore]:
    """Open the store read-only for a query command, turning errors into one clear line."""
    try:
        store = open_store(db, read_only=True)
    except GeopolError as exc:
        fail(exc)
    try:
        yield store
    finally:
        store.close()


def _print_jsonl(rows: Any) -> None:
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _print_csv(header: list[str], rows: Any) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(header)
    writer.writerows(rows)


def _short(text: str, width: int = 90) -> str:
    """A one-line excerpt for display, escaped so rich prints brackets as text, not markup."""
    text = " ".join(text.split())
    return escape(text if len(text) <= width else text[: width - 1] + "…")


# --------------------------------------------------------------------------- ingest
@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    db: DbOption = None,
    date: Annotated[
        str | None, typer.Option(help="Document date YYYY-MM-DD for files that state none.")
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option(help="Glob of files to read in folders.")
    ] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of files to leave out.")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Run on a local Dask cluster of N worker processes.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Run on an existing Dask cluster (scheduler address).")
    ] = None,
    parquet_dir: Annotated[
        Path | None, typer.Option(help="With Dask: keep the partitioned Parquet output here.")
    ] = None,
    embed: Annotated[
        bool | None,
        typer.Option(
            "--embed/--no-embed",
            help="Embed the new sentences for `geopol ask` at the end (default: yes, except "
            "with --workers/--scheduler, where one process embedding a large corpus would "
            "take longer than the ingest; `geopol serve` embeds them in the background).",
        ),
    ] = None,
) -> None:
    """Read files or folders, extract actors, events and relations, and store them."""
    from geopol.pipeline import ingest_paths

    if date is not None:
        _check_date(date)
    if workers is not None and workers < 1:
        fail(f"--workers {workers}: expected 1 or more")
    try:
        store = open_store(db)
    except GeopolError as exc:
        fail(exc)
    distributed = workers is not None or scheduler is not None
    no_embed = not embed if embed is not None else distributed
    if distributed:
        _ingest_distributed(
            paths, store, db, date, include, exclude, workers, scheduler, parquet_dir, no_embed
        )
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        console=err_console,
        transient=True,
    )
    failures: list[Skipped] = []
    with progress:
        task = progress.add_task("ingest", total=None, last="")

        def advance(result: Any) -> None:
            name = result.source if isinstance(result, Skipped) else result.document.source
            if isinstance(result, Skipped):
                failures.append(result)
                err_console.print(
                    f"[yellow]skipped[/yellow] {escape(result.line())}", highlight=False
                )
            progress.update(task, advance=1, last=_short(name, 40))

        try:
            summary = ingest_paths(
                paths, store, date=date, include=include or (), exclude=exclude or (),
                on_result=advance,
            )  # fmt: skip
        except BaseException:
            store.close()
            raise
        stored = len(store.documents())
    try:
        if not no_embed:  # after the ingest bar: rich shows one live display at a time
            _embed_sentences(store)
    finally:
        store.close()
    _print_ingest_summary(summary, stored, db)


def _embed_sentences(store: DuckDBStore) -> None:
    """Embed the sentences `geopol ask` has no vectors for yet (when dense retrieval is on),
    so the first question does not wait for them. A failure leaves ask on BM25 alone."""
    from geopol.ask.index import dense_wanted, embed_store

    if not dense_wanted():
        return
    with Progress(
        SpinnerColumn(), TextColumn("[bold]embed[/bold]"), BarColumn(), MofNCompleteColumn(),
        console=err_console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("embed", total=None)
        try:
            embed_store(
                store, lambda done, total: progress.update(task, completed=done, total=total)
            )
        except GeopolError as exc:
            err_console.print(f"[yellow]not embedded[/yellow] {escape(str(exc))}", highlight=False)


def _ingest_distributed(
    paths: list[Path],
    store: DuckDBStore,
    db: Path | None,
    date: str | None,
    include: list[str] | None,
    exclude: list[str] | None,
    workers: int | None,
    scheduler: str | None,
    parquet_dir: Path | None,
    no_embed: bool = False,
) -> None:
    from geopol.scale import ingest_distributed

    where = scheduler or f"a local Dask cluster of {workers} workers"
    err_console.print(f"ingesting on {where}", highlight=False)
    with Progress(
        SpinnerColumn(), TextColumn("[bold]partitions[/bold]"), MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"), console=err_console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("parts", total=None, last="")

        def advance(part: Any) -> None:
            for item in part.failed:
                err_console.print(
                    f"[yellow]skipped[/yellow] {escape(item.line())}", highlight=False
                )
            progress.update(task, advance=1, last=f"{part.name}: {part.documents} documents")

        try:
            summary = ingest_distributed(
                paths, store, workers=workers, scheduler=scheduler, date=date,
                include=include or (), exclude=exclude or (), parquet_dir=parquet_dir,
                on_partition=advance,
            )  # fmt: skip
        except BaseException:
            store.close()
            raise
        stored = len(store.documents())
    try:
        if not no_embed:
            _embed_sentences(store)
    finally:
        store.close()
    _print_ingest_summary(summary, stored, db)


def _check_date(value: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--date {value!r}: expected YYYY-MM-DD")


def _print_ingest_summary(summary: Any, stored: int, db: Path | None) -> None:
    table = Table(title="geopol ingest", show_header=False, title_justify="left")
    table.add_row("ingested", str(summary.ingested))
    table.add_row("skipped as duplicate", str(summary.duplicates))
    table.add_row("failed", str(len(summary.failed)))
    table.add_row(
        "sentences / events / relations",
        f"{summary.sentences} / {summary.events} / {summary.relations}",
    )
    table.add_row("documents in store", escape(f"{stored} ({db or default_db_path()})"))
    table.add_row("time", f"{summary.seconds:.1f} s")
    console.print(table)
    for item in summary.failed:
        console.print(f"  [red]failed[/red] {escape(item.line())}", highlight=False)


# --------------------------------------------------------------------------- clean
@app.command()
def clean(
    file: Annotated[Path, typer.Argument(help="A file to read and clean.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON with the offset map.")
    ] = False,
) -> None:
    """Print the text the engine reads from FILE (and the map back to the original)."""
    from geopol.clean import clean_document, clean_report
    from geopol.ingest import read_file

    shown = 0
    for item in read_file(file):
        if isinstance(item, Skipped):
            err_console.print(f"[red]error:[/red] {escape(item.line())}", highlight=False)
            continue
        doc = clean_document(item)
        shown += 1
        if as_json:
            print(json.dumps(clean_report(doc), ensure_ascii=False))
        else:
            print(doc.clean_text)
    if shown == 0:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- relations
@app.command()
def relations(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or table.")] = "table",
    actor: Annotated[str | None, typer.Option(help="Only relations of this actor id.")] = None,
    relation: Annotated[str | None, typer.Option("--type", help="Only this relation type.")] = None,
    polarity: Annotated[
        str | None, typer.Option(help="cooperative, conflictual or neutral.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Dated on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Dated on or before (YYYY[-MM[-DD]]).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
) -> None:
    """List the relations found, each with the exact evidence from the original text."""
    _check_format(fmt, ("jsonl", "csv", "table"))
    flt = RelationFilter(
        actor=actor, relation=relation, polarity=polarity, since=since, until=until, limit=limit
    )
    with reading(db) as store:
        rels = store.relations(flt)
        sources = _source_cache(store)
        if fmt == "jsonl":
            _print_jsonl(views.relation_json(r, store.actor, sources) for r in rels)
        elif fmt == "csv":
            _print_csv(
                views.RELATION_CSV_COLUMNS,
                (views.relation_csv_row(r, store.actor, sources) for r in rels),
            )
        else:
            table = Table(title=f"{len(rels)} relations")
            for col in ("source", "relation", "target", "modality", "date", "doc", "evidence"):
                table.add_column(col, overflow="fold")
            for r in rels:
                table.add_row(
                    r.source, r.relation, r.target, r.modality,
                    r.date.value if r.date and r.date.value else "–",
                    escape(sources(r.doc_id) or r.doc_id), _short(r.evidence.text, 70),
                )  # fmt: skip
            console.print(table)


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        fail(f"--format {fmt!r}: expected one of {', '.join(allowed)}")


def _source_cache(store: DuckDBStore) -> views.SourceLookup:
    cache: dict[str, str | None] = {}

    def lookup(doc_id: str) -> str | None:
        if doc_id not in cache:
            cache[doc_id] = store.source_of(doc_id)
        return cache[doc_id]

    return lookup


# --------------------------------------------------------------------------- actors
@app.command()
def actors(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="json or table.")] = "table",
) -> None:
    """List the actors found, with type, country, mention and document counts."""
    _check_format(fmt, ("json", "table"))
    with reading(db) as store:
        stats = store.actors()
    if fmt == "json":
        rows = [
            {
                **s.actor.to_ref(),
                "cameo": s.actor.cameo,
                "mentions": s.mentions,
                "documents": s.documents,
            }
            for s in stats
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(stats)} actors")
    for col in ("id", "name", "type", "country", "mentions", "documents"):
        table.add_column(col)
    for s in stats:
        a = s.actor
        table.add_row(
            a.id, escape(a.name), a.type, a.country or "–", str(s.mentions), str(s.documents)
        )
    console.print(table)


@app.command()
def actor(
    actor_id: Annotated[str, typer.Argument(help="Actor id, e.g. TUR, NATO, PKK.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one actor: names, roles and where it is mentioned."""
    from geopol import actors as actor_stage

    with reading(db) as store:
        stored = store.actor(actor_id)
        mentions = store.mentions(actor_id=actor_id)
        sources = _source_cache(store)
        described = actor_stage.describe_actor(actor_id) if stored or mentions else None
        if stored is None and described is None:
            fail(f"{actor_id}: no such actor in the store")
        data: dict[str, Any] = dict(described or {})
        if stored is not None:
            data.update(stored.to_ref())
        data["mentions"] = [
            {"doc": sources(m.doc_id) or m.doc_id, "text": m.text, "start": m.start, "end": m.end,
             "resolution": m.resolution}
            for m in mentions
        ]  # fmt: skip
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return
    console.print(
        f"[bold]{escape(str(data.get('name', actor_id)))}[/bold] ({escape(actor_id)}) {data.get('type', '')}"
    )
    for key, value in data.items():
        if key not in {"mentions", "name", "id", "type"} and value:
            console.print(f"  {key}: {escape(str(value))}", highlight=False)
    console.print(f"  {len(data['mentions'])} mentions")
    for m in data["mentions"][:20]:
        console.print(
            escape(f"    {m['doc']} [{m['start']}:{m['end']}] {m['text']!r} ({m['resolution']})"),
            highlight=False,
        )


# --------------------------------------------------------------------------- events
@app.command()
def events(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or gdelt.")] = "jsonl",
    actor: Annotated[str | None, typer.Option(help="Only events with this actor id.")] = None,
) -> None:
    """List coded events (CAMEO, PLOVER, QuadClass, Goldstein, modality, evidence)."""
    _check_format(fmt, ("jsonl", "csv", "gdelt"))
    with reading(db) as store:
        evs = store.events(actor=actor)
        sources = _source_cache(store)
        if fmt == "jsonl":
            _print_jsonl(views.event_json(e, store.actor, sources) for e in evs)
        elif fmt == "csv":
            _print_csv(views.EVENT_CSV_COLUMNS, (views.event_csv_row(e, sources) for e in evs))
        else:
            from geopol.analyze.export import gdelt_rows

            writer = csv.writer(sys.stdout, delimiter="\t")
            writer.writerows(gdelt_rows(evs, store.actor, sources))


# --------------------------------------------------------------------------- code / eval
@app.command()
def code(
    infile: Annotated[Path, typer.Argument(help='JSONL, one {"id", "text"} per line.')],
    out: Annotated[Path, typer.Option("-o", "--out", help="Where to write the JSONL events.")],
    workers: Annotated[
        int, typer.Option(help="Processes to code with (each loads gazetteer and parser).")
    ] = 1,
) -> None:
    """Code sentences to CAMEO/PLOVER events: one {"id", "events"} object per input line."""
    from geopol.events.sentence import code_json_batches

    if not infile.is_file():
        fail(f"{infile}: no such file")
    # Bytes that are not UTF-8 become U+FFFD (the line is still coded), and lone surrogates
    # that JSON escapes can spell ("\\ud800") are written back as the same JSON escape.
    with (
        infile.open(encoding="utf-8", errors="replace") as src,
        out.open("w", encoding="utf-8", errors="backslashreplace") as dst,
    ):
        for rows in code_json_batches(src, workers=workers):
            for row in rows:
                dst.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command(name="eval")
def eval_(
    benchmark: Annotated[Path, typer.Argument(help="A benchmark folder with records.jsonl.")],
    split: Annotated[str, typer.Option(help="test, train or all.")] = "test",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the event coder on an annotated benchmark (label, detection, actors)."""
    from geopol.evaluate import evaluate_benchmark
    from geopol.lang import evaluate as lang_evaluate

    if lang_evaluate.handles(benchmark):
        _eval_other_language(benchmark, split, as_json)
        return
    try:
        result = evaluate_benchmark(benchmark, split=split)
    except GeopolError as exc:
        fail(exc)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    table = Table(title=f"{result.dataset} ({result.split}, {result.records} records)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in result.metrics.items():
        table.add_row(name, f"{value:.3f}")
    for subset, values in result.subsets.items():
        for name, value in values.items():
            shown = f"{value:.0f}" if name == "records" else f"{value:.3f}"
            table.add_row(f"{subset}: {name}", shown)
    console.print(table)
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/dim]")


def _eval_other_language(benchmark: Path, split: str, as_json: bool) -> None:
    """Arabic and Spanish benchmarks are scored by `geopol.lang` (its own held-out split)."""
    from geopol.lang.evaluate import evaluate_benchmark as evaluate_lang

    try:
        scores = evaluate_lang(benchmark, split=split)
    except (ValueError, GeopolError) as exc:
        fail(f"{benchmark}: {exc}")
    if as_json:
        print(json.dumps(scores, ensure_ascii=False))
        return
    table = Table(title=f"{scores.get('benchmark', benchmark.name)} ({split})")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in _flatten(scores):
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        elif key not in {"benchmark", "split"}:
            yield f"{prefix}{key}", value


# --------------------------------------------------------------------------- ask
@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question in plain English.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Answer a question from the stored sources; every claim cites its document and span."""
    from geopol.ask import answer, answer_json, answer_text
    from geopol.ask.index import get_index

    with reading(db) as store:
        try:
            result = answer(question, store)
            # The same field as /api/ask: how the sentences were found (hybrid or bm25).
            retrieval = get_index(store).retrieval
        except GeopolError as exc:
            fail(exc)
    if as_json:
        print(json.dumps({**answer_json(result), "retrieval": retrieval}, ensure_ascii=False))
    else:
        print(answer_text(result))


# --------------------------------------------------------------------------- analysis
LevelOption = Annotated[
    str, typer.Option(help="actor, or state (persons and agencies rolled up to their state).")
]


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="First actor id, e.g. IRQ.")],
    b: Annotated[str, typer.Argument(help="Second actor id, e.g. TUR.")],
    db: DbOption = None,
    level: LevelOption = "actor",
    by: Annotated[str, typer.Option(help="Timeline periods: year or month.")] = "year",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """How two actors stand: class, score, relations over time, drivers, with evidence."""
    from geopol.analyze import drivers, timeline
    from geopol.analyze import dyad as find_dyad

    _check_format(level, ("actor", "state"))
    with reading(db) as store:
        actor_list = [s.actor for s in store.actors()]
        rels = store.relations()
        sources = {d.id: d.source for d in store.documents()}
    found = find_dyad(rels, a.upper(), b.upper(), actor_list, level=level)
    if found is None:
        fail(f"{a} and {b}: no relations between them in the store")
    drive = drivers(found.relations)
    if as_json:
        data = found.to_dict()
        data["timeline"] = timeline(found, by=by)
        data["drivers"] = [d.to_dict() for d in drive]
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return
    console.print(
        f"[bold]{found.a} – {found.b}[/bold]: [bold]{found.relation_class}[/bold] "
        f"(score {found.score:+.2f}, confidence {found.confidence:.2f}); {found.reason}",
        highlight=False,
    )
    if drive:
        console.print("Drivers: " + ", ".join(f"{d.issue} ({d.weight:.2f})" for d in drive))
    table = Table(title="relations over time", show_lines=True)
    for col in ("date", "relation", "direction", "modality", "evidence"):
        table.add_column(col, overflow="fold")
    for r in sorted(
        found.relations, key=lambda r: r.date.value if r.date and r.date.value else "~"
    ):
        table.add_row(
            r.date.value if r.date and r.date.value else "–", r.relation,
            f"{r.source} → {r.target}", r.modality,
            f"“{_short(r.evidence.text, 120)}” — {escape(sources.get(r.doc_id, r.doc_id))}",
        )  # fmt: skip
    console.print(table)


@app.command()
def network(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Dated on or after (YYYY[-MM]).")] = None,
    until: Annotated[str | None, typer.Option(help="Dated on or before (YYYY[-MM]).")] = None,
    relation_type: Annotated[
        list[str] | None, typer.Option("--type", help="Only these relation types.")
    ] = None,
    level: LevelOption = "actor",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The signed network: pairs, structural balance, blocs and brokers."""
    from geopol.analyze import describe_network

    _check_format(level, ("actor", "state"))
    with reading(db) as store:
        actor_list = [s.actor for s in store.actors()]
        rels = store.relations()
    data = describe_network(rels, actor_list, level=level, since=since, until=until,
                            types=relation_type or None)  # fmt: skip
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return
    names = {a.id: a.name for a in actor_list}
    console.print(
        f"{len(data['nodes'])} actors, {len(data['edges'])} pairs; balance: {data['balance']}",
        highlight=False,
    )
    table = Table(title="pairs (strongest first)")
    for col in ("pair", "class", "sign", "weight"):
        table.add_column(col)
    edges = sorted(data["edges"], key=lambda e: -abs(e.get("weight", 0) or 0))
    for e in edges[:40]:
        pair_name = f"{names.get(e['source'], e['source'])} – {names.get(e['target'], e['target'])}"
        table.add_row(
            escape(pair_name),
            str(e.get("relation_class", "")),
            str(e.get("sign", "")),
            f"{e.get('weight', 0):.2f}",
        )
    console.print(table)
    for bloc in data["blocs"]:
        console.print(
            escape(f"bloc: {', '.join(names.get(m, m) for m in bloc.get('members', []))}"),
            highlight=False,
        )
    for broker in data["brokers"]:
        console.print(
            escape(f"broker: {names.get(broker.get('actor'), broker.get('actor'))}"),
            highlight=False,
        )


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet, gdelt, plover, graphml or gexf.")],
    out: Annotated[Path, typer.Option("-o", "--output", help="File (or folder for parquet).")],
    db: DbOption = None,
) -> None:
    """Write the store as Parquet, a GDELT 2.0 event table, PLOVER JSON, GraphML or GEXF."""
    from geopol.analyze import FORMATS, export_to

    _check_format(fmt, tuple(FORMATS))
    with reading(db) as store:
        actor_list = [s.actor for s in store.actors()]
        sources = {d.id: d.source for d in store.documents()}
        written = export_to(
            fmt, out, relations=store.relations(), events=store.events(), actors=actor_list,
            sources=sources.get,
        )  # fmt: skip
    console.print(f"exported: {escape(json.dumps(written, default=str))}", highlight=False)


# --------------------------------------------------------------------------- summary
@app.command()
def summary(
    db: DbOption = None,
    top: Annotated[int, typer.Option(help="How many relations to show.")] = 8,
) -> None:
    """A readable overview of the store: documents, actors and the strongest relations."""
    with reading(db) as store:
        docs = store.documents()
        stats = store.actors()
        rels = store.relations(RelationFilter(include_negated=False))
        negated = len(store.relations()) - len(rels)
        sources = {d.id: d.source for d in docs}
        names = {s.actor.id: s.actor.name for s in stats}
    console.rule("[bold]geopol summary")
    console.print(
        f"{len(docs)} documents, {sum(d.n_sentences for d in docs)} sentences, "
        f"{sum(d.n_events for d in docs)} events, {len(rels)} relations "
        f"(+{negated} denied or negated, never counted as holding)"
    )
    top_actors = ", ".join(f"{names[s.actor.id]} ({s.mentions})" for s in stats[:12] if s.mentions)
    console.print(f"[bold]Most mentioned actors:[/bold] {escape(top_actors)}")
    strongest = sorted(rels, key=lambda r: (-r.confidence, -abs(r.goldstein or 0), r.id))[:top]
    table = Table(title="Strongest relations", show_lines=True)
    for col in ("relation", "between", "date", "evidence (exact quote)"):
        table.add_column(col, overflow="fold")
    for r in strongest:
        between = escape(f"{names.get(r.source, r.source)} → {names.get(r.target, r.target)}")
        quote = f"“{_short(r.evidence.text, 160)}” — {escape(sources.get(r.doc_id, r.doc_id))}"
        table.add_row(r.relation, between, r.date.value if r.date and r.date.value else "–", quote)
    console.print(table)
    console.print(
        "Go further: [bold]geopol relations --format jsonl[/bold], "
        "[bold]geopol actors[/bold], [bold]geopol events --format csv[/bold], "
        "[bold]geopol ingest YOUR_FOLDER[/bold]"
    )


# --------------------------------------------------------------------------- serve
@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="GEOPOL_TOKEN", help="Access token required on every request."),
    ] = None,
    rate_limit: Annotated[
        float, typer.Option(help="Requests per second per client (0 turns the limit off).")
    ] = 20.0,
) -> None:
    """Serve the REST API under /api/ and the dashboard at / (http://HOST:PORT/)."""
    from geopol.api.guard import ServerSettings
    from geopol.api.server import serve as run_server
    from geopol.api.server import server_settings

    path = db or default_db_path()
    base = ServerSettings(rate_per_second=rate_limit)
    try:
        server_settings(host, token, base)  # refuse a bad address/token before printing
    except GeopolError as exc:
        fail(exc)
    link = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    hint = " (open it once with ?token=YOUR_TOKEN)" if token else ""
    err_console.print(escape(f"geopol: serving {path} on {link}{hint}; API docs at {link}api/docs"))
    run_server(path, host=host, port=port, token=token, settings=base)


def main() -> None:
    try:
        app()
    except GeopolError as exc:
        fail(exc)


if __name__ == "__main__":  # pragma: no cover
    main()
