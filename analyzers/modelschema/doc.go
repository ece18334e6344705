// Package modelschema defines an Analyzer that compares Go database models
// with the schema that the project's migrations build.
//
// # Analyzer modelschema
//
// modelschema: report models that drifted from the schema the migrations build
//
// A model is a struct that maps to a table, as package internal/modeltag
// reads it for every migguard command (migguard models too), each ORM's
// way: its tags, its naming of tables and columns (GORM writes
// CallbackURLs as callback_urls, bun as callback_ur_ls, beego UserID as
// user_i_d), embedded structs, associations, JSON and serialized columns:
//
//   - GORM: gorm tags, gorm.Model, TableName; embedded structs and
//     embeddedPrefix; serializer: and type: store a struct in one column;
//     "-:migration" is a column that AutoMigrate does not create;
//   - bun: bun.BaseModel (an alias of schema.BaseModel), table: or the bare
//     table name, alias:, ,extend and ,inherit, nullzero, scanonly, rel: and
//     m2m:, structs and slices stored as JSON;
//   - go-pg: pg tags (sql tags before go-pg v9) and the tableName field;
//   - beego: orm:"column(x)", orm:"-", rel(fk) stored in <field>_id,
//     TableName;
//   - database/sql, sqlx, pgx: db tags, with a TableName method or a
//     //migguard:model table=… comment (a db-tagged struct without one is a
//     query's row type);
//   - code generators, where present: ent's table descriptions (the
//     migrate package's schema.go) and sqlc's models.go.
//
// A struct is a model only when the ORM would treat it as one: it embeds
// the ORM's base model, names its table (TableName, go-pg's tableName,
// //migguard:model), or the module passes it to the ORM's query or
// migration API (db.Find(&users), NewSelect().Model(…), orm.RegisterModel,
// in any package of the module). Request bodies and configuration that
// merely carry tags, and base structs that models embed, are no tables.
// A model that the module passes to AutoMigrate or CreateTable has its
// table and missing columns made by the ORM, so their absence from the
// migrations is not reported.
//
// The comment //migguard:model table=<name> names the table of any struct,
// //migguard:model partial says that the model maps only some of the
// table's columns, and //migguard:model ignore leaves a struct alone.
//
// The schema is the one that replaying the migrations builds: migrations
// the package itself embeds or writes in Go, else those of the packages it
// imports (a blank import of the package that embeds the migrations is
// enough), else the directories of -migrationset.dir, else every
// PostgreSQL set of the repository and every migration the module writes
// in Go (package migrationset's Index). The analyzer reports, with these
// ids for //migguard:ignore:
//
//   - model-table-missing: the model's table is created by no migration;
//   - model-column-missing: a field's column is created by no migration
//     ("model changed without a migration: add a migration that adds
//     users.nickname");
//   - model-column-lost: the table has a NOT NULL column without a default
//     that the model does not map, so its inserts fail; with
//     -modelschema.strict (golangci-lint: strict: true) also a nullable or
//     defaulted one, which the model may leave out on purpose;
//   - model-nullability: the field can hold NULL (a pointer, sql.NullString,
//     pgtype.Text) and the column is NOT NULL, unless PostgreSQL refuses
//     any value written to it (an identity GENERATED ALWAYS, a generated
//     column, which sqlc types as nullable); or it cannot and the column
//     is nullable, where reading NULL fails the scan: database/sql, sqlx,
//     pgx, ent, sqlc. GORM, bun, go-pg and beego read NULL as the zero
//     value, so there it is reported only with -modelschema.strict. The
//     pgx v5 types that sqlc writes for NOT NULL columns too
//     (pgtype.Timestamptz, Timestamp, Date, Time, Interval, Numeric, UUID)
//     say nothing of the column's nullability;
//   - model-type: the field's type and the column's type clearly disagree
//     (an int for a text column, a bool for an integer, a time.Time for
//     text); types that drivers convert, and types with their own Scan or
//     Value method, are left alone;
//   - model-table-unknown: TableName does not return a constant;
//   - model-no-migrations: the module has models and the repository has
//     no PostgreSQL migrations at all; said once, by the first package
//     (by import path) that declares models.
//
// Tables that SQL built at run time may have made or changed (see
// package migrationsql, not-analysed) are not reported as missing, and
// their columns are not compared.
//
// See package migrationset for where the migrations are found and how go
// vet's and golangci-lint's caches treat them.
package modelschema
