"""`python -m services.gateway`: serve every service under one address (GATEWAY_ADDRESS)."""

import os

from .proxy import serve

if __name__ == "__main__":
    address = os.environ.get("GATEWAY_ADDRESS", "127.0.0.1:8000")
    server = serve(address)
    print(f"gateway on http://{address}: /registry /dispatch /visits /reporting", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
