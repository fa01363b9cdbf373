-- OfficeMesh's own storage for outbox states (items): the state and what it owes each receiver, written in one
-- transaction that the silo shares between every write waiting at that moment (group commit). Orleans' ADO.NET
-- provider writes one grain per transaction and cannot add rows of ours to it; see README "Storage".

CREATE TABLE IF NOT EXISTS officemesh_outbox_state
(
    service_id  text    NOT NULL,
    state_name  text    NOT NULL,
    grain_key   text    NOT NULL,
    payload     bytea   NOT NULL,
    version     integer NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_key)
);

-- One row per receiver a stored state still owes; cleared by the receiver once it has stored the delivery.
CREATE TABLE IF NOT EXISTS officemesh_outbox
(
    service_id  text        NOT NULL,
    receiver    text        NOT NULL,
    sender      text        NOT NULL,
    etag        text        NOT NULL,
    written     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, receiver, sender)
);

CREATE INDEX IF NOT EXISTS ix_officemesh_outbox_written ON officemesh_outbox (service_id, written);
