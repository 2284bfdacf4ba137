package dvc

import (
	"bytes"
	"io"
	"time"

	"github.com/vnegov/egov/dvc/workday"
)

// vietnam returns Vietnam time, UTC+7 without daylight saving, as a fixed zone so that no tzdata is needed.
func vietnam() *time.Location { return workday.VietnamTime() }

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
