"""signaldesk benchmarks: one module per benchmark, each with `run(quick: bool = False) -> dict`."""
