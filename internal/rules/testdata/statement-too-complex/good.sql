-- Long lists, seed rows and moderately long chains parse and are linted as usual.
CREATE TABLE seed (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO seed (id, name) VALUES
  (1, 'name 1'), (2, 'name 2'), (3, 'name 3'), (4, 'name 4'), (5, 'name 5'), (6, 'name 6'), (7, 'name 7'), (8, 'name 8'),
  (9, 'name 9'), (10, 'name 10'), (11, 'name 11'), (12, 'name 12'), (13, 'name 13'), (14, 'name 14'), (15, 'name 15'), (16, 'name 16'),
  (17, 'name 17'), (18, 'name 18'), (19, 'name 19'), (20, 'name 20'), (21, 'name 21'), (22, 'name 22'), (23, 'name 23'), (24, 'name 24'),
  (25, 'name 25'), (26, 'name 26'), (27, 'name 27'), (28, 'name 28'), (29, 'name 29'), (30, 'name 30'), (31, 'name 31'), (32, 'name 32'),
  (33, 'name 33'), (34, 'name 34'), (35, 'name 35'), (36, 'name 36'), (37, 'name 37'), (38, 'name 38'), (39, 'name 39'), (40, 'name 40');
CREATE VIEW seed_view AS
SELECT id,
  CASE id
    WHEN 1 THEN 'v1' WHEN 2 THEN 'v2' WHEN 3 THEN 'v3' WHEN 4 THEN 'v4' WHEN 5 THEN 'v5'
    WHEN 6 THEN 'v6' WHEN 7 THEN 'v7' WHEN 8 THEN 'v8' WHEN 9 THEN 'v9' WHEN 10 THEN 'v10'
    WHEN 11 THEN 'v11' WHEN 12 THEN 'v12' WHEN 13 THEN 'v13' WHEN 14 THEN 'v14' WHEN 15 THEN 'v15'
    WHEN 16 THEN 'v16' WHEN 17 THEN 'v17' WHEN 18 THEN 'v18' WHEN 19 THEN 'v19' WHEN 20 THEN 'v20'
  END AS label,
  'p1' || 'p2' || 'p3' || 'p4' || 'p5' || 'p6' || 'p7' || 'p8' || 'p9' || 'p10' || 'p11' || 'p12' || 'p13' || 'p14' || 'p15' ||
  'p16' || 'p17' || 'p18' || 'p19' || 'p20' || 'p21' || 'p22' || 'p23' || 'p24' || 'p25' || 'p26' || 'p27' || 'p28' || 'p29' || 'p30' AS long_name
FROM seed
WHERE id IN (
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
  31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
  61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
  91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120);
CREATE VIEW seed_union AS
SELECT 1 AS id, 'name 1' AS name
UNION ALL SELECT 2 AS id, 'name 2' AS name
UNION ALL SELECT 3 AS id, 'name 3' AS name
UNION ALL SELECT 4 AS id, 'name 4' AS name
UNION ALL SELECT 5 AS id, 'name 5' AS name
UNION ALL SELECT 6 AS id, 'name 6' AS name
UNION ALL SELECT 7 AS id, 'name 7' AS name
UNION ALL SELECT 8 AS id, 'name 8' AS name
UNION ALL SELECT 9 AS id, 'name 9' AS name
UNION ALL SELECT 10 AS id, 'name 10' AS name;
