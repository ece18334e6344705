package migrationset

import (
	"fmt"
	"sync"
	"testing"
)

// A Schema fact is read by the analyses of several packages at once: the
// first lookups, which build its index, may come together (go test -race
// in .ci/test catches an index built without care).
func TestSchemaTableConcurrent(t *testing.T) {
	s := &Schema{}
	for i := range 200 {
		s.Tables = append(s.Tables, &Table{Key: fmt.Sprintf("public.t%03d", i)})
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := fmt.Sprintf("public.t%03d", (i+g*25)%200)
				if tb := s.Table(k); tb == nil || tb.Key != k {
					t.Errorf("Table(%q) = %v", k, tb)
					return
				}
			}
			if s.Table("public.missing") != nil {
				t.Error("Table of a missing key is not nil")
			}
		})
	}
	wg.Wait()
}
