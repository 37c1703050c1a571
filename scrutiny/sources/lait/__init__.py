"""DfE's LAIT extract for all English authorities: ``checks`` checks its files (each problem names the file, row and
column), ``land`` lands them for dbt."""
