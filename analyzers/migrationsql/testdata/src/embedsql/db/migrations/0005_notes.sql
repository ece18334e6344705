-- notes kept beside the migrations; golang-migrate never runs them -- want `^migration-file-not-run: 0005_notes.sql is never run: golang-migrate runs only files named`
SELECT 1;
