-- Evaluators: monitoring, the evaluation saga's work queue, deadlines, and evaluator logs.

-- Command side: the kind and spec of each evaluator version (python, llm, human, external), so that
-- the evaluators a log needs can be chosen, and judgments checked, without loading the evaluator.
alter table file_version_registry add column evaluator_type varchar(16);
alter table file_version_registry add column evaluator_spec ${text_type};

-- Command side: which evaluators monitor which file (spec §4.4). Pinned to a version, or following
-- the version of an evaluator deployed to an environment (then evaluator_version_id is '').
create table file_monitor (
    file_id              varchar(64)  not null,
    evaluator_id         varchar(64)  not null,
    evaluator_version_id varchar(64)  not null,
    environment          varchar(128) not null,
    created_at           timestamp(6) with time zone not null,
    constraint pk_file_monitor primary key (file_id, evaluator_id, evaluator_version_id, environment)
);

-- Command side: evaluator runs the saga asked for and no worker has finished yet. A worker claims
-- a job by setting its lease; a job whose lease ran out (its worker died) is claimed again.
create table evaluation_job (
    evaluation_id        varchar(64)  not null,
    evaluator_version_id varchar(64)  not null,
    evaluator_id         varchar(64)  not null,
    log_id               varchar(512) not null,
    judged_sequence      bigint       not null,
    evaluator_log_id     varchar(64)  not null,
    created_at           timestamp(6) with time zone not null,
    lease_until          timestamp(6) with time zone,
    attempts             integer      default 0 not null,
    constraint pk_evaluation_job primary key (evaluation_id, evaluator_version_id)
);
create index idx_evaluation_job_lease on evaluation_job (lease_until);

-- db-scheduler's table: the saga's deadlines, persisted (the layout db-scheduler 16 expects).
create table scheduled_tasks (
    task_name            varchar(100) not null,
    task_instance        varchar(100) not null,
    task_data            ${lob_type},
    execution_time       timestamp(6) with time zone not null,
    picked               boolean      not null,
    picked_by            varchar(50),
    last_success         timestamp(6) with time zone,
    last_failure         timestamp(6) with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp(6) with time zone,
    version              bigint       not null,
    priority             smallint,
    constraint pk_scheduled_tasks primary key (task_name, task_instance)
);
create index idx_scheduled_tasks_execution on scheduled_tasks (execution_time);
create index idx_scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index idx_scheduled_tasks_priority on scheduled_tasks (priority, execution_time);

-- Read model "logs": evaluator logs hang off the log they judge, and off that log's trace, so a
-- log or a whole trace reads its evaluator logs with one query.
alter table log_document add column judged_log_id varchar(512);
alter table log_document add column judged_trace_id varchar(512);
create index idx_log_document_judged on log_document (judged_log_id);
create index idx_log_document_judged_trace on log_document (judged_trace_id);

-- Read model "logs" (files part): what the file's events reached, and its monitoring evaluators.
alter table file_document add column last_sequence bigint default -1 not null;

create table file_monitor_document (
    file_id              varchar(64)  not null,
    evaluator_id         varchar(64)  not null,
    evaluator_version_id varchar(64)  not null,
    environment          varchar(128) not null,
    state                varchar(16)  not null,
    created_at           timestamp(6) with time zone not null,
    updated_at           timestamp(6) with time zone not null,
    constraint pk_file_monitor_document primary key (file_id, evaluator_id, evaluator_version_id, environment)
);
