-- The role the KEDA overlay's ScaledObject reads the queue with: it may count jobs and nothing else (no datasets,
-- no models, no writes). Run once as the database owner; set the password in keda-reader-secret.yaml.
CREATE ROLE trainingservice_keda LOGIN PASSWORD 'CHANGE-ME';
GRANT CONNECT ON DATABASE trainingservice TO trainingservice_keda;
GRANT USAGE ON SCHEMA public TO trainingservice_keda;
GRANT SELECT (status) ON training_jobs, tuning_jobs TO trainingservice_keda;
