"""The performance benchmark: a seeded edition at the scale of a province, and the pages and
documents of the portal measured against a bare Django view in the same run.

`seed` writes the fixture data with bulk inserts; `measure` times pages through Django's test
client and operations by calling them; `report` turns the numbers into the results table.
Run it with ``./portal bench`` (see the README's "Performance" section).
"""
