CREATE TABLE "service_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"serviced_on" date NOT NULL,
	"odometer_km" integer NOT NULL,
	"work" text NOT NULL,
	"retailer_id" uuid NOT NULL,
	"retailer_name" text NOT NULL,
	"corrects" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"preferred_dates" jsonb NOT NULL,
	"note" text,
	"mileage_km" integer,
	"warnings" jsonb NOT NULL,
	"status" text NOT NULL,
	"retailer_id" uuid,
	"retailer_name" text,
	"confirmed_date" date,
	"message" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"choices" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_windows" (
	"account_id" uuid NOT NULL,
	"vin" text NOT NULL,
	"kind" text NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_windows_account_id_vin_kind_pk" PRIMARY KEY("account_id","vin","kind")
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"user_agent" text,
	"created_at" timestamp with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "telemetry_state_checkpoints" (
	"instance" text PRIMARY KEY NOT NULL,
	"pending_since" timestamp with time zone NOT NULL,
	"alive_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "headunit_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"grant_id" text,
	"signed_in_at" timestamp with time zone NOT NULL,
	"signed_out_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vehicle_sales" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"seller_account_id" uuid NOT NULL,
	"seller_email" text NOT NULL,
	"status" text NOT NULL,
	"announced_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"buyer_email" text,
	"completed_by" uuid
);
--> statement-breakpoint
DROP INDEX "trips_account_vin_start_idx";--> statement-breakpoint
ALTER TABLE "vehicle_command_counters" ADD COLUMN "recent_issued_at" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "link" text DEFAULT '/app/inbox' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "in_app" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "trip_cursors" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "service_records_vin_idx" ON "service_records" USING btree ("vin","serviced_on");--> statement-breakpoint
CREATE UNIQUE INDEX "service_records_corrects_uq" ON "service_records" USING btree ("corrects");--> statement-breakpoint
CREATE INDEX "service_requests_account_idx" ON "service_requests" USING btree ("account_id","vin");--> statement-breakpoint
CREATE INDEX "service_requests_status_idx" ON "service_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "push_subscriptions_endpoint_uq" ON "push_subscriptions" USING btree ("endpoint");--> statement-breakpoint
CREATE INDEX "push_subscriptions_account_idx" ON "push_subscriptions" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "headunit_profiles_vin_account_idx" ON "headunit_profiles" USING btree ("vin","account_id");--> statement-breakpoint
CREATE INDEX "headunit_profiles_account_idx" ON "headunit_profiles" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "vehicle_sales_vin_idx" ON "vehicle_sales" USING btree ("vin");--> statement-breakpoint
CREATE INDEX "vehicle_sales_status_idx" ON "vehicle_sales" USING btree ("status");--> statement-breakpoint
CREATE INDEX "vehicle_events_vin_received_idx" ON "vehicle_events" USING btree ("vin","received_at");--> statement-breakpoint
CREATE INDEX "vehicle_events_received_idx" ON "vehicle_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "trips_account_vin_start_id_idx" ON "trips" USING btree ("account_id","vin","start_ts","id");--> statement-breakpoint
-- telemetry_samples is partitioned (0001, not in the drizzle snapshot): an index on the parent is created on every
-- existing partition and on each one attached later, on PostgreSQL and PGlite alike.
CREATE INDEX IF NOT EXISTS "telemetry_samples_vin_received_idx" ON "telemetry_samples" USING btree ("vin","received_at");
