package signature

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// decodeStream returns the decoded data of a stream the verifier needs (cross-reference and object streams,
// DSS material), bounded by MaxStreamSize before and after decoding. Filters: none, FlateDecode with PNG or
// TIFF-2 predictors, ASCIIHexDecode.
func (f *pdfFile) decodeStream(st *pdfStream) ([]byte, error) {
	if st.Length > f.lim.MaxStreamSize {
		return nil, pdfErrorf("stream at offset %d of %d bytes exceeds the limit of %d (MaxStreamSize)", st.Offset, st.Length, f.lim.MaxStreamSize)
	}
	data := make([]byte, st.Length)
	if _, err := f.r.ReadAt(data, st.Offset); err != nil && !(errors.Is(err, io.EOF) && len(data) == 0) {
		return nil, fmt.Errorf("signature: reading PDF stream at offset %d: %w", st.Offset, err)
	}
	filters, parms := st.Dict["Filter"], st.Dict["DecodeParms"]
	var fl []pdfObject
	var pl []pdfObject
	switch x := filters.(type) {
	case nil:
	case pdfName:
		fl, pl = []pdfObject{x}, []pdfObject{parms}
	case pdfArray:
		fl = x
		if pa, ok := parms.(pdfArray); ok {
			pl = pa
		}
	default:
		return nil, pdfErrorf("stream at offset %d: bad /Filter", st.Offset)
	}
	if len(fl) > 4 {
		return nil, pdfErrorf("stream at offset %d: more than 4 filters", st.Offset)
	}
	for i, name := range fl {
		var p pdfDict
		if i < len(pl) {
			p, _ = pl[i].(pdfDict)
		}
		var err error
		switch name {
		case pdfName("FlateDecode"), pdfName("Fl"):
			data, err = f.inflate(data, p)
		case pdfName("ASCIIHexDecode"), pdfName("AHx"):
			data, err = asciiHexDecode(data)
		default:
			err = pdfErrorf("stream at offset %d: unsupported filter %v", st.Offset, name)
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (f *pdfFile) inflate(data []byte, parms pdfDict) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, pdfErrorf("FlateDecode: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, f.lim.MaxStreamSize+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, pdfErrorf("FlateDecode: %v", err)
	}
	if int64(len(out)) > f.lim.MaxStreamSize {
		return nil, pdfErrorf("decoded stream exceeds the limit of %d bytes (MaxStreamSize)", f.lim.MaxStreamSize)
	}
	return unpredict(out, parms)
}

func asciiHexDecode(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data)/2)
	var hi byte
	half := false
	for _, c := range data {
		if c == '>' {
			break
		}
		if isPDFSpace(c) {
			continue
		}
		v, ok := unhex(c)
		if !ok {
			return nil, pdfErrorf("ASCIIHexDecode: invalid character %q", c)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, nil
}

// unpredict undoes a /Predictor of FlateDecode (ISO 32000-1 §7.4.4.4): 2 = TIFF, ≥ 10 = PNG per row.
func unpredict(data []byte, p pdfDict) ([]byte, error) {
	pred, _ := p["Predictor"].(int64)
	if pred <= 1 {
		return data, nil
	}
	get := func(k pdfName, d int64) int64 {
		if v, ok := p[k].(int64); ok {
			return v
		}
		return d
	}
	colors, bpc, columns := get("Colors", 1), get("BitsPerComponent", 8), get("Columns", 1)
	if colors < 1 || colors > 32 || (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16) || columns < 1 || columns > 1<<20 {
		return nil, pdfErrorf("bad predictor parameters")
	}
	bpp := int(max(1, colors*bpc/8))
	rowLen := int((colors*bpc*columns + 7) / 8)
	if pred == 2 {
		if bpc != 8 {
			return nil, pdfErrorf("TIFF predictor with %d bits per component is not supported", bpc)
		}
		for r := 0; r+rowLen <= len(data); r += rowLen {
			for i := bpp; i < rowLen; i++ {
				data[r+i] += data[r+i-bpp]
			}
		}
		return data, nil
	}
	out := make([]byte, 0, len(data))
	prev := make([]byte, rowLen)
	for r := 0; r < len(data); r += rowLen + 1 {
		if r+rowLen+1 > len(data) {
			return nil, pdfErrorf("PNG predictor: truncated row")
		}
		kind, row := data[r], data[r+1:r+1+rowLen]
		for i := range row {
			var a, c byte
			if i >= bpp {
				a, c = row[i-bpp], prev[i-bpp]
			}
			b := prev[i]
			switch kind {
			case 0:
			case 1:
				row[i] += a
			case 2:
				row[i] += b
			case 3:
				row[i] += byte((int(a) + int(b)) / 2)
			case 4:
				row[i] += paeth(a, b, c)
			default:
				return nil, pdfErrorf("PNG predictor: unknown row filter %d", kind)
			}
		}
		out = append(out, row...)
		copy(prev, row)
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// pdfObjStream is a decoded object stream (ISO 32000-1 §7.5.7).
type pdfObjStream struct {
	data    []byte
	nums    []uint32
	offsets []int64
}

// objStmObject returns object num, the idx-th object of object stream stm, as of revision rev.
func (f *pdfFile) objStmObject(rev int, stm, idx, num uint32) (pdfObject, error) {
	ostm, ok := f.objStms[stm]
	if !ok {
		e, _, found := f.lookup(rev, stm)
		if !found || e.typ != 1 {
			return nil, pdfErrorf("object stream %d of object %d is not in the file", stm, num)
		}
		v, err := f.entryObject(e, pdfRef{Num: stm, Gen: e.gen}, rev)
		if err != nil {
			return nil, err
		}
		st, ok := v.(*pdfStream)
		if !ok || st.Dict["Type"] != pdfName("ObjStm") {
			return nil, pdfErrorf("object %d is not an object stream", stm)
		}
		if ostm, err = f.loadObjStm(st); err != nil {
			return nil, err
		}
		if f.stmBytes+int64(len(ostm.data)) > f.lim.MaxStreamSize {
			clear(f.objStms)
			f.stmBytes = 0
		}
		f.objStms[stm] = ostm
		f.stmBytes += int64(len(ostm.data))
	}
	if int(idx) >= len(ostm.nums) || ostm.nums[idx] != num {
		return nil, pdfErrorf("object %d is not at index %d of object stream %d", num, idx, stm)
	}
	s := newPDFScanner(bytes.NewReader(ostm.data), int64(len(ostm.data)), ostm.offsets[idx])
	p := &pdfParser{s: s, lim: f.lim, start: ostm.offsets[idx], budget: 1 << 22}
	return p.parseValue(0)
}

func (f *pdfFile) loadObjStm(st *pdfStream) (*pdfObjStream, error) {
	n, ok1 := st.Dict["N"].(int64)
	first, ok2 := st.Dict["First"].(int64)
	if !ok1 || !ok2 || n < 0 || first < 0 {
		return nil, pdfErrorf("object stream at offset %d: bad /N or /First", st.Offset)
	}
	data, err := f.decodeStream(st)
	if err != nil {
		return nil, err
	}
	if first > int64(len(data)) || n > int64(len(data))/2+1 {
		return nil, pdfErrorf("object stream at offset %d: /N or /First beyond its data", st.Offset)
	}
	ostm := &pdfObjStream{data: data}
	s := newPDFScanner(bytes.NewReader(data[:first]), first, 0)
	for i := int64(0); i < n; i++ {
		s.skipSpace()
		num, err1 := strconv.ParseUint(string(s.regular(11)), 10, 32)
		s.skipSpace()
		off, err2 := strconv.ParseInt(string(s.regular(20)), 10, 64)
		if err1 != nil || err2 != nil || first+off >= int64(len(data)) || off < 0 {
			return nil, pdfErrorf("object stream at offset %d: bad header", st.Offset)
		}
		ostm.nums = append(ostm.nums, uint32(num))
		ostm.offsets = append(ostm.offsets, first+off)
	}
	return ostm, nil
}

// streamDigest hashes a stream's raw data, to compare two versions of a stream without holding either.
func (f *pdfFile) streamDigest(st *pdfStream) ([32]byte, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f.r, st.Offset, st.Length)); err != nil {
		return [32]byte{}, fmt.Errorf("signature: reading PDF stream at offset %d: %w", st.Offset, err)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out, nil
}
