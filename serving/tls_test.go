package serving

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
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

func TestRunAdhocTLSHandshake(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", hello, WithAdhocTLS())
	m := regexp.MustCompile(`SHA-256 fingerprint ([0-9A-F:]{95})\n`).FindStringSubmatch(s.out.String())
	if m == nil {
		t.Fatalf("banner = %q, want the certificate's fingerprint", s.out.String())
	}
	if want := "https://" + s.addr.String(); !strings.Contains(s.out.String(), " * Running on "+want+"\n") {
		t.Errorf("banner = %q, want %q", s.out.String(), want)
	}
	cfg := &tls.Config{
		InsecureSkipVerify: true, // self-signed: verified below by fingerprint and name
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if got := Fingerprint(raw[0]); got != m[1] {
				return fmt.Errorf("fingerprint %s, banner says %s", got, m[1])
			}
			leaf, err := x509.ParseCertificate(raw[0])
			if err != nil {
				return err
			}
			return leaf.VerifyHostname("127.0.0.1")
		},
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true}}
	resp, err := c.Get("https://" + s.addr.String() + "/")
	if err != nil {
		t.Fatalf("GET over ad-hoc TLS: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "hello" || resp.ProtoMajor != 2 {
		t.Errorf("GET over ad-hoc TLS = %s %q, want HTTP/2 %q", resp.Proto, body, "hello")
	}
}

func TestRunTLSFiles(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	cfg, _, err := AdhocTLSConfig("dev.test")
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, certFile, "CERTIFICATE", cfg.Certificates[0].Certificate[0])
	key, err := x509.MarshalPKCS8PrivateKey(cfg.Certificates[0].PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, keyFile, "PRIVATE KEY", key)

	s := startServer(t, "127.0.0.1:0", hello, WithTLSFiles(certFile, keyFile))
	pool := x509.NewCertPool()
	pool.AddCert(cfg.Certificates[0].Leaf)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "dev.test"}}}
	resp, err := c.Get("https://" + s.addr.String() + "/")
	if err != nil {
		t.Fatalf("GET with the certificate files: %v", err)
	}
	resp.Body.Close()
	if strings.Contains(s.out.String(), "fingerprint") {
		t.Errorf("banner = %q, want no ad-hoc fingerprint for certificate files", s.out.String())
	}
}

func TestRunTLSConfig(t *testing.T) {
	cfg, _, err := AdhocTLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "127.0.0.1:0", hello, WithTLSConfig(cfg))
	pool := x509.NewCertPool()
	pool.AddCert(cfg.Certificates[0].Leaf)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Get("https://" + s.addr.String() + "/")
	if err != nil {
		t.Fatalf("GET with the caller's TLS config: %v", err)
	}
	resp.Body.Close()

	err = Run(context.Background(), "127.0.0.1:0", hello, WithOutput(io.Discard), WithTLSConfig(&tls.Config{}))
	if err == nil || !strings.Contains(err.Error(), "no certificate") {
		t.Errorf("Run with an empty TLS config = %v, want a no-certificate error", err)
	}
}

func writePEM(t *testing.T, name, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
