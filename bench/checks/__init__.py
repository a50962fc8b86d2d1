"""Checks of two running stacks: parity (the same information from both) and the low-load probe."""
