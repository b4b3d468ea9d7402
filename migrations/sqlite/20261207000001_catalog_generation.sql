-- A counter bumped by every change to what the public pages show (clinics, branches,
-- services, providers, their settings and display rules). Each server instance keeps
-- rendered public pages only while the counter it last saw is the current one.
CREATE TABLE catalog_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO catalog_generation (id, generation) VALUES (1, 0);
