-- fixture:format goose
-- A statement before the up annotation: goose rejects the file.
CREATE TABLE early (id int); -- want "migration-format: statement on line 3 before -- .goose Up: goose rejects the file"
-- +goose Up
CREATE TABLE t1 (id int);
-- fixture:next-file
-- The down part comes first: goose would run nothing as up.
-- want-next "migration-format: -- .goose Down on line 9 before -- .goose Up: goose rejects the file and would run nothing as up"
-- +goose Down
DROP TABLE t2;
-- +goose Up
CREATE TABLE t2 (id int);
-- fixture:next-file
-- No up annotation at all. -- want "migration-format: no -- .goose Up annotation: goose rejects the file"
CREATE TABLE t3 (id int);
-- fixture:next-file
-- +goose Up
-- want-next "migration-format: unknown goose annotation \"-- .goose Upgrade\" on line 19: goose rejects the file"
-- +goose Upgrade
CREATE TABLE t4 (id int);
-- fixture:next-file
-- +goose Up
-- want-next "migration-format: -- .goose StatementBegin on line 24 has no -- .goose StatementEnd: goose rejects the file"
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;
-- fixture:next-file
-- +goose Up
CREATE TABLE t5 (id int);
-- want-next "migration-format: -- .goose StatementEnd on line 30 without a -- .goose StatementBegin"
-- +goose StatementEnd
-- fixture:next-file
-- +goose Up
CREATE TABLE t6 (id int);
-- want-next "migration-format: duplicate -- .goose Up on line 35 \(the first is on line 32\)"
-- +goose Up
CREATE TABLE t7 (id int);
