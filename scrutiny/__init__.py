"""Build, validate and publish the council scrutiny benchmarks warehouse: any English authority from DfE's data,
with Southend-on-Sea's committee pack as the embedded example."""
