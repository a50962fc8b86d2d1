"""Running the systems under test: starting and stopping stacks, driving Artillery, the load profiles,
the machine's environment, Prometheus, gateway metrics, warm-up, CPU profiles, the console."""
