-- PostgreSQL 13 has no DETACH … CONCURRENTLY: a plain detach is the only way.
ALTER TABLE events DETACH PARTITION events_2020;
