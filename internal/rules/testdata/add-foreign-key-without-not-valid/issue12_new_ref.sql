-- A referenced table created in the same migration is written by no one: only the altered table's queries wait.
CREATE TABLE post (id bigint PRIMARY KEY, title text, language_id int);
-- fixture:next-file
CREATE TABLE language (id int PRIMARY KEY, code text NOT NULL);
ALTER TABLE post ADD COLUMN language2_id int NOT NULL DEFAULT 1 REFERENCES language; -- want "add-foreign-key-without-not-valid: .*: every query on \"post\" waits until the check ends$"
ALTER TABLE post ADD CONSTRAINT post_language_fk FOREIGN KEY (language_id) REFERENCES language; -- want "add-foreign-key-without-not-valid: .*: writes to \"post\" wait until the check ends$"
