"""The data matrix for any authority (``marts.fct_lait_matrix``) as papers: a print-ready workbook, an HTML page
with print styles and the PDF printed from it, laid out as the pack's Appendix 1.

``query`` reads the published warehouse (read-only); ``layout`` holds the notes and the page heading; ``cells`` how
a cell reads (the one place its papers round); ``workbook`` and ``html`` lay the rows out; ``export`` is the command
that writes all three for each authority asked for. Nothing here computes a figure: ranks, bands, averages and
improvement ranks are the mart's.
"""
