"""Benchmarks (run with `make bench`). Modules starting with an underscore are helpers."""
