"""How the portal writes documents: `excel` (workbooks that keep what people typed as text) and
`glyphs` (which characters the installed fonts can draw)."""
