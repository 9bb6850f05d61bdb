"""Why a page misses its target in the latest run, and what it would take: written from the
measurements in results.md ("Where the time goes"), by page name."""

REASONS: dict[str, str] = {}
