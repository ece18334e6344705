-- Type changes that the models of the same commit cannot live with.
-- fixture:uses events.id app/models.go:8 go:int32 gorm model Event field ID
-- fixture:uses events.created_at app/models.go:9 go:time.Time gorm model Event field CreatedAt
-- fixture:uses events.attempts app/models.go:10 go:int64 bun model Event field Attempts
-- fixture:uses events.note app/models.go:11 go:string db model Event field Note
-- fixture:uses users.name app/models.py:12 sql:varchar(50) SQLAlchemy model User attribute name
-- fixture:uses users.score app/models.py:13 sql:int8 SQLAlchemy model User attribute score
-- fixture:uses users.active app/models.py:14 sql:bool SQLAlchemy model User attribute active
CREATE TABLE events (id integer PRIMARY KEY, created_at timestamptz NOT NULL, attempts bigint, note text);
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50), score bigint, active boolean);
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE events ALTER COLUMN id TYPE bigint; -- want "type-change-breaks-code: column \"id\" of \"events\" becomes int8, but gorm model Event field ID \(app/models.go:8\) maps it as int32: a value beyond the 32 bits of the field no longer scans into it; change the model first"
ALTER TABLE events ALTER COLUMN created_at TYPE text; -- want "type-change-breaks-code: .*field CreatedAt \(app/models.go:9\) maps it as time.Time: a Go time holds no text value"
ALTER TABLE events ALTER COLUMN attempts TYPE integer; -- want "type-change-breaks-code: .*field Attempts .* maps it as int64: the code writes 64-bit values into a column of 32 bits"
ALTER TABLE events ALTER COLUMN note TYPE varchar(20); -- want "type-change-breaks-code: .*db model Event field Note .* maps it as string: the code writes strings of any length into it"
ALTER TABLE users ALTER COLUMN name TYPE varchar(20); -- want "type-change-breaks-code: column \"name\" of \"users\" becomes varchar\(20\), but SQLAlchemy model User attribute name \(app/models.py:12\) maps it as varchar\(50\): the model allows 50 characters, the column now 20"
ALTER TABLE users ALTER COLUMN score TYPE smallint; -- want "type-change-breaks-code: .*attribute score .*: the model writes 64-bit values into a column of 16 bits"
ALTER TABLE users ALTER COLUMN active TYPE integer USING active::int; -- want "type-change-breaks-code: .*attribute active .* maps it as bool: the model's boolean values do not fit a integer column"
