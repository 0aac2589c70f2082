"""A TCP proxy in front of the real broker that a test opens and closes: "the broker is
down" for the processes pointed at it, without touching the machine's own broker."""

from __future__ import annotations

import socket
import threading
import time

from tests.support.servers import free_port


class TcpProxy:
    """Closed: nothing listens on `port` (connections are refused). Open: every connection
    is relayed to the target. Closing also cuts the connections under way.

    Each socket is closed by the thread that reads it (they poll a flag): a socket closed
    under a reader left eventlet's hub with a stale reader for a file number the next
    socket (a database connection of the test) then reused."""

    POLL = 0.2

    def __init__(self, target_port: int = 5672, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._generation = 0
        self._open = False

    def uri(self, vhost: str) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/{vhost}"

    def open(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        server.settimeout(self.POLL)
        self._generation += 1
        self._open = True
        threading.Thread(target=self._accept, args=(server, self._generation),
                         daemon=True).start()

    def close(self) -> None:
        self._open = False
        self._generation += 1
        time.sleep(3 * self.POLL)  # the threads see it and close their sockets

    def _live(self, generation: int) -> bool:
        return self._open and self._generation == generation

    def _accept(self, server: socket.socket, generation: int) -> None:
        try:
            while self._live(generation):
                try:
                    client, _ = server.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(self.target)
                except OSError:
                    client.close()
                    continue
                for sock in (client, upstream):
                    sock.settimeout(self.POLL)
                threading.Thread(target=self._pump, args=(client, upstream, generation),
                                 daemon=True).start()
                threading.Thread(target=self._pump, args=(upstream, client, generation),
                                 daemon=True).start()
        finally:
            server.close()

    def _pump(self, source: socket.socket, sink: socket.socket, generation: int) -> None:
        try:
            while self._live(generation):
                try:
                    data = source.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            try:
                sink.shutdown(socket.SHUT_RDWR)  # the other pump reads its end and stops
            except OSError:
                pass
            source.close()
