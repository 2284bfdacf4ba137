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

func FuzzLoadSchema(f *testing.F) {
	for _, name := range BuiltinNames() {
		b, err := builtinFS.ReadFile("schemas/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","regime":"monthly","sections":[{"id":"s"}],"indicators":[{"id":"a","section":"s","unit":"count"}],"rules":[{"id":"r","kind":"range","indicators":["a"],"min":0}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := LoadSchema(bytes.NewReader(b))
		if err != nil {
			return
		}
		// A schema that loads can check an instance holding every indicator.
		inst := &Instance{Period: "2026"}
		for _, ind := range s.Indicators {
			inst.Observations = append(inst.Observations, Observation{Indicator: ind.ID, Item: ind.Items, Raw: "1"})
		}
		vals, _ := Validate(s, inst, ValidateOptions{Previous: NewValues(s)})
		Aggregate(s, "01", []*Values{vals}, AggregateOptions{Expected: []string{"001"}})
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-03", "2026-Q1", "2026", "2026-H1", "2026-9M", "0000-00", "9999-12"} {
		for _, r := range Regimes {
			f.Add(string(r), s)
		}
	}
	f.Fuzz(func(t *testing.T, regime, s string) {
		p, err := ParsePeriod(Regime(regime), s)
		if err != nil {
			return
		}
		from, to := p.Window()
		if !from.Valid() || !to.Valid() || from.Time(nil).After(to.Time(nil)) {
			t.Fatalf("%s %q: window %s … %s", regime, s, from, to)
		}
		if q, err := ParsePeriod(p.Regime, p.String()); err != nil || q != p {
			t.Fatalf("%s %q: round trip %q → %v, %v", regime, s, p.String(), q, err)
		}
	})
}
