"""Project configuration: one environment-driven settings module, URLs, WSGI/ASGI."""
