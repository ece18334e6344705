CREATE TYPE order_status AS ENUM ('pending', 'shipped');
-- fixture:next-file
ALTER TYPE order_status RENAME VALUE 'shipped' TO 'dispatched'; -- want "rename-enum-value: renaming value 'shipped' of enum \"order_status\" to 'dispatched' breaks running application code that still writes or compares 'shipped'"

-- Types the migrations do not know are reported too.
ALTER TYPE billing.invoice_state RENAME VALUE 'open' TO 'unpaid'; -- want "rename-enum-value: renaming value 'open' of enum \"billing.invoice_state\""
