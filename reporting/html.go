package reporting

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"strings"
)

// Colours of the charts; the test that renders the page in Chromium looks for the value colour.
const (
	colorValue    = "#2e75b6"
	colorTarget   = "#c00000"
	colorPrevious = "#a5a5a5"
)

// WriteHTML writes the values as one self-contained HTML page: no scripts, no external fonts, styles or images,
// charts drawn as inline SVG, tables that fit a phone (the unit and target columns fold away on narrow screens)
// and print CSS for A4. Labels are Vietnamese unless opts.Lang is "en".
func WriteHTML(w io.Writer, v *Values, opts ExportOptions) error {
	page := htmlPage{Lang: "vi", Title: v.Schema.TitleVI, Period: v.Period, Unit: v.ReportingUnit,
		Schema: v.Schema.ID + " " + v.Schema.Version, Source: v.Schema.SourceText(opts.Lang), L: labelsFor(opts)}
	if opts.en() {
		page.Lang, page.Title = "en", v.Schema.TitleEN
	}
	if opts.Findings != nil {
		for _, d := range opts.Findings.Diagnostics {
			f := htmlFinding{Code: d.Code, Severity: d.Severity.StringVI(), Class: d.Severity.String(), Path: d.Path, Message: d.MessageVI}
			if opts.en() {
				f.Severity, f.Message = d.Severity.String(), d.Message
			}
			page.Findings = append(page.Findings, f)
		}
		page.ShowFindings = true
	}
	for _, sec := range v.Schema.Sections {
		hs := htmlSection{ID: sec.ID, Name: opts.pick(sec.NameVI, sec.NameEN)}
		for _, r := range rows(v, sec.ID, opts.Previous) {
			hr := htmlRow{Name: opts.pick(r.ind.NameVI, r.ind.NameEN), ID: r.ind.ID, Unit: opts.pick(r.unit.NameVI, r.unit.NameEN)}
			if r.item != "" {
				hr.Name, hr.Item = r.item, true
			}
			if r.has {
				hr.Value = valueText(r.value, r.decimals)
			}
			if r.ind.Target != 0 && r.item == "" {
				hr.Target = valueText(r.ind.Target, -1)
			}
			if r.hasPrev && r.item == "" {
				hr.Previous = valueText(r.prev, -1)
			}
			hs.Rows = append(hs.Rows, hr)
		}
		page.Sections = append(page.Sections, hs)
	}
	for _, c := range v.Schema.Charts {
		page.Charts = append(page.Charts, htmlChart{Title: opts.pick(c.TitleVI, c.TitleEN), SVG: chartSVG(v, c, opts)})
	}
	return pageTemplate.Execute(w, page)
}

type htmlPage struct {
	Lang, Title, Period, Unit, Schema, Source string
	L                                         map[string]string
	ShowFindings                              bool
	Findings                                  []htmlFinding
	Sections                                  []htmlSection
	Charts                                    []htmlChart
}

type htmlFinding struct{ Code, Severity, Class, Path, Message string }

type htmlSection struct {
	ID, Name string
	Rows     []htmlRow
}

type htmlRow struct {
	Name, ID, Unit, Value, Target, Previous string
	Item                                    bool
}

type htmlChart struct {
	Title string
	SVG   template.HTML
}

func labelsFor(o ExportOptions) map[string]string {
	l := map[string]string{}
	for k, p := range map[string][2]string{
		"period": {"Kỳ báo cáo", "Period"}, "unit": {"Đơn vị báo cáo", "Reporting unit"}, "schema": {"Mẫu", "Schema"},
		"source": {"Nguồn", "Source"}, "findings": {"Kết quả kiểm tra", "Findings"}, "none": {"Không có lỗi hay cảnh báo.", "No error or warning."},
		"indicator": {"Chỉ tiêu", "Indicator"}, "value": {"Giá trị", "Value"}, "unitcol": {"Đơn vị tính", "Unit"},
		"target": {"Mục tiêu", "Target"}, "previous": {"Kỳ trước", "Previous"}, "charts": {"Biểu đồ", "Charts"},
		"code": {"Mã", "Code"}, "severity": {"Mức độ", "Severity"}, "where": {"Vị trí", "Location"}, "message": {"Nội dung", "Message"},
	} {
		l[k] = o.pick(p[0], p[1])
	}
	return l
}

// chartSVG draws a horizontal bar chart: one bar per indicator, with a target mark (bar charts) or a second bar
// for the previous period (year-on-year charts). Horizontal bars keep long Vietnamese labels readable on a phone.
func chartSVG(v *Values, c Chart, opts ExportOptions) template.HTML {
	const width, labelW, rowH, pad = 640.0, 250.0, 34.0, 8.0
	yoy := c.Kind == "year_on_year"
	type bar struct {
		label             string
		val, second       float64
		hasVal, hasSecond bool
		unit              string
	}
	var bars []bar
	maxV := 0.0
	for _, id := range c.Indicators {
		ind, _ := v.Schema.Indicator(id)
		b := bar{label: opts.pick(ind.NameVI, ind.NameEN), unit: ind.Unit}
		b.val, b.hasVal = v.Get(id)
		if yoy && opts.Previous != nil {
			b.second, b.hasSecond = opts.Previous.Get(id)
		} else if !yoy && ind.Target != 0 {
			b.second, b.hasSecond = ind.Target, true
		}
		maxV = math.Max(maxV, math.Max(b.val, b.second))
		bars = append(bars, b)
	}
	if maxV <= 0 {
		maxV = 1
	}
	height := float64(len(bars))*rowH + 2*pad + 20
	plotW := width - labelW - 70
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`,
		width, height, html.EscapeString(opts.pick(c.TitleVI, c.TitleEN)))
	for i, b := range bars {
		y := pad + float64(i)*rowH
		fmt.Fprintf(&sb, `<text x="%.0f" y="%.1f" text-anchor="end" font-size="12" fill="#333">%s</text>`,
			labelW-6, y+rowH/2+4, html.EscapeString(truncateRunes(b.label, 34)))
		barH := rowH - 10
		if yoy {
			barH = (rowH - 10) / 2
		}
		if b.hasVal {
			fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, labelW, y+5, plotW*b.val/maxV, barH, colorValue)
			fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" font-size="11" fill="#111">%s</text>`, labelW+plotW*b.val/maxV+4, y+5+barH-4, valueText(b.val, -1))
		}
		switch {
		case b.hasSecond && yoy:
			fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, labelW, y+5+barH, plotW*b.second/maxV, barH, colorPrevious)
		case b.hasSecond:
			x := labelW + plotW*b.second/maxV
			fmt.Fprintf(&sb, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`, x, x, y+2, y+rowH-2, colorTarget)
		}
	}
	ly := height - 8
	second, secondColor := opts.pick("Mục tiêu", "Target"), colorTarget
	if yoy {
		second, secondColor = opts.pick("Kỳ trước", "Previous period"), colorPrevious
	}
	fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="12" height="10" fill="%s"/><text x="%.0f" y="%.1f" font-size="11">%s</text>`,
		labelW, ly-9, colorValue, labelW+16, ly, html.EscapeString(opts.pick("Giá trị", "Value")))
	fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="12" height="10" fill="%s"/><text x="%.0f" y="%.1f" font-size="11">%s</text>`,
		labelW+110, ly-9, secondColor, labelW+126, ly, html.EscapeString(second))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // every text inserted above is escaped
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}{{if .Period}} – {{.Period}}{{end}}</title>
<style>
:root{--accent:#1f4e79}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;color:#1a1a1a;margin:0 auto;max-width:62rem;padding:1rem;line-height:1.4}
h1{color:var(--accent);font-size:1.5rem;margin:.2rem 0 .6rem}
h2{color:var(--accent);font-size:1.15rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin-top:1.6rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:0;font-size:.92rem}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th{background:var(--accent);color:#fff;text-align:left;font-weight:600}
th,td{padding:.3rem .5rem;border-bottom:1px solid #d9d9d9;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.item td.name{padding-left:1.6rem;color:#555}
td.name .id{color:#777;font-size:.8rem;display:block}
.finding.error td:first-child{border-left:4px solid #c00000}
.finding.warning td:first-child{border-left:4px solid #e0a000}
.finding.info td:first-child{border-left:4px solid #2e75b6}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
figure svg{width:100%;height:auto;max-width:48rem;display:block}
@media (max-width:40rem){
 body{padding:.6rem}
 .col-unit,.col-target{display:none}
 table{font-size:.85rem}
 h1{font-size:1.25rem}
}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 h2{break-after:avoid}
 thead{display:table-header-group}
 tr,figure{break-inside:avoid}
 th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<dl class="meta">
{{if .Period}}<dt>{{index .L "period"}}</dt><dd>{{.Period}}</dd>{{end}}
{{if .Unit}}<dt>{{index .L "unit"}}</dt><dd>{{.Unit}}</dd>{{end}}
<dt>{{index .L "schema"}}</dt><dd>{{.Schema}}</dd>
<dt>{{index .L "source"}}</dt><dd>{{.Source}}</dd>
</dl>
</header>
{{if .ShowFindings}}<section id="findings">
<h2>{{index .L "findings"}}</h2>
{{if .Findings}}<table>
<thead><tr><th>{{index .L "code"}}</th><th>{{index .L "severity"}}</th><th>{{index .L "where"}}</th><th>{{index .L "message"}}</th></tr></thead>
<tbody>{{range .Findings}}<tr class="finding {{.Class}}"><td>{{.Code}}</td><td>{{.Severity}}</td><td>{{.Path}}</td><td>{{.Message}}</td></tr>
{{end}}</tbody></table>{{else}}<p>{{index .L "none"}}</p>{{end}}
</section>{{end}}
{{if .Charts}}<section id="charts">
<h2>{{index .L "charts"}}</h2>
{{range .Charts}}<figure><figcaption>{{.Title}}</figcaption>{{.SVG}}</figure>
{{end}}</section>{{end}}
{{range .Sections}}<section id="{{.ID}}">
<h2>{{.Name}}</h2>
<table>
<thead><tr><th>{{index $.L "indicator"}}</th><th class="num">{{index $.L "value"}}</th><th class="col-unit">{{index $.L "unitcol"}}</th><th class="num col-target">{{index $.L "target"}}</th><th class="num">{{index $.L "previous"}}</th></tr></thead>
<tbody>{{range .Rows}}<tr{{if .Item}} class="item"{{end}}><td class="name">{{.Name}}{{if not .Item}}<span class="id">{{.ID}}</span>{{end}}</td><td class="num">{{.Value}}</td><td class="col-unit">{{.Unit}}</td><td class="num col-target">{{.Target}}</td><td class="num">{{.Previous}}</td></tr>
{{end}}</tbody>
</table>
</section>
{{end}}</body>
</html>
`))
