package main

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"syscall"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/signature"
	"github.com/vnegov/egov/vntime"
)

// The Vietnamese text of the command's help: area and verb summaries, the descriptions that follow a verb's
// synopsis, and flag descriptions, keyed by their English text so that the verbs keep a single source string and
// --lang vi (or EGOV_LANG=vi) picks the translation when help is printed. Terms follow the texts users know:
// "văn bản", "gói tin" and "mã định danh" as in QCVN 102:2016/BTTTT and Nghị định 30/2020/NĐ-CP, "hồ sơ",
// "thời hạn giải quyết" and "dịch vụ công trực tuyến" as in Nghị định 61/2018/NĐ-CP and 42/2022/NĐ-CP, "chữ ký số"
// and "chứng thư số" as in Luật Giao dịch điện tử. A synopsis line (the command, its flags and placeholders) is
// syntax and stays as written. TestVietnameseHelp fails when a string shown by -h has no entry here.
var viText = map[string]string{
	"PEM file of trust anchors added to the embedded ones for received signatures (repeatable)": "tệp PEM chứng thư số gốc tin cậy bổ sung cho chữ ký của gói tin nhận được (lặp lại được)",
	"PEM file of intermediate CA certificates for received signatures (repeatable)":             "tệp PEM chứng thư số CA trung gian cho chữ ký của gói tin nhận được (lặp lại được)",
	"CRL file, DER or PEM, for received signatures (repeatable)":                                "tệp CRL (DER hoặc PEM) cho chữ ký của gói tin nhận được (lặp lại được)",
	// Input and output-file rules (docs/output.md).
	"replace output files that already exist (refused by default)":                                                      "ghi đè tệp đầu ra đã có (mặc định không ghi đè)",
	"file the export is written to (- for stdout)":                                                                      "tệp ghi kết quả xuất (- để ghi ra stdout)",
	"output file (required; - for stdout)":                                                                              "tệp đầu ra (bắt buộc; - để ghi ra stdout)",
	"write the package to FILE (required; - for stdout)":                                                                "ghi gói tin vào tệp FILE (bắt buộc; - để ghi ra stdout)",
	"FILE - reads stdin. A file already in DIR under an attachment's name is not replaced unless --overwrite is given.": "FILE là - thì đọc từ stdin. Tệp đã có trong DIR trùng tên tệp đính kèm không bị ghi đè, trừ khi có --overwrite.",
	"FILE - reads stdin; -o - writes the signed output on stdout (then --format text only). An existing OUT is\nnot replaced unless --overwrite is given.": "FILE là - thì đọc từ stdin; -o - ghi kết quả đã ký ra stdout (khi đó chỉ dùng --format text). Tệp OUT đã có\nkhông bị ghi đè, trừ khi có --overwrite.",
	// Areas.
	"agency identifier codes (mã định danh): check, explain, children":                           "mã định danh cơ quan, tổ chức: kiểm tra, giải thích, liệt kê đơn vị trực thuộc",
	"edXML packages: validate, inspect, extract, build, answer with status":                      "gói tin edXML: kiểm tra, xem, trích tệp đính kèm, tạo gói tin, trả lời bằng gói tin trạng thái",
	"digital signatures: verify XML-DSig and CMS with chain and revocation, sign":                "chữ ký số: kiểm tra chữ ký XML-DSig, CMS và PDF (chuỗi chứng thư số, tình trạng thu hồi), ký số",
	"embedded trust anchors (Government CA root G2)":                                             "chứng thư số gốc tin cậy có sẵn (CA gốc Chính phủ G2)",
	"online public services: working-day calendar, deadlines, service levels, KPIs":              "dịch vụ công trực tuyến: lịch ngày làm việc, thời hạn giải quyết, mức độ dịch vụ, chỉ số đánh giá",
	"document-exchange gateways: local sandbox, send, inbox, get, status, sent, agencies":        "nền tảng liên thông văn bản (LGSP, trục liên thông): môi trường thử cục bộ, gửi, hộp thư đến, tải về, trạng thái, đã gửi, danh sách cơ quan",
	"reports of NĐ 09/2019: schemas, validation, aggregation, TT 01/2020 form, XLSX/HTML export": "báo cáo theo Nghị định 09/2019/NĐ-CP: mẫu báo cáo, kiểm tra, tổng hợp, biểu mẫu Thông tư 01/2020/TT-VPCP, xuất XLSX/HTML",
	"print the module and Go versions":                                                           "in phiên bản của egov và của Go",

	// Verbs: agencycode.
	"validate codes and resolve their names at a date":                       "kiểm tra mã định danh và tra tên cơ quan, tổ chức tại một ngày",
	"describe each group of a code, its level, parents and names":            "giải thích từng nhóm ký tự của mã: cấp, các cấp trên và tên",
	"list the units directly under a code at a date":                         "liệt kê các đơn vị trực thuộc trực tiếp một mã tại một ngày",
	"date of the lookup, YYYY-MM-DD or RFC 3339 (default: today in Vietnam)": "ngày tra cứu, YYYY-MM-DD hoặc RFC 3339 (mặc định: hôm nay theo giờ Việt Nam)",
	"CSV or JSON file of agency codes loaded over the embedded registry":     "tệp CSV hoặc JSON các mã định danh, nạp bổ sung vào danh mục có sẵn",

	// Verbs: edoc.
	"check packages against QCVN 102 (strict) or axis practice (interop)":                                 "kiểm tra gói tin theo QCVN 102:2016/BTTTT (strict) hoặc theo thực tế của trục liên thông (interop)",
	"show a package's header and attachment list without decoding attachments":                            "hiển thị phần đầu và danh sách tệp đính kèm của gói tin, không giải mã tệp đính kèm",
	"write a package's attachments to a directory, streaming":                                             "ghi các tệp đính kèm của gói tin ra một thư mục (đọc theo luồng)",
	"build a package from a JSON description and files":                                                   "tạo gói tin từ tệp mô tả JSON và các tệp đính kèm",
	"answer a package with a status package (01 received, 03 accepted…)":                                  "trả lời gói tin bằng gói tin trạng thái (01 đã đến, 03 đã tiếp nhận…)",
	"validation date, YYYY-MM-DD or RFC 3339 (default: now in Vietnam)":                                   "thời điểm kiểm tra, YYYY-MM-DD hoặc RFC 3339 (mặc định: hiện tại, giờ Việt Nam)",
	"for status packages: the status the document had before (e.g. 01)":                                   "với gói tin trạng thái: trạng thái trước đó của văn bản (ví dụ 01)",
	"strict (QCVN 102 as written) or interop (what the axis accepts)":                                     "strict (đúng văn bản QCVN 102:2016/BTTTT) hoặc interop (những gì trục liên thông chấp nhận)",
	`check agency codes against a registry: "default" (embedded) or a CSV/JSON file`:                      `đối chiếu mã định danh với danh mục: "default" (danh mục có sẵn) hoặc tệp CSV/JSON`,
	"validate the bundled sample package":                                                                 "kiểm tra gói tin mẫu kèm theo egov",
	"sending time for the trace header, YYYY-MM-DD or RFC 3339 (default: now)":                            "thời điểm gửi ghi vào TraceHeader, YYYY-MM-DD hoặc RFC 3339 (mặc định: hiện tại)",
	"file to attach (repeat for several)":                                                                 "tệp đính kèm (lặp lại tùy chọn cho nhiều tệp)",
	"write the package even when egov's own validator rejects it":                                         "vẫn ghi gói tin khi bộ kiểm tra của egov không chấp nhận",
	"JSON description of the document (snake_case keys, see below)":                                       "tệp JSON mô tả văn bản (khóa dạng snake_case, xem bên dưới)",
	"output package file (- for stdout)":                                                                  "tệp gói tin đầu ra (- để ghi ra stdout)",
	"time of the status, YYYY-MM-DD or RFC 3339 (default: now)":                                           "thời điểm của trạng thái, YYYY-MM-DD hoặc RFC 3339 (mặc định: hiện tại)",
	"status code: 01 received, 02 rejected, 03 accepted, 04 assigned, 05 processing, 06 done, 13, 15, 16": "mã trạng thái: 01 đã đến, 02 từ chối, 03 đã tiếp nhận, 04 phân công, 05 đang xử lý, 06 hoàn thành, 13 lấy lại, 15 đồng ý, 16 từ chối cập nhật",
	"description, e.g. the reason of a rejection":                                                         "mô tả, ví dụ lý do từ chối",
	"the document package answered":                                                                       "gói tin văn bản được trả lời",
	"write the status package even when egov's own validator rejects it":                                  "vẫn ghi gói tin trạng thái khi bộ kiểm tra của egov không chấp nhận",
	"agency code of the answering agency (default: the package's first receiver)":                         "mã định danh của cơ quan trả lời (mặc định: nơi nhận đầu tiên của gói tin)",
	"output file (- for stdout)":                                                                          "tệp đầu ra (- để ghi ra stdout)",
	"the document's current status: the new one must be allowed to follow it":                             "trạng thái hiện tại của văn bản: trạng thái mới phải được phép tiếp theo trạng thái này",
	`META.json describes the document with snake_case keys (docs/output.md, "edoc new"):
  {"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},
   "to": [{"organ_id": "000.00.00.G12", "organ_name": "Bộ Tài chính"}],
   "number": "231", "notation": "QĐ-VPCP", "date": "2024/05/10", "place": "Hà Nội",
   "type": 1, "type_name": "Quyết định", "subject": "…", "signer": {"full_name": "…"},
   "priority": 1, "business_type": "new"}
Inside from, to, signer and staff the edXML element names of earlier releases (OrganId, OrganName, FullName…)
are still accepted for one release, with a warning on stderr.`: `META.json mô tả văn bản bằng các khóa dạng snake_case (docs/output.md, mục "edoc new"):
  {"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},
   "to": [{"organ_id": "000.00.00.G12", "organ_name": "Bộ Tài chính"}],
   "number": "231", "notation": "QĐ-VPCP", "date": "2024/05/10", "place": "Hà Nội",
   "type": 1, "type_name": "Quyết định", "subject": "…", "signer": {"full_name": "…"},
   "priority": 1, "business_type": "new"}
Trong "from", "to", "signer" và "staff", tên phần tử edXML của các phiên bản trước (OrganId, OrganName, FullName…)
vẫn được chấp nhận đến hết phiên bản sau, kèm cảnh báo trên stderr.`,

	// Verbs: sig and trust.
	"verify XML-DSig, CMS and PDF signatures: chain, revocation, policy at signing time":    "kiểm tra chữ ký số XML-DSig, CMS và PDF: chuỗi chứng thư số, tình trạng thu hồi, chính sách tại thời điểm ký",
	"sign XML/edXML (enveloped XML-DSig) or any file (CMS/PKCS#7, optionally time-stamped)": "ký số tệp XML/edXML (XML-DSig dạng enveloped), tệp PDF hoặc tệp bất kỳ (CMS/PKCS#7, có thể gắn dấu thời gian)",
	"list the embedded trust anchors with their SHA-256 fingerprints":                       "liệt kê các chứng thư số gốc tin cậy có sẵn kèm dấu vân tay SHA-256",
	`use only the named trust anchor (repeatable; see "egov trust list")`:                   `chỉ dùng chứng thư số gốc tin cậy có tên này (lặp lại được; xem "egov trust list")`,
	"validation time (RFC 3339); default now":                                               "thời điểm kiểm tra (RFC 3339); mặc định: hiện tại",
	"detached content of a CMS signature":                                                   "nội dung đã ký của chữ ký CMS dạng tách rời",
	"CRL file, DER or PEM (repeatable)":                                                     "tệp danh sách chứng thư số bị thu hồi (CRL), dạng DER hoặc PEM (lặp lại được)",
	"PEM file of intermediate CA certificates (repeatable)":                                 "tệp PEM chứng thư số của CA trung gian (lặp lại được)",
	"DER OCSP response file (repeatable)":                                                   "tệp phản hồi OCSP dạng DER (lặp lại được)",
	"allow network access: AIA caIssuers, CRL distribution points, OCSP":                    "cho phép truy cập mạng: AIA caIssuers, điểm phân phối CRL, OCSP",
	"force an algorithm policy by name (current, legacy); default chosen by signing time":   "buộc dùng chính sách thuật toán theo tên (current, legacy); mặc định chọn theo thời điểm ký",
	"revocation mode: prefer-ocsp|prefer-crl|offline|require-fresh":                         "cách kiểm tra thu hồi: prefer-ocsp|prefer-crl|offline|require-fresh",
	"time limit of each network fetch":                                                      "thời gian tối đa của mỗi lần tải qua mạng",
	"PEM file of trust anchors to add to the embedded ones (repeatable)":                    "tệp PEM chứng thư số gốc tin cậy, bổ sung vào danh sách có sẵn (lặp lại được)",
	"PEM certificate of the signer":                                                         "chứng thư số của người ký, dạng PEM",
	"PEM file of issuing CA certificates to embed":                                          "tệp PEM chứng thư số của các CA cấp phát, đưa kèm vào chữ ký",
	"make a CMS/PKCS#7 signature (default for files not named .xml/.edxml)":                 "tạo chữ ký CMS/PKCS#7 (mặc định cho tệp không có đuôi .xml/.edxml)",
	"CMS: leave the content out of the signature (.p7s)":                                    "CMS: không đưa nội dung vào chữ ký (chữ ký tách rời, .p7s)",
	"PEM private key of the signer (PKCS#8, PKCS#1 or SEC 1; unencrypted)":                  "khóa bí mật của người ký, dạng PEM (PKCS#8, PKCS#1 hoặc SEC 1; không mã hóa)",
	"output file (required)":                                                                "tệp đầu ra (bắt buộc)",
	"sign a PDF: PAdES signature in an incremental update (default for .pdf files)":         "ký tệp PDF: chữ ký PAdES trong một lần cập nhật bổ sung (mặc định cho tệp .pdf)",
	"CMS: write PEM instead of DER":                                                         "CMS: ghi dạng PEM thay cho DER",
	"RSA keys: sign with RSASSA-PSS instead of PKCS#1 v1.5":                                 "khóa RSA: ký bằng RSASSA-PSS thay cho PKCS#1 v1.5",
	"time limit for the TSA request":                                                        "thời gian tối đa của yêu cầu gửi tới dịch vụ cấp dấu thời gian",
	"URL of an RFC 3161 time-stamping authority to time-stamp the signature":                "URL của dịch vụ cấp dấu thời gian RFC 3161 để gắn dấu thời gian vào chữ ký",
	"make an enveloped XML-DSig signature (default for .xml and .edxml files)":              "tạo chữ ký XML-DSig dạng enveloped (mặc định cho tệp .xml và .edxml)",

	// Verbs: dvc.
	"tell whether dates are working days and why (holiday, weekend, make-up day)":                                     "cho biết một ngày có phải ngày làm việc không và lý do (ngày lễ, tết, cuối tuần, ngày làm bù)",
	"list the holidays, days off and make-up days of a year":                                                          "liệt kê ngày lễ, tết, ngày nghỉ và ngày làm bù của một năm",
	"compute the due time of a dossier in working days or hours":                                                      "tính thời hạn giải quyết hồ sơ theo ngày làm việc hoặc giờ làm việc",
	"classify an online service by its capabilities under the regime in force at a date":                              "xác định mức độ dịch vụ công trực tuyến theo chức năng, theo quy định có hiệu lực tại một ngày",
	"count early, on-time, late and online dossiers of a CSV file, with shares and targets":                           "đếm hồ sơ trước hạn, đúng hạn, quá hạn và trực tuyến trong tệp CSV, kèm tỷ lệ và chỉ tiêu",
	"JSON or CSV file of schedules merged date by date over the embedded ones (a year marked complete replaces them)": "tệp JSON hoặc CSV lịch nghỉ, ghép theo từng ngày vào lịch có sẵn (năm đánh dấu complete thay thế toàn bộ lịch năm đó)",
	"local override: YYYY-MM-DD[=NAME] is a day off (repeatable), e.g. a holiday not yet in egov's data":              "lịch riêng: ngày YYYY-MM-DD[=TÊN] là ngày nghỉ (lặp lại được), ví dụ một ngày nghỉ chưa có trong dữ liệu của egov",
	"local override: YYYY-MM-DD[=NAME] is a working day (repeatable)":                                                 "lịch riêng: ngày YYYY-MM-DD[=TÊN] là ngày làm việc (lặp lại được)",
	"working hours, e.g. 07:00-11:30,13:30-17:00 (default)":                                                           "giờ làm việc, ví dụ 07:00-11:30,13:30-17:00 (mặc định)",
	"deadline in working days (a whole number)":                                                                       "thời hạn tính bằng ngày làm việc (số nguyên)",
	"deadline in working hours (e.g. 8 or 1.5)":                                                                       "thời hạn tính bằng giờ làm việc (ví dụ 8 hoặc 1.5)",
	"time of reception, RFC 3339 (e.g. 2026-02-13T10:00:00+07:00) or YYYY-MM-DD":                                      "thời điểm tiếp nhận hồ sơ, RFC 3339 (ví dụ 2026-02-13T10:00:00+07:00) hoặc YYYY-MM-DD",
	"date whose regime applies, YYYY-MM-DD or RFC 3339 (default: today in Vietnam)":                                   "ngày dùng để chọn quy định áp dụng, YYYY-MM-DD hoặc RFC 3339 (mặc định: hôm nay theo giờ Việt Nam)",
	"grouping: all, agency, tier, procedure, month or year (month and year of reception)":                             `cách nhóm: "all" (tất cả), "agency" (cơ quan), "tier" (cấp), "procedure" (thủ tục), "month" hoặc "year" (tháng, năm tiếp nhận)`,
	"dossier CSV file, or - for stdin":                                                                                "tệp CSV hồ sơ, hoặc - để đọc từ stdin",
	"fail when the grouping yields more groups than this":                                                             "báo lỗi khi số nhóm vượt quá giá trị này",
	"outcome precision: day (default, Vietnam civil dates) or hour":                                                   `độ chính xác khi so với hạn: "day" (mặc định, theo ngày dương lịch, giờ Việt Nam) hoặc "hour" (theo giờ)`,
	"stop at the first malformed record instead of reporting it and going on":                                         "dừng ở bản ghi sai định dạng đầu tiên thay vì báo và đọc tiếp",
	"JSON file of targets, or builtin":                                                                                "tệp JSON các chỉ tiêu, hoặc builtin (chỉ tiêu có sẵn)",
	`SERVICE.json describes the service by its capabilities ("-" reads stdin):
  {"code": "1.003560", "information": true, "downloadable_forms": true, "online_submission": true,
   "online_processing": true, "no_fee": false, "online_payment": true, "online_result": false,
   "postal_result": true, "presence_required": false, "partial_justification": ""}`: `SERVICE.json mô tả dịch vụ theo các chức năng được cung cấp ("-" để đọc từ stdin):
  {"code": "1.003560", "information": true, "downloadable_forms": true, "online_submission": true,
   "online_processing": true, "no_fee": false, "online_payment": true, "online_result": false,
   "postal_result": true, "presence_required": false, "partial_justification": ""}`,
	`The CSV has a header row with at least received_at, due_at, finished_at (RFC 3339; finished_at empty while
open), channel (online|counter|postal), level (1-4, toan_trinh, mot_phan), agency_code and procedure_code,
and optionally tier (province|district|commune); other columns are ignored. "--in -" reads stdin.
Shares are percentages recomputed from the counts: early/on_time/late of the resolved dossiers, online of
all dossiers, online_level_L within level L, services_with_online of the mức 3-4 services. With --targets
(a JSON array of targets, or "builtin" for the 2022 directive and plan of Đắk Nông) the exit code is 1 when a
target applying to a group is missed. A malformed record is left out of the counts and reported (exit 1);
--strict stops at the first one instead.`: `Tệp CSV có dòng tiêu đề với tối thiểu các cột received_at, due_at, finished_at (RFC 3339; finished_at để trống
khi hồ sơ chưa giải quyết xong), "channel" (online|counter|postal), "level" (1-4, toan_trinh, mot_phan),
agency_code và procedure_code, có thể thêm "tier" (province|district|commune); các cột khác được bỏ qua.
"--in -" đọc từ stdin. Tỷ lệ là phần trăm tính lại từ số đếm: early/on_time/late trên số hồ sơ đã giải quyết,
"online" trên tổng số hồ sơ, online_level_L trong mức độ L, services_with_online trên số dịch vụ mức độ 3, 4.
Với --targets (mảng JSON các chỉ tiêu, hoặc "builtin" cho chỉ tiêu của Chỉ thị ngày 11/01/2022 và Kế hoạch
chuyển đổi số năm 2022 của tỉnh Đắk Nông) mã thoát là 1 khi một nhóm không đạt chỉ tiêu áp dụng cho nhóm đó.
Bản ghi sai định dạng bị loại khỏi số đếm và được báo (mã thoát 1); --strict dừng ở bản ghi sai đầu tiên.`,

	// Verbs: lgsp.
	"serve a local stand-in gateway (vxp at /, ltvb under /v1/, tokens at /token)":                         "chạy một trục liên thông giả lập cục bộ (vxp tại /, ltvb tại /v1/, cấp token tại /token)",
	"validate and send packages, one result per file":                                                      "kiểm tra và gửi gói tin, mỗi tệp một kết quả",
	"list the packages received (all pages)":                                                               "liệt kê các gói tin đã nhận (mọi trang)",
	"download a package and validate it":                                                                   "tải một gói tin về và kiểm tra",
	"set the delivery status of a received package":                                                        "cập nhật trạng thái xử lý của một gói tin đã nhận",
	"list the packages sent, one entry per recipient (all pages)":                                          "liệt kê các gói tin đã gửi, mỗi nơi nhận một dòng (mọi trang)",
	"list the agencies known to the gateway":                                                               "liệt kê các cơ quan có trên trục liên thông",
	"the durable exchange agent: run, enqueue, status, retry":                                              "dịch vụ nền trao đổi văn bản, không mất gói tin khi dừng đột ngột: chạy, xếp hàng gửi, trạng thái, gửi lại",
	"address to listen on":                                                                                 "địa chỉ lắng nghe",
	"directory keeping the store across restarts":                                                          "thư mục lưu dữ liệu qua các lần khởi động lại",
	"comma-separated faults to draw from: 429,503,drop,after-500,after-drop,after-malformed (default all)": "các loại lỗi giả lập, phân tách bằng dấu phẩy: 429,503,drop,after-500,after-drop,after-malformed (mặc định: tất cả)",
	"share of requests given an injected fault, 0 to 1":                                                    "tỷ lệ yêu cầu bị gây lỗi giả lập, từ 0 đến 1",
	"latency added to every request":                                                                       "độ trễ thêm vào mỗi yêu cầu",
	`JSON array of {"system_id","secret","organ_id","name"} (default: the demo systems)`:                   `mảng JSON các {"system_id","secret","organ_id","name"} (mặc định: các hệ thống mẫu)`,
	"the gateway's base URL, e.g. http://127.0.0.1:8480 (required)":                                        "địa chỉ URL gốc của trục liên thông, ví dụ http://127.0.0.1:8480 (bắt buộc)",
	"wire profile: vxp (national axis) or ltvb (provincial REST)":                                          "giao thức: vxp (trục liên thông văn bản quốc gia) hoặc ltvb (REST của nền tảng LGSP tỉnh)",
	"file holding the system's secret (else $" + lgspSecretEnv + ")":                                       "tệp chứa khóa bí mật của hệ thống (nếu không có: biến môi trường $" + lgspSecretEnv + ")",
	"this system's id at the gateway (required)":                                                           "mã của hệ thống này trên trục liên thông (bắt buộc)",
	"time limit of one attempt (default 2m)":                                                               "thời gian tối đa của một lần gọi (mặc định 2m)",
	"recipients' organ ids, comma-separated (default: the To agencies of each package)":                    "mã định danh các nơi nhận, phân tách bằng dấu phẩy (mặc định: các cơ quan ở phần To của từng gói tin)",
	"ltvb login user (default: the system id; password: the secret)":                                       "tên đăng nhập ltvb (mặc định: mã hệ thống; mật khẩu: khóa bí mật)",
	"validate before sending: strict, interop or off":                                                      `kiểm tra trước khi gửi: "strict", "interop" hoặc "off" (không kiểm tra)`,
	"debug logging on stderr, credentials redacted (also EGOV_LOG=debug)":                                  "ghi nhật ký gỡ lỗi ra stderr, che thông tin xác thực (hoặc EGOV_LOG=debug)",
	"list at most N entries (default: all)":                                                                "liệt kê tối đa N mục (mặc định: tất cả)",
	"only this message type: edoc, status, …":                                                              `chỉ loại thông điệp này: "edoc", "status", …`,
	"write the package to FILE (required)":                                                                 "ghi gói tin vào tệp FILE (bắt buộc)",
	"validate the package received: strict, interop or off":                                                `kiểm tra gói tin nhận được: "strict", "interop" hoặc "off" (không kiểm tra)`,
	"the delivery status: inbox, acceptance, rejection, assignment, processing, done, fail, cancellation":  `trạng thái xử lý: "inbox" (đã đến), "acceptance" (tiếp nhận), "rejection" (từ chối), "assignment" (phân công), "processing" (đang xử lý), "done" (hoàn thành), "fail" (lỗi), "cancellation" (hủy)`,
	"JSON configuration file (flags override it)":                                                          "tệp cấu hình JSON (tùy chọn dòng lệnh được ưu tiên hơn)",
	"SQLite file, or postgres://… for several agents":                                                      "tệp SQLite, hoặc postgres://… khi chạy nhiều phiên bản dịch vụ nền",
	"directory receiving one <doc id>.edxml per delivered package (required)":                              "thư mục nhận mỗi gói tin đã chuyển thành một tệp <doc id>.edxml (bắt buộc)",
	"spool directory (default beside the SQLite file)":                                                     "thư mục lưu tạm (mặc định: cùng thư mục với tệp SQLite)",
	"answer rejection to document packages without a verified signature":                                   "trả lời từ chối các gói tin văn bản không có chữ ký số đã được xác thực",
	"interval between inbox polls":                                                                         "khoảng thời gian giữa hai lần kiểm tra hộp thư đến",
	"this agency's organ id, the sender of status packages (default: the package's recipient)":             "mã định danh của cơ quan này, nơi gửi gói tin trạng thái (mặc định: nơi nhận của gói tin)",
	"jobs run at once": "số công việc chạy đồng thời",
	"this instance's name among agents sharing a PostgreSQL database (default host-pid)": "tên của phiên bản này giữa các phiên bản dịch vụ nền dùng chung một cơ sở dữ liệu PostgreSQL (mặc định: host-pid)",
	"SQLite file, or postgres://…": "tệp SQLite, hoặc postgres://…",
	"spool directory (default beside the SQLite file); the packages are copied there":  "thư mục lưu tạm (mặc định: cùng thư mục với tệp SQLite); các gói tin được sao chép vào đó",
	"comma-separated recipients' organ ids (default: the To agencies of each package)": "mã định danh các nơi nhận, phân tách bằng dấu phẩy (mặc định: các cơ quan ở phần To của từng gói tin)",

	// Verbs: report.
	"check report instances (JSON, CSV, XLSX) against a schema":                          "kiểm tra số liệu báo cáo (JSON, CSV, XLSX) theo mẫu báo cáo",
	"add up unit reports into their parent's report, ratios recomputed":                  "tổng hợp báo cáo của các đơn vị thành báo cáo của đơn vị cấp trên, tính lại các tỷ lệ",
	"compute the TT 01/2020 procedure form from a dossier CSV":                           "lập biểu mẫu thủ tục hành chính theo Thông tư 01/2020/TT-VPCP từ tệp CSV hồ sơ",
	"write a validated report as XLSX (with charts), HTML, CSV or JSON":                  "xuất báo cáo đã kiểm tra ra XLSX (có biểu đồ), HTML, CSV hoặc JSON",
	"cut-off window and sending deadline of a period (NĐ 09/2019 Điều 12)":               "thời gian chốt số liệu và hạn gửi báo cáo của một kỳ (Nghị định 09/2019/NĐ-CP Điều 12)",
	"list the built-in schemas, or show one":                                             "liệt kê các mẫu báo cáo có sẵn hoặc xem một mẫu",
	"refuse an instance (or an XLSX once inflated) larger than this":                     "từ chối tệp số liệu (hoặc tệp XLSX sau khi giải nén) lớn hơn số byte này",
	"the previous period's instance, for cross-period rules":                             "số liệu kỳ trước, cho các quy tắc so sánh giữa các kỳ",
	`built-in schema id (see "egov report schemas") or a schema JSON file`:               `mã mẫu báo cáo có sẵn (xem "egov report schemas") hoặc tệp JSON mẫu báo cáo`,
	"agency-code registry (CSV or JSON) used instead of the embedded one":                "danh mục mã định danh (CSV hoặc JSON) dùng thay cho danh mục có sẵn",
	"comma-separated codes of the units that must report (default: from the registries)": "mã các đơn vị phải báo cáo, phân tách bằng dấu phẩy (mặc định: lấy từ danh mục)",
	"code of the parent unit (required)":                                                 "mã của đơn vị cấp trên (bắt buộc)",
	"file the export is written to":                                                      "tệp ghi kết quả xuất",
	"period of the aggregate (default: the first report's)":                              "kỳ của báo cáo tổng hợp (mặc định: kỳ của báo cáo đầu tiên)",
	"also export the aggregate: xlsx, html, csv or json (needs -o)":                      "xuất thêm báo cáo tổng hợp: xlsx, html, csv hoặc json (cần -o)",
	"CSV of administrative units (code,name,level,parent,valid_from,valid_to) loaded over the embedded provinces, e.g. the official list of communes": "tệp CSV đơn vị hành chính (code,name,level,parent,valid_from,valid_to) nạp bổ sung vào danh mục tỉnh có sẵn, ví dụ danh mục xã chính thức",
	"without --period, judge open dossiers at this date (default: now)":                                                                               "khi không có --period: xét hồ sơ chưa giải quyết xong tại ngày này (mặc định: hiện tại)",
	"rows by all, tier (level), agency or procedure":                                                                                                  `dòng theo "all" (tất cả), "tier" (cấp), "agency" (cơ quan) hoặc "procedure" (thủ tục)`,
	"dossier CSV file, or - for stdin (required)":                                                                                                     "tệp CSV hồ sơ, hoặc - để đọc từ stdin (bắt buộc)",
	"the form to build: tthc":                                                    "biểu mẫu cần lập: tthc (thủ tục hành chính)",
	"quarter of the form, YYYY-Qn (default: the whole file)":                     "quý của biểu mẫu, YYYY-Qn (mặc định: toàn bộ tệp)",
	"outcome precision: day or hour":                                             `độ chính xác khi so với hạn: "day" (theo ngày) hoặc "hour" (theo giờ)`,
	"also export the form: xlsx, html, csv or json (needs -o)":                   "xuất thêm biểu mẫu: xlsx, html, csv hoặc json (cần -o)",
	"the previous period's instance, for year-on-year columns and charts":        "số liệu kỳ trước, cho các cột và biểu đồ so sánh cùng kỳ",
	"xlsx, html, csv or json (required)":                                         "xlsx, html, csv hoặc json (bắt buộc)",
	"working days after the cut-off (default: 2, the provinces' usual rule [U])": "số ngày làm việc sau ngày chốt số liệu (mặc định: 2, theo cách các tỉnh thường quy định; chưa thống nhất)",
	"2026-03, 2026-Q1, 2026-H1, 2026-9M or 2026 (required)":                      "2026-03, 2026-Q1, 2026-H1, 2026-9M hoặc 2026 (bắt buộc)",
	"monthly, quarterly, half_yearly, nine_monthly or yearly (required)":         `"monthly" (tháng), "quarterly" (quý), "half_yearly" (6 tháng), "nine_monthly" (9 tháng) hoặc "yearly" (năm) (bắt buộc)`,
	"the schema to show":                                                         "mẫu báo cáo cần xem",
	`Instances are JSON, the long CSV form (indicator,value[,unit,period,reporting_unit,item]) or XLSX laid out
like "egov report export --to xlsx" writes it, chosen by extension ("-" reads JSON from stdin). Checks run
in layers: structure and number formats, then sums and ratios, then comparisons, ranges, required-if and,
with --previous, cross-period rules.`: `Số liệu báo cáo là tệp JSON, CSV dạng dọc (indicator,value[,unit,period,reporting_unit,item]) hoặc XLSX theo bố
cục mà "egov report export --to xlsx" tạo ra, nhận biết theo phần mở rộng của tệp ("-" đọc JSON từ stdin). Việc kiểm
tra đi theo từng lớp: cấu trúc và định dạng số, rồi tổng và tỷ lệ, rồi so sánh, khoảng giá trị, điều kiện bắt buộc
và, khi có --previous, các quy tắc so sánh giữa các kỳ.`,
	`CODE is an agency code (000.00.00.H53: its direct children report) or an administrative-unit code (68: the
provinces merged into it on 01/7/2025, or its communes). Counts are summed; shares are recomputed from their
counts, never averaged. Units expected but missing give a completeness finding (RPT-G001).`: `CODE là mã định danh cơ quan (000.00.00.H53: các đơn vị trực thuộc trực tiếp báo cáo) hoặc mã đơn vị hành chính
(68: các tỉnh hợp nhất vào đó từ ngày 01/7/2025, hoặc các xã của tỉnh). Số đếm được cộng dồn; tỷ lệ được tính lại
từ số đếm, không lấy trung bình. Đơn vị phải báo cáo mà thiếu sẽ được báo thiếu (RPT-G001).`,
	`Computes the administrative-procedure form of TT 01/2020/TT-VPCP from the dossier CSV that "egov dvc kpi"
reads, with the same reader and classification: without --period its totals equal dvc kpi's on the file.
With --period (quarterly: 2026-Q1) only dossiers received in the cut-off window, or carried over open, count.`: `Lập biểu mẫu tình hình giải quyết thủ tục hành chính theo Thông tư 01/2020/TT-VPCP từ tệp CSV hồ sơ mà
"egov dvc kpi" đọc, với cùng bộ đọc và cách phân loại: khi không có --period, số tổng bằng số của dvc kpi trên
cùng tệp. Với --period (theo quý: 2026-Q1) chỉ tính hồ sơ tiếp nhận trong kỳ chốt số liệu, hoặc từ kỳ trước
chuyển sang mà chưa giải quyết xong.`,
	`Validates the instance and writes it with its findings: XLSX has a sheet per section, styled headers and native
charts; HTML is one self-contained page (inline SVG charts, no scripts or external fonts, A4 print CSS). Labels
are Vietnamese unless --lang en. The exit code is 1 when the instance has findings of severity error.`: `Kiểm tra số liệu báo cáo rồi xuất kèm các phát hiện: XLSX có mỗi phần một trang tính, tiêu đề định dạng sẵn
và biểu đồ; HTML là một trang độc lập (biểu đồ SVG nhúng, không có mã script hay phông chữ ngoài, in khổ A4).
Nhãn bằng tiếng Việt trừ khi có --lang en. Mã thoát là 1 khi số liệu có phát hiện mức lỗi.`,
	`Prints the cut-off window of NĐ 09/2019 Điều 12 (monthly 2026-03: 2026-02-15 … 2026-03-14) and the sending
deadline, N working days after the cut-off on the working-day calendar (Tết and other days off skipped).`: `In thời gian chốt số liệu theo Nghị định 09/2019/NĐ-CP Điều 12 (tháng 2026-03: 2026-02-15 … 2026-03-14) và
hạn gửi báo cáo, N ngày làm việc sau ngày chốt số liệu theo lịch ngày làm việc (bỏ qua Tết và các ngày nghỉ khác).`,
	"Lists the built-in schemas, or shows one: its indicators (id, name_vi, name_en, unit) and rules.": "Liệt kê các mẫu báo cáo có sẵn, hoặc xem một mẫu: các chỉ tiêu (id, name_vi, name_en, unit) và quy tắc.",

	"REF is an outbox id or a received doc id.": "REF là mã trong hàng đợi gửi hoặc mã văn bản đã nhận.",

	// Usage errors with a fixed text.
	"want at least one date":                                   "cần ít nhất một ngày",
	"want at least one year":                                   "cần ít nhất một năm",
	"--received is required":                                   "thiếu --received (bắt buộc)",
	"give exactly one of --days and --hours":                   "cần đúng một trong hai tùy chọn --days và --hours",
	"want exactly one SERVICE.json":                            "cần đúng một tệp SERVICE.json",
	"--in is required":                                         "thiếu --in (bắt buộc)",
	"--max-groups must be positive":                            "--max-groups phải là số dương",
	"no code given":                                            "chưa có mã nào",
	"want exactly one code":                                    "cần đúng một mã",
	"no file given (or --sample)":                              "chưa có tệp nào (hoặc --sample)",
	"no FILE given":                                            "chưa có tệp nào",
	"want FILE and DIR":                                        "cần tệp FILE và thư mục DIR",
	"--meta and -o are required":                               "thiếu --meta hoặc -o (bắt buộc)",
	"--for and --code are required":                            "thiếu --for hoặc --code (bắt buộc)",
	"the package names no receiver: give --from":               "gói tin không có nơi nhận: cần --from",
	"at least one FILE is required":                            "cần ít nhất một tệp",
	"--content goes with exactly one signature FILE":           "--content chỉ dùng với đúng một tệp chữ ký",
	"no arguments expected":                                    "lệnh này không nhận đối số",
	"exactly one FILE to sign is required":                     "cần đúng một tệp để ký",
	"-o OUT is required":                                       "thiếu -o OUT (bắt buộc)",
	"--key and --cert are required":                            "thiếu --key hoặc --cert (bắt buộc)",
	"--xml and --cms are exclusive":                            "không dùng đồng thời --xml và --cms",
	"--timeout must be positive":                               "--timeout phải là số dương",
	"--pdf excludes --xml, --cms, --detached and --pem":        "--pdf không dùng cùng --xml, --cms, --detached và --pem",
	"--detached, --pem and --tsa apply to CMS signatures only": "--detached, --pem và --tsa chỉ áp dụng cho chữ ký CMS",
	"no file given":                                            "chưa có tệp nào",
	"give one DOCID and -o FILE":                               "cần một DOCID và -o FILE",
	"give one DOCID":                                           "cần một DOCID",
	"--faults must be between 0 and 1":                         "--faults phải từ 0 đến 1",
	"--endpoint and --system-id are required":                  "thiếu --endpoint hoặc --system-id (bắt buộc)",
	"--deliver-dir is required (the directory the department system takes packages from)": "thiếu --deliver-dir (bắt buộc): thư mục mà hệ thống của cơ quan lấy gói tin",
	"no package file given":                                      "chưa có tệp gói tin nào",
	"give one outbox id or received doc id":                      "cần một mã trong hàng đợi gửi hoặc một mã văn bản đã nhận",
	"no INSTANCE given":                                          "chưa có tệp số liệu nào",
	"--into and at least one FILE are required":                  "cần --into và ít nhất một tệp",
	"--to and -o go together":                                    "--to và -o phải dùng cùng nhau",
	"want --to, -o and exactly one INSTANCE":                     "cần --to, -o và đúng một tệp số liệu",
	"--dossiers is required":                                     "thiếu --dossiers (bắt buộc)",
	"--regime and --period are required":                         "thiếu --regime hoặc --period (bắt buộc)",
	"no secret: give --secret-file FILE or set " + lgspSecretEnv: "chưa có khóa bí mật: cần --secret-file FILE hoặc biến môi trường " + lgspSecretEnv,
	"--by field: the dossier CSV has no field (lĩnh vực) column; use tier, agency or procedure": `--by field: tệp CSV hồ sơ không có cột lĩnh vực; dùng "tier", "agency" hoặc "procedure"`,
}

// tr returns the Vietnamese text of an English help or error string when the language is Vietnamese and a
// translation exists, and the string itself otherwise.
func (e *env) tr(en string) string {
	if e.lang == "vi" {
		if vi, ok := viText[en]; ok {
			return vi
		}
	}
	return en
}

// errText is the text of a failure in the chosen language. The failures of the operating system (a missing file,
// a permission refused) are put in Vietnamese; other errors of the libraries keep their English text, after a
// Vietnamese "lỗi:" (error) so that the line says what it is.
func (e *env) errText(err error) string {
	msg := err.Error()
	if e.lang != "vi" {
		return msg
	}
	if vi, ok := viText[msg]; ok { // an error of this command, worded in viText
		return vi
	}
	var ee *existsError
	if errors.As(err, &ee) {
		return strings.Replace(msg, ee.Error(), fmt.Sprintf(ruleOutputExists.MessageVI, ee.path), 1)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return strings.Replace(msg, pe.Error(), pathErrorVI(pe), 1)
	}
	var te *vntime.ParseError
	if errors.As(err, &te) {
		why := "cần YYYY-MM-DD (ngày, giờ Việt Nam), YYYY-MM-DDThh:mm[:ss] (giờ Việt Nam) hoặc RFC 3339 (2026-02-16T08:30:00+07:00)"
		if te.OutOfRange {
			why = "ngày, tháng, năm hoặc giờ nằm ngoài phạm vi cho phép (ví dụ tháng 13, ngày 30/02, năm trước 1900)"
		}
		return fmt.Sprintf("thời điểm %q không hợp lệ: %s", te.Input, why)
	}
	for _, k := range knownErrorsVI {
		if errors.Is(err, k.err) {
			return strings.Replace(msg, k.err.Error(), k.vi, 1)
		}
	}
	if m := unknownValue.FindStringSubmatch(msg); m != nil {
		vi := "không hỗ trợ giá trị " + m[1]
		if m[2] != "" {
			if i := strings.LastIndex(m[2], " or "); i >= 0 {
				m[2] = m[2][:i] + " hoặc " + m[2][i+len(" or "):]
			}
			vi += " (cần " + m[2] + ")"
		}
		return vi
	}
	return "lỗi: " + msg
}

// unknownValue matches the errors of the packages' Parse functions for an enumeration: `edoc: unknown profile
// "x" (want strict or interop)`. The value and the accepted values are identifiers, the same in both languages.
var unknownValue = regexp.MustCompile(`^(?:[a-z]+: )?unknown [a-z -]+ ("[^"]*")(?: \(want (.+)\))?$`)

// knownErrorsVI are the Vietnamese texts of the sentinel errors the verbs meet on ordinary inputs.
var knownErrorsVI = []struct {
	err error
	vi  string
}{
	{signature.ErrUnknownFormat, "dữ liệu không phải XML, CMS (DER hoặc PEM) hay PDF"},
}

// pathErrorVI says in Vietnamese what went wrong with a file: "không mở được tệp X: tệp không tồn tại".
func pathErrorVI(pe *fs.PathError) string {
	op := map[string]string{"open": "không mở được", "read": "không đọc được", "write": "không ghi được",
		"stat": "không truy cập được", "mkdir": "không tạo được thư mục", "remove": "không xóa được",
		"rename": "không đổi tên được", "createtemp": "không tạo được tệp tạm trong"}[pe.Op]
	if op == "" {
		op = "lỗi khi truy cập"
	}
	why := pe.Err.Error()
	switch {
	case errors.Is(pe.Err, fs.ErrNotExist):
		why = "tệp hoặc thư mục không tồn tại"
	case errors.Is(pe.Err, fs.ErrPermission):
		why = "không có quyền truy cập"
	case errors.Is(pe.Err, fs.ErrExist):
		why = "tệp đã tồn tại"
	case errors.Is(pe.Err, syscall.EISDIR):
		why = "đây là thư mục, không phải tệp"
	case errors.Is(pe.Err, syscall.ENOTDIR):
		why = "một phần của đường dẫn không phải thư mục"
	}
	return op + " " + pe.Path + ": " + why
}

// flagErrorText is the text of an error of the flag package in the chosen language; the flag package words its
// errors in English only, in these three forms.
func (e *env) flagErrorText(err error) string {
	msg := err.Error()
	if e.lang != "vi" {
		return msg
	}
	if vi, ok := viText[msg]; ok { // an error of this command, worded in viText
		return vi
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "không có tùy chọn " + name
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "tùy chọn " + name + " cần một giá trị"
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if value, flagPart, ok := strings.Cut(rest, " for flag "); ok {
			name, _, _ := strings.Cut(flagPart, ":")
			return "giá trị " + value + " không hợp lệ cho tùy chọn " + name
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if value, flagPart, ok := strings.Cut(rest, " for "); ok {
			name, _, _ := strings.Cut(flagPart, ":")
			return "giá trị " + value + " không hợp lệ cho tùy chọn " + name
		}
	}
	return "lỗi: " + msg
}

// errPhrase is the text of a failure in both languages, for a finding that quotes it (EGOV-001, EGOV-002): the
// Vietnamese message then says in Vietnamese what the operating system said.
func errPhrase(err error) diag.Phrase {
	vi := &env{lang: "vi"}
	return diag.Phrase{EN: err.Error(), VI: vi.errText(err)}
}

// inputKinds are the file kinds the verbs taking several files walk a directory for (inputs.go).
var inputKinds = map[string]string{
	"*.edxml and *.xml":                      "*.edxml và *.xml",
	"*.xml, *.edxml, *.p7s, *.p7m and *.pdf": "*.xml, *.edxml, *.p7s, *.p7m và *.pdf",
	"*.json, *.csv and *.xlsx":               "*.json, *.csv và *.xlsx",
}

func init() {
	for en, vi := range inputKinds {
		viText[inputsNote(en)] = "FILE có thể là một thư mục: các tệp " + vi + " trong đó được lấy theo thứ tự tên (không đi theo\n" +
			"liên kết tượng trưng tới thư mục). - đọc từ stdin. Mỗi đầu vào có kết quả riêng."
	}
}
