-- OfficeMesh schema for Orleans' ADO.NET grain storage provider on PostgreSQL.
--
-- One row per grain state. Orleans identifies a grain by
--   (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
-- and also sends 32-bit hashes of the grain id and type so lookups can use a compact index.
-- The row's version is the grain state's ETag: a write or clear names the version it last
-- read and only succeeds while the row still has it. On success the new version comes back;
-- on a conflict NULL comes back and Orleans raises InconsistentStateException.

CREATE TABLE IF NOT EXISTS orleansstorage
(
    serviceid              text        NOT NULL,
    graintypestring        text        NOT NULL,
    graintypehash          integer     NOT NULL,
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    -- String keys and key extensions; NULL for plain integer and GUID keys.
    grainidextensionstring text        NULL,
    -- NULL after the state was cleared (the row stays so its version keeps counting).
    payloadbinary          bytea       NULL,
    version                integer     NOT NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now()
);

-- Large states (index pages) are compressed with lz4 rather than the default pglz, which costs several
-- times the CPU. Altered only once, so a restart of a running cluster takes no table lock; a server built
-- without lz4 keeps the default.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute
                    WHERE attrelid = 'orleansstorage'::regclass AND attname = 'payloadbinary' AND attcompression = 'l') THEN
        ALTER TABLE orleansstorage ALTER COLUMN payloadbinary SET COMPRESSION lz4;
    END IF;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;

-- Uniqueness of a grain, so two first writes of the same grain cannot both insert. The text
-- parts are indexed by their md5 so arbitrarily long keys stay within btree limits, and the
-- hashes lead so the same index serves every lookup.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_grain ON orleansstorage
(
    grainidhash,
    graintypehash,
    grainidn0,
    grainidn1,
    md5(serviceid),
    md5(graintypestring),
    md5(coalesce(grainidextensionstring, ''))
);

-- Writes a grain's state. With no expected version the grain must not have a row yet;
-- otherwise the row must still carry the expected version. Returns the new version, or
-- NULL when the caller's ETag is stale.
CREATE OR REPLACE FUNCTION officemesh_grain_state_write(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_expected_version integer,
    p_payload          bytea)
RETURNS integer
LANGUAGE plpgsql
AS $function$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleansstorage
            (serviceid, graintypestring, graintypehash, grainidhash, grainidn0, grainidn1,
             grainidextensionstring, payloadbinary, version)
        VALUES
            (p_service_id, p_grain_type, p_grain_type_hash, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_ext, p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        UPDATE orleansstorage
           SET payloadbinary = p_payload,
               version = version + 1,
               modifiedon = now()
         WHERE grainidhash = p_grain_id_hash
           AND graintypehash = p_grain_type_hash
           AND grainidn0 = p_grain_id_n0
           AND grainidn1 = p_grain_id_n1
           AND serviceid = p_service_id
           AND graintypestring = p_grain_type
           AND grainidextensionstring IS NOT DISTINCT FROM p_grain_id_ext
           AND version = p_expected_version
        RETURNING version INTO new_version;
    END IF;
    RETURN new_version;
END
$function$;

-- Clears a grain's state but keeps its row, so the version sequence continues and a writer
-- holding an older ETag still conflicts. Returns the new version, or NULL on a stale ETag.
CREATE OR REPLACE FUNCTION officemesh_grain_state_clear(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_expected_version integer)
RETURNS integer
LANGUAGE sql
AS $function$
    UPDATE orleansstorage
       SET payloadbinary = NULL,
           version = version + 1,
           modifiedon = now()
     WHERE grainidhash = p_grain_id_hash
       AND graintypehash = p_grain_type_hash
       AND grainidn0 = p_grain_id_n0
       AND grainidn1 = p_grain_id_n1
       AND serviceid = p_service_id
       AND graintypestring = p_grain_type
       AND grainidextensionstring IS NOT DISTINCT FROM p_grain_id_ext
       AND version = p_expected_version
    RETURNING version;
$function$;

-- Deletes a grain's row (used when the provider runs with DeleteStateOnClear). Orleans expects
-- a value different from the caller's ETag on success, so it gets the deleted version + 1;
-- NULL on a stale ETag.
CREATE OR REPLACE FUNCTION officemesh_grain_state_delete(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_expected_version integer)
RETURNS integer
LANGUAGE sql
AS $function$
    DELETE FROM orleansstorage
     WHERE grainidhash = p_grain_id_hash
       AND graintypehash = p_grain_type_hash
       AND grainidn0 = p_grain_id_n0
       AND grainidn1 = p_grain_id_n1
       AND serviceid = p_service_id
       AND graintypestring = p_grain_type
       AND grainidextensionstring IS NOT DISTINCT FROM p_grain_id_ext
       AND version = p_expected_version
    RETURNING version + 1;
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'ReadFromStorageKey',
    'SELECT payloadbinary, version
       FROM orleansstorage
      WHERE grainidhash = @GrainIdHash
        AND graintypehash = @GrainTypeHash
        AND grainidn0 = @GrainIdN0
        AND grainidn1 = @GrainIdN1
        AND serviceid = @ServiceId
        AND graintypestring = @GrainTypeString
        AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString;'
),
(
    'WriteToStorageKey',
    'SELECT officemesh_grain_state_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                         @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
            AS newgrainstateversion;'
),
(
    'ClearStorageKey',
    'SELECT officemesh_grain_state_clear(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                         @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
            AS newgrainstateversion;'
),
(
    'DeleteStorageKey',
    'SELECT officemesh_grain_state_delete(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                          @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
            AS newgrainstateversion;'
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
