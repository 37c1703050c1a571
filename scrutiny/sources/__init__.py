"""Stage 2, the raw sources: DfE's extracts, checked and landed where dbt reads them.

``registry`` lists every raw source as data (its name and folder); ``landing`` checks the sources are complete
and lands each with its own module: ``lait`` DfE's LAIT extract, ``lait_vintages`` every published version of it,
``ees`` DfE's children's social care statistics. A new raw source is one module here, one entry in the registry
and one in ``landing.LANDINGS``.
"""
