package edoc

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/vntime"
)

// TestValidateAtZeroMeansNow: a zero At is the time of the call, as in every egov options struct, so a package
// dated next year is in the future; SkipFutureCheck is the explicit way to turn that check off.
func TestValidateAtZeroMeansNow(t *testing.T) {
	p := buildPackage()
	next := vntime.Day(time.Now()).AddDate(1, 0, 0)
	p.Header.PromulgationInfo.PromulgationDate = next
	p.Header.Code.CodeNumber = "12"
	data := writePackage(t, p)
	tests := []struct {
		name   string
		opts   ValidateOptions
		future bool
	}{
		{"zero At is now", ValidateOptions{}, true},
		{"At after the date", ValidateOptions{At: next.AddDate(0, 0, 1)}, false},
		{"At the same day", ValidateOptions{At: next.Add(20 * time.Hour)}, false},
		{"At the day before", ValidateOptions{At: next.Add(-time.Second)}, true},
		{"skipped", ValidateOptions{SkipFutureCheck: true}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Validate(context.Background(), bytes.NewReader(data), tc.opts)
			require.NoError(t, err)
			require.Equal(t, tc.future, rep.Has("EDOC-F004"), "%v", rep.Codes())
		})
	}
}
