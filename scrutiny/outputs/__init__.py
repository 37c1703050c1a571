"""What the product writes from the published warehouse for people and other tools.

``export`` writes every mart as Parquet and the pack's marts as a workbook; ``docs`` dbt's documentation site;
``matrix`` the data matrix for any authority; ``xlsx`` is the one workbook writer, with one set of number formats,
that every workbook the product writes goes through.
"""
