"""The report of one results directory: aggregation, verdicts, predictions, capacity, resilience,
charts, the view model and its HTML and Markdown pages (generate.py is the entry point)."""
