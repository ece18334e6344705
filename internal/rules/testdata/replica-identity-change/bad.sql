-- FULL and NOTHING replica identities on existing tables.
ALTER TABLE orders REPLICA IDENTITY FULL; -- want "replica-identity-change: REPLICA IDENTITY FULL on \"orders\" makes every UPDATE and DELETE write the whole old row"

ALTER TABLE billing.payments REPLICA IDENTITY NOTHING; -- want "replica-identity-change: REPLICA IDENTITY NOTHING on \"billing.payments\" makes every UPDATE and DELETE fail"
