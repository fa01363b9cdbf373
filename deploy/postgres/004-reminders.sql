-- OfficeMesh schema for Orleans' ADO.NET reminders provider on PostgreSQL.
--
-- One row per (service, grain, reminder name). GrainHash is the grain id's uniform hash
-- (stored as a signed 32-bit integer); each silo reads the reminders whose hash falls in
-- its slice of the ring. Version is the reminder's ETag: it changes on every upsert and a
-- delete only succeeds for the version the caller holds. Period is in milliseconds.

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,
    version      integer     NOT NULL,
    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

-- Ring-range reads filter on the hash.
CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'UpsertReminderRowKey',
    'INSERT INTO orleansreminderstable AS r
         (serviceid, grainid, remindername, starttime, period, grainhash, version)
     VALUES
         (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
     ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
        SET starttime = EXCLUDED.starttime,
            period = EXCLUDED.period,
            grainhash = EXCLUDED.grainhash,
            version = r.version + 1
     RETURNING r.version;'
),
(
    'ReadReminderRowsKey',
    'SELECT grainid, remindername, starttime, period, version
       FROM orleansreminderstable
      WHERE serviceid = @ServiceId
        AND grainid = @GrainId;'
),
(
    'ReadReminderRowKey',
    'SELECT grainid, remindername, starttime, period, version
       FROM orleansreminderstable
      WHERE serviceid = @ServiceId
        AND grainid = @GrainId
        AND remindername = @ReminderName;'
),
(
    -- A ring slice that does not wrap: (BeginHash, EndHash].
    'ReadRangeRows1Key',
    'SELECT grainid, remindername, starttime, period, version
       FROM orleansreminderstable
      WHERE serviceid = @ServiceId
        AND grainhash > @BeginHash
        AND grainhash <= @EndHash;'
),
(
    -- A ring slice that wraps past the top of the hash range: (BeginHash, max] and [min, EndHash].
    'ReadRangeRows2Key',
    'SELECT grainid, remindername, starttime, period, version
       FROM orleansreminderstable
      WHERE serviceid = @ServiceId
        AND (grainhash > @BeginHash OR grainhash <= @EndHash);'
),
(
    'DeleteReminderRowKey',
    'WITH deleted AS (
         DELETE FROM orleansreminderstable
          WHERE serviceid = @ServiceId
            AND grainid = @GrainId
            AND remindername = @ReminderName
            AND version = @Version
         RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM deleted);'
),
(
    'DeleteReminderRowsKey',
    'DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;'
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
