-- Type changes the models hold, columns no model maps, and tables of this file.
-- fixture:uses events.id app/models.go:8 go:int64 gorm model Event field ID
-- fixture:uses events.code app/models.go:9 go:string gorm model Event field Code
-- fixture:uses events.amount app/models.go:10 go:float64 gorm model Event field Amount
-- fixture:uses events.kind app/models.go:11 go:Kind gorm model Event field Kind
-- fixture:uses events.note app/models.go:12 go:*string gorm model Event field Note
-- fixture:uses users.name app/models.py:12 sql:varchar(20) SQLAlchemy model User attribute name
-- fixture:uses users.bio app/models.py:13 sql:text SQLAlchemy model User attribute bio
-- fixture:uses other.code app/other.go:5 go:int32 gorm model Other field Code
CREATE TABLE events (id integer PRIMARY KEY, code varchar(10), amount integer, kind text, note varchar(20), extra integer);
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50), bio varchar(100));
-- fixture:next-file
SET lock_timeout = '2s';
-- A wider integer for an int64 field; a longer varchar for a string.
ALTER TABLE events ALTER COLUMN id TYPE bigint;
ALTER TABLE events ALTER COLUMN code TYPE varchar(40);
-- A numeric column for a float field; a type of the model's own package is not judged.
ALTER TABLE events ALTER COLUMN amount TYPE numeric(12,2);
ALTER TABLE events ALTER COLUMN kind TYPE varchar(10);
-- Widening a string column.
ALTER TABLE events ALTER COLUMN note TYPE text;
-- The model's limit fits the new one; text for a column the model maps as text.
ALTER TABLE users ALTER COLUMN name TYPE varchar(20);
ALTER TABLE users ALTER COLUMN bio TYPE text;
-- No model maps this column (another table's has its name).
ALTER TABLE events ALTER COLUMN extra TYPE bigint;
-- A table of this file.
CREATE TABLE later (code int);
ALTER TABLE later ALTER COLUMN code TYPE bigint;
