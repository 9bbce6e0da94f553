CREATE TABLE "command_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"account_id" uuid,
	"vin" text NOT NULL,
	"name" text NOT NULL,
	"outcome" text NOT NULL,
	"command_id" uuid,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "platform_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"private_pem" text NOT NULL,
	"public_pem" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle_command_counters" (
	"vin" text PRIMARY KEY NOT NULL,
	"counter" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle_commands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"params" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" text NOT NULL,
	"counter" bigint NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sig" text NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "command_audit_vin_at_idx" ON "command_audit" USING btree ("vin","at");--> statement-breakpoint
CREATE INDEX "command_audit_account_at_idx" ON "command_audit" USING btree ("account_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicle_commands_account_key_uq" ON "vehicle_commands" USING btree ("account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "vehicle_commands_vin_issued_idx" ON "vehicle_commands" USING btree ("vin","issued_at");--> statement-breakpoint
CREATE INDEX "vehicle_commands_status_expires_idx" ON "vehicle_commands" USING btree ("status","expires_at");