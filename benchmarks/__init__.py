"""The performance benchmark: a seeded edition at the scale of a province, and the pages and
documents of the portal measured against a bare Django view in the same run.

It stands outside the portal's apps and is not installed with them. `seed` (with `records`)
writes the fixture data with bulk inserts; `measure` times pages through Django's test client
and operations by calling them; `report` turns the numbers into the results table, this
folder's results.md. Run it with ``./portal bench``, which finds PostgreSQL, or
``python -m benchmarks`` (see the README's "Performance" section).
"""
