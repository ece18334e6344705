// Command app runs the migrations: the blank import registers the Go
// ones, goose.Up reads the .sql files of the directory.
package main

import (
	"database/sql"

	"github.com/pressly/goose/v3"

	_ "example.com/goosego/db/migrations"
)

func main() {
	var db *sql.DB
	_ = goose.Up(db, "db/migrations")
}
