"""Tables of the api app."""
