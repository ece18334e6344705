-- An ignore that suppresses nothing is reported.
-- migguard:ignore create-index-non-concurrently the table is tiny -- want "unused-ignore: .*create-index-non-concurrently"
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
