// Command parked panics on a nil pointer in checkout and parks the
// panicking goroutine inside its deferred recover, as the debug page's
// middleware does: it prints "parked N" with the goroutine's id and
// waits for a line on standard input, then panics again.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

type discount struct{ percent int }

type item struct {
	Name  string
	Price int
}

type cart struct {
	Items []item
	Tags  map[string]int
	Note  string
}

func main() {
	c := &cart{
		Items: []item{{"apple", 10}, {"pear", 20}, {"plum", 30}},
		Tags:  map[string]int{"x": 1},
		Note:  strings.Repeat("n", 1000),
	}
	defer park()
	fmt.Println(checkout(c, nil))
}

func checkout(c *cart, d *discount) int {
	items := c.Items
	total := 0
	for _, it := range items {
		total += it.Price
	}
	var err error = errors.New("boom")
	_ = err
	return total * d.percent / 100
}

// park reports the goroutine, waits for a line, and panics with what it
// recovered.
func park() {
	v := recover()
	fmt.Println("parked", goid())
	bufio.NewReader(os.Stdin).ReadString('\n')
	panic(v)
}

// goid returns the calling goroutine's id from its stack's first line.
func goid() int {
	buf := make([]byte, 64)
	f := strings.Fields(string(buf[:runtime.Stack(buf, false)]))
	n, _ := strconv.Atoi(f[1])
	return n
}
