"""Objections (异议) filed by the public against an entry of an open window, and their
investigation and decision."""
