package reporting

import (
	"bytes"
	"os"
	"testing"
)

// checkInstance validates whatever a reader produced: the validator must not panic on any instance.
func checkInstance(t *testing.T, s *Schema, inst *Instance, err error) {
	if err != nil {
		if inst != nil {
			t.Fatalf("instance and error: %v", err)
		}
		return
	}
	Validate(s, inst, ValidateOptions{})
}

func FuzzReadJSON(f *testing.F) {
	for _, name := range []string{"testdata/seed-2021.json", "testdata/seed-2020.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"values":{"cert_issued":3.5e3,"x":null},"observations":[{"indicator":"it_spending_item","value":"1"}]}`))
	f.Add([]byte(`{"period":1}`))
	s := itAnnual(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		inst, err := ReadJSON(bytes.NewReader(b), ReadOptions{MaxBytes: 1 << 16, MaxObservations: 200})
		checkInstance(t, s, inst, err)
	})
}

func FuzzReadCSV(f *testing.F) {
	b, err := os.ReadFile("testdata/seed-2021.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("indicator,value,item\nit_spending_item,\"2.500.000,000\",p1\n"))
	f.Add([]byte("\ufeffvalue,indicator\n\"1\"\"\",x\n"))
	s := itAnnual(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		inst, err := ReadCSV(bytes.NewReader(b), ReadOptions{MaxBytes: 1 << 16, MaxObservations: 200})
		checkInstance(t, s, inst, err)
	})
}

func FuzzReadXLSX(f *testing.F) {
	s := itAnnual(f)
	v := NewValues(s)
	v.Set("cert_issued", 3222)
	v.SetItem("it_spending_item", "p1", 5)
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, v, ExportOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		inst, err := ReadXLSX(bytes.NewReader(b), s, ReadOptions{MaxBytes: 1 << 20, MaxObservations: 200})
		checkInstance(t, s, inst, err)
	})
}
