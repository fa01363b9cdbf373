-- OfficeMesh schema for Orleans' ADO.NET clustering provider (membership table) on PostgreSQL.
--
-- Orleans keeps one version counter per cluster (its "table version" ETag). A membership
-- row may only be inserted or changed by a caller that presents the version it last read,
-- and every such change bumps the counter; that is how silos detect concurrent changes.
-- Heartbeats (IAmAliveTime) are exempt and do not bump the version.
--
-- Column names are lower case (unquoted); Orleans reads result columns by name and
-- Npgsql resolves those names case-insensitively.

CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid text        NOT NULL,
    timestamp    timestamptz NOT NULL DEFAULT now(),
    version      integer     NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid text        NOT NULL,
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NULL,
    suspecttimes text        NULL,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    -- Removing a cluster's version row removes its members with it.
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid) ON DELETE CASCADE
);

-- Adds a silo row, but only while the cluster version still equals the one the caller read.
-- Locking the version row first serialises competing writers: a writer that waited re-checks
-- the version after the lock is released and gives up if someone else bumped it meanwhile.
CREATE OR REPLACE FUNCTION officemesh_membership_insert(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1
      FROM orleansmembershipversiontable
     WHERE deploymentid = p_deployment_id
       AND version = p_expected_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN true;
END
$function$;

-- Changes a silo's status and suspicions under the same version rule as the insert.
CREATE OR REPLACE FUNCTION officemesh_membership_update(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1
      FROM orleansmembershipversiontable
     WHERE deploymentid = p_deployment_id
       AND version = p_expected_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status,
           suspecttimes = p_suspect_times,
           iamalivetime = p_i_am_alive_time
     WHERE deploymentid = p_deployment_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN true;
END
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    -- Creates the cluster's version row on first start; answers whether this call created it.
    'InsertMembershipVersionKey',
    'WITH created AS (
         INSERT INTO orleansmembershipversiontable (deploymentid)
         VALUES (@DeploymentId)
         ON CONFLICT (deploymentid) DO NOTHING
         RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM created);'
),
(
    'InsertMembershipKey',
    'SELECT officemesh_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                         @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);'
),
(
    'UpdateMembershipKey',
    'SELECT officemesh_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status,
                                         @SuspectTimes, @IAmAliveTime, @Version);'
),
(
    'UpdateIAmAlivetimeKey',
    'UPDATE orleansmembershiptable
        SET iamalivetime = @IAmAliveTime
      WHERE deploymentid = @DeploymentId
        AND address = @Address
        AND port = @Port
        AND generation = @Generation;'
),
(
    -- Always yields the version row; member columns are NULL when the silo is unknown,
    -- which Orleans takes to mean "no entry" (it tests StartTime for NULL).
    'MembershipReadRowKey',
    'SELECT v.version, m.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
            m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
       FROM orleansmembershipversiontable v
       LEFT JOIN orleansmembershiptable m
              ON m.deploymentid = v.deploymentid
             AND m.address = @Address
             AND m.port = @Port
             AND m.generation = @Generation
      WHERE v.deploymentid = @DeploymentId;'
),
(
    'MembershipReadAllKey',
    'SELECT v.version, m.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
            m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
       FROM orleansmembershipversiontable v
       LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
      WHERE v.deploymentid = @DeploymentId;'
),
(
    -- Used by clients: gateways are active silos that listen on a proxy port.
    'GatewaysQueryKey',
    'SELECT address, proxyport, generation
       FROM orleansmembershiptable
      WHERE deploymentid = @DeploymentId
        AND status = @Status
        AND proxyport > 0;'
),
(
    'DeleteMembershipTableEntriesKey',
    'DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;'
),
(
    -- Bulk clean-up of silos that are dead (SiloStatus.Dead = 6) and silent since the cut-off.
    'CleanupDefunctSiloEntriesKey',
    'DELETE FROM orleansmembershiptable
      WHERE deploymentid = @DeploymentId
        AND status = 6
        AND iamalivetime < @IAmAliveTime;'
),
(
    -- Optional per-row clean-up that newer providers prefer: Orleans has already judged the
    -- row defunct from what it read, so it is deleted only if it is still exactly that row.
    'CleanupDefunctSiloEntryKey',
    'DELETE FROM orleansmembershiptable
      WHERE deploymentid = @DeploymentId
        AND address = @Address
        AND port = @Port
        AND generation = @Generation
        AND status = 6
        AND starttime = @StartTime
        AND iamalivetime = @IAmAliveTime
        AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes;'
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
