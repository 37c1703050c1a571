"""Stage 1, the inputs: the seed CSVs and the documents they were transcribed from, checked before dbt runs.

``seed_files`` reads the seeds and the columns their YAML declares; ``checks`` checks every seed file (types,
keys, vocabularies) and ``provenance`` every transcribed figure against the line of the document it cites;
``plausibility`` holds the plausible sizes of figures; ``frames`` builds the frames the Great Expectations input
suites validate.
"""
