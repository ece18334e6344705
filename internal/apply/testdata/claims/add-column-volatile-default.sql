-- What the bad fixture of add-column-volatile-default takes to exist.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
