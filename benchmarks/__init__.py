"""Benchmarks for brochure_app (run with `python -m benchmarks` or one module at a time)."""
