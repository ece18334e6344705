DROP MATERIALIZED VIEW IF EXISTS customer_revenue;
CREATE MATERIALIZED VIEW customer_revenue AS
SELECT c.id AS customer_id, c.email, sum(i.amount) AS revenue
FROM customer c JOIN invoice i ON i.customer_id = c.id
WHERE i.paid
GROUP BY c.id, c.email;
CREATE UNIQUE INDEX uk_customer_revenue ON customer_revenue (customer_id);

CREATE OR REPLACE VIEW open_invoices AS
SELECT i.id, i.number, i.amount, c.email FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE NOT i.paid;
