-- Overview: first-start setup of the compose PostgreSQL: one role and database for Nimbus, one
--   role and two databases for Temporal.
-- Architecture: infrastructure (infra/docker-compose.yml mounts this file into
--   /docker-entrypoint-initdb.d of the postgres service).
-- Dependencies: the official postgres image, which runs it once, as the superuser, on an empty
--   data volume only (`docker compose down -v` to run it again).
-- Concepts: nimbus is the application database (its schema comes from `npm run db:migrate`);
--   Temporal keeps its main and visibility schemas in separate databases because both track their
--   version in a table of the same name; the passwords are local-development values.

-- CREATEDB lets the mocha suites create their scratch databases when DATABASE_URL points here.
CREATE ROLE nimbus WITH LOGIN PASSWORD 'nimbus' CREATEDB;
CREATE DATABASE nimbus OWNER nimbus;

CREATE ROLE temporal WITH LOGIN PASSWORD 'temporal';
CREATE DATABASE nimbus_temporal OWNER temporal;
CREATE DATABASE nimbus_temporal_visibility OWNER temporal;

-- Temporal's visibility schema needs btree_gin; created here so its role needs no extra rights.
\connect nimbus_temporal_visibility
CREATE EXTENSION IF NOT EXISTS btree_gin;
