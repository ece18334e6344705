-- What the bad fixture of add-column-required takes to exist.
CREATE TABLE countries (code char(2) PRIMARY KEY);
