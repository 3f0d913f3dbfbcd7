"""Benchmarks: the performance suite (a real `sync-server serve` over loopback, SQLite and
PostgreSQL), its workloads, and the report in docs/performance.md. Run: bash scripts/bench.sh."""
