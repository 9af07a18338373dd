package serving

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"math/big"
	"net"
	"strings"
	"time"
)

// adhocLifetime is how long an ad-hoc certificate is valid. It is made
// afresh at every start, so a long life only spares clock-skew surprises.
const adhocLifetime = 30 * 24 * time.Hour

// AdhocTLSConfig returns a TLS configuration with a self-signed certificate
// made in memory, valid for localhost, 127.0.0.1 and ::1 and for each of
// hosts (names or IP addresses; empty ones are skipped), together with the
// certificate's SHA-256 fingerprint as colon-separated upper-case hex, the
// form browsers show. Nothing is written to disk; browsers will warn that
// the certificate is not trusted.
func AdhocTLSConfig(hosts ...string) (cfg *tls.Config, fingerprint string, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, "", fmt.Errorf("serving: ad-hoc certificate key: %w", err)
	}
	tmpl, err := adhocTemplate(hosts)
	if err != nil {
		return nil, "", err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, "", fmt.Errorf("serving: ad-hoc certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, "", fmt.Errorf("serving: ad-hoc certificate: %w", err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	cfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	return cfg, Fingerprint(der), nil
}

// adhocTemplate returns the template of a self-signed server certificate
// for localhost and hosts.
func adhocTemplate(hosts []string) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("serving: ad-hoc certificate serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"devserve"}, CommonName: "localhost"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(adhocLifetime),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range append([]string{"localhost", "127.0.0.1", "::1"}, hosts...) {
		addSAN(tmpl, h)
	}
	return tmpl, nil
}

// addSAN adds host to tmpl's subject alternative names, as an IP address
// when it is one and as a DNS name otherwise, unless it is already there.
func addSAN(tmpl *x509.Certificate, host string) {
	host = strings.Trim(host, "[]")
	if host == "" {
		return
	}
	if ip := net.ParseIP(host); ip != nil {
		for _, have := range tmpl.IPAddresses {
			if have.Equal(ip) {
				return
			}
		}
		tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		return
	}
	for _, have := range tmpl.DNSNames {
		if strings.EqualFold(have, host) {
			return
		}
	}
	tmpl.DNSNames = append(tmpl.DNSNames, host)
}

// Fingerprint returns the SHA-256 fingerprint of a DER-encoded certificate
// as colon-separated upper-case hex ("AB:CD:..."), the form browsers show.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}
