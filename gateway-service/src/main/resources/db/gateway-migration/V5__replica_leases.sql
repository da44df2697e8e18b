-- One row per running gateway replica, renewed every second while it runs (ReplicaLease): a replica
-- writes its pushes to gateway.pushes only while another one holds a lease. Times are the
-- database's, one clock for every replica. Rows of stopped replicas are deleted a minute after
-- their lease ended.
CREATE TABLE replica_leases (
  replica_id text PRIMARY KEY,
  lease_until timestamptz NOT NULL
);
