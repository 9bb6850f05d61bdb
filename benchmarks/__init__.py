"""The performance benchmark: an edition seeded at the scale of a province (2,000 applications)
and at ten times that, and the pages and documents of the portal measured at both sizes in one
run, each page against a bare Django view and against its own time at the smaller size.

It stands outside the portal's apps and is not installed with them. `seed` (with `records`)
writes the fixture data with bulk inserts; `measure` times pages through Django's test client
and operations by calling them; `report` turns the numbers into the results table, this
folder's results.md. Run it with ``./portal bench``, which finds PostgreSQL, or
``python -m benchmarks`` (see the README's "Performance" section).
"""
