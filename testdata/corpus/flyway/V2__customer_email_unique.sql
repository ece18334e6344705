ALTER TABLE customer ADD CONSTRAINT uk_customer_email UNIQUE (email);
