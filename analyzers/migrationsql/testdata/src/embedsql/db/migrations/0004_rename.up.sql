-- migguard:ignore rename-column the app reads both names since v42
ALTER TABLE orders RENAME COLUMN status TO state;
