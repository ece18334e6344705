-- +migrate Up notransaction
-- email is still text: the Down section above changed nothing.
ALTER TABLE users ALTER COLUMN email TYPE varchar(300); -- want `^change-column-type: `

-- +migrate Down
-- StatementBegin keeps a function body whole.
-- +migrate StatementBegin
CREATE FUNCTION noop() RETURNS void AS $$ BEGIN END; $$ LANGUAGE plpgsql;
-- +migrate StatementEnd
