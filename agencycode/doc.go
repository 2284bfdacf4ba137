// Package agencycode implements the agency identifier codes (mã định danh của cơ quan, tổ chức) that every edXML
// package, dossier code and report of Vietnamese state agencies refers to: the 13-character four-level form of
// QCVN 102:2016/BTTTT ("000.21.31.H53", read right to left: level 1 "H53" is UBND tỉnh Tây Ninh, level 2 "31" a
// district under it, level 3 "21" a commune under that) and the generic form of QĐ 20/2020/QĐ-TTg (the level-1
// code, then groups of 0-9 and A-Z separated by dots, at most 35 characters: "H53.31.21") that Sửa đổi 1:2022 of QCVN 102 admits on the document axis.
//
// Parse validates a code and reports every broken rule as an *Error with a stable diagnostic code (AGC-001…) and
// English and Vietnamese messages. A code of four dotted groups whose first group is not a level-1 code is held to
// the QCVN 102 widths (3, 2, 2 and 3 characters), to its level-1 group (a letter and two digits) and to its
// zero-filled hierarchy, so "000.00.00.G2" is a width error, not a generic code. The generic form is what
// QĐ 20/2020/QĐ-TTg Điều 4 describes (wording as in its implementing guidance, Công văn 1018/BTTTT-THH of
// 7/4/2021): at most 35 characters "including the level-1 code" (Mã cấp 1), the characters '.', 0-9 and the
// upper-case letters A-Z, the groups identifying the bodies of each level "developed from left to right and
// separated by dots", each group after the level-1 code of fixed or free width. Parse therefore accepts a generic
// code only when its first group is a level-1 code ("G22", "H53.31.21"), or when it is a single 10- or 13-digit
// registration number, which the decision makes the code of an enterprise, co-operative or household business.
// Codes of other organisations under an identification scheme (lược đồ định danh, whose scheme codes Bộ TT&TT
// publishes) are not recognised, and any other string without dots ("X", "1") is an error (AGC-009): such strings
// are typos far more often than scheme codes. Codes change meaning over time (ministries merged in 2025 under
// QĐ 09/2025/QĐ-TTg, provinces on 1 July 2025), so a Registry holds entries with validity periods and answers for
// a given date. DefaultRegistry embeds only codes confirmed by a published source; integrators load their
// province's official list with LoadCSV or LoadJSON. Administrative-unit codes (mã đơn vị hành chính) live in the
// sub-package adminunit.
//
//	c, err := agencycode.Parse("000.21.31.H53")
//	if err != nil {
//		return err // *agencycode.Error; errors.Is(err, agencycode.ErrHierarchy) …
//	}
//	p, _ := c.Parent() // 000.00.31.H53
//	root, _ := c.Root()
//	e, ok := agencycode.DefaultRegistry().Lookup(root, time.Now())
//
// Performance: Parse of a valid legacy code takes a fixed-position fast path and allocates nothing. Measured with
// `go test -run '^$' -bench BenchmarkParseLegacy -benchmem -count 4 ./agencycode/` on the project's 2-core
// machine (with other work running): 6.0–7.7 ns/op and 0 allocs for Parse against 115.6–116.8 ns/op for
// regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`).MatchString in the same run, about 17× faster, while
// Parse also checks the zero-filled hierarchy that the regular expression does not.
package agencycode
