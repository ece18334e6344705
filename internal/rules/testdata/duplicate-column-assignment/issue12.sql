-- A default dropped before a type change and set again after it is the way a default that cannot be cast changes type.
CREATE TYPE member_role AS ENUM ('owner', 'member');
ALTER TABLE members ALTER COLUMN role DROP DEFAULT, ALTER COLUMN role TYPE member_role USING role::member_role, ALTER COLUMN role SET DEFAULT 'member';
ALTER TABLE members ALTER COLUMN role SET DEFAULT 'owner', ALTER COLUMN role SET DEFAULT 'member'; -- want "duplicate-column-assignment: ALTER TABLE \"members\" sets or drops the default of column \"role\" twice"
