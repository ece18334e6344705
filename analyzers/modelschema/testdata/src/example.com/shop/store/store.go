// Package store runs the shop's queries: the structs it gives the ORMs are
// their models, wherever they are declared.
package store

import (
	"context"

	"github.com/go-pg/pg/v10"
	"github.com/uptrace/bun"
	"gorm.io/gorm"

	"example.com/shop/bunmodels"
	"example.com/shop/gopgmodels"
	"example.com/shop/gormmodels"
)

func Users(db *gorm.DB) ([]gormmodels.User, error) {
	var users []gormmodels.User
	err := db.Where("active").Find(&users)
	_ = err
	return users, nil
}

func Hooks(db *gorm.DB) {
	hook := &gormmodels.Webhook{}
	db.First(hook)
	db.Model(&gormmodels.Tenant{})
	db.Create(new(gormmodels.AuditEntry))
	db.Find(&[]gormmodels.Product{})
	// Scan fills any struct: Totals is no model.
	var totals gormmodels.Totals
	db.Scan(&totals)
	// A method of the application's named like GORM's does not make a
	// model of what it is given.
	var rows []gormmodels.ExportRow
	picker{}.Select(rows)
}

type picker struct{}

func (picker) Select(rows []gormmodels.ExportRow) {}

func Accounts(ctx context.Context, db *bun.DB) error {
	var accounts []bunmodels.Account
	if err := db.NewSelect().Model(&accounts).Scan(ctx); err != nil {
		return err
	}
	db.NewSelect().Model((*bunmodels.Invoice)(nil))
	db.NewSelect().Model(&bunmodels.Article{})
	return db.NewSelect().Model(&bunmodels.ArticleWithTags{}).Scan(ctx)
}

func Orders(db *pg.DB) error {
	var orders []gopgmodels.Order
	return db.Model(&orders).Select()
}
