-- A domain and the tables an earlier migration created with it.
CREATE DOMAIN positive AS integer;
CREATE DOMAIN code AS text;
CREATE TABLE orders (id bigint PRIMARY KEY, qty positive);
CREATE TABLE returns (id bigint PRIMARY KEY, qty positive);
-- fixture:next-file
-- A CHECK without NOT VALID checks every stored value under SHARE on every table using the domain.
ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0); -- want "domain-constraint-scan: ALTER DOMAIN \"positive\" adds CHECK constraint \"positive_check\" without NOT VALID, which checks every stored value: it locks \"orders\", \"returns\" in SHARE and scans them"

-- SET NOT NULL checks every stored value too.
ALTER DOMAIN code SET NOT NULL; -- want "domain-constraint-scan: ALTER DOMAIN \"code\" sets NOT NULL, which checks every stored value: every table with a column of the domain"
-- fixture:next-file
ALTER DOMAIN positive ADD CONSTRAINT positive_small CHECK (VALUE < 1000000) NOT VALID;
-- fixture:next-file
-- Unlike a table's, a domain's VALIDATE CONSTRAINT scans under SHARE as well.
ALTER DOMAIN positive VALIDATE CONSTRAINT positive_small; -- want "domain-constraint-scan: ALTER DOMAIN \"positive\" validates constraint \"positive_small\", which checks every stored value"
-- fixture:next-file
-- A domain the migrations do not know is taken to be in use.
ALTER DOMAIN billing.amount ADD CHECK (VALUE >= 0); -- want "domain-constraint-scan: ALTER DOMAIN \"billing.amount\" adds a CHECK constraint without NOT VALID"
