"""The REST vs GraphQL Federation benchmark's runner, checks and report (`bench --help`).

Layers, each importing only those below it and the shared modules beside this file:
    cli, runner      the command line and the benchmark run
    report/          the report from a results directory: aggregation, verdicts, predictions, pages
    experiments/     failure experiments: faults, hostile input, overload ramp, recovery
    checks/          parity and low-load probe of running stacks
    harness/         starting stacks, driving Artillery, profiles, monitoring, the console
    results/         readers of what a run writes, and their schemas
    topology, scenarios   paths, ports, URLs, service names; the four scenarios (read by every layer)
"""
