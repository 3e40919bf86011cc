-- A file's life (issue 19, part B): deletion, moves, directories.
-- Read model "logs" (files part): when the file was deleted (null: it is not). A deleted file keeps
-- its row so that its logs still show it; it is left out of listings, lookups by path and GET.
alter table file_document add column deleted_at timestamp(6) with time zone;

-- Command side: which directory holds which path (unique across concurrent requests), claimed in
-- the transaction of the directory's creation.
create table directory_path (
    path         varchar(512) not null primary key,
    directory_id varchar(64)  not null,
    constraint uk_directory_path_id unique (directory_id)
);

-- Read model "logs" (directories): every directory that is not deleted.
create table directory_document (
    directory_id varchar(64)  not null primary key,
    path         varchar(512) not null,
    name         varchar(512) not null,
    parent_id    varchar(64),
    created_at   timestamp(6) with time zone not null,
    updated_at   timestamp(6) with time zone not null
);
create index idx_directory_document_path on directory_document (path);
create index idx_directory_document_parent on directory_document (parent_id);
