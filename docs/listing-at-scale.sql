-- Scratch database: the log_document table as V2-V7 leave it, ~1,000,000 generated rows.
create extension if not exists pg_trgm;
create table log_document (
    log_id varchar(512) not null primary key, kind varchar(16) not null, file_id varchar(64) not null,
    version_id varchar(64) not null, trace_id varchar(512), trace_parent_id varchar(512),
    last_sequence bigint not null, body text not null, start_time timestamp(6) with time zone,
    end_time timestamp(6) with time zone, logged_at timestamp(6) with time zone,
    judged_log_id varchar(512), judged_trace_id varchar(512),
    created_at timestamp(6) with time zone, search_text text, metadata_text text);
-- 20 files; file 0 holds half the rows (500,000), the others 26,315 each
insert into log_document
select 'log_' || i, 'prompt', 'pr_' || case when i % 2 = 0 then 0 else i % 19 + 1 end,
       'prv_' || (i % 3), null, null, 0,
       '{"id":"log_' || i || '","inputs":{"question":"q ' || md5(i::text) || '"},"output":"a ' || md5((i * 7)::text) || '"}',
       null, null, timestamptz '2025-01-01' + i * interval '1 second', null, null,
       timestamptz '2025-01-01' + i * interval '1 second',
       'question' || chr(10) || 'q ' || md5(i::text) || chr(10) || 'a ' || md5((i * 7)::text),
       '{"team":"t' || (i % 50) || '","run":' || i || '}'
from generate_series(1, 1000000) as i;
create index idx_log_document_trace on log_document (trace_id);
create index idx_log_document_parent on log_document (trace_parent_id);
create index idx_log_document_judged on log_document (judged_log_id);
create index idx_log_document_file_logged on log_document (file_id, logged_at, log_id);
create index idx_log_document_version_logged on log_document (file_id, version_id, logged_at);
create index idx_log_document_search_trgm on log_document using gin (search_text gin_trgm_ops);
create index idx_log_document_metadata_trgm on log_document using gin (metadata_text gin_trgm_ops);
vacuum analyze log_document;
-- page 1 of the largest file (500,000 logs), size 10
explain (analyze, buffers) select log_id, kind, file_id, version_id, trace_id, trace_parent_id, last_sequence, start_time, logged_at, body, judged_log_id, judged_trace_id from log_document where file_id = 'pr_0' order by logged_at, log_id offset 0 rows fetch next 10 rows only;
-- its total
explain (analyze, buffers) select count(*) from log_document where file_id = 'pr_0';
-- the last page (page 5000 of size 100)
explain (analyze, buffers) select log_id, kind, file_id, version_id, trace_id, trace_parent_id, last_sequence, start_time, logged_at, body, judged_log_id, judged_trace_id from log_document where file_id = 'pr_0' order by logged_at, log_id offset 499900 rows fetch next 100 rows only;
-- search (a 6-character substring of one log's input), page 1 and total
explain (analyze, buffers) select log_id, kind, file_id, version_id, trace_id, trace_parent_id, last_sequence, start_time, logged_at, body, judged_log_id, judged_trace_id from log_document where file_id = 'pr_0' and search_text like '%' || substr(md5('123456'), 3, 6) || '%' escape '\' order by logged_at, log_id offset 0 rows fetch next 10 rows only;
explain (analyze, buffers) select count(*) from log_document where file_id = 'pr_0' and search_text like '%' || substr(md5('123456'), 3, 6) || '%' escape '\';
-- metadata_search matching 2% of the file
explain (analyze, buffers) select count(*) from log_document where file_id = 'pr_0' and metadata_text like '%"team":"t12"%' escape '\';
-- a search every log of the file matches: page 1, then its total
explain (analyze) select log_id from log_document where file_id = 'pr_0' and search_text like '%question%' escape '\' order by logged_at, log_id offset 0 rows fetch next 10 rows only;
explain (analyze) select count(*) from log_document where file_id = 'pr_0' and search_text like '%question%' escape '\';
