-- Erasure (crypto-shredding) and the trace links it walks.

-- Command side: the key that seals each log's payload fields in the event store (and in
-- snapshots). Erasing a log deletes its key: its payload can never be read again.
create table log_key (
    log_id     varchar(512) not null primary key,
    key_bytes  varchar(64)  not null,
    created_at timestamp(6) with time zone not null
);

-- Command side: what erasure follows from a log: the logs below it in its trace, and the
-- evaluator logs judging it.
alter table log_registry add column trace_parent_id varchar(512);
alter table log_registry add column judged_log_id varchar(512);
create index idx_log_registry_parent on log_registry (trace_parent_id);
create index idx_log_registry_judged on log_registry (judged_log_id);
