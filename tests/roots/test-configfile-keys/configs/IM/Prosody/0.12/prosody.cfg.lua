-- Prosody 0.12 reference configuration: TLS required for clients and
-- servers, forward-secret suites only, server cipher order, 2048-bit DH.
--
-- Option names and meanings: Prosody documentation for 0.12,
-- https://prosody.im/doc/configure, https://prosody.im/doc/ports,
-- https://prosody.im/doc/certificates and https://prosody.im/doc/s2s.
-- The ssl table is handed to LuaSec: https://github.com/brunoos/luasec/wiki
--
-- Files this configuration expects:
--   /etc/prosody/certs/example.org.crt   certificate chain
--   /etc/prosody/certs/example.org.key   private key
--   /etc/prosody/certs/dh2048.pem        openssl dhparam -out dh2048.pem 2048

admins = { "admin@example.org" }

pidfile = "/run/prosody/prosody.pid"
data_path = "/var/lib/prosody"

log = {
	info = "/var/log/prosody/prosody.log";
	error = "/var/log/prosody/prosody.err";
}

modules_enabled = {
	"roster";
	"saslauth";
	"tls";
	"dialback";
	"disco";
	"carbons";
	"pep";
	"private";
	"blocklist";
	"vcard4";
	"vcard_legacy";
	"smacks";
	"csi_simple";
	"ping";
	"time";
	"uptime";
	"version";
	"limits";
	"admin_adhoc";
	"posix";
}

authentication = "internal_hashed"
storage = "internal"

-- Listening ports (https://prosody.im/doc/ports).
c2s_ports = { 5222 }
s2s_ports = { 5269 }
interfaces = { "*" }

-- Clients must negotiate STARTTLS before authentication.
c2s_require_encryption = true
-- Remote servers must use TLS and present a valid certificate.
s2s_require_encryption = true
s2s_secure_auth = true

-- TLS for every connection (c2s and s2s); a host's own ssl table adds
-- its certificate and key.
ssl = {
	protocol = "tlsv1_2+";
	ciphers = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256";
	options = { "cipher_server_preference", "single_dh_use", "single_ecdh_use", "no_compression", "no_ticket" };
	dhparam = "/etc/prosody/certs/dh2048.pem";
	curveslist = { "X25519", "P-384", "P-256" };
}

limits = {
	c2s = {
		rate = "10kb/s";
	};
	s2sin = {
		rate = "30kb/s";
	};
}

VirtualHost "example.org"
	ssl = {
		certificate = "/etc/prosody/certs/example.org.crt";
		key = "/etc/prosody/certs/example.org.key";
	}
