-- Telemetry samples, partitioned by month on ts (drizzle-kit cannot express PARTITION BY). Monthly partitions
-- (telemetry_samples_pYYYYMM) are created ahead by the telemetry module at start-up and dropped by retention.
CREATE TABLE "telemetry_samples" (
	"vin" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"seq" bigint NOT NULL,
	"signals" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE INDEX "telemetry_samples_vin_ts_idx" ON "telemetry_samples" USING btree ("vin","ts");
