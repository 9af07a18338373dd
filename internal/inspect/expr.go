package inspect

import (
	"fmt"
	"go/parser"
	"strings"
)

// checkExpr refuses what is not a Go expression, with the parser's
// reason: a statement such as an assignment among them.
func checkExpr(expr string) error {
	if strings.TrimSpace(expr) == "" {
		return fmt.Errorf("inspect: no expression")
	}
	if _, err := parser.ParseExpr(expr); err != nil {
		return fmt.Errorf("inspect: %q is not a Go expression (%v); the console evaluates expressions only, no assignments or statements", expr, err)
	}
	return nil
}

// evalError words an evaluation's error, saying what the console cannot
// do when that is why it failed.
func evalError(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "function calls not allowed") {
		return fmt.Errorf("inspect: the console calls no functions (len, cap and conversions work)")
	}
	return fmt.Errorf("inspect: %s", msg)
}
