package dvc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/vntime"
)

// Column names of the dossier CSV read by Reader.
const (
	ColReceivedAt = "received_at"
	ColDueAt      = "due_at"
	ColFinishedAt = "finished_at"
	ColChannel    = "channel"
	ColLevel      = "level"
	ColAgency     = "agency_code"
	ColProcedure  = "procedure_code"
	// ColTier is optional.
	ColTier = "tier"
)

var requiredColumns = [...]string{ColReceivedAt, ColDueAt, ColFinishedAt, ColChannel, ColLevel, ColAgency, ColProcedure}

// ReaderOptions bounds a Reader's memory. The zero value selects the defaults.
type ReaderOptions struct {
	// MaxRecordBytes bounds one record (a line, or several when a quoted field holds line breaks); default 64 KiB.
	MaxRecordBytes int
	// MaxInterned bounds the distinct agency and procedure codes kept as shared strings (default 65,536); codes
	// beyond it are still read, at the cost of one allocation each.
	MaxInterned int
}

// CSVError reports a problem in the dossier CSV with its line number (1-based, the header is line 1) and column.
type CSVError struct {
	Line   int
	Column string
	// Value is the cell as read, for an invalid value (ErrInvalidValue); empty otherwise.
	Value string
	Err   error
}

// Error describes the problem with its location.
func (e *CSVError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("dvc: csv line %d, column %s: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("dvc: csv line %d: %v", e.Line, e.Err)
}

// Unwrap returns the underlying error.
func (e *CSVError) Unwrap() error { return e.Err }

// Errors of the CSV reader, wrapped in *CSVError.
var (
	ErrRecordTooLong = errors.New("record longer than the configured maximum")
	ErrFieldCount    = errors.New("wrong number of fields")
	ErrQuote         = errors.New("malformed quoted field")
	ErrMissingColumn = errors.New("required column missing from the header")
	ErrEmptyField    = errors.New("required value missing")
	// ErrInvalidValue is a cell that does not hold what its column wants (a time, a channel, a level, a code).
	ErrInvalidValue = errors.New("invalid value")

	errUnclosed = errors.New("quoted field not closed before the end of input")
)

// Reader streams dossier records from CSV (RFC 4180: commas, optional double quotes, CRLF or LF) with a header
// row that holds at least received_at, due_at, finished_at (times as vntime.Parse reads them: RFC 3339, a date or a
// zone-less Vietnam local time; finished_at empty while open), channel
// (online|counter|postal), level (1–4, toan_trinh, mot_phan), agency_code and procedure_code, and optionally
// tier (province|district|commune). Other columns are ignored; column order is free; a UTF-8 byte-order mark
// is skipped. Agency codes are checked with agencycode.Parse and procedure codes with ParseProcedureCode.
//
// Memory is bounded by ReaderOptions, not by the input: a Reader holds one record at a time and reuses its
// buffers, so reading does not allocate per record once the distinct codes have been seen.
type Reader struct {
	br      *bufio.Reader
	opts    ReaderOptions
	line    int // line number of the record last read
	next    int // line number of the next line
	header  bool
	nfields int
	col     [len(requiredColumns)]int
	tierCol int

	raw    []byte   // quoted record being assembled
	out    []byte   // unescaped fields of a quoted record
	ends   []int    // end offsets in out
	fields [][]byte // fields of the current record
	intern map[string]interned
	loc    *time.Location
	final  error // sticky error
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader, opts ReaderOptions) *Reader {
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = 64 << 10
	}
	if opts.MaxInterned <= 0 {
		opts.MaxInterned = 1 << 16
	}
	return &Reader{br: bufio.NewReaderSize(r, max(opts.MaxRecordBytes, 4096)+2), opts: opts, next: 1,
		intern: map[string]interned{}, loc: vntime.Location()}
}

// failed reports whether the reader met a final error, after which every Read returns it.
func (r *Reader) failed() bool { return r.final != nil }

// Line returns the line number where the record last read (or failed) starts.
func (r *Reader) Line() int { return r.line }

// Read reads the next record into rec. It returns io.EOF after the last record, and a *CSVError for a
// malformed record. Reading may continue after a malformed record; a problem with the header, a record longer
// than MaxRecordBytes, a quoted field left open at the end of input and I/O errors are final: every later Read
// returns the same error.
func (r *Reader) Read(rec *Record) error {
	if r.final != nil {
		return r.final
	}
	if !r.header {
		if err := r.readHeader(); err != nil {
			r.final = err
			return err
		}
	}
	for {
		if err := r.readRecord(); err != nil {
			if !errors.Is(err, ErrFieldCount) && !errors.Is(err, ErrQuote) || errors.Is(err, errUnclosed) {
				r.final = err
			}
			return err
		}
		if len(r.fields) == 1 && len(r.fields[0]) == 0 {
			continue // blank line
		}
		break
	}
	if len(r.fields) != r.nfields {
		return &CSVError{Line: r.line, Err: fmt.Errorf("%w: %d, the header has %d", ErrFieldCount, len(r.fields), r.nfields)}
	}
	return r.decode(rec)
}

func (r *Reader) readHeader() error {
	if err := r.readRecord(); err != nil {
		if err == io.EOF {
			return &CSVError{Line: 1, Err: errors.New("empty input: a header row is required")}
		}
		return err
	}
	if len(r.fields) > 0 {
		r.fields[0] = bytes.TrimPrefix(r.fields[0], []byte("\ufeff"))
	}
	for i := range r.col {
		r.col[i] = -1
	}
	r.tierCol = -1
	for i, f := range r.fields {
		name := string(bytes.TrimSpace(f))
		if name == ColTier {
			if r.tierCol >= 0 {
				return &CSVError{Line: r.line, Column: name, Err: errors.New("column appears twice in the header")}
			}
			r.tierCol = i
			continue
		}
		for j, want := range requiredColumns {
			if name == want {
				if r.col[j] >= 0 {
					return &CSVError{Line: r.line, Column: name, Err: errors.New("column appears twice in the header")}
				}
				r.col[j] = i
			}
		}
	}
	for j, c := range r.col {
		if c < 0 {
			return &CSVError{Line: r.line, Column: requiredColumns[j], Err: ErrMissingColumn}
		}
	}
	r.nfields = len(r.fields)
	r.header = true
	return nil
}

// readLine returns the next physical line without its line ending; the slice is valid until the next read.
func (r *Reader) readLine() ([]byte, error) {
	b, err := r.br.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		r.line = r.next
		return nil, &CSVError{Line: r.next, Err: ErrRecordTooLong}
	case err == io.EOF && len(b) == 0:
		return nil, io.EOF
	case err != nil && err != io.EOF:
		return nil, fmt.Errorf("dvc: csv line %d: %w", r.next, err)
	}
	r.next++
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b, nil
}

func (r *Reader) readRecord() error {
	r.line = r.next
	line, err := r.readLine()
	if err != nil {
		return err
	}
	r.fields = r.fields[:0]
	if bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				r.fields = append(r.fields, line)
				return nil
			}
			r.fields = append(r.fields, line[:i])
			line = line[i+1:]
		}
	}
	return r.splitQuoted(line)
}

// splitQuoted splits a record holding double quotes, reading further lines while a quoted field is open.
func (r *Reader) splitQuoted(line []byte) error {
	r.raw = append(r.raw[:0], line...)
	r.out, r.ends = r.out[:0], r.ends[:0]
	bad := func(msg string) error {
		return &CSVError{Line: r.line, Err: fmt.Errorf("%w: %s", ErrQuote, msg)}
	}
	i := 0
	for {
		if i < len(r.raw) && r.raw[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(r.raw[i:], '"')
				if j < 0 {
					// The quoted field continues on the next line.
					more, err := r.readLine()
					if err == io.EOF {
						return &CSVError{Line: r.line, Err: fmt.Errorf("%w: %w", ErrQuote, errUnclosed)}
					}
					if err != nil {
						return err
					}
					if len(r.raw)+1+len(more) > r.opts.MaxRecordBytes {
						return &CSVError{Line: r.line, Err: ErrRecordTooLong}
					}
					r.raw = append(append(r.raw, '\n'), more...)
					continue
				}
				r.out = append(r.out, r.raw[i:i+j]...)
				i += j + 1
				if i < len(r.raw) && r.raw[i] == '"' {
					r.out = append(r.out, '"')
					i++
					continue
				}
				break
			}
			r.ends = append(r.ends, len(r.out))
			if i == len(r.raw) {
				break
			}
			if r.raw[i] != ',' {
				return bad("character after the closing quote")
			}
			i++
			continue
		}
		j := bytes.IndexByte(r.raw[i:], ',')
		end := len(r.raw)
		if j >= 0 {
			end = i + j
		}
		if bytes.IndexByte(r.raw[i:end], '"') >= 0 {
			return bad("quote inside an unquoted field")
		}
		r.out = append(r.out, r.raw[i:end]...)
		r.ends = append(r.ends, len(r.out))
		if j < 0 {
			break
		}
		i = end + 1
	}
	start := 0
	for _, e := range r.ends {
		r.fields = append(r.fields, r.out[start:e])
		start = e
	}
	return nil
}

func (r *Reader) decode(rec *Record) error {
	fail := func(col string, value []byte, err error) error {
		e := &CSVError{Line: r.line, Column: col, Err: err}
		if !errors.Is(err, ErrEmptyField) {
			e.Value = string(value)
			e.Err = fmt.Errorf("%w: %w", ErrInvalidValue, err)
		}
		return e
	}
	f := func(j int) []byte { return r.fields[r.col[j]] }
	var err error
	if rec.ReceivedAt, err = r.parseTime(f(0), true); err != nil {
		return fail(ColReceivedAt, f(0), err)
	}
	if rec.DueAt, err = r.parseTime(f(1), true); err != nil {
		return fail(ColDueAt, f(1), err)
	}
	if rec.FinishedAt, err = r.parseTime(f(2), false); err != nil {
		return fail(ColFinishedAt, f(2), err)
	}
	switch b := f(3); string(b) {
	case "online":
		rec.Channel = ChannelOnline
	case "counter":
		rec.Channel = ChannelCounter
	case "postal":
		rec.Channel = ChannelPostal
	default:
		return fail(ColChannel, b, fmt.Errorf("unknown channel %q (want online, counter or postal)", b))
	}
	switch b := f(4); string(b) {
	case "1":
		rec.Level = Level1
	case "2":
		rec.Level = Level2
	case "3":
		rec.Level = Level3
	case "4":
		rec.Level = Level4
	case "toan_trinh":
		rec.Level = LevelFull
	case "mot_phan":
		rec.Level = LevelPartial
	default:
		return fail(ColLevel, b, fmt.Errorf("unknown level %q (want 1, 2, 3, 4, toan_trinh or mot_phan)", b))
	}
	if rec.Agency, rec.agencyID, err = r.code(f(5), checkAgency); err != nil {
		return fail(ColAgency, f(5), err)
	}
	if rec.Procedure, rec.procID, err = r.code(f(6), checkProcedure); err != nil {
		return fail(ColProcedure, f(6), err)
	}
	rec.src = r
	rec.Tier = TierUnknown
	if r.tierCol >= 0 {
		switch b := r.fields[r.tierCol]; string(b) {
		case "":
		case "province", "tinh":
			rec.Tier = TierProvince
		case "district", "huyen":
			rec.Tier = TierDistrict
		case "commune", "xa":
			rec.Tier = TierCommune
		default:
			_, err := ParseTier(string(b))
			return fail(ColTier, b, err)
		}
	}
	return nil
}

func checkAgency(s string) error {
	_, err := agencycode.Parse(s)
	return err
}

func checkProcedure(s string) error {
	_, err := ParseProcedureCode(s)
	return err
}

// interned is a code already seen: its shared string and a small number identifying it within this Reader,
// which lets an Aggregator index arrays instead of hashing the code again.
type interned struct {
	s  string
	id uint32
}

// code returns b as a string, checked by check the first time it is seen and shared afterwards, with its id
// (0 when the intern table is full).
func (r *Reader) code(b []byte, check func(string) error) (string, uint32, error) {
	if c, ok := r.intern[string(b)]; ok {
		return c.s, c.id, nil
	}
	if len(b) == 0 {
		return "", 0, ErrEmptyField
	}
	s := string(b)
	if err := check(s); err != nil {
		return "", 0, err
	}
	if len(r.intern) < r.opts.MaxInterned {
		id := uint32(len(r.intern) + 1)
		r.intern[s] = interned{s, id}
		return s, id, nil
	}
	return s, 0, nil
}

func (r *Reader) parseTime(b []byte, required bool) (time.Time, error) {
	if len(b) == 0 {
		if required {
			return time.Time{}, ErrEmptyField
		}
		return time.Time{}, nil
	}
	if t, ok := parseRFC3339(b, r.loc); ok {
		return t, nil
	}
	// Anything else goes to the parser every egov input shares: dates and zone-less local times are Vietnam time.
	t, err := vntime.Parse(string(b))
	if err != nil {
		return time.Time{}, err
	}
	return t.In(r.loc), nil
}

// parseRFC3339 parses "2006-01-02T15:04:05[.frac](Z|±hh:mm)" without allocating. It reports false for anything
// else, including out-of-range fields, and the caller then defers to time.Parse for the error message.
func parseRFC3339(b []byte, loc *time.Location) (time.Time, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	yh, yl := digits2(b, 0), digits2(b, 2)
	y := yh*100 + yl
	mo, d, h, mi, s := digits2(b, 5), digits2(b, 8), digits2(b, 11), digits2(b, 14), digits2(b, 17)
	// digits2 returns a value above 99 for a non-digit, so one range check per field covers both.
	if yh > 99 || yl > 99 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if b[i] == '.' {
		i++
		digits := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if digits < 9 {
				nsec = nsec*10 + int(b[i]-'0')
			}
			digits++
			i++
		}
		if digits == 0 {
			return time.Time{}, false
		}
		for ; digits < 9; digits++ {
			nsec *= 10
		}
	}
	off := 0
	switch {
	case i == len(b)-1 && b[i] == 'Z':
	case i == len(b)-6 && (b[i] == '+' || b[i] == '-') && b[i+3] == ':':
		oh, om := digits2(b, i+1), digits2(b, i+4)
		if oh > 23 || om > 59 {
			return time.Time{}, false
		}
		off = oh*3600 + om*60
		if b[i] == '-' {
			off = -off
		}
	default:
		return time.Time{}, false
	}
	days := daysFromCivil(y, mo, d)
	unix := days*86400 + int64(h*3600+mi*60+s) - int64(off)
	t := time.Unix(unix, int64(nsec)).In(loc)
	if y := t.In(vntime.Location()).Year(); y < vntime.MinYear || y > vntime.MaxYear {
		return time.Time{}, false // vntime.Parse gives the error
	}
	return t, true
}

// digits2 reads the two decimal digits at b[i:i+2]; a non-digit makes the result exceed 99.
func digits2(b []byte, i int) int {
	hi, lo := uint(b[i]-'0'), uint(b[i+1]-'0')
	if hi > 9 || lo > 9 {
		return 1000
	}
	return int(hi*10 + lo)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days from 1970-01-01 to the proleptic Gregorian date y-m-d.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// KPI reads every dossier of r and aggregates it. It stops at the first malformed record with its *CSVError, or
// at the first record beyond a bound of AggregateOptions.
func KPI(r io.Reader, ropts ReaderOptions, aopts AggregateOptions) (*Aggregator, error) {
	rd := NewReader(r, ropts)
	agg := NewAggregator(aopts)
	var rec Record
	for {
		err := rd.Read(&rec)
		if err == io.EOF {
			return agg, nil
		}
		if err != nil {
			return nil, err
		}
		if err := agg.Add(&rec); err != nil {
			return nil, fmt.Errorf("%w (at csv line %d)", err, rd.Line())
		}
	}
}
