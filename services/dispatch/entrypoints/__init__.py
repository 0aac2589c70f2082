"""How dispatch is reached: nameko entrypoints (service.py), HTTP adapters (api_*.py: parse the
request, run a use case, shape the answer), event handlers, schemas and access scopes."""
