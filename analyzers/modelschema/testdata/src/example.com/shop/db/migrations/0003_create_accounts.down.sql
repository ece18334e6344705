DROP VIEW user_emails; DROP TABLE accounts;
