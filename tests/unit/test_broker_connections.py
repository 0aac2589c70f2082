"""How connections to the broker's nodes are made: the module-level `brokers.connect`
starts from the node that answered last (one Brokers per AMQP_URI), and the dead-letter
tools keep the TLS settings of AMQP_URI (services/common/brokers.py, deadletters.py)."""

from __future__ import annotations

import uuid

from services.common import brokers


class _Node:
    """A connection class as brokers.connect takes one (its `connection_cls`): node 1
    refuses, the others answer; every attempt is noted."""

    tried: list[str] = []

    def __init__(self, host: str, **_kwargs) -> None:
        self.host = host

    def connect(self) -> None:
        _Node.tried.append(self.host)
        if self.host.startswith("n1:"):
            raise ConnectionRefusedError(111, "refused")

    def collect(self) -> None:
        pass


def test_connect_starts_from_the_node_that_answered_last():
    # a vhost of its own: no other test shares this URI's Brokers
    uri = f"amqp://wg:pw@n1:5672/{uuid.uuid4().hex};amqp://n2:5672;amqp://n3:5672"
    _Node.tried = []
    assert brokers.connect(uri, _Node).host == "n2:5672"
    assert brokers.connect(uri, _Node).host == "n2:5672"
    # node 1 (down, or dropping packets: a whole connect timeout) was tried once only
    assert _Node.tried == ["n1:5672", "n2:5672", "n2:5672"]
    assert brokers.shared(uri) is brokers.shared(uri)


def _certificates(tmp_path):
    """A CA, and a server ("localhost") and a client certificate it signed, as files."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def issue(name, key, issuer=None, issuer_key=None, ca=False):
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        builder = (x509.CertificateBuilder().subject_name(subject)
                   .issuer_name(issuer.subject if issuer else subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True))
        if not ca:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(name)]), False)
        return builder.sign(issuer_key or key, hashes.SHA256())

    files = {}
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = issue("wangge test CA", ca_key, ca=True)
    for name in ("localhost", "wangge-client"):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = issue(name, key, ca, ca_key)
        files[name] = (tmp_path / f"{name}.pem", tmp_path / f"{name}.key")
        files[name][0].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        files[name][1].write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    files["ca"] = tmp_path / "ca.pem"
    files["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return files


def test_dead_letter_tools_keep_the_tls_settings_of_amqp_uri(tmp_path):
    import socket
    import ssl
    import threading

    import pika

    from services.common.deadletters import _parameters

    files = _certificates(tmp_path)
    cert, key = files["wangge-client"]
    uri = (f"amqps://wg:pw@localhost:5671/wangge?cacertfile={files['ca']}"
           f"&certfile={cert}&keyfile={key};amqps://n2")
    first, second = _parameters(uri)
    assert (first.host, first.port, first.virtual_host) == ("localhost", 5671, "wangge")
    assert first.credentials == pika.PlainCredentials("wg", "pw")
    assert isinstance(first.ssl_options, pika.SSLOptions)
    assert (first.ssl_options.server_hostname, second.ssl_options.server_hostname) == \
        ("localhost", "n2")
    context = first.ssl_options.context
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert [dict(x[0] for x in c["subject"])["commonName"]
            for c in context.get_ca_certs()] == ["wangge test CA"]

    # the context is the one a broker asking for a client certificate accepts
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(files["ca"]))
    server.verify_mode = ssl.CERT_REQUIRED
    server.load_cert_chain(*files["localhost"])
    peers = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        def accept():
            raw, _ = listener.accept()
            with server.wrap_socket(raw, server_side=True) as tls:
                peers.append(tls.getpeercert()["subject"])
        thread = threading.Thread(target=accept)
        thread.start()
        with socket.create_connection(listener.getsockname()) as raw, \
                context.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.recv(1)  # until the server closes: it has checked the certificate
        thread.join()
    assert peers == [((("commonName", "wangge-client"),),)]

    unverified = _parameters("amqps://n1?verify=verify_none")[0].ssl_options.context
    assert unverified.verify_mode == ssl.CERT_NONE and not unverified.check_hostname
    assert _parameters("amqp://n1")[0].ssl_options is None
