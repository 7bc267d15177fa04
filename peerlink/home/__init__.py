"""The public landing page, the member's home page (what to do next, drawn from the features
below it), the API reference page and the health check."""
