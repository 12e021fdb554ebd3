"""Evaluate briefmap's resolver on LGL (names given): a thin wrapper over geo.evaluate.

    python benchmarks/lgl_eval.py [--limit N] [--json out.json] [--misses]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.evaluate import DEFAULT_LGL, evaluate, miss_kinds  # noqa: E402


@click.command()
@click.option("--lgl", "path", type=click.Path(), default=str(DEFAULT_LGL), show_default=True)
@click.option("--limit", type=int, default=None, help="only the first N articles")
@click.option("--json", "json_out", type=click.Path(), default=None, help="write the metrics (and misses) here")
@click.option("--misses", is_flag=True, help="also print the most common kinds of miss")
@click.option("--focus-fallback", is_flag=True, help="place names missing from the gazetteer at the article focus")
def main(path: str, limit: int | None, json_out: str | None, misses: bool, focus_fallback: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    if not Path(path).exists():
        raise click.ClickException(f"{path} not found (LGL lives in ../shared/bench)")
    rep = evaluate(path, limit=limit, keep_records=True, focus_fallback=focus_fallback)
    records = rep.pop("records")
    table = Table(title=f"LGL, {rep['mode'].replace('_', ' ')} ({rep['articles']} articles, {rep['n']} toponyms)")
    for col in ("acc@161km", "mean km", "median km", "AUC", "exact id", "words/s"):
        table.add_column(col, justify="right")
    table.add_row(f"{rep['acc161']:.1%}", f"{rep['mean_km']:.0f}", f"{rep['median_km']:.1f}", f"{rep['auc']:.3f}",
                  f"{rep['exact']:.1%}", f"{rep['words_per_s']:,}")
    console = Console()
    console.print(table)
    console.print(f"[dim]{rep['unresolved']} unresolved toponyms, each counted as "
                  f"{rep['unresolved_counts_as_km']:.0f} km; focus fallback {'on' if focus_fallback else 'off'}[/]")
    kinds = miss_kinds(records)
    if misses:
        for k, n in kinds:
            console.print(f"{n:5d}  {k}")
    if json_out:
        Path(json_out).write_text(json.dumps({**rep, "miss_kinds": kinds,
                                              "misses": [r for r in records if r["error_km"] > 161]}, indent=1))


if __name__ == "__main__":
    main()
