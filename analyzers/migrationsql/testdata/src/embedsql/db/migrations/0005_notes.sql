-- notes kept beside the migrations; golang-migrate never runs them
SELECT 1;
