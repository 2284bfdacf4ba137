package reporting

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Columns of a section sheet, the layout WriteXLSX writes and ReadXLSX reads: the indicator id in A, the item in
// B, the name in C, the unit in D, the value in E, the target in F and the previous period's value in G.
const (
	xlsxColID = iota + 1
	xlsxColItem
	xlsxColName
	xlsxColUnit
	xlsxColValue
	xlsxColTarget
	xlsxColPrevious
)

// itemsTotal marks, in column B, the row holding the total of a breakdown indicator's items: written for
// readers, recomputed rather than read.
const itemsTotal = "*"

// MaxZipEntries bounds the parts of a workbook read by ReadXLSX.
const MaxZipEntries = 10_000

func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// xlsxStyles are the styles of a workbook.
type xlsxStyles struct {
	header, title, integer, decimal, text int
}

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	border := []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 2}}
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}, Border: border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}); err != nil {
		return st, err
	}
	if st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F4E79"}}); err != nil {
		return st, err
	}
	intFmt, decFmt := "#,##0", "#,##0.00"
	if st.integer, err = f.NewStyle(&excelize.Style{CustomNumFmt: &intFmt}); err != nil {
		return st, err
	}
	if st.decimal, err = f.NewStyle(&excelize.Style{CustomNumFmt: &decFmt}); err != nil {
		return st, err
	}
	st.text, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return st, err
}

// WriteXLSX writes the values as a workbook: an information sheet (schema, period, reporting unit), one sheet per
// section with a styled header row, a chart sheet with native Excel charts (values against targets, and this
// period against the previous one when opts.Previous is set), and the findings when given. Labels are Vietnamese
// unless opts.Lang is "en". ReadXLSX reads the workbook back, so an empty Values makes a template to fill in.
func WriteXLSX(w io.Writer, v *Values, opts ExportOptions) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("reporting: xlsx: %w", err)
	}
	if err := writeInfoSheet(f, v, opts, st); err != nil {
		return fmt.Errorf("reporting: xlsx: %w", err)
	}
	for _, sec := range v.Schema.Sections {
		if err := writeSectionSheet(f, v, sec, opts, st); err != nil {
			return fmt.Errorf("reporting: xlsx: section %s: %w", sec.ID, err)
		}
	}
	if err := writeFormSheet(f, v, opts, st); err != nil {
		return fmt.Errorf("reporting: xlsx: form: %w", err)
	}
	if err := writeChartSheet(f, v, opts, st); err != nil {
		return fmt.Errorf("reporting: xlsx: charts: %w", err)
	}
	if opts.Findings != nil {
		if err := writeFindingsSheet(f, opts, st); err != nil {
			return fmt.Errorf("reporting: xlsx: findings: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("reporting: xlsx: %w", err)
	}
	return nil
}

func writeInfoSheet(f *excelize.File, v *Values, opts ExportOptions, st xlsxStyles) error {
	name := sheetName(opts.pick("Thông tin", "About"))
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	s := v.Schema
	rows := [][]any{
		{opts.pick(s.TitleVI, s.TitleEN)},
		{},
		{"schema", s.ID, opts.pick("Mẫu báo cáo", "Schema")},
		{"schema_version", s.Version, opts.pick("Phiên bản", "Version")},
		{"period", v.Period, opts.pick("Kỳ báo cáo", "Period")},
		{"reporting_unit", v.ReportingUnit, opts.pick("Đơn vị báo cáo", "Reporting unit")},
		{"source", s.SourceText(opts.Lang), opts.pick("Nguồn", "Source")},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(name, cellName(1, i+1), &r); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(name, "A1", "A1", st.title)
	_ = f.SetColWidth(name, "A", "A", 18)
	_ = f.SetColWidth(name, "B", "B", 80)
	_ = f.SetColWidth(name, "C", "C", 20)
	return f.SetCellStyle(name, "B7", "B7", st.text)
}

func writeSectionSheet(f *excelize.File, v *Values, sec Section, opts ExportOptions, st xlsxStyles) error {
	name := sheetName(opts.pick(sec.NameVI, sec.NameEN))
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	header := []any{opts.pick("Mã chỉ tiêu", "Indicator id"), opts.pick("Mục", "Item"), opts.pick("Chỉ tiêu", "Indicator"),
		opts.pick("Đơn vị tính", "Unit"), opts.pick("Giá trị", "Value"), opts.pick("Mục tiêu", "Target"),
		opts.pick("Kỳ trước", "Previous period")}
	if err := f.SetSheetRow(name, "A1", &header); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", "G1", st.header); err != nil {
		return err
	}
	_ = f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	for i, r := range rows(v, sec.ID, opts.Previous) {
		n := i + 2
		label := opts.pick(r.ind.NameVI, r.ind.NameEN)
		if r.item != "" {
			label = "    " + r.item
		}
		item := r.item
		if r.ind.Items != "" && item == "" {
			item = itemsTotal
		}
		cells := []any{r.ind.ID, item, label, opts.pick(r.unit.NameVI, r.unit.NameEN)}
		if err := f.SetSheetRow(name, cellName(1, n), &cells); err != nil {
			return err
		}
		style := st.decimal
		if r.unit.Integer {
			style = st.integer
		}
		for _, x := range []struct {
			col int
			v   float64
			ok  bool
		}{{xlsxColValue, r.value, r.has}, {xlsxColTarget, r.ind.Target, r.item == "" && r.ind.Target != 0},
			{xlsxColPrevious, r.prev, r.hasPrev && r.item == ""}} {
			if !x.ok {
				continue
			}
			if err := f.SetCellFloat(name, cellName(x.col, n), x.v, -1, 64); err != nil {
				return err
			}
			_ = f.SetCellStyle(name, cellName(x.col, n), cellName(x.col, n), style)
		}
	}
	_ = f.SetColWidth(name, "A", "A", 30)
	_ = f.SetColWidth(name, "B", "B", 10)
	_ = f.SetColWidth(name, "C", "C", 60)
	_ = f.SetColWidth(name, "D", "D", 12)
	return f.SetColWidth(name, "E", "G", 18)
}

// formSheetNames are the names of the form sheet, which ReadXLSX skips: its rows are items, not indicators.
var formSheetNames = [2]string{"Biểu mẫu", "Form"}

// writeFormSheet writes, for schemas whose figures are broken down by one dimension (the TT 01/2020 form by tier,
// agency or procedure), the form as it is printed: one row per item and a total row, the indicators as columns
// grouped under their sections.
func writeFormSheet(f *excelize.File, v *Values, opts ExportOptions, st xlsxStyles) error {
	var cols []int
	for i, ind := range v.Schema.Indicators {
		if ind.Items != "" {
			cols = append(cols, i)
		}
	}
	if len(cols) < 3 {
		return nil
	}
	name := sheetName(opts.pick(formSheetNames[0], formSheetNames[1]))
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	_ = f.SetCellValue(name, "A1", opts.pick(v.Schema.TitleVI, v.Schema.TitleEN)+" "+v.Period)
	_ = f.SetCellStyle(name, "A1", "A1", st.title)
	_ = f.SetCellValue(name, "A3", opts.pick("Nhóm", "Group"))
	keys := map[string]bool{}
	for j, i := range cols {
		ind := v.Schema.Indicators[i]
		sec, _ := v.Schema.Section(ind.Section)
		if j == 0 || v.Schema.Indicators[cols[j-1]].Section != ind.Section {
			_ = f.SetCellValue(name, cellName(j+2, 2), opts.pick(sec.NameVI, sec.NameEN))
		}
		_ = f.SetCellValue(name, cellName(j+2, 3), opts.pick(ind.NameVI, ind.NameEN))
		ks, _ := v.Items(ind.ID)
		for _, k := range ks {
			keys[k] = true
		}
	}
	if err := f.SetCellStyle(name, "A2", cellName(len(cols)+1, 3), st.header); err != nil {
		return err
	}
	items := make([]string, 0, len(keys))
	for k := range keys {
		items = append(items, k)
	}
	slices.Sort(items)
	for r, k := range append(items, "") {
		row := r + 4
		label := k
		if k == "" {
			label = opts.pick("Tổng cộng", "Total")
		}
		_ = f.SetCellValue(name, cellName(1, row), label)
		for j, i := range cols {
			x, ok := v.Get(v.Schema.Indicators[i].ID)
			if k != "" {
				_, its := v.Items(v.Schema.Indicators[i].ID)
				x, ok = its[k]
			}
			if ok {
				_ = f.SetCellFloat(name, cellName(j+2, row), x, -1, 64)
			}
		}
	}
	last := len(items) + 4
	_ = f.SetCellStyle(name, cellName(2, 4), cellName(len(cols)+1, last), st.integer)
	_ = f.SetRowHeight(name, 3, 45)
	_ = f.SetColWidth(name, "A", "A", 22)
	lastCol, _ := excelize.ColumnNumberToName(len(cols) + 1)
	return f.SetColWidth(name, "B", lastCol, 14)
}

// writeChartSheet draws each chart of the schema from a small table on the chart sheet.
func writeChartSheet(f *excelize.File, v *Values, opts ExportOptions, st xlsxStyles) error {
	if len(v.Schema.Charts) == 0 {
		return nil
	}
	name := sheetName(opts.pick("Biểu đồ", "Charts"))
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	ref := "'" + name + "'!"
	top := 1
	for _, c := range v.Schema.Charts {
		second := opts.pick("Mục tiêu", "Target")
		if c.Kind == "year_on_year" {
			second = opts.pick("Kỳ trước", "Previous period")
		}
		head := []any{opts.pick(c.TitleVI, c.TitleEN), opts.pick("Giá trị", "Value"), second}
		if err := f.SetSheetRow(name, cellName(1, top), &head); err != nil {
			return err
		}
		_ = f.SetCellStyle(name, cellName(1, top), cellName(3, top), st.header)
		for i, id := range c.Indicators {
			ind, _ := v.Schema.Indicator(id)
			row := []any{opts.pick(ind.NameVI, ind.NameEN), nil, nil}
			if x, ok := v.Get(id); ok {
				row[1] = x
			}
			if c.Kind == "year_on_year" && opts.Previous != nil {
				if p, ok := opts.Previous.Get(id); ok {
					row[2] = p
				}
			} else if c.Kind != "year_on_year" && ind.Target != 0 {
				row[2] = ind.Target
			}
			if err := f.SetSheetRow(name, cellName(1, top+1+i), &row); err != nil {
				return err
			}
		}
		first, last := top+1, top+len(c.Indicators)
		cats := fmt.Sprintf("%s$A$%d:$A$%d", ref, first, last)
		series := []excelize.ChartSeries{
			{Name: fmt.Sprintf("%s$B$%d", ref, top), Categories: cats, Values: fmt.Sprintf("%s$B$%d:$B$%d", ref, first, last)},
			{Name: fmt.Sprintf("%s$C$%d", ref, top), Categories: cats, Values: fmt.Sprintf("%s$C$%d:$C$%d", ref, first, last)},
		}
		chart := &excelize.Chart{Type: excelize.Col, Series: series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: opts.pick(c.TitleVI, c.TitleEN)}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 320}}
		if err := f.AddChart(name, cellName(5, top), chart); err != nil {
			return err
		}
		top += max(len(c.Indicators)+2, 18)
	}
	_ = f.SetColWidth(name, "A", "A", 45)
	return f.SetColWidth(name, "B", "C", 16)
}

func writeFindingsSheet(f *excelize.File, opts ExportOptions, st xlsxStyles) error {
	name := sheetName(opts.pick("Kiểm tra", "Findings"))
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	head := []any{opts.pick("Mã", "Code"), opts.pick("Mức độ", "Severity"), opts.pick("Vị trí", "Location"),
		opts.pick("Dòng", "Line"), opts.pick("Nội dung", "Message")}
	if err := f.SetSheetRow(name, "A1", &head); err != nil {
		return err
	}
	_ = f.SetCellStyle(name, "A1", "E1", st.header)
	for i, d := range opts.Findings.Diagnostics {
		sev, msg := d.Severity.StringVI(), d.MessageVI
		if opts.en() {
			sev, msg = d.Severity.String(), d.Message
		}
		row := []any{d.Code, sev, d.Path, d.Line, msg}
		if err := f.SetSheetRow(name, cellName(1, i+2), &row); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(name, "A", "B", 12)
	_ = f.SetColWidth(name, "C", "C", 30)
	return f.SetColWidth(name, "E", "E", 100)
}

// ReadXLSX reads an instance from a workbook laid out like WriteXLSX's: every row of every sheet whose column A
// holds an id of the schema is an observation (item in B, unit in D, value in E; an item "*" is the total of the
// items and is skipped), and rows "schema", "period"
// and "reporting_unit" give the instance's header. A numeric cell is a machine number; a text cell is read as
// typed; a formula cell is an RPT-S007 finding, not a value. The workbook is bounded before it is opened: the
// file by opts.MaxBytes, its parts' declared sizes (which archive/zip enforces while inflating) by opts.MaxBytes
// in total, so a zip bomb is refused with ErrTooLarge.
func ReadXLSX(r io.Reader, s *Schema, opts ReadOptions) (*Instance, error) {
	opts = opts.withDefaults()
	data, err := readLimited(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	if err := checkZip(data, opts.MaxBytes); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: opts.MaxBytes,
		UnzipXMLSizeLimit: opts.MaxBytes})
	if err != nil {
		return nil, &InputError{Err: fmt.Errorf("not a readable workbook: %w", err)}
	}
	defer f.Close()
	inst := &Instance{}
	for _, sheet := range f.GetSheetList() {
		if sheet == formSheetNames[0] || sheet == formSheetNames[1] {
			continue // the form view repeats the section sheets with items as rows
		}
		if err := readSheet(f, sheet, s, inst, opts); err != nil {
			return nil, err
		}
	}
	return inst, nil
}

// checkZip refuses archives whose parts would inflate beyond limit, before any part is inflated.
func checkZip(data []byte, limit int64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &InputError{Err: fmt.Errorf("not a workbook (a zip archive is expected): %w", err)}
	}
	if len(zr.File) > MaxZipEntries {
		return &InputError{Err: fmt.Errorf("%w: more than %d parts in the workbook", ErrTooLarge, MaxZipEntries)}
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(limit) {
			return &InputError{Err: fmt.Errorf("%w: the workbook inflates to more than %d bytes", ErrTooLarge, limit)}
		}
	}
	return nil
}

func readSheet(f *excelize.File, sheet string, s *Schema, inst *Instance, opts ReadOptions) error {
	rs, err := f.Rows(sheet)
	if err != nil {
		return &InputError{Loc: Location{Path: sheet}, Err: err}
	}
	defer rs.Close()
	for n := 1; rs.Next(); n++ {
		cols, err := rs.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &InputError{Loc: Location{Path: sheet, Line: n}, Err: err}
		}
		if len(cols) == 0 {
			continue
		}
		id := strings.TrimSpace(cols[0])
		col := func(c int) string {
			if c-1 < len(cols) {
				return strings.TrimSpace(cols[c-1])
			}
			return ""
		}
		switch id {
		case "schema":
			inst.Schema = col(2)
			continue
		case "period":
			inst.Period = col(2)
			continue
		case "reporting_unit":
			inst.ReportingUnit = col(2)
			continue
		}
		if s.IndicatorIndex(id) < 0 || col(xlsxColItem) == itemsTotal ||
			(col(xlsxColValue) == "" && !hasFormula(f, sheet, xlsxColValue, n)) {
			continue // titles, headers, totals of items, empty template rows
		}
		if len(inst.Observations) >= opts.MaxObservations {
			return &InputError{Loc: Location{Path: sheet, Line: n}, Err: fmt.Errorf("%w: more than %d observations", ErrTooLarge, opts.MaxObservations)}
		}
		cell := cellName(xlsxColValue, n)
		o := Observation{Indicator: id, Item: col(xlsxColItem), Unit: unitText(s, id, col(xlsxColUnit)),
			Raw: col(xlsxColValue), Loc: Location{Path: sheet + "!" + cell, Line: n, Column: xlsxColValue}}
		if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
			o.Formula = formula
		} else if t, _ := f.GetCellType(sheet, cell); t != excelize.CellTypeSharedString && t != excelize.CellTypeInlineString {
			o.Machine = true
		}
		inst.Observations = append(inst.Observations, o)
	}
	if err := rs.Error(); err != nil {
		return &InputError{Loc: Location{Path: sheet}, Err: err}
	}
	return nil
}

func hasFormula(f *excelize.File, sheet string, col, row int) bool {
	formula, _ := f.GetCellFormula(sheet, cellName(col, row))
	return formula != ""
}

// unitText maps the unit label WriteXLSX writes (in either language) back to the unit id, so that a filled-in
// template does not raise wrong-unit findings; other text is kept for the check.
func unitText(s *Schema, id, text string) string {
	i := s.IndicatorIndex(id)
	u := s.UnitOf(i)
	if text == u.NameVI || text == u.NameEN {
		return u.ID
	}
	return text
}
