-- A SHARE lock (plain CREATE INDEX) makes writes queue; reads go on.
CREATE INDEX orders_placed_idx ON orders (placed_at); -- want "require-lock-timeout: CREATE INDEX \"orders_placed_idx\" waits for SHARE on \"orders\" with no lock_timeout: while it waits, every write to \"orders\" queues"
