"""Web shell: base layout, role-aware navigation, language switch (English/Urdu,
right-to-left), friendly error pages, vendored static files (htmx, Urdu fonts)."""
