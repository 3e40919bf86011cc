-- One row per log: its id and its JSON document. `text` is a CLOB on H2 and text on PostgreSQL,
-- the same column types as Tracevault's log_document.body.
create table if not exists flow_log (
    id       varchar(64) not null primary key,
    document text        not null
);
