-- Read model "logs": the viewer's listing over a file of a million logs (issue 17), each filter and
-- sort a page of 50 within the listing's targets.
-- Sorting by a column: a file's logs that have the value, in its order, forwards or backwards, then
-- (LogListing.byColumn) those without it, in id order within the same index.
create index idx_log_document_file_start on log_document (file_id, start_time, log_id);
create index idx_log_document_file_tokens on log_document (file_id, tokens, log_id);
create index idx_log_document_file_cost on log_document (file_id, cost, log_id);
-- Duration is end_time - start_time: an expression index where the database has them (PostgreSQL);
-- H2 sorts the file's logs by it.
${pg_only} create index idx_log_document_file_duration on log_document (file_id, (end_time - start_time), log_id);
-- A log's current judgment by an evaluator, asked of each log in list order: its Evaluator Logs by
-- evaluator, with the judgment and their order, read from the index alone.
create index idx_log_document_judged_current on log_document (judged_log_id, file_id, judgment, logged_at, log_id);
