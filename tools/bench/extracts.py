"""Synthetic LAIT extracts at a multiple of the real extract's rows (the scale curve), cached between runs."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from pathlib import Path

from scrutiny.sources.lait import land as lait


def generate_extract(real_dir: Path, out_dir: Path, scale: float) -> dict:
    """A synthetic all-authority LAIT extract with `scale` x the real BDS rows, same columns and shape.

    Scale >= 1: the real rows plus (scale - 1) copies with synthetic measure codes (``<code>_s<k>``), so every
    synthetic measure keeps a real measure's 153 LAs + regions + England, years and value markers. (Perturbing
    the values as well tripled the generation time at 100x and changes no work the build does.)
    Scale < 1: the real rows of the first ``scale`` share of measures. The data dictionary gains one row per
    synthetic measure; the other files (neighbour and LA-code workbooks) are copied as they are.
    """
    import duckdb

    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    bds = real_dir / lait.BDS_FILE
    dictionary = real_dir / lait.DICTIONARY_FILE
    copies = max(1, round(scale)) if scale >= 1 else 1
    con = duckdb.connect()
    try:
        con.execute("set preserve_insertion_order = false")
        con.execute("set enable_progress_bar = false")
        n_measures = con.execute(f"select count(distinct \"Short Desc\") from read_parquet('{bds}')").fetchone()[0]
        keep = n_measures if scale >= 1 else max(1, int(n_measures * scale))
        con.execute(
            f"""
            create temp view kept_measures as
            select "Short Desc" as code from (select distinct "Short Desc" from read_parquet('{bds}'))
            order by code limit {keep}
            """
        )
        con.execute(
            f"""
            copy (
                select
                    case when t.k = 0 then b."Short Desc" else b."Short Desc" || '_s' || t.k end as "Short Desc",
                    b."Data item",
                    b."Years",
                    b."LA and Regions",
                    b."Values",
                    b."LA Number",
                    b."Region"
                from read_parquet('{bds}') as b
                semi join kept_measures as m on b."Short Desc" = m.code
                cross join range({copies}) as t(k)
            ) to '{out_dir / lait.BDS_FILE}' (format parquet)
            """
        )
        con.execute(
            f"""
            copy (
                select d.* replace (
                    case when t.k = 0 then d."Measure_short" else d."Measure_short" || '_s' || t.k end
                        as "Measure_short"
                )
                from read_csv('{dictionary}', header = true, all_varchar = true) as d
                cross join range({copies}) as t(k)
                where t.k = 0 or d."Measure_short" in (select code from kept_measures)
            ) to '{out_dir / lait.DICTIONARY_FILE}' (header, force_quote *)
            """
        )
    finally:
        con.close()
    rows = parquet_rows(out_dir / lait.BDS_FILE)
    for path in sorted(real_dir.iterdir()):  # the workbooks (neighbour models, LA codes) as they are
        if path.is_file() and path.name not in (lait.BDS_FILE, lait.DICTIONARY_FILE):
            shutil.copy2(path, out_dir / path.name)
    return {
        "scale": scale,
        "rows": rows,
        "bytes": (out_dir / lait.BDS_FILE).stat().st_size,
        "seconds": time.monotonic() - start,
    }


GENERATOR_VERSION = "1"

#: The project's seed of measures with their own range (a share that can pass 100, say): a synthetic copy of such
#: a measure has the same values, so it needs the same range, or the landing checks rightly stop the build.
BOUND_EXCEPTIONS = Path("seeds") / "reference" / "unit_bound_exceptions.csv"


@contextlib.contextmanager
def synthetic_bound_exceptions(project: Path, scale: float):
    """While the block runs, the project's unit_bound_exceptions seed also holds each DfE exception's synthetic
    copies (``<code>_s<k>``, k = 1 .. scale - 1, as generate_extract names them); the seed is put back after."""
    import csv
    import io

    path = project / BOUND_EXCEPTIONS
    original = path.read_bytes()
    copies = max(1, round(scale)) if scale >= 1 else 1
    try:
        rows = list(csv.DictReader(io.StringIO(original.decode("utf-8"))))
        extra = [
            {**row, "measure": f"{row['measure']}_s{k}"}
            for row in rows
            if row["source"] == "lait"
            for k in range(1, copies)
        ]
        if extra:
            out = io.StringIO()
            csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n").writerows(extra)
            text = original.decode("utf-8")
            path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")
        yield
    finally:
        path.write_bytes(original)


def parquet_rows(path: Path) -> int:
    import duckdb

    with duckdb.connect() as con:
        return con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]


def cached_extract(real_dir: Path, cache: Path, scale: float) -> dict:
    """generate_extract, reusing a copy in ``cache`` made by the same generator from the same real file."""
    source = (real_dir / lait.BDS_FILE).stat()
    key = {"generator": GENERATOR_VERSION, "scale": scale, "bytes": source.st_size, "mtime_ns": source.st_mtime_ns}
    stamp = cache / "stamp.json"
    if stamp.is_file():
        with contextlib.suppress(ValueError, KeyError):
            saved = json.loads(stamp.read_text())
            if saved["key"] == key:
                return {**saved["extract"], "cached": True}
    shutil.rmtree(cache, ignore_errors=True)
    extract = generate_extract(real_dir, cache, scale)
    stamp.write_text(json.dumps({"key": key, "extract": extract}))
    return {**extract, "cached": False}
