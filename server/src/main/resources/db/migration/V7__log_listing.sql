-- GET /v5/logs (listing and search): the columns a page is filtered and ordered by, written by
-- the logs projection with each document (a replay rebuilds them).
--   created_at:    the log's created_at as the API shows it (start_date / end_date filter it)
--   search_text:   lower-case text of inputs, output, messages and output_message (search);
--                  empty for save:false logs
--   metadata_text: lower-case compact JSON of metadata (metadata_search)
-- Rows written before this migration get created_at from logged_at; their search texts stay
-- null (found by no search) until their next write or a replay of the logs projection.
alter table log_document add column created_at timestamp(6) with time zone;
alter table log_document add column search_text ${text_type};
alter table log_document add column metadata_text ${text_type};
update log_document set created_at = logged_at where created_at is null;

-- A page: the logs of a file (or of one of its versions), oldest first.
create index idx_log_document_file_logged on log_document (file_id, logged_at, log_id);
create index idx_log_document_version_logged on log_document (file_id, version_id, logged_at);
-- start_date / end_date: the logs of a file created in a window.
create index idx_log_document_file_created on log_document (file_id, created_at);

-- Substring search on PostgreSQL: trigram GIN indexes serve "like '%...%'". The pg_only placeholder is empty
-- on PostgreSQL and "--" on H2 (which scans), so these lines are comments there.
${pg_only} create extension if not exists pg_trgm;
${pg_only} create index idx_log_document_search_trgm on log_document using gin (search_text gin_trgm_ops);
${pg_only} create index idx_log_document_metadata_trgm on log_document using gin (metadata_text gin_trgm_ops);
${pg_only} create index idx_log_document_id_trgm on log_document using gin (log_id gin_trgm_ops);
