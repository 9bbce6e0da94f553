CREATE SEQUENCE "public"."charging_ocpp16_transaction_ids" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "charger_connectors" (
	"charge_point_id" text NOT NULL,
	"evse_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"status_at" timestamp with time zone NOT NULL,
	"status_received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "charger_connectors_charge_point_id_evse_id_connector_id_pk" PRIMARY KEY("charge_point_id","evse_id","connector_id")
);
--> statement-breakpoint
CREATE TABLE "chargers" (
	"charge_point_id" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"ocpp_version" text,
	"vendor" text,
	"model" text,
	"serial" text,
	"firmware" text,
	"boot_reason" text,
	"booted_at" timestamp with time zone,
	"last_connected_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charging_sessions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charge_point_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"evse_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"id_tag" text,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"start_received_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"stop_received_at" timestamp with time zone,
	"meter_start_wh" double precision,
	"meter_last_wh" double precision,
	"meter_stop_wh" double precision,
	"stop_reason" text,
	"remote_start_id" bigint,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charging_tokens" (
	"id_tag" text PRIMARY KEY NOT NULL,
	"allowed" boolean NOT NULL,
	"label" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" bigint,
	"charge_point_id" text NOT NULL,
	"evse_id" integer NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"measurand" text NOT NULL,
	"phase" text,
	"location" text,
	"context" text,
	"value" double precision NOT NULL,
	"unit" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "charging_sessions_charger_tx_uq" ON "charging_sessions" USING btree ("charge_point_id","transaction_id");--> statement-breakpoint
CREATE INDEX "charging_sessions_charger_started_idx" ON "charging_sessions" USING btree ("charge_point_id","started_at");--> statement-breakpoint
CREATE INDEX "charging_sessions_id_tag_idx" ON "charging_sessions" USING btree ("id_tag","started_at");--> statement-breakpoint
CREATE INDEX "charging_sessions_transaction_idx" ON "charging_sessions" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "meter_values_session_ts_idx" ON "meter_values" USING btree ("session_id","ts");--> statement-breakpoint
CREATE INDEX "meter_values_charger_ts_idx" ON "meter_values" USING btree ("charge_point_id","ts");