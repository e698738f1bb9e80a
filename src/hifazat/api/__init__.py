"""The REST API's shared parts: per-agency service tokens with scopes, idempotency keys
for every POST, error handling and the OpenAPI schema. Each app declares its own
endpoints in its ``api.py``."""
