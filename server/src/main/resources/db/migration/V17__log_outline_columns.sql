-- Read model "logs": what the viewer's outline of a trace shows of each log, and what the viewer's
-- listing filters by, as columns written by the projection with each document (a replay rebuilds
-- them), so that a trace of 10,000 logs is outlined without reading (or opening) 10,000 documents.
--   log_status: the log's log_status (null: none)
--   has_error:  whether its error is set; null on rows written before this migration, which the
--               outline reads from their document until their next write or a replay
--   erased:     whether it is a tombstone
--   tokens:     prompt + output + reasoning tokens (null: none given)
--   cost:       prompt + output cost (null: none given)
--   judgment:   an Evaluator Log's judgment as compact JSON, if it is at most 256 characters and the
--               run did not fail (null otherwise); the viewer's listing finds the logs whose current
--               judgment by an evaluator is a value. It is content: null where documents are sealed.
-- The others are not content: a log's status, tokens and cost are kept in the clear with its times.
alter table log_document add column log_status varchar(32);
alter table log_document add column has_error boolean;
alter table log_document add column erased boolean;
alter table log_document add column tokens bigint;
alter table log_document add column cost double precision;
alter table log_document add column judgment varchar(256);

-- The viewer's listing: a file's logs of a status, or with an error, newest or oldest first.
create index idx_log_document_file_status on log_document (file_id, log_status, logged_at, log_id);
create index idx_log_document_file_error on log_document (file_id, has_error, logged_at, log_id);
-- ... whose current judgment by an evaluator (its file) is a value.
create index idx_log_document_file_judgment on log_document (file_id, judgment);
