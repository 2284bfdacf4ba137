package signature

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/internal/xmlstream"
)

// pooledVerdict is what a report says about each signature, for comparisons.
type pooledVerdict struct {
	ID         string
	Indication Indication
	Sub        SubIndication
	Scope      Scope
}

func pooledVerdicts(rep *Report) []pooledVerdict {
	var out []pooledVerdict
	for _, s := range rep.Signatures {
		out = append(out, pooledVerdict{ID: s.ID, Indication: s.Indication, Sub: s.SubIndication, Scope: s.Scope})
	}
	return out
}

// reportSnapshot renders everything a report says, its errors included.
func reportSnapshot(t *testing.T, rep *Report) string {
	js, err := json.Marshal(rep)
	require.NoError(t, err)
	s := string(js)
	for _, sig := range rep.Signatures {
		if sig.Err != nil {
			s += "\n" + sig.Err.Error()
		}
	}
	return s
}

// TestVerifyXMLPooledBuffersIndependent verifies documents of every path (small documents replayed from the
// token log, documents read through a hidden length, tampered, not well-formed, signature after a long
// content) many times, interleaved and from several goroutines, so that the pooled tokenizers and token logs
// serve one document after another; each pooledVerdict must be the one of the document verified alone first.
func TestVerifyXMLPooledBuffersIndependent(t *testing.T) {
	env := newXMLTestEnv(t)
	ctx := context.Background()
	small := env.sign(t, tenKBDocument(), env.pki.Valid, XMLSignOptions{Placement: PlaceRoot})
	edxml := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{})
	big := bytes.Replace(readXMLTestdata(t, "edxml-unsigned.xml"), []byte("</edXML:ContentTransferEncoded>"),
		[]byte(strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n", 4000)+"</edXML:ContentTransferEncoded>"), 1)
	bigLast := env.sign(t, big, env.pki.Valid, XMLSignOptions{Placement: PlaceRoot})
	docs := []struct {
		name   string
		doc    []byte
		hidden bool // hide the length: the streaming path
	}{
		{"10KB", small, false},
		{"10KB streamed", small, true},
		{"10KB tampered", bytes.Replace(small, []byte("F007"), []byte("F008"), 1), false},
		{"edXML", edxml, false},
		{"edXML truncated", edxml[:len(edxml)-40], false},
		{"edXML invalid UTF-8", bytes.Replace(edxml, []byte("edXMLHeader>"), []byte("edXMLHeader>\xff"), 1), false},
		{"150KB signature last", bigLast, false},
		{"150KB signature last streamed", bigLast, true},
		{"unsigned", tenKBDocument(), false},
	}
	verify := func(i int) ([]pooledVerdict, error) {
		var r io.Reader = bytes.NewReader(docs[i].doc)
		if docs[i].hidden {
			r = struct{ io.Reader }{r}
		}
		rep, err := VerifyXML(ctx, r, env.opts)
		if err != nil {
			return nil, err
		}
		return pooledVerdicts(rep), nil
	}
	want := make([][]pooledVerdict, len(docs))
	kept := make([]*Report, len(docs))
	snapshots := make([]string, len(docs))
	for i := range docs {
		v, err := verify(i)
		require.NoError(t, err, docs[i].name)
		want[i] = v
		rep, err := VerifyXML(ctx, bytes.NewReader(docs[i].doc), env.opts)
		require.NoError(t, err)
		kept[i], snapshots[i] = rep, reportSnapshot(t, rep)
	}
	require.Equal(t, TotalPassed, want[0][0].Indication)
	require.Equal(t, TotalFailed, want[2][0].Indication)
	require.Equal(t, TotalPassed, want[6][0].Indication)

	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 3 * len(docs) {
				i := (k*5 + g) % len(docs)
				got, err := verify(i)
				if err != nil {
					errs <- docs[i].name + ": " + err.Error()
					return
				}
				if d := cmp.Diff(want[i], got); d != "" {
					errs <- docs[i].name + ":\n" + d
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// The reports verified first are unchanged after the pooled memory served all the others: nothing in a
	// report refers to a pooled buffer, tree or canonicalizer.
	for i, rep := range kept {
		require.Equal(t, snapshots[i], reportSnapshot(t, rep), docs[i].name)
	}
}

// replayed is what the digest pass reads of a token.
type replayed struct {
	Kind                 xmlTokenKind
	Prefix, Local, Space string
	Attrs                []xmlAttr
	NS                   []nsDecl
	Text                 string
	Empty, Verbatim      bool
	Depth                int
}

func replayedOf(t *xmlToken) replayed {
	r := replayed{Kind: t.Kind, Prefix: t.Prefix, Local: t.Local, Space: t.Space, Text: string(t.Text),
		Empty: t.Empty, Verbatim: verbatim(t), Depth: t.Depth}
	r.Attrs = append(r.Attrs, t.Attrs...)
	r.NS = append(r.NS, t.NS...)
	return r
}

// TestTokenLogReplaysTokenizer requires the token log of small documents to replay exactly what the
// tokenizer read (names, namespaces, attributes, text, depth, and whether text was verbatim), reused across
// documents as the pool reuses it.
func TestTokenLogReplaysTokenizer(t *testing.T) {
	docs := []string{
		string(tenKBDocument()),
		string(readXMLTestdata(t, "edxml-unsigned.xml")),
		`<?xml version="1.0"?><!--c--><a xmlns="urn:a" xmlns:p="urn:p" p:x="1&amp;2" y="3"><p:b/>t&lt;x<![CDATA[c<d]]>` +
			"\r\n<?pi data?><c xmlns=\"\">z</c></a><!--after-->",
		"<r>" + strings.Repeat("<e a='v'>x</e>", 2000) + "</r>",
	}
	log := &tokenLog{}
	for _, doc := range docs {
		var want []replayed
		tz := newXMLTokenizer(strings.NewReader(doc))
		log.reset(len(doc) + 1)
		for {
			tok, err := tz.Next()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			want = append(want, replayedOf(tok))
			require.True(t, log.add(tok))
		}
		var got []replayed
		src := &logSource{l: log}
		for {
			tok, err := src.next()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			got = append(got, replayedOf(tok))
		}
		require.Empty(t, cmp.Diff(want, got, cmp.Comparer(func(a, b []xmlAttr) bool { return len(a) == len(b) && (len(a) == 0 || cmp.Equal(a, b)) }),
			cmp.Comparer(func(a, b []nsDecl) bool { return len(a) == len(b) && (len(a) == 0 || cmp.Equal(a, b)) })))
	}
}

// TestPooledMemoryBounded checks that what goes back to the pools after a large document is bounded: the
// token log over xmlPoolRetain, a canonicalizer whose buffer grew and a builder over xmlBuilderRetain are
// dropped, not kept.
func TestPooledMemoryBounded(t *testing.T) {
	b := &xmlScanBuffers{tz: xmlstream.NewTokenizer(nil, xmlstream.Options{}), log: &tokenLog{}}
	b.log.text = make([]byte, 0, 4<<20)
	b.log.attrs = make([]xmlAttr, 0, 1<<16)
	log := b.log
	b.release()
	require.NotSame(t, log, b.log, "a log over the bound is replaced")
	require.LessOrEqual(t, b.log.retained(), xmlPoolRetain)

	c := newCanonicalizer(c14nMethod{}, io.Discard, nil, nil)
	c.buf = make([]byte, 0, 2*c14nRetain)
	require.NoError(t, c.release())
	require.True(t, c.live, "a canonicalizer with a grown buffer is not pooled")

	big := xmlstream.NewBuilder(1<<30, "")
	for i := range 3 {
		_, err := big.Add(&xmlToken{Kind: tokStart, Local: "a"})
		require.NoError(t, err)
		_, err = big.Add(&xmlToken{Kind: tokText, Text: make([]byte, 200<<10)})
		require.NoError(t, err, i)
	}
	require.Greater(t, big.Retained(), xmlBuilderRetain)
	scan := &xmlScan{builders: []*xmlstream.Builder{big}}
	scan.release()
	require.Nil(t, scan.builders)
}
