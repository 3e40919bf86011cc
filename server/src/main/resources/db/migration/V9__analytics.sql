-- Read model "analytics" (README: Analytics): its own processor and token, rebuilt by replay.

-- The files the stats endpoint answers for (a file with no logs yet has empty stats, not a 404).
create table analytics_file (
    file_id varchar(64) not null primary key,
    kind    varchar(16) not null
);

-- The return type of each evaluator version, which says how its judgments are summed up.
create table analytics_evaluator_version (
    version_id  varchar(64) not null primary key,
    return_type varchar(32) not null
);

-- One row per log (and per evaluator log): what it contributes to the hourly rows right now, as
-- JSON, so that a change subtracts the old contribution and adds the new one.
create table analytics_log (
    log_id          varchar(512) not null primary key,
    trace_parent_id varchar(512),
    end_time        timestamp(6) with time zone,
    facts           ${text_type} not null
);
create index idx_analytics_log_parent on analytics_log (trace_parent_id);

-- The rollup: per file, version and UTC hour of the logs' created_at, counts, exact sums and
-- mergeable histograms (JSON). A day is the sum of its 24 hours.
create table analytics_hour (
    file_id    varchar(64)  not null,
    hour_start timestamp(6) with time zone not null,
    version_id varchar(64)  not null,
    body       ${text_type} not null,
    primary key (file_id, hour_start, version_id)
);
