-- Issue #16, one reversal path: a relapse an officer records in the registry no longer re-opens a case (the
-- GraduationReverted graduation-service announces for it does), so which decision the registry's last status
-- change echoed is no longer needed to tell an officer's relapse of the graduation followed from a stale one.
alter table mentoring_case drop column registry_decision_id;
