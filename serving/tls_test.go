package serving

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"strings"
	"testing"
)

func TestAdhocTLSConfigNames(t *testing.T) {
	cfg, fp, err := AdhocTLSConfig("dev.example", "192.0.2.7", "", "[2001:db8::1]", "localhost")
	if err != nil {
		t.Fatalf("AdhocTLSConfig: %v", err)
	}
	leaf, err := x509.ParseCertificate(cfg.Certificates[0].Certificate[0])
	if err != nil {
		t.Fatalf("parse certificate: %v", err)
	}
	for _, host := range []string{"localhost", "127.0.0.1", "::1", "dev.example", "192.0.2.7", "2001:db8::1"} {
		if err := leaf.VerifyHostname(host); err != nil {
			t.Errorf("VerifyHostname(%q) = %v, want nil", host, err)
		}
	}
	if err := leaf.VerifyHostname("other.example"); err == nil {
		t.Errorf("VerifyHostname(%q) = nil, want an error", "other.example")
	}
	if got, want := len(leaf.DNSNames), 2; got != want {
		t.Errorf("len(DNSNames) = %d (%v), want %d", got, leaf.DNSNames, want)
	}
	sum := sha256.Sum256(leaf.Raw)
	if got, want := strings.ReplaceAll(fp, ":", ""), strings.ToUpper(hex.EncodeToString(sum[:])); got != want {
		t.Errorf("fingerprint = %s, want %s", got, want)
	}
	if got, want := len(fp), 32*3-1; got != want {
		t.Errorf("len(fingerprint) = %d, want %d", got, want)
	}
	if cfg.MinVersion != tls.VersionTLS12 {
		t.Errorf("MinVersion = %x, want %x", cfg.MinVersion, tls.VersionTLS12)
	}
}

func TestAdhocTLSConfigFresh(t *testing.T) {
	_, fp1, err := AdhocTLSConfig()
	if err != nil {
		t.Fatalf("AdhocTLSConfig: %v", err)
	}
	_, fp2, err := AdhocTLSConfig()
	if err != nil {
		t.Fatalf("AdhocTLSConfig: %v", err)
	}
	if fp1 == fp2 {
		t.Errorf("two ad-hoc certificates share fingerprint %s, want fresh keys each time", fp1)
	}
}
