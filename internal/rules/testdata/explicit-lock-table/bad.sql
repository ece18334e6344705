-- Explicit locks that block writes or reads of existing tables last until the transaction ends.
LOCK TABLE users; -- want "explicit-lock-table: LOCK TABLE holds ACCESS EXCLUSIVE on \"users\" until the transaction ends: every query on it waits"

LOCK orders, billing.invoices IN SHARE MODE; -- want "explicit-lock-table: LOCK TABLE holds SHARE on \"orders\", \"billing.invoices\" .*every write waits"

LOCK TABLE accounts IN EXCLUSIVE MODE NOWAIT; -- want "explicit-lock-table: .*EXCLUSIVE on \"accounts\""
