-- VACUUM FULL and CLUSTER rewrite existing tables under ACCESS EXCLUSIVE.
-- migguard:tx none
VACUUM FULL orders; -- want "vacuum-full-or-cluster: VACUUM FULL rewrites \"orders\" under ACCESS EXCLUSIVE"

VACUUM (FULL, ANALYZE) public.orders, billing.invoices; -- want "vacuum-full-or-cluster: .*\"orders\"" "vacuum-full-or-cluster: .*\"billing.invoices\""

VACUUM FULL; -- want "vacuum-full-or-cluster: .*every table of the database"

CLUSTER users USING users_pkey; -- want "vacuum-full-or-cluster: CLUSTER rewrites \"users\""

CLUSTER; -- want "vacuum-full-or-cluster: CLUSTER without a table"
