"""Pages that belong to no feature: the landing page and the API reference."""
