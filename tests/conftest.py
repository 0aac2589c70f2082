# Since nameko 2.14 plain pytest no longer monkey-patches: do it before anything imports
# socket, threading or psycopg2 (docs/architecture.md, traps).
from services.common import green

green.patch()
