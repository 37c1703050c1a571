"""Stage 3, the build: ``steps`` runs the stages in order.

``fingerprint`` says whether anything the build reads changed since the last publish; ``plan`` whether the build
is full or incremental; ``candidate`` builds the candidate warehouse with dbt while the input suites run;
``runs`` gives each run its folder and timings; ``report`` is what a build reports, on success and on failure.
"""
