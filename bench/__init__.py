"""Report generator for the REST vs GraphQL Federation benchmark (python3 -m bench.report)."""
