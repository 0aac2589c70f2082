"""`python -m services.gateway`: serve every service under one address (GATEWAY_ADDRESS),
finding them at `<SERVICE>_ADDRESS` or GATEWAY_BACKENDS (README, configuration)."""

import os

from services.gateway.proxy import backends_from_env, serve

if __name__ == "__main__":
    address = os.environ.get("GATEWAY_ADDRESS", "127.0.0.1:8000")
    backends = backends_from_env()
    server = serve(address, backends)
    print(f"gateway on http://{address}: " +
          ", ".join(f"/{name} → {url}" for name, url in backends.items()), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
