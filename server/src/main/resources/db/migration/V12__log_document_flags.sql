-- Read model "logs": whether a log has trace children and judgments, kept by the projection, so
-- that reading a log (every write's answer) looks for them only when there are some.
alter table log_document add column has_children boolean default false not null;
alter table log_document add column judged boolean default false not null;
update log_document set has_children = true
    where log_id in (select trace_parent_id from log_document where trace_parent_id is not null);
update log_document set judged = true
    where log_id in (select judged_log_id from log_document where judged_log_id is not null);
