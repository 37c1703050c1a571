"""What the product writes from the published warehouse for people and other tools.

``export`` writes every mart as Parquet and the pack's marts as a workbook; ``docs`` dbt's documentation site;
``matrix`` the data matrix for any authority (workbook, HTML and PDF); ``briefing`` what DfE published for an
authority since a date (HTML and Word); ``pdf`` prints HTML with WeasyPrint; ``words`` the labels papers print for
codes; ``xlsx`` is the one workbook writer, with one set of number formats, that every workbook the product writes
goes through.
"""
