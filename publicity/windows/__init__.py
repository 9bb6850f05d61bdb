"""Publicity windows (公示): a list published for at least five working days, then closed."""
