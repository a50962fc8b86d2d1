"""Readers of what a run writes (metadata, Artillery output, request logs, resources) and their schemas;
the per-request measurements and statistics computed from them. The lowest layer."""
