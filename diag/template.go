package diag

import (
	"fmt"
	"strings"
)

// Check reports whether the rule is well formed: a code, a severity in range, and an English and a Vietnamese
// template that are both non-empty and take the same arguments with the same verbs (see CheckTemplates).
func (r Rule) Check() error {
	if r.Code == "" {
		return fmt.Errorf("diag: rule without a code (message %q)", r.Message)
	}
	if int(r.Severity) >= len(severityNames) {
		return fmt.Errorf("diag: rule %s: invalid severity %d", r.Code, r.Severity)
	}
	if err := CheckTemplates(r.Message, r.MessageVI); err != nil {
		return fmt.Errorf("diag: rule %s: %w", r.Code, err)
	}
	return nil
}

// CheckTemplates reports whether an English and a Vietnamese fmt template can be formatted with the same
// arguments: both non-empty, and argument n formatted with the same verb in both (a translation may reorder
// arguments with explicit indexes such as %[2]s). Packages call it in tests over their template tables, so a
// kind of message never lacks a language or formats an argument differently in one.
func CheckTemplates(en, vi string) error {
	if strings.TrimSpace(en) == "" || strings.TrimSpace(vi) == "" {
		return fmt.Errorf("template missing a language (en %q, vi %q)", en, vi)
	}
	ve, err := templateVerbs(en)
	if err != nil {
		return fmt.Errorf("english template %q: %w", en, err)
	}
	vv, err := templateVerbs(vi)
	if err != nil {
		return fmt.Errorf("vietnamese template %q: %w", vi, err)
	}
	if len(ve) != len(vv) {
		return fmt.Errorf("templates take %d and %d arguments: %q, %q", len(ve), len(vv), en, vi)
	}
	for i := range ve {
		if ve[i] != vv[i] {
			return fmt.Errorf("argument %d is %%%c in english and %%%c in vietnamese: %q, %q", i+1, ve[i], vv[i], en, vi)
		}
	}
	return nil
}

// templateVerbs returns, for each argument index from 1, the verb that formats it. Flags, width and precision
// do not count (they change the layout, not the meaning); '*' width or precision is refused.
func templateVerbs(s string) ([]rune, error) {
	var verbs []rune
	next := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		i++
		for i < len(s) && strings.IndexByte("+-# 0", s[i]) >= 0 {
			i++
		}
		if i < len(s) && s[i] == '[' {
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed argument index")
			}
			n := 0
			for _, c := range s[i+1 : i+end] {
				if c < '0' || c > '9' {
					return nil, fmt.Errorf("bad argument index %q", s[i:i+end+1])
				}
				n = n*10 + int(c-'0')
			}
			if n < 1 || n > 64 {
				return nil, fmt.Errorf("argument index %d out of range", n)
			}
			next = n - 1
			i += end + 1
		}
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i >= len(s) {
			return nil, fmt.Errorf("verb missing at the end")
		}
		if s[i] == '*' {
			return nil, fmt.Errorf("'*' width is not allowed in a message template")
		}
		if s[i] == '%' {
			continue
		}
		for len(verbs) <= next {
			verbs = append(verbs, 0)
		}
		if verbs[next] != 0 && verbs[next] != rune(s[i]) {
			return nil, fmt.Errorf("argument %d formatted with %%%c and %%%c", next+1, verbs[next], s[i])
		}
		verbs[next] = rune(s[i])
		next++
	}
	for i, v := range verbs {
		if v == 0 {
			return nil, fmt.Errorf("argument %d is never formatted", i+1)
		}
	}
	return verbs, nil
}
