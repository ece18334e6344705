CREATE SCHEMA billing;
-- fixture:next-file
ALTER SCHEMA billing RENAME TO payments; -- want "rename-schema: renaming schema \"billing\" to \"payments\" breaks running application code and search_path settings that still use \"billing\""

-- Schemas the migrations do not know are reported too.
ALTER SCHEMA legacy RENAME TO legacy_old; -- want "rename-schema: renaming schema \"legacy\""
