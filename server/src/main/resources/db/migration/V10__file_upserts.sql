-- Upserts (POST /v5/flows, /prompts, /tools, /evaluators): what a version says of itself besides
-- its kernel. Read model "logs" (files part); null for versions made by logs.
alter table file_version add column version_name varchar(512);
alter table file_version add column version_description ${text_type};
alter table file_version add column description ${text_type};
alter table file_version add column tags ${text_type};
alter table file_version add column readme ${text_type};
-- Read model: retrieve-by-path looks files up by path.
create index idx_file_document_path on file_document (path);
