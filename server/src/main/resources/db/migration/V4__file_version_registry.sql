-- Command side: every file version and its kernel digest, so that resolving the version of a log
-- is a lookup, and only a new kernel needs the File aggregate (and its lock).
create table file_version_registry (
    version_id    varchar(64)  not null primary key,
    file_id       varchar(64)  not null,
    kernel_digest varchar(64)  not null,
    created_at    timestamp(6) with time zone not null,
    constraint uk_file_version_kernel unique (file_id, kernel_digest)
);
create index idx_file_version_registry_latest on file_version_registry (file_id, created_at);
create index idx_file_path_file on file_path (file_id);
