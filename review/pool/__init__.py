"""The expert pool of an edition: who the city office enlists, and how (an existing account, a
new account, an Excel list, or the pool of a past edition)."""
