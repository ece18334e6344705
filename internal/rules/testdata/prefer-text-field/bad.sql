-- varchar with a length limit.
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email varchar(255) NOT NULL, -- want "prefer-text-field: column \"email\" of \"users\" is varchar\(255\): changing the limit later takes ACCESS EXCLUSIVE \(and a full scan to lower it\); text with a CHECK on length\(email\) can be changed without blocking"
    nicknames character varying(32)[] -- want "prefer-text-field: column \"nicknames\" of \"users\" is varchar\(32\)\[\]"
);
ALTER TABLE orders ADD COLUMN note varchar(500); -- want "prefer-text-field: column \"note\" of \"orders\" is varchar\(500\)"
ALTER TABLE orders ALTER COLUMN reference TYPE varchar(64); -- want "prefer-text-field: column \"reference\" of \"orders\" is varchar\(64\)"
