"""Stage 2, the raw sources: DfE's extracts, checked and landed where dbt reads them.

``registry`` lists every raw source as data (its folder, its landing function, its dbt vars); ``lait`` lands
DfE's LAIT extract, ``lait_vintages`` every published version of it, ``ees`` DfE's children's social care
statistics. A new raw source is one module here and one entry in the registry.
"""
