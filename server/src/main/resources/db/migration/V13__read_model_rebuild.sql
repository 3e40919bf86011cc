-- The log documents and files are projected by each write in its own transaction (they were a
-- tracking processor, "logs", before). A rebuild of them is recorded here from its request to its
-- end, so that one cut short (a crash, an import) is done again at the next start, and so that the
-- instances sharing a database pause their writes while one of them rebuilds.
create table read_model_rebuild (
    name         varchar(64)  not null primary key,
    requested_at timestamp(6) with time zone not null,
    claimed_by   varchar(128),
    claimed_at   timestamp(6) with time zone
);

-- A database of the tracking "logs" processor: rebuild once, then its token is of no more use.
insert into read_model_rebuild (name, requested_at)
    select distinct 'logs', current_timestamp from token_entry where processor_name = 'logs';
delete from token_entry where processor_name = 'logs';
