-- migguard:tx none
DROP DATABASE analytics; -- want "drop-database: DROP DATABASE \"analytics\" deletes the whole database"

DROP DATABASE IF EXISTS staging WITH (FORCE); -- want "drop-database: .*FORCE first terminates every session"
