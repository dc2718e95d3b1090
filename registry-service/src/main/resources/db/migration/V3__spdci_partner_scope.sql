-- Issue #15: an SPDCI transaction, subscription and callback belong to the authenticated client (the bearer
-- token's client id) that made them, under the regions and programmes its token granted then. They are looked
-- up by client, never by the sender_id a message declares.
alter table spdci_transaction add column client_id varchar(200);
alter table spdci_transaction add column scope_regions varchar(4000);
alter table spdci_transaction add column scope_programmes varchar(4000);

alter table spdci_subscription add column client_id varchar(200);
alter table spdci_subscription add column scope_regions varchar(4000);
alter table spdci_subscription add column scope_programmes varchar(4000);

-- Rows from before: their client and scope are unknown. They stay for the record but belong to nobody (no
-- client matches an empty client id), and their subscriptions end: the partner subscribes again.
update spdci_transaction set client_id = '', scope_regions = '', scope_programmes = '' where client_id is null;
update spdci_subscription set status = 'unsubscribe', ended_at = now() where client_id is null and status = 'subscribe';
update spdci_subscription set client_id = '', scope_regions = '', scope_programmes = '' where client_id is null;

alter table spdci_transaction alter column client_id set not null;
alter table spdci_transaction alter column scope_regions set not null;
alter table spdci_transaction alter column scope_programmes set not null;
alter table spdci_subscription alter column client_id set not null;
alter table spdci_subscription alter column scope_regions set not null;
alter table spdci_subscription alter column scope_programmes set not null;

-- A message_id is unique per client.
alter table spdci_transaction drop constraint spdci_transaction_sender_id_message_id_key;
alter table spdci_transaction add constraint spdci_transaction_client_message unique (client_id, message_id);
drop index spdci_transaction_sender;
create index spdci_transaction_client on spdci_transaction (client_id, transaction_id);
create index spdci_subscription_client on spdci_subscription (client_id);
