"""ptop's benchmarks: a standard load, ptop (and htop, btop, glances) in a real terminal, and
microbenchmarks of the sampler and the UI. Run `python -m benchmarks.run --help`."""
