"""The data matrix for any authority (``marts.fct_lait_matrix``), as a workbook and an accessible HTML page.

``query`` reads the published warehouse (read-only); ``layout`` says what the columns are and how each cell reads;
``workbook`` and ``html`` lay the rows out; ``export`` is the command that writes both for each authority asked
for. Nothing here computes a figure: ranks, bands, averages and improvement ranks are the mart's.
"""
