package alembic

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestReadModels reads declarative classes (Column and SQLAlchemy 2's
// mapped_column with Mapped[...] annotations) and Table(...)s: each
// column's name, the type SQLAlchemy creates it with, nullability, server
// default and enum labels, Enum classes imported from another module
// included.
func TestReadModels(t *testing.T) {
	src := `import enum
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from typing import Optional

from app.enums import Currency


class Status(enum.Enum):
    pending = "p"
    paid = "d"


class Base(DeclarativeBase):
    pass


class Order(Base):
    """An order."""
    __tablename__ = "orders"
    id = sa.Column(sa.BigInteger, primary_key=True)
    total = sa.Column("total_cents", sa.Integer(), nullable=False, server_default=sa.text("0"))
    status = sa.Column(sa.Enum(Status), nullable=False)
    currency: Mapped[Currency] = mapped_column(default=Currency.eur)
    note: Mapped[Optional[str]]
    placed: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    weird = sa.Column(sa.Integer, server_default=compute())

    def total_euros(self):
        return self.total / 100


audit = sa.Table("audit", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), sa.Column("what", sa.Text))
`
	load := func(module string) []byte {
		if module == "app.enums" {
			return []byte("import enum\n\nclass Currency(str, enum.Enum):\n    eur = 'EUR'\n    usd = 'USD'\n")
		}
		return nil
	}
	var got []string
	for _, m := range ReadModels([]byte(src), load) {
		got = append(got, fmt.Sprintf("%s %s:%d", m.Name, m.Table, m.Line))
		for _, c := range m.Columns {
			s := fmt.Sprintf("  %s %s %v %s nullable=%v default=%q", c.Attr, c.Name, c.Known, c.Type, c.Nullable, c.Default)
			if c.Enum != nil {
				s += fmt.Sprintf(" enum %s %v", c.Enum.Name, c.Enum.Labels)
			}
			got = append(got, s)
		}
	}
	want := []string{
		"Order orders:18",
		`  id id true BIGINT nullable=false default=""`,
		`  total total_cents true INTEGER nullable=false default="0"`,
		`  status status true status nullable=false default="" enum status [pending paid]`,
		`  currency currency true currency nullable=false default="" enum currency [eur usd]`,
		`  note note true VARCHAR nullable=true default=""`,
		`  placed placed true TIMESTAMP WITH TIME ZONE nullable=false default="now()"`,
		`  weird weird false  nullable=false default=""`,
		"audit audit:33",
		`  id id true INTEGER nullable=false default=""`,
		`  what what true TEXT nullable=true default=""`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
