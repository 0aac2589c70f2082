"""AMQP_URI with one broker or a cluster's nodes (services/common/brokers.py)."""

from __future__ import annotations

import socket
import ssl

import kombu
import pytest

from services.common import amqp_reads, brokers
from services.common.publisher import ConfirmingPublisher, connection_params


def test_one_address_reads_as_before():
    (only,) = brokers.parse("amqp://guest:guest@127.0.0.1:5672/")
    assert only.params() == {"host": "127.0.0.1:5672", "userid": "guest",
                             "password": "guest", "virtual_host": "/", "ssl": False}
    assert connection_params("amqp://u:p@h/wangge")["virtual_host"] == "wangge"
    assert connection_params("amqp://h")["host"] == "h:5672"


def test_a_list_gives_every_node_in_order_sharing_credentials_and_vhost():
    addresses = brokers.parse("amqp://wg:s%3Bcret@n1:35672/wangge; amqp://n2:35673 ;"
                              "amqp://other:pw@n3")
    assert [a.host for a in addresses] == ["n1:35672", "n2:35673", "n3:5672"]
    assert [a.virtual_host for a in addresses] == ["wangge"] * 3
    assert [(a.userid, a.password) for a in addresses] == \
        [("wg", "s;cret"), ("wg", "s;cret"), ("other", "pw")]
    # what the list used to become: a virtual host named after the rest of the list
    assert all(";" not in a.virtual_host for a in addresses)


def test_kombu_gets_full_addresses_and_fails_over_along_them():
    addresses = brokers.parse("amqp://wg:p%40ss@n1:35672/%2F;amqp://n2:35673")
    conn = kombu.Connection(brokers.kombu_uri(addresses))
    assert (conn.hostname, conn.port, conn.userid, conn.password, conn.virtual_host) == \
        ("n1", 35672, "wg", "p@ss", "/")
    conn.maybe_switch_next()
    assert (conn.hostname, conn.port, conn.userid, conn.password, conn.virtual_host) == \
        ("n2", 35673, "wg", "p@ss", "/")


def test_amqps_is_verified_tls_on_each_node_name():
    addresses = brokers.parse("amqps://wg:pw@n1/wangge?cacertfile=/etc/ca.pem;amqps://n2")
    assert addresses[1].port == 5671 and addresses[1].tls == addresses[0].tls
    assert addresses[1].params()["ssl"] == {"cert_reqs": ssl.CERT_REQUIRED,
                                            "ca_certs": "/etc/ca.pem",
                                            "server_hostname": "n2"}
    shared = addresses[0].ssl_options(with_hostname=False)
    assert "server_hostname" not in shared
    # kombu keeps one TLS setting for all nodes: each connection checks its own node
    assert amqp_reads._with_hostname(shared, "n2:5671")["server_hostname"] == "n2"
    assert amqp_reads._with_hostname(shared, "[::1]:5671")["server_hostname"] == "::1"
    unverified = brokers.parse("amqps://n1?verify=verify_none")[0].params()["ssl"]
    assert unverified == {"cert_reqs": ssl.CERT_NONE}
    assert amqp_reads._with_hostname(unverified, "n1:5671") == unverified
    conn = amqp_reads.BufferedConnection(brokers.kombu_uri(addresses), ssl=shared)
    assert conn.transport_cls is not None
    assert issubclass(conn.get_transport_cls(), amqp_reads.CheckedSSLKombuTransport)
    plain = amqp_reads.BufferedConnection("amqp://n1;amqp://n2")
    assert plain.get_transport_cls() is amqp_reads.BufferedKombuTransport


@pytest.mark.parametrize(("uri", "reason"), [
    ("", "AMQP_URI is empty"),
    ("amqp://n1;;amqp://n2", "address 2 is empty"),
    ("amqp://n1;", "address 2 is empty"),
    ("http://n1", "address 1: scheme 'http' is not amqp or amqps"),
    ("n1:5672", "address 1: scheme"),
    ("amqp://n1;amqps://n2", "address 2: amqps:// where address 1 is amqp://"),
    ("amqp://n1/a;amqp://n2/b", "address 2: virtual host 'b' differs"),
    ("amqp://n1:99999", "address 1: Port out of range"),
    ("amqp://n1:abc", "address 1: Port could not be cast"),
    ("amqp:///vhost", "address 1: names no host"),
    ("amqp://n1?heartbeat=5", "address 1: unknown parameter(s) heartbeat"),
    ("amqp://n1?cacertfile=/ca", "address 1: TLS parameters need amqps://"),
    ("amqps://n1?verify=maybe", "address 1: verify must be"),
    ("amqps://n1?cacertfile=/a;amqps://n2?cacertfile=/b", "address 2: TLS parameters"),
    ("amqp://n1/a/b", "has a '/'"),
])
def test_unusable_uris_name_the_address_and_the_reason(uri, reason):
    with pytest.raises(ValueError, match="AMQP_URI") as caught:
        brokers.parse(uri)
    assert reason in str(caught.value)
    with pytest.raises(brokers.BrokerUriError):
        ConfirmingPublisher(uri)  # at construction, not at the first publish


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_node_answering_names_each_one_and_is_a_connection_error():
    ports = [_closed_port(), _closed_port()]
    uri = ";".join(f"amqp://wg:secret@127.0.0.1:{p}/v" for p in ports)
    with pytest.raises(ConnectionError) as caught:
        brokers.connect(uri, connect_timeout=2)
    text = str(caught.value)
    assert all(f"127.0.0.1:{p}" in text for p in ports) and "secret" not in text
    # one address: its own error, as before lists were accepted
    with pytest.raises(ConnectionRefusedError):
        brokers.connect(f"amqp://127.0.0.1:{ports[0]}", connect_timeout=2)
    assert brokers.describe(uri) == ";".join(f"amqp://127.0.0.1:{p}/v" for p in ports)


def test_the_cli_names_every_node_without_any_password():
    from services.cli.event_cmds import where_broker

    assert where_broker("amqp://guest:s3cret@127.0.0.1:1/") == "127.0.0.1:1/"
    listed = where_broker("amqp://wg:s3cret@n1/wangge;amqp://other:s3cret@n2:5673")
    assert listed == "n1:5672/wangge;n2:5673/wangge" and "s3cret" not in listed


def test_a_consumer_that_cannot_connect_logs_no_password_of_any_node(caplog):
    from types import SimpleNamespace

    from services.common.consumer import RawQueueConsumer

    consumer = RawQueueConsumer()
    consumer.container = SimpleNamespace(config={
        "AMQP_URI": "amqp://wg:s3cret@n1:5672/v;amqp://wg:s3cret@n2:5672/v"})
    consumer._providers = set()
    with caplog.at_level("WARNING"):
        consumer.on_connection_error(ConnectionRefusedError(111, "refused"), 2)
    assert "n1:5672" in caplog.text and "n2:5672" in caplog.text
    assert "s3cret" not in caplog.text  # nameko's own message masks the first one only
