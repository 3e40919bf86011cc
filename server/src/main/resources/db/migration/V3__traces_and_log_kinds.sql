-- Traces and the Prompt and Tool log kinds.

-- Command side: every log id, its kind and its trace (root Flow Log id and that root's Flow id).
create table log_registry (
    log_id        varchar(512) not null primary key,
    kind          varchar(16)  not null,
    trace_id      varchar(512),
    trace_flow_id varchar(64)
);

-- Read model "logs": what the trace tree needs to order and widen without parsing bodies.
alter table log_document add column start_time timestamp(6) with time zone;
alter table log_document add column end_time timestamp(6) with time zone;
alter table log_document add column logged_at timestamp(6) with time zone;

alter table file_document add column total_logs_count bigint default 0 not null;
