package models

import (
	"strings"
	"testing"
)

// goTagsBefore has a model of each convention, an embedded struct, an
// association and structs that are not compared.
const goTagsBefore = `package models

import (
	"time"

	"github.com/uptrace/bun"
)

const usersTable = "users"

type Base struct {
	ID        int64
	CreatedAt time.Time
}

type Address struct {
	Street string
}

type Account struct {
	tableName struct{} ` + "`pg:\"accounts\"`" + `
	ID    int64  ` + "`pg:\",pk\"`" + `
	Owner string ` + "`pg:\"owner,notnull\"`" + `
}

type User struct {
	Base
	Email  string  ` + "`gorm:\"not null\" json:\"email\"`" + `
	Home   Address ` + "`gorm:\"embedded;embeddedPrefix:home_\"`" + `
	Orders []Order
}

func (User) TableName() string { return usersTable }

type Order struct {
	bun.BaseModel ` + "`bun:\"table:orders\"`" + `
	ID    int64 ` + "`bun:\"id,pk\"`" + `
	Total int64 ` + "`bun:\",notnull\"`" + `
}

type Row struct {
	ID int64 ` + "`db:\"id\"`" + `
}

//migguard:model ignore
type Hidden struct {
	ID int64 ` + "`gorm:\"primaryKey\"`" + `
}
`

// TestDiffGoMappedColumns checks that Go models are compared by the
// columns their ORM maps, not by the text of their tags.
func TestDiffGoMappedColumns(t *testing.T) {
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"go-pg field added", "\tOwner string `pg:\"owner,notnull\"`\n", "\tOwner string `pg:\"owner,notnull\"`\n\tNote string `pg:\"note\"`\n",
			"Account.Note: field added"},
		{"go-pg option that leaves the table alone", `pg:"owner,notnull"`, `pg:"owner,notnull,use_zero"`, ""},
		{"go-pg option that changes the table", `pg:"owner,notnull"`, `pg:"owner"`,
			"Account.Owner: tag changed from `pg:\"owner,notnull\"` to `pg:\"owner\"`"},
		{"gorm write permission", `gorm:"not null" json`, `gorm:"not null;<-:create" json`, ""},
		{"gorm size", `gorm:"not null" json`, `gorm:"not null;size:200" json`,
			"User.Email: tag changed from `gorm:\"not null\"` to `gorm:\"not null;size:200\"`"},
		{"json tag", `json:"email"`, `json:"mail"`, ""},
		{"field renamed, same column", "\tTotal int64 `bun:\",notnull\"`", "\tAmount int64 `bun:\"total,notnull\"`", ""},
		{"column renamed", "\tTotal int64 `bun:\",notnull\"`", "\tTotal int64 `bun:\"amount,notnull\"`",
			"Order.Total: tag changed from `bun:\",notnull\"` to `bun:\"amount,notnull\"`"},
		{"embedded struct's field", "CreatedAt time.Time", "CreatedAt *time.Time",
			"User.Base.CreatedAt: type changed from time.Time to *time.Time"},
		{"embedded prefix", "embeddedPrefix:home_", "embeddedPrefix:addr_",
			"User.Home.Street: column changed from home_street to addr_street"},
		{"association added", "\tOrders []Order\n", "\tOrders []Order\n\tAccounts []Account\n", ""},
		{"model ignored", "\tID int64 `gorm:\"primaryKey\"`\n}\n", "\tID int64 `gorm:\"primaryKey\"`\n\tName string\n}\n", ""},
		{"row struct with db tags", "\tID int64 `db:\"id\"`\n", "\tID int64 `db:\"id\"`\n\tTotal int64 `db:\"total\"`\n",
			"Row.Total: field added"},
	} {
		after := strings.Replace(goTagsBefore, c.old, c.new, 1)
		if after == goTagsBefore {
			t.Fatalf("%s: %q not in the source", c.name, c.old)
		}
		got, err := DiffGo("m.go", []byte(goTagsBefore), []byte(after))
		if err != nil {
			t.Fatal(err)
		}
		if changes(got) != c.want {
			t.Errorf("%s: got %q, want %q", c.name, changes(got), c.want)
		}
	}
}

// TestGoModelsImports checks that base models are recognised under an
// import alias, and that an embedded struct of another package is one
// field compared by its type.
func TestGoModelsImports(t *testing.T) {
	src := "package m\n\nimport (\n\tg \"gorm.io/gorm\"\n\t\"example.com/common\"\n)\n\n" +
		"type Product struct {\n\tg.Model\n\tcommon.Stamps\n\tCode string\n}\n"
	ms, err := GoModels([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Name != "Product" || ms[0].Table != "products" || len(ms[0].Columns) != 6 ||
		ms[0].Columns["Model.DeletedAt"] != "deleted_at" || ms[0].Columns["Stamps"] != "" {
		t.Fatalf("GoModels = %+v", ms)
	}
	after := strings.Replace(src, "common.Stamps", "common.Audit", 1)
	got, err := DiffGo("m.go", []byte(src), []byte(after))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Product.Stamps: field removed; Product.Audit: field added"; changes(got) != want {
		t.Errorf("got %q, want %q", changes(got), want)
	}
}

// A model file that does not parse is an error that names it by its
// repository path and the line and column of the error.
func TestDiffGoSyntaxErrorNamesTheFile(t *testing.T) {
	before := "package models\n\ntype User struct {\n\tID int64 `gorm:\"column:id\"`\n}\n"
	after := "package models\n\ntype User struct {\n\tID int64 `gorm:\"column:id\"`\n\tEmail string `gorm:\"column:email\"\n"
	_, err := DiffGo("app/models/user.go", []byte(before), []byte(after))
	if err == nil || !strings.HasPrefix(err.Error(), "app/models/user.go:5:") || strings.Contains(err.Error(), "x.go") {
		t.Fatalf("DiffGo = %v, want an error at app/models/user.go:5", err)
	}
}
