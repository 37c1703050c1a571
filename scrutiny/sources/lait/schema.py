"""The layout of DfE's LAIT extract as the pipeline reads it: its file names, the columns of its long "BDS" parquet
and data dictionary, and the tables landed from its workbooks. The checks, the landing and DfE's published
versions all compare against these."""

from __future__ import annotations

import pyarrow as pa

BDS_FILE = "bds_long_0.parquet"
DICTIONARY_FILE = "lait_data_dictionary.csv"
LA_CODES_FILE = "la_code_list.xlsx"
#: The extract files without which nothing of it is landed (the neighbour workbooks are optional, one per group).
REQUIRED_FILES = (BDS_FILE, DICTIONARY_FILE, LA_CODES_FILE)
#: Registry rows whose members come from a workbook in the extract.
WORKBOOK_GROUPS = "lait_workbook"

#: Files ``prepare`` writes into work_dir.
NEIGHBOURS_OUT = "lait_statistical_neighbours.parquet"
LA_CODES_OUT = "lait_la_codes.parquet"
EMPTY_BDS_OUT = "lait_bds_empty.parquet"
EMPTY_DICTIONARY_OUT = "lait_data_dictionary_empty.csv"

BDS_SCHEMA = pa.schema(
    [
        ("Short Desc", pa.string()),
        ("Data item", pa.string()),
        ("Years", pa.string()),
        ("LA and Regions", pa.string()),
        ("Values", pa.string()),
        ("LA Number", pa.float64()),
        ("Region", pa.string()),
    ]
)
DICTIONARY_COLUMNS = (
    "Measure_code",
    "Topic",
    "Measure",
    "Chart_title",
    "Measure_short",
    "Polarity",
    "y_axis_name",
    "state_funded_flag",
    "Table_status",
    "Description",
    "Last Update",
    "Next Update",
    "Data Owner (DO) /Supplier and Contact Details",
    "Methodology",
    "Hyperlink(s)",
    "dps",
    "Year_Type",
    "No_Quartile",
)
NEIGHBOURS_SCHEMA = pa.schema(
    [
        ("neighbour_group_id", pa.string()),
        ("source_file", pa.string()),
        ("source_row", pa.int32()),
        ("focus_la_number", pa.int32()),
        ("focus_la_name", pa.string()),
        ("focus_region_name", pa.string()),
        ("is_legacy_authority", pa.bool_()),
        ("neighbour_position", pa.int32()),
        ("neighbour_la_number", pa.int32()),
        ("closeness", pa.string()),
    ]
)
LA_CODES_SCHEMA = pa.schema(
    [
        ("source_row", pa.int32()),
        ("la_number", pa.int32()),
        ("la_name", pa.string()),
        ("region_name", pa.string()),
        ("la_type", pa.string()),
    ]
)
