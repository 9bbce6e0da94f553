DROP INDEX "telemetry_batches_received_idx";--> statement-breakpoint
CREATE INDEX "telemetry_batches_received_idx" ON "telemetry_batches" USING brin ("received_at");