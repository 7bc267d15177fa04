"""The peer directory: full-text search over the profiles a viewer may see, its index and
statistics, why a card matched, and its page and API."""
