-- Import jobs are scoped like households (issue #15): a job and its error report are visible to a caller whose
-- regions cover every regency of the file's village codes. Jobs from before have no known regions: they stay
-- visible to callers with every region only.
alter table import_job add column scope_regions text;
