-- squawk's deprecated require-timeout-settings covers both timeout rules.
-- squawk-ignore-file require-timeout-settings
ALTER TABLE users ADD COLUMN note text;
