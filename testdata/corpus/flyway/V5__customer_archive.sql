CREATE TABLE customer_archive AS SELECT * FROM customer WHERE created_date < DATE '2020-01-01';
ALTER TABLE customer_archive ADD PRIMARY KEY (id);
DELETE FROM customer c WHERE EXISTS (SELECT 1 FROM customer_archive a WHERE a.id = c.id);
