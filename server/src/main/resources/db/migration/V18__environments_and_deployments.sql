-- Environments and deployments (issue 19, spec §4.10).
-- The workspace's default environment, production, exists from the first start: it is inserted
-- here, in the command side's registry and in the read model, with an id that never changes. Every
-- other environment, every rename and removal, and every deployment is an event; these tables
-- follow the events.

-- Command side: the environments by id and unique name, written in the same transaction as the
-- workspace's environment events, read to check a deployment, a removal and a log's environment.
create table environment_registry (
    environment_id varchar(64)  not null primary key,
    name           varchar(128) not null,
    tag            varchar(16)  not null,
    constraint uk_environment_registry_name unique (name)
);
insert into environment_registry (environment_id, name, tag) values ('env_default', 'production', 'default');

-- Command side: which version of each file is deployed to each environment, written with the
-- File's deployment events, read to resolve a log's version and a monitor's evaluator version.
create table file_deployment (
    file_id        varchar(64) not null,
    environment_id varchar(64) not null,
    version_id     varchar(64) not null,
    constraint pk_file_deployment primary key (file_id, environment_id)
);
create index idx_file_deployment_environment on file_deployment (environment_id);

-- Read model "logs": the environments as the API shows them (EnvironmentResponse).
create table environment_document (
    environment_id varchar(64)  not null primary key,
    name           varchar(128) not null,
    tag            varchar(16)  not null,
    created_at     timestamp(6) with time zone not null
);
-- Its created_at is a constant (the epoch), not this migration's time: it must read the same in
-- every store, so that an export imported elsewhere answers the same bytes.
insert into environment_document (environment_id, name, tag, created_at)
    values ('env_default', 'production', 'default', timestamp with time zone '1970-01-01 00:00:00+00');

-- Read model "logs": the deployments, for the file responses' environments and listEnvironments.
create table file_deployment_document (
    file_id        varchar(64) not null,
    environment_id varchar(64) not null,
    version_id     varchar(64) not null,
    deployed_at    timestamp(6) with time zone not null,
    constraint pk_file_deployment_document primary key (file_id, environment_id)
);
create index idx_file_deployment_document_version on file_deployment_document (version_id);
