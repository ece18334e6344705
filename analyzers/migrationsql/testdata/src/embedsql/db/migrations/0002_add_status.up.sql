ALTER TABLE orders ADD COLUMN status text NOT NULL; -- want `^require-lock-timeout: ` `^add-column-required: `
