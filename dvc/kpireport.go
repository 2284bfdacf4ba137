package dvc

import (
	"errors"
	"fmt"
	"io"

	"github.com/vnegov/egov/diag"
)

// KPIOptions configures KPIReport.
type KPIOptions struct {
	// Reader bounds the CSV reader.
	Reader ReaderOptions
	// Aggregate chooses the grouping and the precision.
	Aggregate AggregateOptions
	// Strict stops at the first malformed record with its *CSVError, as KPI does. Otherwise a malformed record is
	// left out of the counts, reported as a finding, and reading goes on.
	Strict bool
	// MaxFindings bounds the findings kept about records left out (default 1,000); the records beyond it are still
	// counted in KPIResult.Skipped and summed up in one last finding.
	MaxFindings int
}

// KPIResult is the outcome of KPIReport.
type KPIResult struct {
	// Aggregator holds the counts of the records that were read.
	*Aggregator
	// Skipped is the number of malformed records left out of the counts.
	Skipped int
	// Findings explain the records left out: one DVC-R001 finding per record (line, column, value, reason), and a
	// DVC-R002 summary when there were more than MaxFindings of them.
	Findings diag.Report
}

// Rules of the findings of KPIReport.
var (
	ruleRecordSkipped = diag.Rule{Code: "DVC-R001", Severity: diag.Error,
		Summary:   "A record of the dossier CSV is malformed and was left out of the counts.",
		Message:   "%s; the record is left out of the counts",
		MessageVI: "%s; bản ghi không được tính"}
	ruleMoreSkipped = diag.Rule{Code: "DVC-R002", Severity: diag.Error,
		Summary:   "More malformed records were left out than the findings list.",
		Message:   "%d more malformed records were left out of the counts",
		MessageVI: "còn %d bản ghi sai khác không được tính"}
)

// KPIRules returns the rules of KPIReport's findings.
func KPIRules() []diag.Rule { return []diag.Rule{ruleRecordSkipped, ruleMoreSkipped} }

// defaultMaxFindings bounds KPIResult.Findings when KPIOptions.MaxFindings is zero.
const defaultMaxFindings = 1000

// KPIReport reads a dossier CSV like KPI, but by default leaves a malformed record out and reports it instead of
// stopping: one bad row among a million does not hide the other 999,999. A problem that ends the reading (the
// header, a record longer than the limit, an unclosed quote at the end of input, an I/O error, too many groups)
// is still returned as an error.
func KPIReport(r io.Reader, opts KPIOptions) (*KPIResult, error) {
	if opts.MaxFindings <= 0 {
		opts.MaxFindings = defaultMaxFindings
	}
	rd := NewReader(r, opts.Reader)
	res := &KPIResult{Aggregator: NewAggregator(opts.Aggregate)}
	var rec Record
	for {
		err := rd.Read(&rec)
		if err == io.EOF {
			break
		}
		var csvErr *CSVError
		if err != nil && !opts.Strict && errors.As(err, &csvErr) && !rd.failed() {
			res.skip(csvErr, opts.MaxFindings)
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := res.Add(&rec); err != nil {
			return nil, fmt.Errorf("%w (at csv line %d)", err, rd.Line())
		}
	}
	if extra := res.Skipped - opts.MaxFindings; extra > 0 {
		res.Findings.Add(ruleMoreSkipped.New("", extra))
	}
	return res, nil
}

// skip records a malformed record.
func (res *KPIResult) skip(e *CSVError, maxFindings int) {
	res.Skipped++
	if res.Skipped > maxFindings {
		return
	}
	en, vi := recordProblem(e)
	r := ruleRecordSkipped
	res.Findings.Add(diag.Diagnostic{Code: r.Code, Severity: r.Severity, Path: e.Column, Line: e.Line,
		Message: fmt.Sprintf(r.Message, en), MessageVI: fmt.Sprintf(r.MessageVI, vi)})
}

// columnWants says in both languages what each column of the dossier CSV holds.
var columnWants = map[string][2]string{
	ColReceivedAt: {"a time (RFC 3339, a date or a local time)", "một thời điểm (RFC 3339, ngày hoặc giờ địa phương)"},
	ColDueAt:      {"a time (RFC 3339, a date or a local time)", "một thời điểm (RFC 3339, ngày hoặc giờ địa phương)"},
	ColFinishedAt: {"a time (RFC 3339, a date or a local time), or nothing while open", "một thời điểm (RFC 3339, ngày hoặc giờ địa phương), hoặc để trống khi chưa xong"},
	ColChannel:    {"online, counter or postal", "online, counter hoặc postal"},
	ColLevel:      {"1, 2, 3, 4, toan_trinh or mot_phan", "1, 2, 3, 4, toan_trinh hoặc mot_phan"},
	ColAgency:     {"an agency code (mã định danh)", "một mã định danh cơ quan"},
	ColProcedure:  {"a procedure code", "một mã thủ tục hành chính"},
	ColTier:       {"province, district or commune", "province, district hoặc commune"},
}

// recordProblem describes a malformed record in English and Vietnamese; the column name and the value are taken
// verbatim from the input.
func recordProblem(e *CSVError) (en, vi string) {
	switch {
	case errors.Is(e.Err, ErrFieldCount):
		return "wrong number of fields", "sai số trường so với dòng tiêu đề"
	case errors.Is(e.Err, ErrQuote):
		return "malformed quoted field", "trường đặt trong ngoặc kép sai cú pháp"
	case errors.Is(e.Err, ErrEmptyField):
		return fmt.Sprintf("column %s is empty", e.Column), fmt.Sprintf("cột %s trống", e.Column)
	case errors.Is(e.Err, ErrInvalidValue):
		want := columnWants[e.Column]
		return fmt.Sprintf("column %s: %q is not %s", e.Column, e.Value, want[0]),
			fmt.Sprintf("cột %s: %q không phải là %s", e.Column, e.Value, want[1])
	}
	return e.Err.Error(), e.Err.Error()
}
