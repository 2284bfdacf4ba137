package dvc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vnegov/egov/vntime"
)

// Regime is a body of rules that defines the levels of online public services ("dịch vụ công trực tuyến").
type Regime uint8

const (
	// RegimeNone means no regime was in force at the date asked (before NĐ 43/2011).
	RegimeNone Regime = iota
	// RegimeND43 is Nghị định 43/2011/NĐ-CP Điều 3: mức độ 1 to 4 (criteria detailed by TT 32/2017/TT-BTTTT).
	RegimeND43
	// RegimeND42 is Nghị định 42/2022/NĐ-CP Điều 11 khoản 1: "toàn trình" (end to end) or "một phần" (partial).
	RegimeND42
	// RegimeND224 is Nghị định 224/2026/NĐ-CP Điều 14 (under Luật Chuyển đổi số 148/2025/QH15): toàn trình is the
	// default and every một phần service must be publicly justified. Its text is known only from crawled copies
	// (spec dvc.md §1, [U]); its effective date is therefore configurable in Regimes.
	RegimeND224
)

// String returns the short name of the regime ("nd43-2011", "nd42-2022", "nd224-2026").
func (r Regime) String() string {
	switch r {
	case RegimeND43:
		return "nd43-2011"
	case RegimeND42:
		return "nd42-2022"
	case RegimeND224:
		return "nd224-2026"
	}
	return "none"
}

// Citation returns the regulation and article of the regime, in Vietnamese as it is cited.
func (r Regime) Citation() string {
	switch r {
	case RegimeND43:
		return "Nghị định 43/2011/NĐ-CP Điều 3"
	case RegimeND42:
		return "Nghị định 42/2022/NĐ-CP Điều 11"
	case RegimeND224:
		return "Nghị định 224/2026/NĐ-CP Điều 14"
	}
	return ""
}

// MarshalText encodes the regime as its String.
func (r Regime) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText decodes the regime from its String.
func (r *Regime) UnmarshalText(b []byte) error {
	for _, c := range []Regime{RegimeNone, RegimeND43, RegimeND42, RegimeND224} {
		if c.String() == string(b) {
			*r = c
			return nil
		}
	}
	return fmt.Errorf("dvc: unknown regime %q", b)
}

// Level is the level of an online public service under one regime. Its text form is the one used in dossier CSV
// files: "1" to "4", "toan_trinh", "mot_phan"; the empty Level means "not an online public service".
type Level string

const (
	// LevelNone is a service that does not even publish its information online: not an online public service.
	LevelNone Level = ""
	// Level1 is "dịch vụ công trực tuyến mức độ 1" (NĐ 43/2011 Điều 3 k4 a): full procedure information online.
	Level1 Level = "1"
	// Level2 is "mức độ 2": mức 1 plus downloadable forms; the dossier is filed in person or by post.
	Level2 Level = "2"
	// Level3 is "mức độ 3": mức 2 plus online filling, submission and processing; fees and result in person.
	Level3 Level = "3"
	// Level4 is "mức độ 4": mức 3 plus online payment; the result is returned online, in person or by post.
	Level4 Level = "4"
	// LevelFull is "dịch vụ công trực tuyến toàn trình" (NĐ 42/2022 Điều 11 k1 a): information, submission and
	// resolution entirely online, the result returned online or by public postal service.
	LevelFull Level = "toan_trinh"
	// LevelPartial is "dịch vụ công trực tuyến một phần" (NĐ 42/2022 Điều 11 k1 b): any online service that is not
	// toàn trình.
	LevelPartial Level = "mot_phan"
)

// ParseLevel reads a level in its text form. It accepts "1"–"4", "toan_trinh" and "mot_phan" exactly.
func ParseLevel(s string) (Level, error) {
	switch l := Level(s); l {
	case Level1, Level2, Level3, Level4, LevelFull, LevelPartial:
		return l, nil
	}
	return LevelNone, fmt.Errorf("dvc: unknown service level %q (want 1, 2, 3, 4, toan_trinh or mot_phan)", s)
}

// Regime returns the regime the level belongs to (RegimeND42 for toàn trình and một phần, which NĐ 224/2026 keeps).
func (l Level) Regime() Regime {
	switch l {
	case Level1, Level2, Level3, Level4:
		return RegimeND43
	case LevelFull, LevelPartial:
		return RegimeND42
	}
	return RegimeNone
}

// NameVI returns the Vietnamese name of the level.
func (l Level) NameVI() string {
	switch l {
	case Level1, Level2, Level3, Level4:
		return "mức độ " + string(l)
	case LevelFull:
		return "toàn trình"
	case LevelPartial:
		return "một phần"
	}
	return "không phải dịch vụ công trực tuyến"
}

// Regimes holds the effective dates that select the regime in force at a date. The zero value is not usable;
// start from DefaultRegimes and change the dates a later or corrected text requires.
type Regimes struct {
	// ND43From is the date NĐ 43/2011/NĐ-CP took effect.
	ND43From time.Time
	// ND42From is the date NĐ 42/2022/NĐ-CP took effect and replaced the four levels.
	ND42From time.Time
	// ND224From is the date NĐ 224/2026/NĐ-CP takes effect ([U]: crawled copies only).
	ND224From time.Time
}

// DefaultRegimes returns the effective dates egov uses: NĐ 43/2011 (signed 13/6/2011) from 01/8/2011, NĐ 42/2022
// (signed 24/6/2022) from 01/8/2022, both from secondary sources [S], and NĐ 224/2026 from 01/7/2026 ([U], spec
// dvc.md §1), all at midnight in Vietnam time. Each call returns a fresh value; correct a date by setting the
// field.
func DefaultRegimes() Regimes {
	vn := vntime.Location()
	return Regimes{
		ND43From:  time.Date(2011, 8, 1, 0, 0, 0, 0, vn),
		ND42From:  time.Date(2022, 8, 1, 0, 0, 0, 0, vn),
		ND224From: time.Date(2026, 7, 1, 0, 0, 0, 0, vn),
	}
}

// At returns the regime in force at t.
func (r Regimes) At(t time.Time) Regime {
	switch {
	case !r.ND224From.IsZero() && !t.Before(r.ND224From):
		return RegimeND224
	case !r.ND42From.IsZero() && !t.Before(r.ND42From):
		return RegimeND42
	case !r.ND43From.IsZero() && !t.Before(r.ND43From):
		return RegimeND43
	}
	return RegimeNone
}

// Service describes an administrative procedure offered online by what it lets a citizen do, the facts that the
// level rules are written about. The JSON form uses the snake_case names of the fields.
type Service struct {
	// Code is the procedure code (mã TTHC), e.g. "1.003560"; informative.
	Code string `json:"code,omitempty"`
	// Name is the name of the procedure; informative.
	Name string `json:"name,omitempty"`
	// Information: full information on the procedure and its related documents is published online.
	Information bool `json:"information"`
	// DownloadableForms: the application forms can be downloaded.
	DownloadableForms bool `json:"downloadable_forms"`
	// OnlineSubmission: the dossier can be filled in and submitted online.
	OnlineSubmission bool `json:"online_submission"`
	// OnlineProcessing: the receiving, processing and exchange with the applicant are done online.
	OnlineProcessing bool `json:"online_processing"`
	// NoFee: the procedure charges no fee or charge, so online payment is not applicable.
	NoFee bool `json:"no_fee"`
	// OnlinePayment: fees and charges can be paid online.
	OnlinePayment bool `json:"online_payment"`
	// OnlineResult: the result is returned online (electronic result).
	OnlineResult bool `json:"online_result"`
	// PostalResult: the result can be returned by public postal service.
	PostalResult bool `json:"postal_result"`
	// PresenceRequired: the applicant must appear in person at some step (to file originals, be identified…).
	PresenceRequired bool `json:"presence_required"`
	// PartialJustification is the published justification for offering the service only partially online,
	// required by NĐ 224/2026 for một phần services.
	PartialJustification string `json:"partial_justification,omitempty"`
}

// Criterion identifies one condition of a level rule.
type Criterion string

// Criteria of the level rules. Each one names a Service capability.
const (
	CritInformation      Criterion = "information"
	CritForms            Criterion = "downloadable_forms"
	CritOnlineSubmission Criterion = "online_submission"
	CritOnlineProcessing Criterion = "online_processing"
	CritOnlinePayment    Criterion = "online_payment"
	CritRemoteResult     Criterion = "online_or_postal_result"
	CritNoPresence       Criterion = "no_presence_required"
	CritJustification    Criterion = "partial_justification"
)

// Unmet is a criterion a service does not meet, the level it blocks, and why, in English and Vietnamese.
type Unmet struct {
	Criterion Criterion `json:"criterion"`
	// Blocks is the lowest level of the regime that the criterion keeps the service from reaching; it is
	// LevelNone for CritJustification, a duty of một phần services under NĐ 224/2026 that blocks no level.
	Blocks    Level  `json:"blocks"`
	Message   string `json:"message"`
	MessageVI string `json:"message_vi"`
}

// Classification is the result of Classify.
type Classification struct {
	// At is the date the rules were selected by.
	At time.Time `json:"at,omitzero"`
	// Regime is the regime in force at At.
	Regime Regime `json:"regime"`
	// Citation is the article of the regime.
	Citation string `json:"citation"`
	// Level is the level the service reaches under Regime.
	Level Level `json:"level"`
	// Unmet lists every criterion the service misses for the highest level of the regime, in rule order.
	Unmet []Unmet `json:"unmet"`
	// JustificationMissing is set under NĐ 224/2026 when a một phần service has no published justification.
	JustificationMissing bool `json:"justification_missing,omitempty"`
}

type rule struct {
	crit        Criterion
	ok          func(Service) bool
	msg, msgVI  string
	blocksND43  Level
	blocksND42  Level
	inND42Rules bool
}

// rules are the criteria in the order the regulations list them. blocksND43 is the lowest mức the criterion is
// required for (NĐ 43/2011 Điều 3 k4); inND42Rules says whether NĐ 42/2022 Điều 11 k1 a requires it for toàn trình.
var rules = [...]rule{
	{CritInformation, func(s Service) bool { return s.Information },
		"full procedure information is not published online",
		"chưa cung cấp đầy đủ thông tin về thủ tục hành chính trên môi trường mạng", Level1, LevelFull, true},
	{CritForms, func(s Service) bool { return s.DownloadableForms },
		"application forms cannot be downloaded",
		"chưa cho phép tải về các mẫu văn bản, mẫu đơn, tờ khai", Level2, LevelFull, false},
	{CritOnlineSubmission, func(s Service) bool { return s.OnlineSubmission },
		"the dossier cannot be filled in and submitted online",
		"chưa cho phép điền và gửi trực tuyến hồ sơ", Level3, LevelFull, true},
	{CritOnlineProcessing, func(s Service) bool { return s.OnlineProcessing },
		"the dossier is not processed online",
		"việc tiếp nhận, xử lý hồ sơ chưa được thực hiện trên môi trường mạng", Level3, LevelFull, true},
	{CritOnlinePayment, func(s Service) bool { return s.NoFee || s.OnlinePayment },
		"fees cannot be paid online",
		"chưa cho phép thanh toán phí, lệ phí trực tuyến", Level4, LevelFull, true},
	{CritRemoteResult, func(s Service) bool { return s.OnlineResult || s.PostalResult },
		"the result is neither returned online nor by post",
		"kết quả chưa được trả trực tuyến hoặc qua dịch vụ bưu chính công ích", Level4, LevelFull, true},
	{CritNoPresence, func(s Service) bool { return !s.PresenceRequired },
		"the applicant must appear in person",
		"người nộp hồ sơ phải đến trực tiếp cơ quan giải quyết", LevelNone, LevelFull, true},
}

// Classify returns the level of s under the regime in force at at, with DefaultRegimes. See Regimes.Classify.
func Classify(s Service, at time.Time) Classification { return DefaultRegimes().Classify(s, at) }

// Classify returns the level of s under the regime in force at at, and every unmet criterion of the highest level
// of that regime with its reason.
//
// Under NĐ 43/2011 the levels are cumulative: mức 1 needs the information, mức 2 the forms, mức 3 online
// submission and processing, mức 4 online payment (or no fee) and the result online or by post. Being asked to
// appear in person does not lower a mức. Under NĐ 42/2022 and NĐ 224/2026 a service is toàn trình when its
// information, submission, processing, payment (or no fee) and result are all online or postal and no step needs
// the applicant in person; downloadable forms are not a condition there because the form is filled online. Any
// other service that publishes its information is một phần; under NĐ 224/2026 a một phần service without a
// published justification is flagged. A service that does not publish its information is LevelNone in every
// regime. Before NĐ 43/2011 (RegimeNone) every service is LevelNone with no criteria listed.
func (r Regimes) Classify(s Service, at time.Time) Classification {
	c := Classification{At: at, Regime: r.At(at), Unmet: []Unmet{}}
	c.Citation = c.Regime.Citation()
	switch c.Regime {
	case RegimeNone:
		return c
	case RegimeND43:
		c.Level = Level4
		order := map[Level]int{LevelNone: 0, Level1: 1, Level2: 2, Level3: 3, Level4: 4}
		for _, ru := range rules {
			if ru.blocksND43 == LevelNone || ru.ok(s) {
				continue
			}
			c.Unmet = append(c.Unmet, Unmet{ru.crit, ru.blocksND43, ru.msg, ru.msgVI})
			// The service stops one level below the lowest level it misses a criterion of.
			if below := order[ru.blocksND43] - 1; below < order[c.Level] {
				c.Level = [...]Level{LevelNone, Level1, Level2, Level3, Level4}[below]
			}
		}
	default:
		c.Level = LevelFull
		for _, ru := range rules {
			if !ru.inND42Rules || ru.ok(s) {
				continue
			}
			c.Unmet = append(c.Unmet, Unmet{ru.crit, LevelFull, ru.msg, ru.msgVI})
			if ru.crit == CritInformation {
				c.Level = LevelNone
			} else if c.Level == LevelFull {
				c.Level = LevelPartial
			}
		}
		if c.Regime == RegimeND224 && c.Level == LevelPartial && s.PartialJustification == "" {
			c.JustificationMissing = true
			c.Unmet = append(c.Unmet, Unmet{CritJustification, LevelNone,
				"a partial online service must publish why it is not end to end (NĐ 224/2026 Điều 14)",
				"dịch vụ công trực tuyến một phần phải công khai lý do chưa cung cấp toàn trình (NĐ 224/2026 Điều 14)"})
		}
	}
	return c
}

// Mapping is the result of MapLevel: the level in the target regime and whether the mapping is exact.
type Mapping struct {
	Level Level `json:"level"`
	// Exact is false when the source level does not determine the target level; Level is then the most likely
	// value and Note says what would decide it.
	Exact bool   `json:"exact"`
	Note  string `json:"note,omitempty"`
	// NoteVI is Note in Vietnamese.
	NoteVI string `json:"note_vi,omitempty"`
}

// OtherFamily maps the classified level to the other family of regimes with MapLevel: a mức of NĐ 43/2011 to the
// levels of NĐ 42/2022, a level of NĐ 42/2022 or NĐ 224/2026 to the mức of NĐ 43/2011. It reports false for
// LevelNone, which has no counterpart.
func (c Classification) OtherFamily() (Mapping, bool) {
	other := RegimeND43
	if c.Level.Regime() == RegimeND43 {
		other = RegimeND42
	}
	m, err := MapLevel(c.Level, other)
	return m, err == nil
}

// MapLevel translates a level label between the NĐ 43/2011 levels and the NĐ 42/2022 (and NĐ 224/2026) levels
// when only the label is known. It is a heuristic used in practice (spec dvc.md §1), not law: mức 4 ≈ toàn
// trình and mức 1–3 ≈ một phần, although a mức 3 service with online payment and postal return can qualify as
// toàn trình; toàn trình maps to mức 4 and một phần to mức 3 as an upper bound. Classify the Service's
// capabilities instead whenever they are known. Mapping a level to its own regime returns it unchanged.
func MapLevel(l Level, to Regime) (Mapping, error) {
	if l.Regime() == RegimeNone {
		return Mapping{}, fmt.Errorf("dvc: cannot map service level %q", string(l))
	}
	if to == RegimeND224 {
		to = RegimeND42
	}
	if l.Regime() == to {
		return Mapping{Level: l, Exact: true}, nil
	}
	switch to {
	case RegimeND42:
		switch l {
		case Level4:
			return Mapping{Level: LevelFull, Exact: false,
				Note:   "mức 4 is toàn trình only if no step needs the applicant in person",
				NoteVI: "mức 4 chỉ là toàn trình khi không bước nào yêu cầu người nộp hồ sơ có mặt trực tiếp"}, nil
		case Level3:
			return Mapping{Level: LevelPartial, Exact: false,
				Note:   "mức 3 with online payment (or no fee) and postal return of the result qualifies as toàn trình",
				NoteVI: "mức 3 có thanh toán trực tuyến (hoặc không thu phí) và trả kết quả qua bưu chính thì đạt toàn trình"}, nil
		default:
			return Mapping{Level: LevelPartial, Exact: true}, nil
		}
	case RegimeND43:
		switch l {
		case LevelFull:
			return Mapping{Level: Level4, Exact: true}, nil
		default:
			return Mapping{Level: Level3, Exact: false,
				Note:   "một phần covers mức 1 to 3; mức 3 is the upper bound",
				NoteVI: "một phần tương ứng mức 1 đến mức 3; mức 3 là mức cao nhất có thể"}, nil
		}
	}
	return Mapping{}, fmt.Errorf("dvc: cannot map service level %q to regime %s", string(l), to)
}

// ParseService reads a Service from JSON, rejecting unknown fields so that a misspelt capability is not taken
// for false.
func ParseService(data []byte) (Service, error) {
	var s Service
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Service{}, fmt.Errorf("dvc: service JSON: %w", err)
	}
	if dec.More() {
		return Service{}, fmt.Errorf("dvc: service JSON: trailing data after the object")
	}
	return s, nil
}
