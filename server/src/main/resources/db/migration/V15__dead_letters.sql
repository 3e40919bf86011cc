-- Dead letters (docs/operations.md, "Dead letters and health"): events an asynchronous processor
-- (analytics, the evaluation saga) could not handle, each with the events of its trace that came
-- after it and wait for it. The events stay in the event store; a letter names one by its index.
create table dead_letter (
    letter_id     varchar(36)   not null primary key,
    processor     varchar(255)  not null,
    sequence_id   varchar(512)  not null,
    global_index  bigint        not null,
    event_type    varchar(255)  not null,
    aggregate_id  varchar(512),
    cause_type    varchar(255),
    cause_message varchar(1024),
    parked_at     timestamp(6) with time zone not null,
    last_tried_at timestamp(6) with time zone,
    retries       integer       default 0 not null,
    constraint dead_letter_event unique (processor, global_index)
);
create index dead_letter_sequence on dead_letter (processor, sequence_id, global_index);

-- One row per processor, locked (select ... for update) first by each of its batches and by each
-- retry of a dead letter: a retry never interleaves with a batch that reads and writes the same rows.
create table dead_letter_lock (
    processor varchar(255) not null primary key
);
insert into dead_letter_lock (processor) values ('analytics');
insert into dead_letter_lock (processor) values ('EvaluationSagaProcessor');
