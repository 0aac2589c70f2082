"""Private RabbitMQ nodes for tests that break the broker, never the machine's own.

Each node (`wgc1@localhost`, …) has its own AMQP and distribution ports, data, log and
config files under a temporary directory, and no plugins (management would take the
machine's port 15672). The machine's node reads /etc/rabbitmq/rabbitmq-env.conf, which
names it; ours point RABBITMQ_CONF_ENV_FILE at a file of their own so they cannot pick
that name up. They share the machine's Erlang cookie (run as the `rabbitmq` user when
the tests run as root, as the packaged scripts do), which `rabbitmqctl -n` needs.

Killing a node is `kill -9` of its Erlang VM: what a crashed host looks like to clients
on this machine (the kernel resets their connections), with its data kept for a restart.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

RABBIT_BIN = Path(os.environ.get("RABBITMQ_BIN", "/usr/lib/rabbitmq/bin"))
# Below Linux's ephemeral range (32768-60999): a port there can be taken by any client
# connection's source port, even between a node's stop_app and start_app while joining.
AMQP_BASE_PORT = 31672
DIST_BASE_PORT = 31772
START_TIMEOUT = 120.0


def _as_rabbitmq() -> tuple[list[str], dict]:
    """The command prefix and environment to run RabbitMQ's scripts with."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "ERL_EPMD_ADDRESS": "127.0.0.1"}
    if os.geteuid() == 0:
        try:
            home = pwd.getpwnam("rabbitmq").pw_dir
        except KeyError:
            return [], {**env, "HOME": os.environ.get("HOME", "/root")}
        return ["runuser", "-u", "rabbitmq", "--"], {**env, "HOME": home}
    return [], {**env, "HOME": os.environ.get("HOME", "/tmp")}


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        # as the node will bind: connections of an earlier run in TIME_WAIT do not count
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pick_port(port: int, taken: set[int] | None = None) -> int:
    """`port`, or the next free one (another run of the tests may hold it)."""
    taken = set() if taken is None else taken
    for candidate in range(port, port + 200):
        if candidate not in taken and _port_free(candidate):
            taken.add(candidate)
            return candidate
    raise RuntimeError(f"no free port from {port}")


class RabbitNode:
    def __init__(self, index: int, base: Path, *, prefix: str = "wgc",
                 taken: set[int] | None = None) -> None:
        taken = set() if taken is None else taken
        self.name = f"{prefix}{index}@localhost"
        self.port = pick_port(AMQP_BASE_PORT + index, taken)
        self.dist_port = pick_port(DIST_BASE_PORT + index, taken)
        self.dir = base / f"{prefix}{index}"
        self.process: subprocess.Popen | None = None

    def _env(self) -> dict:
        _, env = _as_rabbitmq()
        return {
            **env,
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.dir / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.dir / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.dir / "rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.dir / "advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": str(self.dir / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.dir / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(self.dir / "node.pid"),
            "RABBITMQ_FEATURE_FLAGS_FILE": str(self.dir / "feature_flags"),
            "RABBITMQ_PLUGINS_EXPAND_DIR": str(self.dir / "plugins-expand"),
            "ERL_CRASH_DUMP": str(self.dir / "erl_crash.dump"),
            # two cores shared by every test: one scheduler per node is plenty
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "+S 1:1",
        }

    def _prepare(self) -> None:
        for sub in ("mnesia", "log"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        (self.dir / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = 127.0.0.1:{self.port}\n"
            "log.console = false\nlog.file.level = warning\n"
            # a node of three killed: let the others keep serving (the default too)
            "cluster_partition_handling = ignore\n")
        (self.dir / "advanced.config").write_text("[].\n")
        (self.dir / "rabbitmq-env.conf").write_text("")
        (self.dir / "enabled_plugins").write_text("[].\n")
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "rabbitmq:rabbitmq", str(self.dir.parent)],
                           check=False, capture_output=True)

    def start(self) -> None:
        if not _port_free(self.port) or not _port_free(self.dist_port):
            raise RuntimeError(f"{self.name}: port {self.port} or {self.dist_port} is in "
                               "use (another run of these tests?)")
        self._prepare()
        prefix, _ = _as_rabbitmq()
        self.process = subprocess.Popen(
            [*prefix, str(RABBIT_BIN / "rabbitmq-server")], env=self._env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def ctl(self, *args: str, timeout: float = 60.0, check: bool = True) -> str:
        prefix, _ = _as_rabbitmq()
        done = subprocess.run([*prefix, str(RABBIT_BIN / "rabbitmqctl"), "-n", self.name,
                               *args], env=self._env(), capture_output=True, text=True,
                              timeout=timeout)
        if check and done.returncode:
            raise RuntimeError(f"rabbitmqctl -n {self.name} {' '.join(args)}: "
                               f"{done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def wait_running(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}); see "
                                   f"{self.dir / 'log'}")
            try:
                self.ctl("await_startup", "--timeout", "10", timeout=20)
                return
            except (RuntimeError, subprocess.TimeoutExpired):
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)

    def vm_pid(self) -> int:
        return int(self.ctl("eval", "list_to_integer(os:getpid()).").strip())

    def kill(self) -> None:
        """kill -9 the node's Erlang VM."""
        os.kill(self.vm_pid(), signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def restart(self) -> None:
        """Start again on the data it had (after `kill`), rejoining its cluster."""
        self.start()
        self.wait_running()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.kill(self.vm_pid(), signal.SIGKILL)  # throwaway data: no graceful stop
        except Exception:  # noqa: BLE001 - not answering: end what we started instead
            os.killpg(self.process.pid, signal.SIGKILL)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)

    def uri(self, vhost: str = "/", user: str = "guest", password: str = "guest") -> str:
        return f"amqp://{user}:{password}@127.0.0.1:{self.port}/{vhost.replace('/', '%2F')}"


class RabbitCluster:
    """`size` private nodes joined into one cluster (one node: a private broker)."""

    def __init__(self, size: int = 3, *, prefix: str = "wgc", first: int = 1) -> None:
        """Nodes `<prefix><first>@localhost`…, on AMQP ports from AMQP_BASE_PORT + their
        number (distribution: from DIST_BASE_PORT + it), the next free one if taken."""
        self.base = Path(tempfile.mkdtemp(prefix="wangge-rabbit-"))
        os.chmod(self.base, 0o755)
        taken: set[int] = set()
        self.nodes = [RabbitNode(first + i, self.base, prefix=prefix, taken=taken)
                      for i in range(size)]

    def start(self) -> RabbitCluster:
        try:
            for node in self.nodes:  # in parallel: each takes seconds to boot
                node.start()
            for node in self.nodes:
                node.wait_running()
            first = self.nodes[0]
            for node in self.nodes[1:]:
                node.ctl("stop_app")
                node.ctl("join_cluster", first.name)
                node.ctl("start_app")
                node.wait_running()
        except BaseException:
            self.stop()
            raise
        return self

    def add_vhost(self, vhost: str) -> None:
        node = self.running()[0]
        node.ctl("add_vhost", vhost)
        node.ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")

    def running(self) -> list[RabbitNode]:
        return [n for n in self.nodes if n.process is not None and n.process.poll() is None]

    def uri(self, vhost: str = "/") -> str:
        """Every node, in order: what a deployment puts in AMQP_URI."""
        return ";".join(node.uri(vhost) for node in self.nodes)

    def connected_node(self, connection_name: str, vhost: str) -> RabbitNode | None:
        """The node a client connection named `connection_name` is on (client side
        port → the node listening on the peer port)."""
        for node in self.running():
            out = node.ctl("list_connections", "-q", "vhost", "port", "client_properties",
                           check=False)
            for line in out.splitlines():
                fields = line.split("\t")
                if fields[0] == vhost and connection_name in line:
                    port = int(fields[1])
                    return next(n for n in self.nodes if n.port == port)
        return None

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
        shutil.rmtree(self.base, ignore_errors=True)
