// Package modelschema defines an Analyzer that compares Go database models
// with the schema that the project's migrations build.
//
// # Analyzer modelschema
//
// modelschema: report models that drifted from the schema the migrations build
//
// A model is a struct that maps to a table, as package internal/modeltag
// reads it (the same reader as migguard models):
//
//   - GORM: a struct with gorm tags or an embedded gorm.Model, or a struct
//     with a TableName method. The table is TableName's constant, else the
//     snake_case plural of the type name (OrderItem → order_items); a column
//     is the gorm column: tag, else the snake_case field name;
//   - bun: a struct embedding bun.BaseModel (its bun:"table:…" names the
//     table) or with bun tags; a column is the bun tag's name, else the
//     snake_case field name;
//   - go-pg: a struct with pg tags (sql tags before go-pg v9); a
//     `tableName struct{}` field's tag names the table, else it is the
//     snake_case plural of the type name; a column is the tag's name, else
//     the snake_case field name;
//   - database/sql, sqlx, pgx: a struct with db tags and a TableName method
//     or a //migguard:model table=… comment; a column is the db tag. A
//     db-tagged struct with neither is left alone: its table is unknown.
//
// The comment //migguard:model table=<name> names the table of any struct,
// //migguard:model partial says that the model maps only some of the
// table's columns, and //migguard:model ignore leaves a struct alone.
// Association fields (structs, slices of structs, gorm foreignKey, bun and
// go-pg rel:) and fields tagged "-" are not columns.
//
// The schema is the one that replaying the migrations builds: migrations
// the package itself embeds or writes in Go, else those of the packages it
// imports (a blank import of the package that embeds the migrations is
// enough, and keeps the check exact under go vet's cache), else the
// directories of -migrationset.dir or .migguard.yaml read from disk. The
// analyzer reports, with these ids for //migguard:ignore:
//
//   - model-table-missing: the model's table is created by no migration;
//   - model-column-missing: a field's column is created by no migration
//     ("model changed without a migration: add a migration that adds
//     users.nickname");
//   - model-column-lost: the table has a column that the model does not map;
//   - model-nullability: the field can hold NULL (a pointer, sql.NullString,
//     pgtype.Text) and the column is NOT NULL, or the other way round;
//   - model-type: the field's type and the column's type clearly disagree
//     (an int for a text column, a bool for an integer, a time.Time for
//     text); types that drivers convert, and types with their own Scan or
//     Value method, are left alone;
//   - model-table-unknown: TableName does not return a constant;
//   - model-no-migrations: the package has models, and no migrations were
//     found to compare them with.
//
// See package migrationset for where the migrations are found and how go
// vet's and golangci-lint's caches treat them.
package modelschema
