-- Tracevault's own tables. ${text_type} is clob on H2 and text on PostgreSQL.

-- Command side: which file holds which path (unique across concurrent requests).
create table file_path (
    path    varchar(512) not null primary key,
    file_id varchar(64)  not null,
    kind    varchar(16)  not null
);

-- API keys: only hashes are stored.
create table api_key (
    id         varchar(64)  not null primary key,
    name       varchar(128) not null,
    key_hash   varchar(64)  not null unique,
    created_at timestamp(6) with time zone not null
);

-- Read model "logs": one JSON document per log, the body as the API returns it.
create table log_document (
    log_id          varchar(512) not null primary key,
    kind            varchar(16)  not null,
    file_id         varchar(64)  not null,
    version_id      varchar(64)  not null,
    trace_id        varchar(512),
    trace_parent_id varchar(512),
    last_sequence   bigint       not null,
    body            ${text_type} not null
);
create index idx_log_document_trace on log_document (trace_id);
create index idx_log_document_parent on log_document (trace_parent_id);

-- Read model "logs" (files part): files, their versions and how much each is used.
create table file_document (
    file_id           varchar(64)  not null primary key,
    kind              varchar(16)  not null,
    path              varchar(512) not null,
    name              varchar(512) not null,
    latest_version_id varchar(64),
    created_at        timestamp(6) with time zone not null,
    updated_at        timestamp(6) with time zone not null
);

create table file_version (
    version_id         varchar(64)  not null primary key,
    file_id            varchar(64)  not null,
    kernel             ${text_type} not null,
    created_at         timestamp(6) with time zone not null,
    last_used_at       timestamp(6) with time zone not null,
    version_logs_count bigint       not null
);
create index idx_file_version_file on file_version (file_id);
