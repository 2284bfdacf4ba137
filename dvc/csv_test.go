package dvc

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const minimalHeader = "received_at,due_at,finished_at,channel,level,agency_code,procedure_code"

func readAll(t *testing.T, in string, opts ReaderOptions) ([]Record, error) {
	t.Helper()
	r := NewReader(strings.NewReader(in), opts)
	var out []Record
	for {
		var rec Record
		err := r.Read(&rec)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

func TestReaderRecord(t *testing.T) {
	in := "\ufeffghi_chu,procedure_code,agency_code,level,channel,finished_at,due_at,received_at,tier\r\n" +
		`"a, ""b""
c",1.003560,000.00.31.H53,toan_trinh,online,,2026-02-25T10:00:00+07:00,2026-02-13T03:00:00Z,district` + "\r\n" +
		"\r\n" +
		"x,2.000477.H56,000.00.00.H56,2,postal,2026-02-24T16:30:00.123456789+07:00,2026-02-25T10:00:00+07:00,2026-02-13T10:00:00-01:30,\n" +
		"y,2.000477,000.00.00.H56,4,counter,2026-02-24T16:30:00.5Z,2026-02-25T10:00:00+07:00,2026-02-13T10:00:00+07:00,"
	recs, err := readAll(t, in, ReaderOptions{})
	require.NoError(t, err)
	require.Len(t, recs, 3)
	r := recs[0]
	require.True(t, at(2026, 2, 13, 10, 0).Equal(r.ReceivedAt))
	require.Equal(t, "ICT", r.ReceivedAt.Location().String())
	require.True(t, r.FinishedAt.IsZero())
	require.Equal(t, ChannelOnline, r.Channel)
	require.Equal(t, LevelFull, r.Level)
	require.Equal(t, "000.00.31.H53", r.Agency)
	require.Equal(t, "1.003560", r.Procedure)
	require.Equal(t, TierDistrict, r.Tier)
	require.Equal(t, 123456789, recs[1].FinishedAt.Nanosecond())
	require.True(t, time.Date(2026, 2, 13, 11, 30, 0, 0, time.UTC).Equal(recs[1].ReceivedAt))
	require.Equal(t, TierUnknown, recs[1].Tier)
	require.Equal(t, ChannelPostal, recs[1].Channel)
	require.Equal(t, 500000000, recs[2].FinishedAt.Nanosecond())
	require.Equal(t, Level4, recs[2].Level)
}

func TestReaderErrors(t *testing.T) {
	row := "2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,,online,4,000.00.31.H53,1.003560"
	cases := []struct {
		name   string
		in     string
		line   int
		column string
		target error
	}{
		{"empty input", "", 1, "", nil},
		{"missing column", "received_at,due_at,finished_at,channel,level,agency_code\n", 1, "procedure_code", ErrMissingColumn},
		{"duplicate column", minimalHeader + ",level\n", 1, "level", nil},
		{"duplicate tier", minimalHeader + ",tier,tier\n", 1, "tier", nil},
		{"field count", minimalHeader + "\n" + row + "\n" + row + ",extra\n", 3, "", ErrFieldCount},
		{"bad time", minimalHeader + "\n" + strings.Replace(row, "10:00:00+07:00", "10h00", 1), 2, "received_at", nil},
		{"year out of range", minimalHeader + "\n" + strings.Replace(row, "2026-02-13", "1800-02-13", 1), 2, "received_at", nil},
		{"impossible date", minimalHeader + "\n" + strings.Replace(row, "2026-02-25", "2026-02-30", 1), 2, "due_at", nil},
		{"missing due", minimalHeader + "\n" + strings.Replace(row, "2026-02-25T10:00:00+07:00", "", 1), 2, "due_at", ErrEmptyField},
		{"bad finished", minimalHeader + "\n" + strings.Replace(row, ",,", ",yesterday,", 1), 2, "finished_at", nil},
		{"bad channel", minimalHeader + "\n" + strings.Replace(row, "online", "Online", 1), 2, "channel", nil},
		{"bad level", minimalHeader + "\n" + strings.Replace(row, ",4,", ",5,", 1), 2, "level", nil},
		{"bad agency", minimalHeader + "\n" + strings.Replace(row, "H53", "h53", 1), 2, "agency_code", nil},
		{"empty agency", minimalHeader + "\n" + strings.Replace(row, "000.00.31.H53", "", 1), 2, "agency_code", ErrEmptyField},
		{"bad procedure", minimalHeader + "\n" + strings.Replace(row, "1.003560", "1.3560", 1), 2, "procedure_code", ErrCodeShape},
		{"bad tier", minimalHeader + ",tier\n" + row + ",ward\n", 2, "tier", nil},
		{"unclosed quote", minimalHeader + "\n" + row + "\n\"abc\n", 3, "", ErrQuote},
		{"text after quote", minimalHeader + "\n\"a\"b," + row + "\n", 2, "", ErrQuote},
		{"bare quote", minimalHeader + "\nab\"c," + row + "\n", 2, "", ErrQuote},
		{"too long", minimalHeader + "\n" + row + "\n" + strings.Repeat("x", 5000) + "\n", 3, "", ErrRecordTooLong},
		{"too long quoted", minimalHeader + "\n\"" + strings.Repeat("x\n", 3000) + "\"\n", 2, "", ErrRecordTooLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, tc.in, ReaderOptions{MaxRecordBytes: 4096})
			var ce *CSVError
			require.True(t, errors.As(err, &ce), "error %v", err)
			require.Equal(t, tc.line, ce.Line, err.Error())
			require.Equal(t, tc.column, ce.Column, err.Error())
			if tc.target != nil {
				require.ErrorIs(t, err, tc.target)
			}
			require.Contains(t, err.Error(), "dvc: csv line ")
		})
	}
}

// TestReaderTimeForms: besides RFC 3339, a time cell may be a date (midnight) or a zone-less local time, both
// Vietnam time, as everywhere egov reads times (vntime.Parse).
func TestReaderTimeForms(t *testing.T) {
	row := "2026-02-13T10:00,2026-02-25,,online,4,000.00.31.H53,1.003560"
	recs, err := readAll(t, minimalHeader+"\n"+row+"\n", ReaderOptions{})
	require.NoError(t, err)
	require.Len(t, recs, 1)
	require.Equal(t, "2026-02-13T10:00:00+07:00", recs[0].ReceivedAt.Format(time.RFC3339))
	require.Equal(t, "2026-02-25T00:00:00+07:00", recs[0].DueAt.Format(time.RFC3339))
}

func TestReaderContinuesAfterBadRecord(t *testing.T) {
	row := "2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,,online,4,000.00.31.H53,1.003560"
	r := NewReader(strings.NewReader(minimalHeader+"\n"+row+"\nbad\n"+row+"\n"), ReaderOptions{})
	var rec Record
	require.NoError(t, r.Read(&rec))
	require.ErrorIs(t, r.Read(&rec), ErrFieldCount)
	require.Equal(t, 3, r.Line())
	require.NoError(t, r.Read(&rec))
	require.Equal(t, 4, r.Line())
	require.Equal(t, io.EOF, r.Read(&rec))
}

func TestParseRFC3339MatchesTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-02-13T10:00:00+07:00", "2026-02-13T10:00:00Z", "2024-02-29T23:59:59-11:45", "1970-01-01T00:00:00Z",
		"1900-01-01T00:00:00+07:00", "2026-02-13T10:00:00.1+07:00", "2026-02-13T10:00:00.1234567891234+07:00",
		"9999-12-31T23:59:59.999999999+23:59",
	} {
		want, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		got, ok := parseRFC3339([]byte(s), ict)
		require.True(t, ok, s)
		require.True(t, want.Equal(got), "%s: %v vs %v", s, got, want)
	}
	for _, s := range []string{"0001-01-01T00:00:00Z", "1899-12-31T16:59:59Z", "2026-02-13 10:00:00+07:00", "2026-02-13T10:00:00", "2026-02-29T10:00:00Z",
		"2026-13-01T10:00:00Z", "2026-02-13T24:00:00Z", "2026-02-13T10:60:00Z", "2026-02-13T10:00:60Z",
		"2026-02-13T10:00:00.Z", "2026-02-13T10:00:00+0700", "2026-02-13T10:00:00+24:00", "2026-02-13T10:00:00z",
		"+026-02-13T10:00:00Z", "000A-01-01T00:00:00+00:00", "20A6-01-01T00:00:00Z"} {
		_, ok := parseRFC3339([]byte(s), ict)
		require.False(t, ok, s)
	}
}

func FuzzParseRFC3339(f *testing.F) {
	for _, s := range []string{"2026-02-13T10:00:00+07:00", "2026-02-13T10:00:00.5Z", "2024-02-29T23:59:59-11:45"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseRFC3339([]byte(s), ict)
		if !ok {
			return
		}
		want, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatalf("fast path accepted %q that time.Parse rejects: %v", s, err)
		}
		if !want.Equal(got) {
			t.Fatalf("%q: %v, time.Parse %v", s, got, want)
		}
	})
}

func FuzzReader(f *testing.F) {
	row := "2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,,online,4,000.00.31.H53,1.003560"
	f.Add(minimalHeader + "\n" + row + "\n")
	f.Add(minimalHeader + ",tier\r\n" + row + ",commune\r\n\r\n")
	f.Add("\"x\"," + minimalHeader + "\n\"a\n\"\"b\"," + row + "\n")
	f.Add(minimalHeader + "\n\"unterminated")
	f.Fuzz(func(t *testing.T, in string) {
		r := NewReader(strings.NewReader(in), ReaderOptions{MaxRecordBytes: 1024, MaxInterned: 4})
		agg := NewAggregator(AggregateOptions{By: GroupMonth, MaxGroups: 8})
		for i := 0; i < 1000; i++ {
			var rec Record
			err := r.Read(&rec)
			if err == io.EOF {
				break
			}
			if err != nil {
				var ce *CSVError
				if !errors.As(err, &ce) {
					t.Fatalf("error of type %T: %v", err, err)
				}
				if ce.Line < 1 {
					t.Fatalf("line %d", ce.Line)
				}
				if errors.Is(err, ErrRecordTooLong) || errors.Is(err, ErrMissingColumn) || ce.Line == 1 {
					break
				}
				continue
			}
			_ = agg.Add(&rec)
		}
		for _, g := range agg.Groups(DefaultTargets()) {
			if g.Counts.Resolved()+g.Counts.Open != g.Counts.Total {
				t.Fatalf("counts do not add up: %+v", g.Counts)
			}
		}
	})
}

func TestReaderFinalErrorsAreSticky(t *testing.T) {
	row := "2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,,online,4,000.00.31.H53,1.003560"
	for name, in := range map[string]string{
		"header":    "received_at\n" + row + "\n",
		"too long":  minimalHeader + "\n" + strings.Repeat("x", 5000) + "\n" + row + "\n",
		"unclosed":  minimalHeader + "\n\"abc\n",
		"no header": "",
	} {
		t.Run(name, func(t *testing.T) {
			r := NewReader(strings.NewReader(in), ReaderOptions{MaxRecordBytes: 4096})
			var rec Record
			first := r.Read(&rec)
			require.Error(t, first)
			require.NotEqual(t, io.EOF, first)
			require.Equal(t, first, r.Read(&rec))
		})
	}
	r := NewReader(strings.NewReader(minimalHeader+"\n"), ReaderOptions{})
	var rec Record
	require.Equal(t, io.EOF, r.Read(&rec))
	require.Equal(t, io.EOF, r.Read(&rec))
}
