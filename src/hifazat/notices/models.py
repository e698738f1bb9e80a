"""Tables of the notices app."""
