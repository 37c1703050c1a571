"""The frames the Great Expectations input suites validate: every seed as read from its CSV, and the derived
frames no single file holds (a figure beside its parent total, each matrix cell beside its indicator's unit,
each number beside its plausible bound, each neighbour group's size).

Every frame carries a ``location`` column ("seeds/x/y.csv row 17"), which the gate reports for failing rows.
Call only after the input checks (scrutiny.inputs.checks) passed: the frames assume well-formed files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scrutiny import paths, settings
from scrutiny.inputs import plausibility
from scrutiny.inputs.seed_files import SeedSchema, load_seed_schemas, read_rows, relative

#: Column of every input frame saying where the row is ("seeds/x/y.csv row 17"); GX reports it for failing rows.
LOCATION = "location"
ROW_COLUMN = "_row"
"""Column of every seed frame: the row's line number in its CSV file (header = 1)."""


def read_seed_frame(schema: SeedSchema) -> pd.DataFrame:
    """A seed as a DataFrame: text columns as text (blank = missing), numeric columns as numbers, plus _row."""
    header, rows = read_rows(schema.csv_path)
    frame = pd.DataFrame([fields for _, fields in rows], columns=header, dtype="string")
    frame = frame.apply(lambda s: s.str.strip()).replace({"": pd.NA})
    for column in schema.numeric_columns():
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame.insert(0, ROW_COLUMN, [line for line, _ in rows])
    return frame


def read_seed_frames(seeds: Path) -> dict[str, tuple[pd.DataFrame, SeedSchema]]:
    """Every seed as (frame, schema), keyed by the relation dbt loads it into (``seeds.<name>``)."""
    return {f"seeds.{name}": (read_seed_frame(schema), schema) for name, schema in load_seed_schemas(seeds).items()}


def input_frames(project: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """(relation name -> frame with its ``location`` column, relation name -> the file it was read from): every
    seed of the project and the derived frames."""
    frames: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    for table, (frame, schema) in read_seed_frames(paths.seeds_dir(project)).items():
        location = relative(schema.csv_path, project)
        located = frame.drop(columns=[ROW_COLUMN])
        located.insert(0, LOCATION, frame[ROW_COLUMN].map(lambda r, f=location: f"{f} row {r}"))
        frames[table] = located
        files[table] = location
    frames.update(derived_input_frames(frames))
    return frames, files


def derived_input_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Frames the input suites need that no single file holds.

    ``derived.transcribed_parts``: every transcribed figure that names a parent total, beside that total's
    value and unit (from the same seed), so a suite can say a part is never larger than its total.
    """
    pieces = []
    for table, frame in frames.items():
        needed = {"figure_id", "parent_figure_id", "value", "unit"}
        if not needed <= set(frame.columns):
            continue
        parents = frame[["figure_id", "value", "unit"]].rename(
            columns={"figure_id": "parent_figure_id", "value": "parent_value", "unit": "parent_unit"}
        )
        parts = frame[frame["parent_figure_id"].notna()][[LOCATION, "figure_id", "parent_figure_id", "value", "unit"]]
        joined = parts.merge(parents, on="parent_figure_id", how="left")
        joined.insert(0, "seed", table)
        pieces.append(joined)
    derived: dict[str, pd.DataFrame] = {}
    if pieces:
        combined = pd.concat(pieces)
        combined["has_parent"] = combined["parent_figure_id"].isin(
            pd.concat([frames[t]["figure_id"] for t in frames if t in set(combined["seed"])])
        )
        combined["is_same_unit"] = (combined["unit"] == combined["parent_unit"]).fillna(False).astype(bool)
        derived["derived.transcribed_parts"] = combined
    derived.update(_matrix_frames(frames))
    derived.update(_magnitude_frames(frames))
    derived.update(_unit_bound_frames(frames))
    derived.update(_neighbour_group_frames(frames))
    return derived


def _magnitude_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``derived.figure_magnitudes``: every number of a seed of figures beside the largest plausible magnitude
    for its group (scrutiny.inputs.plausibility): the same unit of the same seed, or for the data matrix (whose unit is
    the indicator's) the same indicator and measure."""
    pieces = []
    for table, frame in frames.items():
        if not table.startswith("seeds.") or "value" not in frame.columns:
            continue
        if "unit" in frame.columns:
            group = frame["unit"].astype("string")
        elif {"indicator_id", "measure"} <= set(frame.columns):
            group = frame["indicator_id"].astype("string") + " " + frame["measure"].astype("string")
        else:
            continue
        figures = pd.DataFrame(
            {LOCATION: frame[LOCATION], "seed": table, "group_key": group, "value": frame["value"]}
        ).dropna(subset=["value"])
        figures = plausibility.with_bounds(figures, ["seed", "group_key"], "value", settings.magnitude_factor())
        figures["value_magnitude"] = figures["value"].abs()
        pieces.append(figures)
    if not pieces:
        return {}
    return {"derived.figure_magnitudes": pd.concat(pieces, ignore_index=True)}


def _unit_bound_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``derived.figure_unit_bounds``: every number of a seed of figures beside the bounds of its unit (seed
    vocabularies) or its measure's own range (seed unit_bound_exceptions, source ``pack``): the row's unit, or for
    the data matrix's values the indicator's (indicator_catalogue)."""
    vocabularies = frames.get("seeds.vocabularies")
    if vocabularies is None:
        return {}
    units = vocabularies[vocabularies["vocabulary"] == "unit"][["code", "min_value", "max_value"]]
    exceptions = frames.get("seeds.unit_bound_exceptions")
    catalogue = frames.get("seeds.indicator_catalogue")
    pieces = []
    for table, frame in frames.items():
        if not table.startswith("seeds.") or "value" not in frame.columns:
            continue
        if "unit" in frame.columns:
            unit = frame["unit"]
            measure = frame["measure"] if "measure" in frame.columns else pd.Series(pd.NA, index=frame.index)
        elif catalogue is not None and {"indicator_id", "measure"} <= set(frame.columns):
            by_indicator = catalogue.set_index("indicator_id")["unit"]
            unit = frame["indicator_id"].map(by_indicator).where(frame["measure"] == "value")
            measure = frame["indicator_id"]
        else:
            continue
        figures = pd.DataFrame(
            {LOCATION: frame[LOCATION], "seed": table, "measure": measure, "unit": unit, "value": frame["value"]}
        ).dropna(subset=["value", "unit"])
        pieces.append(figures.merge(units, left_on="unit", right_on="code", how="left").drop(columns=["code"]))
    if not pieces:
        return {}
    bounded = pd.concat(pieces, ignore_index=True)
    if exceptions is not None:
        own = exceptions[exceptions["source"] == plausibility.SOURCE_PACK].set_index("measure")
        listed = bounded["measure"].isin(own.index)
        for column in ("min_value", "max_value"):
            bounded.loc[listed, column] = bounded.loc[listed, "measure"].map(own[column])
    for column in ("min_value", "max_value", "value"):
        bounded[column] = bounded[column].astype("float64")
    return {"derived.figure_unit_bounds": bounded}


def _neighbour_group_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``derived.neighbour_group_sizes``: per seed, neighbour group and focus authority, how many neighbours it
    lists, beside how many a model lists (scrutiny.inputs.plausibility.NEIGHBOURS_PER_AUTHORITY)."""
    pieces = []
    for table, frame in frames.items():
        if not {"neighbour_group_id", "focus_la_code", "neighbour_la_code"} <= set(frame.columns):
            continue
        file = frame[LOCATION].str.rsplit(" row ", n=1).str[0]
        sizes = (
            frame.assign(file=file)
            .groupby(["file", "neighbour_group_id", "focus_la_code"], dropna=False)
            .agg(count_neighbours=("neighbour_la_code", "nunique"))
            .reset_index()
        )
        sizes.insert(
            0, LOCATION, sizes["file"] + " group " + sizes["neighbour_group_id"] + ", focus " + sizes["focus_la_code"]
        )
        sizes["expected_count"] = plausibility.NEIGHBOURS_PER_AUTHORITY
        pieces.append(sizes.drop(columns=["file"]).assign(seed=table))
    if not pieces:
        return {}
    return {"derived.neighbour_group_sizes": pd.concat(pieces, ignore_index=True)}


def _matrix_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``derived.matrix_values_with_unit`` (each matrix cell with its indicator's unit from the catalogue seeds)
    and ``derived.matrix_coverage`` (per catalogued indicator, the periods with a Southend cell)."""
    catalogue_columns = {"indicator_id", "unit", "polarity"}
    catalogues = [f for f in frames.values() if catalogue_columns <= set(f.columns)]
    cells = [
        f
        for t, f in frames.items()
        if t.startswith("seeds.") and {"indicator_id", "area", "period_label", "measure", "value"} <= set(f.columns)
    ]
    if not catalogues or not cells:
        return {}
    units = pd.concat(catalogues)[["indicator_id", "unit"]].drop_duplicates("indicator_id")
    matrix = pd.concat(cells)[[LOCATION, "indicator_id", "area", "period_label", "measure", "value"]]
    with_unit = matrix.merge(units, on="indicator_id", how="left")
    periods = matrix[matrix["measure"] == "value"].groupby("indicator_id")["period_label"].nunique()
    southend = matrix[(matrix["area"] == "southend") & (matrix["measure"] == "value")]
    southend_periods = southend.groupby("indicator_id")["period_label"].nunique()
    cells_per_indicator = matrix.groupby("indicator_id").size()
    coverage = units.set_index("indicator_id")
    coverage["count_cells"] = cells_per_indicator.reindex(coverage.index).fillna(0).astype("int64")
    coverage["count_value_periods"] = periods.reindex(coverage.index).fillna(0).astype("int64")
    coverage["count_southend_periods"] = southend_periods.reindex(coverage.index).fillna(0).astype("int64")
    coverage = coverage.reset_index()
    coverage.insert(0, LOCATION, "indicator " + coverage["indicator_id"].astype(str))
    return {"derived.matrix_values_with_unit": with_unit, "derived.matrix_coverage": coverage}
