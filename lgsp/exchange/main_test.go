package exchange

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		os.Exit(crashChild()) // the test binary re-executed as an agent process by TestCrash*
	}
	goleak.VerifyTestMain(m)
}
