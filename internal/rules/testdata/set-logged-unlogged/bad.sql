-- Changing the persistence of an existing table rewrites it.
ALTER TABLE events SET LOGGED; -- want "set-logged-unlogged: SET LOGGED rewrites \"events\" under ACCESS EXCLUSIVE"

ALTER TABLE IF EXISTS audit.page_views -- want "set-logged-unlogged: SET UNLOGGED rewrites \"audit.page_views\""
    SET UNLOGGED;
