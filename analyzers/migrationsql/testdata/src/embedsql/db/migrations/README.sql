-- not embedded: no concern of the package
SELECT 1;
