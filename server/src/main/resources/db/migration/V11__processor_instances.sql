-- The instances that run event processors, with a heartbeat: the segment balancer divides the
-- processors' segments by how many of them are alive (seen within the last few heartbeats).
create table processor_instance (
    instance_id varchar(64) not null primary key,
    last_seen   timestamp(6) with time zone not null
);
