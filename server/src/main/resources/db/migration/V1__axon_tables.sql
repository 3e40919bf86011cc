-- Axon Framework's tables (JPA event store, token store, saga store, dead-letter queue).
-- ${lob_type} is blob on H2 and bytea on PostgreSQL (see PostgresByteaDialect).

create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null primary key,
    aggregate_identifier varchar(512) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    event_identifier     varchar(255) not null,
    meta_data            ${lob_type},
    payload              ${lob_type}  not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    constraint uk_domain_event_aggregate_sequence unique (aggregate_identifier, sequence_number),
    constraint uk_domain_event_identifier unique (event_identifier)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(512) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    meta_data            ${lob_type},
    payload              ${lob_type}  not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    primary key (aggregate_identifier, sequence_number, type),
    constraint uk_snapshot_event_identifier unique (event_identifier)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          ${lob_type},
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

create table saga_entry (
    saga_id         varchar(255) not null primary key,
    revision        varchar(255),
    saga_type       varchar(255),
    serialized_saga ${lob_type}
);

create sequence association_value_entry_seq start with 1 increment by 50;

create table association_value_entry (
    id                bigint       not null primary key,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255)
);
create index idx_association_saga_key_value on association_value_entry (saga_type, association_key, association_value);
create index idx_association_saga_id_type on association_value_entry (saga_id, saga_type);

create table dead_letter_entry (
    dead_letter_id       varchar(255) not null primary key,
    cause_message        varchar(1023),
    cause_type           varchar(255),
    diagnostics          ${lob_type},
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    aggregate_identifier varchar(512),
    event_identifier     varchar(255) not null,
    message_type         varchar(255) not null,
    meta_data            ${lob_type},
    payload              ${lob_type}  not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    sequence_number      bigint,
    time_stamp           varchar(255) not null,
    token                ${lob_type},
    token_type           varchar(255),
    type                 varchar(255),
    processing_group     varchar(255) not null,
    processing_started   timestamp(6) with time zone,
    sequence_identifier  varchar(255) not null,
    sequence_index       bigint       not null
);
create index idx_dead_letter_group_sequence on dead_letter_entry (processing_group, sequence_identifier);
