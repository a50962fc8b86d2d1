"""Failure experiments run after an architecture's load phases: fault injection, hostile input,
the overload ramp and the recovery check (phases.py runs them)."""
