"""Stage 4, the quality gate: nothing publishes unless it passes.

``suites`` runs the Great Expectations suites (the ``inputs`` suites on the seed frames, the ``warehouse`` suites
on the candidate's tables); ``coverage`` refuses a candidate that lost more of a table's rows since the previous
publish than the tolerance.
"""
