"""Stage 5, the published warehouse: the build lock, the validation history carried into each candidate, the atomic
publish of the live file, quarantine of a failed candidate, and the record of what was published beside it."""
