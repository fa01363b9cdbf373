-- OfficeMesh schema for Orleans' ADO.NET providers on PostgreSQL, part 1: the query catalogue.
--
-- Orleans' ADO.NET providers hold no SQL of their own. At start-up each provider runs
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and afterwards executes the text stored under each well-known key, binding its own
-- parameter names (@DeploymentId, @GrainIdHash, ...). The later scripts fill this table.
--
-- Every script in this folder runs at every server start, so each statement must be
-- safe to repeat: create-if-missing for objects, upsert for catalogue rows.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);
