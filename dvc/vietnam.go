package dvc

import (
	"bytes"
	"io"
	"time"
)

// vietnam returns Vietnam time, UTC+7 without daylight saving, as a fixed zone so that no tzdata is needed.
func vietnam() *time.Location { return time.FixedZone("ICT", 7*3600) }

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
