-- W3C trace context of the request (or consumed event) whose transaction appended the event, so the relay's
-- Kafka record continues that trace. Null when the event was appended outside any trace.
-- (V0_2 is platform-security's audit log: the db/platform and db/security versions share one history.)
alter table outbox_event add column traceparent varchar(55);
alter table outbox_event add column tracestate varchar(512);
