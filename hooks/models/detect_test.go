package models

import (
	"strings"
	"testing"
)

func changes(cs []Change) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.String())
	}
	return strings.Join(out, "; ")
}

const goBefore = `package models

import "time"

// User is a user.
type User struct {
	ID    int64  ` + "`db:\"id\"`" + `
	Email string ` + "`db:\"email\"`" + `
	Name  string ` + "`db:\"name\"`" + `
	cache map[string]string
}

func (u *User) Greeting() string { return "hi " + u.Name }

type Options struct {
	Verbose bool
}

type Order struct {
	gorm.Model
	Total   int
	Created time.Time
}
`

func TestDiffGo(t *testing.T) {
	for _, c := range []struct {
		name, after, want string
	}{
		{"comment, method, unrelated type, field order", strings.NewReplacer(
			"// User is a user.", "// User is a person.",
			`return "hi " + u.Name`, `return "hello " + u.Name`,
			"Verbose bool", "Verbose bool\n\tDebug bool",
			"\tEmail string `db:\"email\"`\n\tName  string `db:\"name\"`", "\tName  string `db:\"name\"`\n\tEmail string `db:\"email\"`",
		).Replace(goBefore), ""},
		{"field added", strings.Replace(goBefore, "\tcache map", "\tPhone string `db:\"phone\"`\n\tcache map", 1), "User.Phone: field added"},
		{"tag changed", strings.Replace(goBefore, `db:"email"`, `db:"email_address"`, 1), "User.Email: tag changed from `db:\"email\"` to `db:\"email_address\"`"},
		{"type changed", strings.Replace(goBefore, "Total   int", "Total   int64", 1), "Order.Total: type changed from int to int64"},
		{"field removed", strings.Replace(goBefore, "\tCreated time.Time\n", "", 1), "Order.Created: field removed"},
		{"unexported untagged field", strings.Replace(goBefore, "cache map[string]string", "cache map[string]int", 1), ""},
	} {
		got, err := DiffGo("m.go", []byte(goBefore), []byte(c.after))
		if err != nil {
			t.Fatal(err)
		}
		if changes(got) != c.want {
			t.Errorf("%s: got %q, want %q", c.name, changes(got), c.want)
		}
	}
}

const pyBefore = `"""Models."""
from sqlalchemy import Column, Integer, String, ForeignKey
from sqlalchemy.orm import relationship, Mapped, mapped_column


class User(Base):
    """A user."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("email"),)

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False)  # login
    name: Mapped[str] = mapped_column(String(100), default="x")
    orders = relationship("Order", back_populates="user")

    def greet(self):
        email = Column(String)  # not an attribute
        return "hi " + self.name


orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("total", Integer, nullable=False),
)
`

func TestDiffSQLAlchemy(t *testing.T) {
	for _, c := range []struct {
		name, after, want string
	}{
		{"comments, docstrings, imports, methods, relationships, defaults, formatting", strings.NewReplacer(
			"# login", "# the login",
			`"""A user."""`, `"""A person."""`,
			"from sqlalchemy import Column, Integer, String, ForeignKey", "from sqlalchemy import Column, Integer, String",
			`return "hi "`, `return "hello "`,
			`back_populates="user"`, `back_populates="user", lazy="joined"`,
			`default="x"`, `default="y"`,
			`Column(String(200), nullable=False)`, "Column(\n        String(200),\n        nullable=False,\n    )",
		).Replace(pyBefore), ""},
		{"nullable", strings.Replace(pyBefore, "String(200), nullable=False", "String(200), nullable=True", 1), "User.email: definition changed"},
		{"type", strings.Replace(pyBefore, "mapped_column(String(100)", "mapped_column(String(150)", 1), "User.name: definition changed"},
		{"server_default", strings.Replace(pyBefore, `default="x"`, `server_default="x"`, 1), "User.name: definition changed"},
		{"table args", strings.Replace(pyBefore, `UniqueConstraint("email")`, `UniqueConstraint("email", "name")`, 1), "User.__table_args__: definition changed"},
		{"column added", strings.Replace(pyBefore, "    orders = rel", "    age = Column(Integer)\n    orders = rel", 1), "User.age: column added"},
		{"Table column", strings.Replace(pyBefore, `Column("total", Integer, nullable=False)`, `Column("total", Integer, nullable=True)`, 1), "orders.total: definition changed"},
		{"Mapped optional", strings.Replace(pyBefore, "name: Mapped[str]", "name: Mapped[Optional[str]]", 1), "User.name: definition changed"},
	} {
		got := DiffSQLAlchemy("m.py", []byte(pyBefore), []byte(c.after))
		if changes(got) != c.want {
			t.Errorf("%s: got %q, want %q", c.name, changes(got), c.want)
		}
	}
}
