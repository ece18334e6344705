package modeltag

import (
	"fmt"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		s    Struct
		ok   bool
		want Model
	}{
		{"gorm tag", Struct{Name: "OrderItem", Fields: []Field{{Name: "ID", Tag: `gorm:"primaryKey"`}}},
			true, Model{Convention: GORM, Table: "order_items"}},
		{"gorm.Model", Struct{Name: "Product", Fields: []Field{{Name: "Model", Embedded: true, Type: "gorm.io/gorm.Model"}}},
			true, Model{Convention: GORM, Table: "products"}},
		{"gorm.Model by package name", Struct{Name: "Product", Fields: []Field{{Name: "Model", Embedded: true, Type: "gorm.Model"}}},
			true, Model{Convention: GORM, Table: "products"}},
		{"TableName constant", Struct{Name: "Order", TableName: TableNameMethod{Declared: true, Constant: true, Value: "orders"}},
			true, Model{Convention: GORM, Table: "orders"}},
		{"TableName dynamic", Struct{Name: "Tenant", TableName: TableNameMethod{Declared: true}},
			true, Model{Convention: GORM, DynamicTable: true}},
		{"bun table option", Struct{Name: "Account", Fields: []Field{{Name: "BaseModel", Embedded: true, Type: "github.com/uptrace/bun.BaseModel", Tag: `bun:"table:accounts,alias:a"`}}},
			true, Model{Convention: Bun, Table: "accounts"}},
		{"bun table as first part", Struct{Name: "Account", Fields: []Field{{Name: "BaseModel", Embedded: true, Type: "bun.BaseModel", Tag: `bun:"my_accounts,alias:a"`}}},
			true, Model{Convention: Bun, Table: "my_accounts"}},
		{"bun default name", Struct{Name: "Invoice", Fields: []Field{{Name: "BaseModel", Embedded: true, Type: "github.com/uptrace/bun/schema.BaseModel"}}},
			true, Model{Convention: Bun, Table: "invoices"}},
		{"go-pg tableName", Struct{Name: "User", Fields: []Field{{Name: "tableName", Tag: `pg:"app_users,alias:u"`}, {Name: "ID", Tag: `pg:",pk"`}}},
			true, Model{Convention: GoPG, Table: "app_users"}},
		{"go-pg options only", Struct{Name: "User", Fields: []Field{{Name: "tableName", Tag: `pg:",discard_unknown_columns"`}}},
			true, Model{Convention: GoPG, Table: "users"}},
		{"go-pg sql tags", Struct{Name: "Person", Fields: []Field{{Name: "ID", Tag: `sql:",pk"`}}},
			true, Model{Convention: GoPG, Table: "people"}},
		{"db tags", Struct{Name: "Row", Fields: []Field{{Name: "ID", Tag: `db:"id"`}}},
			true, Model{Convention: DB}},
		{"db tags and TableName", Struct{Name: "Customer", Fields: []Field{{Name: "ID", Tag: `db:"id"`}},
			TableName: TableNameMethod{Declared: true, Constant: true, Value: "customers"}},
			true, Model{Convention: DB, Table: "customers"}},
		{"db tags and comment", Struct{Name: "Note", Fields: []Field{{Name: "ID", Tag: `db:"id"`}}, Doc: []string{"// Note is a note.", "//migguard:model table=notes partial"}},
			true, Model{Convention: DB, Table: "notes", Partial: true}},
		{"gorm wins over db", Struct{Name: "User", Fields: []Field{{Name: "ID", Tag: `db:"id" gorm:"primaryKey"`}}},
			true, Model{Convention: GORM, Table: "users"}},
		{"bun wins over gorm", Struct{Name: "User", Fields: []Field{{Name: "ID", Tag: `bun:"id" gorm:"primaryKey"`}}},
			true, Model{Convention: Bun, Table: "users"}},
		{"comment alone", Struct{Name: "UserEmail", Doc: []string{"//migguard:model table=user_emails"}},
			true, Model{Convention: GORM, Table: "user_emails"}},
		{"comment ignore", Struct{Name: "User", Fields: []Field{{Name: "ID", Tag: `gorm:"primaryKey"`}}, Doc: []string{"//migguard:model ignore"}},
			false, Model{}},
		{"comment with another word", Struct{Name: "Settings", Doc: []string{"//migguard:modeling"}},
			false, Model{}},
		{"json tags", Struct{Name: "Settings", Fields: []Field{{Name: "Theme", Tag: `json:"theme"`}}},
			false, Model{}},
		{"no tags", Struct{Name: "Settings", Fields: []Field{{Name: "Theme"}}},
			false, Model{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Classify(tt.s)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Classify = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// columns renders the columns of fields in a convention as
// "path=column [options] tag", one per field, for comparison.
func columns(conv Convention, fields []Field, expand func(Field) ([]Field, bool)) string {
	if expand == nil {
		expand = func(Field) ([]Field, bool) { return nil, false }
	}
	var out []string
	for _, c := range (Model{Convention: conv}).Columns(fields, expand) {
		s := c.Path() + "=" + c.Column
		if len(c.Options) > 0 {
			s += " " + fmt.Sprint(c.Options)
		}
		if c.Tag != "" {
			s += " " + c.Tag
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func TestColumnsGORM(t *testing.T) {
	base := []Field{{Name: "Street", Tag: `gorm:"not null"`}, {Name: "City"}}
	expand := func(f Field) ([]Field, bool) {
		if f.Type == "Address" {
			return base, true
		}
		return BaseFields(f.Type)
	}
	fields := []Field{
		{Name: "Model", Embedded: true, Type: "gorm.io/gorm.Model"},
		{Name: "UserID", Tag: `gorm:"column:owner_id;type:bigint;<-:create"`},
		{Name: "Email", Tag: `gorm:"UNIQUE;not null;autoCreateTime"`},
		{Name: "Home", Type: "Address", Shape: Record, Tag: `gorm:"embedded;embeddedPrefix:home_"`},
		{Name: "Secret", Tag: `gorm:"-"`},
		{Name: "Orders", Shape: Records},
		{Name: "Owner", Type: "User", Shape: Record, Tag: `gorm:"foreignKey:UserID"`},
		{Name: "Manager", Tag: `gorm:"foreignKey:ManagerID"`},
		{Name: "cache"},
		{Name: "Note", Tag: `gorm:"default:'a\\;b'"`},
	}
	want := "Model.ID=id [primarykey] gorm:\"primarykey\"; Model.CreatedAt=created_at; Model.UpdatedAt=updated_at; " +
		"Model.DeletedAt=deleted_at [index] gorm:\"index\"; " +
		"UserID=owner_id [type:bigint] gorm:\"column:owner_id;type:bigint\"; " +
		"Email=email [not null unique] gorm:\"UNIQUE;not null\"; " +
		"Home.Street=home_street [not null] gorm:\"not null\"; Home.City=home_city; " +
		"Note=note [default:'a;b'] gorm:\"default:'a;b'\""
	if got := columns(GORM, fields, expand); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestColumnsBunAndGoPG(t *testing.T) {
	fields := []Field{
		{Name: "BaseModel", Embedded: true, Type: "github.com/uptrace/bun.BaseModel", Tag: `bun:"table:accounts"`},
		{Name: "tableName", Tag: `pg:"accounts"`},
		{Name: "ID", Tag: `bun:"id,pk,autoincrement" pg:",pk"`},
		{Name: "OwnerName", Tag: `bun:",notnull,nullzero" pg:"owner,use_zero"`},
		{Name: "Tags", Tag: `bun:",array" pg:",array"`},
		{Name: "Profile", Shape: Record, Tag: `bun:"rel:has-one,join:id=id" pg:"rel:has-one"`},
		{Name: "Author", Tag: `pg:"fk:author_id"`},
		{Name: "Skip", Tag: `bun:"-" pg:"-"`},
		{Name: "Default", Tag: `bun:"type:text,default:'a,b'" pg:"default:'a,b'"`},
		{Name: "Old", Tag: `sql:"old_name,notnull"`},
	}
	bunWant := `ID=id [autoincrement pk] bun:"id,pk,autoincrement"; OwnerName=owner_name [notnull] bun:",notnull"; ` +
		`Tags=tags [array] bun:",array"; Author=author; Default=default [default:'a,b' type:text] bun:",type:text,default:'a,b'"; Old=old`
	if got := columns(Bun, fields, nil); got != bunWant {
		t.Errorf("bun:\ngot  %s\nwant %s", got, bunWant)
	}
	pgWant := `ID=id [pk] pg:",pk"; OwnerName=owner pg:"owner"; Tags=tags [array] pg:",array"; ` +
		`Default=default [default:'a,b'] pg:",default:'a,b'"; Old=old_name [notnull] sql:"old_name,notnull"`
	if got := columns(GoPG, fields, nil); got != pgWant {
		t.Errorf("go-pg:\ngot  %s\nwant %s", got, pgWant)
	}
}

func TestColumnsBunEmbed(t *testing.T) {
	expand := func(f Field) ([]Field, bool) {
		if f.Type == "Timestamps" {
			return []Field{{Name: "CreatedAt"}, {Name: "UpdatedAt", Tag: `bun:"modified"`}}, true
		}
		return nil, false
	}
	fields := []Field{
		{Name: "Timestamps", Embedded: true, Type: "Timestamps", Shape: Record},
		{Name: "Audit", Type: "Timestamps", Shape: Record, Tag: `bun:"embed:audit_"`},
		{Name: "Remote", Embedded: true, Type: "example.com/x.Base", Shape: Record},
	}
	want := `Timestamps.CreatedAt=created_at; Timestamps.UpdatedAt=modified bun:"modified"; ` +
		`Audit.CreatedAt=audit_created_at; Audit.UpdatedAt=audit_modified bun:"modified"; Remote=`
	if got := columns(Bun, fields, expand); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestColumnsDB(t *testing.T) {
	expand := func(f Field) ([]Field, bool) {
		return []Field{{Name: "CreatedAt", Tag: `db:"created_at"`}}, f.Type == "Stamps"
	}
	fields := []Field{
		{Name: "ID", Tag: `db:"id,omitempty"`},
		{Name: "Email", Tag: `db:""`},
		{Name: "Computed"},
		{Name: "Hidden", Tag: `db:"-"`},
		{Name: "Stamps", Embedded: true, Type: "Stamps", Shape: Record},
		{Name: "secret", Tag: `db:"secret"`},
	}
	want := `ID=id db:"id"; Email=email; Stamps.CreatedAt=created_at db:"created_at"`
	if got := columns(DB, fields, expand); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestColumnsDepth checks that a struct embedding itself ends.
func TestColumnsDepth(t *testing.T) {
	self := []Field{{Name: "Node", Embedded: true, Type: "Node", Shape: Record}, {Name: "ID"}}
	got := (Model{Convention: GORM}).Columns(self, func(Field) ([]Field, bool) { return self, true })
	if len(got) != maxDepth+1 {
		t.Errorf("%d columns, want %d", len(got), maxDepth+1)
	}
}

func TestBaseFields(t *testing.T) {
	for typ, want := range map[string]int{"gorm.io/gorm.Model": 4, "gorm.Model": 4, "github.com/jinzhu/gorm.Model": 4,
		"github.com/uptrace/bun.BaseModel": 0, "time.Time": -1} {
		fs, ok := BaseFields(typ)
		if n := len(fs); (want < 0 && ok) || (want >= 0 && (!ok || n != want)) {
			t.Errorf("BaseFields(%q) = %d fields, %v", typ, n, ok)
		}
	}
}

// Each library names a field's column its own way: GORM writes its
// initialisms as words (callback_urls), bun and go-pg do not
// (callback_ur_ls), beego splits every capital (user_i_d).
func TestColumnsNamedAsEachLibrary(t *testing.T) {
	fields := []Field{{Name: "CallbackURLs"}, {Name: "UserID"}, {Name: "APIKey"}}
	for conv, want := range map[Convention]string{
		GORM:  "CallbackURLs=callback_urls; UserID=user_id; APIKey=api_key",
		Bun:   "CallbackURLs=callback_ur_ls; UserID=user_id; APIKey=api_key",
		GoPG:  "CallbackURLs=callback_ur_ls; UserID=user_id; APIKey=api_key",
		Beego: "CallbackURLs=callback_u_r_ls; UserID=user_i_d; APIKey=a_p_i_key",
	} {
		if got := columns(conv, fields, nil); got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", conv, got, want)
		}
	}
	for tag, want := range map[string]string{`gorm:"primaryKey"`: "callback_urls", `bun:",pk"`: "callback_ur_ls", `orm:"pk"`: "callback_u_r_ls"} {
		if m, _ := Classify(Struct{Name: "CallbackURLs", Fields: []Field{{Name: "ID", Tag: tag}}}); m.Table != want {
			t.Errorf("%s: table %q, want %q", tag, m.Table, want)
		}
	}
	if m, ok := Classify(Struct{Name: "UserGroup", Fields: []Field{{Name: "ID", Tag: `orm:"pk"`}}}); !ok || m.Convention != Beego || m.Table != "user_group" {
		t.Errorf("beego model %+v, %v", m, ok)
	}
}

func TestColumnsGORMSettings(t *testing.T) {
	fields := []Field{
		{Name: "Legacy", Tag: `gorm:"-:migration"`},
		{Name: "Secret", Tag: `gorm:"-:all"`},
		{Name: "Prefs", Type: "Prefs", Shape: Record, Tag: `gorm:"serializer:json"`},
		{Name: "Meta", Type: "Meta", Shape: Record, Tag: `gorm:"type:jsonb"`},
		{Name: "Owner", Type: "User", Shape: Record},
		{Name: "Tags", Shape: Records},
	}
	want := `Legacy=legacy; Prefs=prefs [serializer:json] gorm:"serializer:json"; Meta=meta [type:jsonb] gorm:"type:jsonb"`
	if got := columns(GORM, fields, nil); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// bun and go-pg store a struct, map or slice that is no relation as one
// JSON column; scanonly fields are no columns.
func TestColumnsBunJSON(t *testing.T) {
	fields := []Field{
		{Name: "Settings", Type: "Settings", Shape: Record},
		{Name: "Items", Shape: Records},
		{Name: "Orders", Shape: Records, Tag: `bun:"rel:has-many,join:id=user_id"`},
		{Name: "Count", Tag: `bun:"count,scanonly"`},
	}
	if got, want := columns(Bun, fields, nil), "Settings=settings; Items=items"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A bun model that embeds another with ,extend is that model's table.
func TestClassifyBunExtend(t *testing.T) {
	user := []Field{{Name: "BaseModel", Embedded: true, Type: "github.com/uptrace/bun/schema.BaseModel", Tag: `bun:"table:app_users"`},
		{Name: "ID", Tag: `bun:",pk"`}, {Name: "Name"}}
	expand := func(f Field) ([]Field, bool) { return user, f.Type == "User" }
	s := Struct{Name: "UserWithCount", Expand: expand, Fields: []Field{
		{Name: "User", Embedded: true, Type: "User", Shape: Record, Tag: `bun:",extend"`},
		{Name: "Count", Tag: `bun:"count,scanonly"`},
	}}
	m, ok := Classify(s)
	if !ok || m.Table != "app_users" {
		t.Fatalf("Classify = %+v, %v", m, ok)
	}
	if got, want := columns(Bun, s.Fields, expand), `User.ID=id [pk] bun:",pk"; User.Name=name`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestColumnsBeego(t *testing.T) {
	fields := []Field{
		{Name: "Id", Tag: `orm:"pk;auto"`},
		{Name: "Email", Tag: `orm:"column(mail);size(128);unique"`},
		{Name: "Nick", Tag: `orm:"null"`},
		{Name: "Profile", Type: "Profile", Shape: Record, Tag: `orm:"rel(one)"`},
		{Name: "Group", Type: "Group", Shape: Record, Tag: `orm:"rel(fk);column(team)"`},
		{Name: "Posts", Shape: Records, Tag: `orm:"reverse(many)"`},
		{Name: "Tags", Shape: Records, Tag: `orm:"rel(m2m)"`},
		{Name: "Cache", Tag: `orm:"-"`},
		{Name: "Created", Tag: `orm:"auto_now_add;type(datetime)"`},
	}
	want := `Id=id [auto pk] orm:"pk;auto"; Email=mail [size(128) unique] orm:"column(mail);size(128);unique"; Nick=nick [null] orm:"null"; ` +
		`Profile=profile_id [rel(one)] orm:"rel(one)"; Group=team [rel(fk)] orm:"rel(fk);column(team)"; Created=created [type(datetime)] orm:"type(datetime)"`
	if got := columns(Beego, fields, nil); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestZeroForNull(t *testing.T) {
	for c, want := range map[Convention]bool{GORM: true, Bun: true, GoPG: true, Beego: true, DB: false} {
		if c.ZeroForNull() != want {
			t.Errorf("%s.ZeroForNull() = %v", c, !want)
		}
	}
}

func TestNamesTableAndBaseModel(t *testing.T) {
	for _, tc := range []struct {
		s     Struct
		names bool
		base  Convention
	}{
		{Struct{Name: "A", TableName: TableNameMethod{Declared: true}}, true, ""},
		{Struct{Name: "B", Doc: []string{"//migguard:model partial"}}, true, ""},
		{Struct{Name: "C", Fields: []Field{{Name: "tableName", Tag: `pg:"cs"`}}}, true, ""},
		{Struct{Name: "D", Fields: []Field{{Name: "Model", Embedded: true, Type: "gorm.io/gorm.Model"}}}, false, GORM},
		{Struct{Name: "E", Fields: []Field{{Name: "BaseModel", Embedded: true, Type: "github.com/uptrace/bun/schema.BaseModel"}}}, false, Bun},
		{Struct{Name: "F", Fields: []Field{{Name: "ID", Tag: `gorm:"primaryKey"`}}}, false, ""},
	} {
		if got := NamesTable(tc.s); got != tc.names {
			t.Errorf("NamesTable(%s) = %v", tc.s.Name, got)
		}
		if got := BaseModel(tc.s); got != tc.base {
			t.Errorf("BaseModel(%s) = %q, want %q", tc.s.Name, got, tc.base)
		}
	}
}
