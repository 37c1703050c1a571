"""dbt as the build runs it: ``runner`` is the one way the project starts dbt; ``results`` reads what dbt did and,
when a test failed, names the node, table, column, seed file and the first failing rows."""
