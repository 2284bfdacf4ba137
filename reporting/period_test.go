package reporting

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/dvc/workday"
)

func TestPeriodWindowAndDeadline(t *testing.T) {
	cal := workday.DefaultCalendar()
	tests := []struct {
		regime   Regime
		period   string
		from, to string
		days     int
		deadline string
	}{
		// 14/3/2026 is a Saturday: Monday 16 and Tuesday 17 are the two working days after it.
		{Monthly, "2026-03", "2026-02-15", "2026-03-14", 2, "2026-03-17"},
		{Monthly, "2026-01", "2025-12-15", "2026-01-14", 1, "2026-01-15"},
		// Tết 2026 (16–20/02): the window of February closes on Saturday 14/02, and the days off follow.
		{Monthly, "2026-02", "2026-01-15", "2026-02-14", 1, "2026-02-23"},
		{Quarterly, "2026-Q1", "2025-12-15", "2026-03-14", 2, "2026-03-17"},
		{Quarterly, "2026-Q3", "2026-06-15", "2026-09-14", 2, "2026-09-16"},
		{HalfYearly, "2026", "2025-12-15", "2026-06-14", 2, "2026-06-16"},
		{NineMonthly, "2026-9M", "2025-12-15", "2026-09-14", 2, "2026-09-16"},
		{Yearly, "2026", "2025-12-15", "2026-12-14", 2, "2026-12-16"},
	}
	for _, tt := range tests {
		t.Run(string(tt.regime)+" "+tt.period, func(t *testing.T) {
			p, err := ParsePeriod(tt.regime, tt.period)
			require.NoError(t, err)
			from, to := p.Window()
			require.Equal(t, tt.from, from.String())
			require.Equal(t, tt.to, to.String())
			require.Equal(t, tt.deadline, p.Deadline(cal, tt.days).String())
		})
	}
}

func TestParsePeriodErrors(t *testing.T) {
	tests := []struct {
		regime Regime
		in     string
	}{
		{Monthly, "2026-3"}, {Monthly, "2026-13"}, {Monthly, "2026"}, {Quarterly, "2026-Q5"}, {Quarterly, "2026-03"},
		{Yearly, "2026-01"}, {Yearly, "26"}, {Yearly, ""}, {HalfYearly, "2026-H2"}, {Regime("weekly"), "2026"},
	}
	for _, tt := range tests {
		_, err := ParsePeriod(tt.regime, tt.in)
		require.Error(t, err, "%s %q", tt.regime, tt.in)
	}
}

func TestPeriodPreviousAndString(t *testing.T) {
	tests := []struct {
		regime   Regime
		in, prev string
	}{
		{Monthly, "2026-01", "2025-12"}, {Quarterly, "2026-Q1", "2025-Q4"}, {Yearly, "2026", "2025"},
		{HalfYearly, "2026-H1", "2025-H1"}, {NineMonthly, "2026-9M", "2025-9M"},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.regime, tt.in)
		require.NoError(t, err)
		require.Equal(t, tt.in, p.String())
		require.Equal(t, tt.prev, p.Previous().String())
	}
}

func TestParseRegime(t *testing.T) {
	for in, want := range map[string]Regime{"monthly": Monthly, "6-month": HalfYearly, "9m": NineMonthly, "annual": Yearly, "Quarterly": Quarterly} {
		got, err := ParseRegime(in)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err := ParseRegime("weekly")
	require.Error(t, err)
	require.Equal(t, 2, DefaultDeadlines()[Yearly])
}
