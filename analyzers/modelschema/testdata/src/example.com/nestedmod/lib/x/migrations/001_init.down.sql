DROP TABLE widgets;
DROP TABLE users;
