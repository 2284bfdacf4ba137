package edoc

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vnegov/egov/vntime"
)

// headerOnlyPackage builds a package of about 10 KB without attachment: a long list of receivers.
func headerOnlyPackage(tb testing.TB) []byte {
	p := buildPackage()
	p.Attachments = nil
	for i := 0; len(writePackage(tb, clonePackage(p))) < 10<<10; i++ {
		p.Header.To = append(p.Header.To, Organization{OrganID: "000.00.00.G12", OrganName: "Bộ Tài chính", OrganAdd: "28 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội"})
		p.Header.ToPlaces = append(p.Header.ToPlaces, "Bộ Tài chính")
	}
	return writePackage(tb, p)
}

func clonePackage(p *Package) *Package {
	c := *p
	c.Header.To = append([]Organization(nil), p.Header.To...)
	b := *p.Business
	c.Business = &b
	return &c
}

// BenchmarkValidateHeaderOnly measures validations per second of a 10 KB header-only package (goal: at least
// 5,000 per second per core; run with -cpu 1).
func BenchmarkValidateHeaderOnly(b *testing.B) {
	data := headerOnlyPackage(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	opts := ValidateOptions{At: time.Date(2024, 6, 1, 0, 0, 0, 0, vntime.Location())}
	for b.Loop() {
		rep, err := Validate(context.Background(), bytes.NewReader(data), opts)
		if err != nil || !rep.Valid() {
			b.Fatal(err, rep.Diagnostics)
		}
	}
}

// BenchmarkValidateAttachment measures the streaming path: a package with one 32 MiB attachment.
func BenchmarkValidateAttachment(b *testing.B) {
	content := make([]byte, 32<<20)
	_, _ = rand.Read(content)
	copy(content, "%PDF-1.7\n")
	p := buildPackage()
	p.Attachments[0].Content = bytes.NewReader(content)
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Validate(context.Background(), bytes.NewReader(data), ValidateOptions{})
		if err != nil || !rep.Valid() {
			b.Fatal(err, rep.Diagnostics)
		}
	}
}

// BenchmarkWrite measures writing a package with a 32 MiB attachment.
func BenchmarkWrite(b *testing.B) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 2<<20)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		p := buildPackage()
		p.Attachments[0].Content = bytes.NewReader(content)
		if err := Write(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHeaderOnlyPackageSize(t *testing.T) {
	data := headerOnlyPackage(t)
	if len(data) < 10<<10 || len(data) > 11<<10 || !strings.Contains(string(data), "<edXML:To>") {
		t.Fatalf("header-only package is %d bytes", len(data))
	}
}
