-- A plain CREATE INDEX on an existing table blocks writes while it builds.
CREATE INDEX users_email_idx ON users (email); -- want "create-index-non-concurrently: .*users_email_idx.*\"users\""

CREATE UNIQUE INDEX orders_ref_idx
    ON public.orders (reference); -- want "create-index-non-concurrently"
