// Writes go-sort.json: inputs and the permutations Go's sort.Sort leaves them in, with a Less that treats a missing
// key (-1) as kubectl's --sort-by does (less than anything, even another missing one). test/output/go-sort.test.ts
// holds src/output/go-sort.ts to them. Regenerate: (cd test/output/go-sort-reference && go run . > go-sort.json)
package main

import (
	"encoding/json"
	"fmt"
	"sort"
)

type item struct {
	Key  int // -1: missing
	Orig int
}
type byKey []item

func (s byKey) Len() int      { return len(s) }
func (s byKey) Swap(i, j int) { s[i], s[j] = s[j], s[i] }
func (s byKey) Less(i, j int) bool {
	if s[i].Key < 0 {
		return true
	}
	if s[j].Key < 0 {
		return false
	}
	return s[i].Key < s[j].Key
}

func main() {
	var cases [][]int
	seed := uint64(12345)
	rnd := func() uint64 { seed = seed*6364136223846793005 + 1442695040888963407; return seed >> 33 }
	for _, n := range []int{5, 12, 13, 20, 49, 50, 51, 64, 100, 257, 1000} {
		for _, distinct := range []int{1, 2, 3, 7, 50} {
			keys := make([]int, n)
			for i := range keys {
				k := int(rnd() % uint64(distinct+1))
				keys[i] = k - 1
			}
			cases = append(cases, keys)
		}
		// sorted, reversed
		asc := make([]int, n)
		desc := make([]int, n)
		for i := range asc {
			asc[i] = i / 3
			desc[i] = (n - i) / 3
		}
		cases = append(cases, asc, desc)
	}
	out := [][]int{}
	for _, keys := range cases {
		s := make(byKey, len(keys))
		for i, k := range keys {
			s[i] = item{k, i}
		}
		sort.Sort(s)
		perm := make([]int, len(s))
		for i := range s {
			perm[i] = s[i].Orig
		}
		out = append(out, perm)
	}
	b, _ := json.Marshal(map[string]any{"cases": cases, "perms": out})
	fmt.Println(string(b))
}
