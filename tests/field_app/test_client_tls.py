"""Every sync opens a new client; the certificate store behind https is loaded once per
process (it cost about 30 ms of CPU per sync), and it still checks the ward's server."""

from __future__ import annotations

import ssl

from field_app.sync.client import SyncClient, tls_context


def test_syncs_share_one_certificate_store_that_still_checks_the_server() -> None:
    first = SyncClient("https://ward.example", token="t")
    second = SyncClient("https://ward.example", token="t")
    try:
        context = tls_context()
        assert context is tls_context()
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname
        assert context.cert_store_stats()["x509_ca"] > 0  # the CA bundle is loaded
    finally:
        first.close()
        second.close()
