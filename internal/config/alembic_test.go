package config

import (
	"strings"
	"testing"
)

func TestAlembicOffline(t *testing.T) {
	c, err := Parse("x.yaml", []byte("sets:\n  - path: migrations\n    alembic_offline: true\n  - path: db\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Sets[0].AlembicOffline || c.Sets[1].AlembicOffline {
		t.Errorf("sets: %+v", c.Sets)
	}
	_, err = Parse("x.yaml", []byte("sets:\n  - path: migrations\n    alembic_offline: sometimes\n"))
	if err == nil || !strings.Contains(err.Error(), "x.yaml:3: sets[0].alembic_offline: want true or false") {
		t.Errorf("err = %v", err)
	}
}
