"""`python -m services.gateway`: serve every service under one address (GATEWAY_ADDRESS),
finding them at `<SERVICE>_ADDRESS` or GATEWAY_BACKENDS, and the built web app from
GATEWAY_WEB_ROOT (README, configuration)."""

import os

from services.gateway.proxy import backends_from_env, serve
from services.gateway.static import NOT_BUILT, default_root

if __name__ == "__main__":
    address = os.environ.get("GATEWAY_ADDRESS", "127.0.0.1:8000")
    backends = backends_from_env()
    root = default_root()
    server = serve(address, backends, web_root=root)
    print(f"gateway on http://{address}: " +
          ", ".join(f"/{name} → {url}" for name, url in backends.items()), flush=True)
    print(f"web app at http://{address}/ from {root}" if (root / "index.html").is_file()
          else f"no web app at {root}: {NOT_BUILT}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
