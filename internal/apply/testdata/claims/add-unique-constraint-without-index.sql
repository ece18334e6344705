-- What the bad fixture of add-unique-constraint-without-index takes to exist.
CREATE SCHEMA crm;
CREATE TABLE crm.contacts (id bigint PRIMARY KEY, phone text);
