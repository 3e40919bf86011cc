-- The per-log keys in a key store of their own (tracevault.keys.url): a backup of the main
-- database then holds sealed content only, and an erasure that destroys a key here makes that
-- content unreadable in every earlier backup of the main database too.
create table log_key (
    log_id     varchar(512) not null primary key,
    key_bytes  varchar(64)  not null,
    created_at timestamp(6) with time zone not null
);
