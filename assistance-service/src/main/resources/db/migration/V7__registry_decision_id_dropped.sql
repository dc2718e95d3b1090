-- Issue #16, one reversal path: a relapse an officer records in the registry no longer re-opens anything here
-- (GraduationReverted from graduation-service does), so which decision the registry's last status change echoed
-- is no longer needed to tell an officer's relapse of the graduation followed from a stale one.
alter table household_projection drop column registry_decision_id;
