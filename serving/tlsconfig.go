package serving

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
)

// tlsConfig returns the TLS configuration o asks for, or nil for plain
// HTTP, and the fingerprint of an ad-hoc certificate.
func (o *Options) tlsConfig(a address) (*tls.Config, string, error) {
	var cfg *tls.Config
	if o.TLSConfig != nil {
		cfg = o.TLSConfig.Clone()
	}
	var cert tls.Certificate
	var fingerprint string
	var err error
	switch {
	case (o.TLSCertFile != "" || o.TLSKeyFile != "") && o.AdhocTLS:
		return nil, "", errors.New("serving: TLS: both certificate files and ad-hoc TLS are set; pick one")
	case o.TLSCertFile == "" != (o.TLSKeyFile == ""):
		return nil, "", errors.New("serving: TLS: a certificate file needs a key file, and the other way round")
	case o.TLSCertFile != "":
		cert, err = tls.LoadX509KeyPair(o.TLSCertFile, o.TLSKeyFile)
		if err != nil {
			return nil, "", fmt.Errorf("serving: TLS: %w", err)
		}
	case o.AdhocTLS:
		var adhoc *tls.Config
		adhoc, fingerprint, err = AdhocTLSConfig(certHosts(a)...)
		if err != nil {
			return nil, "", err
		}
		cert = adhoc.Certificates[0]
	default:
		return cfg, "", checkCertificates(cfg)
	}
	if cfg == nil {
		cfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	cfg.Certificates = append(cfg.Certificates, cert)
	return cfg, fingerprint, nil
}

// checkCertificates reports an error if cfg is not nil and has no way to
// find a certificate.
func checkCertificates(cfg *tls.Config) error {
	if cfg == nil || len(cfg.Certificates) > 0 || cfg.GetCertificate != nil || cfg.GetConfigForClient != nil {
		return nil
	}
	return errors.New("serving: TLS: the TLS config has no certificate")
}

// certHosts returns the hosts an ad-hoc certificate for a must name
// besides localhost: the bind host, or for all-interfaces binds the
// machine's LAN addresses.
func certHosts(a address) []string {
	if a.network != "tcp" {
		return nil
	}
	if !a.allInterfaces() {
		return []string{a.host}
	}
	var hosts []string
	for _, ip := range []net.IP{lanIP(false), lanIP(true)} {
		if ip != nil {
			hosts = append(hosts, ip.String())
		}
	}
	return hosts
}
