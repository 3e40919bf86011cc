-- Imports into this store (java -jar tracevault.jar import FILE). While one runs its row says
-- 'running'; a failed one is cleared by the next import, and the server does not start on it.
-- Events up to last_global_index of a 'complete' import were imported: their attribution is the
-- source's claim, shown by the history as imported.
create table event_import (
    import_id         varchar(64)   not null primary key,
    status            varchar(16)   not null,
    started_at        varchar(64)   not null,
    finished_at       varchar(64),
    source            varchar(1024),
    events            bigint,
    last_global_index bigint,
    sha256            varchar(64)
);
