// Package beegomodels holds beego ORM models, registered with
// orm.RegisterModel.
package beegomodels

import (
	"time"

	"github.com/beego/beego/v2/client/orm"

	_ "example.com/shop/db"
)

func init() {
	orm.RegisterModel(new(Post), new(Author))
}

// Post follows beego's naming: table post (singular); a rel(fk) field is
// stored in <field>_id.
type Post struct {
	Id      int       `orm:"pk;auto"`
	Title   string    `orm:"size(200)"`
	Author  *Author   `orm:"rel(fk)"`
	Created time.Time `orm:"auto_now_add"`
	Body    string    `orm:"type(text)"` // want `model-column-missing: model changed without a migration: add a migration that adds post.body \(field Post.Body\)`
	Cache   string    `orm:"-"`
}

// Author names its table with TableName; no migration creates it.
type Author struct { // want `model-table-missing: model Author maps to table authors, which no migration creates`
	Id    int     `orm:"pk"`
	Name  string  `orm:"column(full_name)"`
	Posts []*Post `orm:"reverse(many)"`
}

func (a *Author) TableName() string { return "authors" }
