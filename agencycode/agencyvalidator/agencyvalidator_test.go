package agencyvalidator

import (
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/agencycode"
)

func TestRegister(t *testing.T) {
	v := validator.New()
	require.NoError(t, Register(v))
	type msg struct {
		From   string          `validate:"agencycode"`
		To     agencycode.Code `validate:"agencycode"`
		Legacy string          `validate:"omitempty,agencycode=legacy"`
	}
	tests := []struct {
		name string
		m    msg
		ok   bool
	}{
		{"valid", msg{From: "000.00.00.G22", To: agencycode.MustParse("000.21.31.H53")}, true},
		{"generic from", msg{From: "G22", To: agencycode.MustParse("G22")}, true},
		{"legacy required", msg{From: "G22", To: agencycode.MustParse("G22"), Legacy: "G22"}, false},
		{"legacy ok", msg{From: "G22", To: agencycode.MustParse("G22"), Legacy: "000.00.00.H53"}, true},
		{"hierarchy", msg{From: "000.21.00.H53", To: agencycode.MustParse("G22")}, false},
		{"empty string", msg{To: agencycode.MustParse("G22")}, false},
		{"zero code", msg{From: "G22"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Struct(tt.m)
			require.Equal(t, tt.ok, err == nil, "%v", err)
		})
	}
	type wrongKind struct {
		N int `validate:"agencycode"`
	}
	require.Error(t, v.Struct(wrongKind{N: 1}))
}
