"""Tables of the crisis_cells app."""
