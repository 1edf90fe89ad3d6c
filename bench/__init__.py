"""Benchmarks of Displace, run with `make bench` (`python -m bench`); figures and ratios."""
