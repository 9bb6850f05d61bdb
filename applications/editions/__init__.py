"""Editions as the city office runs them: the call for a new edition (开启新一届), its draft,
preview and publication, and the public archive of past editions (往届评选)."""
