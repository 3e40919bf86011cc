-- OpenTelemetry ingestion (README: OpenTelemetry ingestion).

-- Command side: spans whose parent log has not arrived yet, as they were mapped (a JSON SpanLog).
-- Written below their parent when it arrives; written as logs of their own once older than
-- tracevault.otel.pending.max-age. A span that could not be written when its turn came keeps the
-- reason in "rejected" (for the same time) instead of vanishing.
create table otel_pending_span (
    log_id        varchar(512)  not null primary key,
    parent_log_id varchar(512)  not null,
    received_at   timestamp(6) with time zone not null,
    span_log      ${text_type}  not null,
    rejected      varchar(1024)
);
create index idx_otel_pending_parent on otel_pending_span (parent_log_id);
create index idx_otel_pending_received on otel_pending_span (received_at);
