package edoc

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// The JSON forms of the model follow egov's output contract (docs/output.md): snake_case keys, numbers as JSON
// numbers, enumerations as their documented strings, absent times omitted. The XML forms (MarshalText) stay the
// wire forms of QCVN 102.

// MarshalJSON encodes the priority as a JSON number, its wire value (0 to 255).
func (p Priority) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(p), 10), nil
}

// UnmarshalJSON decodes a JSON number from 0 to 255, or a string that ParsePriority accepts ("2", "urgent",
// "Thượng khẩn"). JSON null leaves the priority alone.
func (p *Priority) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	if s, ok := jsonString(b); ok {
		v, err := ParsePriority(s)
		if err != nil {
			return err
		}
		*p = v
		return nil
	}
	return p.UnmarshalText(b)
}

// MarshalJSON encodes the business type as its English name ("new", "revocation", "update", "replacement").
func (t BusinessDocType) MarshalJSON() ([]byte, error) {
	if !t.Known() {
		return nil, enumErr("BusinessDocType", strconv.Itoa(int(t)), ErrEnumRange)
	}
	return json.Marshal(t.String())
}

// UnmarshalJSON decodes an English name, a wire digit as a string ("0" to "3") or a JSON number from 0 to 3. JSON
// null leaves the type alone.
func (t *BusinessDocType) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	if s, ok := jsonString(b); ok {
		return t.UnmarshalText([]byte(s))
	}
	return t.UnmarshalText(b)
}

// jsonString unquotes b when it is a JSON string.
func jsonString(b []byte) (string, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return "", false
	}
	return s, true
}

// isNull reports whether b is the JSON null, which an UnmarshalJSON method treats as "absent" (a no-op), as
// encoding/json does for other types.
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }
