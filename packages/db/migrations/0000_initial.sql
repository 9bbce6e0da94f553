CREATE SEQUENCE "public"."charging_ocpp16_transaction_ids" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "account_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text,
	"email_hash" text,
	"name" text,
	"market" text,
	"language" text,
	"password_hash" text,
	"status" text NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"activated_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "auth_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"subject" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"user_agent" text,
	"ip" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
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
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"vin" text,
	"key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_models" (
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"grant_id" text,
	"user_code" text,
	"uid" text,
	"account_id" text,
	"expires_at" timestamp with time zone,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "oauth_models_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE TABLE "consent_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"vin" text,
	"action" text NOT NULL,
	"notice_version" integer,
	"notice_market" text,
	"notice_language" text,
	"method" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"ready_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"size_bytes" integer,
	"archive" "bytea",
	"error" text
);
--> statement-breakpoint
CREATE TABLE "legal_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"market" text NOT NULL,
	"language" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "terms_acceptances" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"market" text NOT NULL,
	"version" integer NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "multimedia_activations" (
	"vin" text PRIMARY KEY NOT NULL,
	"activated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_subscriptions" (
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"package" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_subscriptions_vin_account_id_package_pk" PRIMARY KEY("vin","account_id","package")
);
--> statement-breakpoint
CREATE TABLE "subscription_reminders" (
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"package" text NOT NULL,
	"days" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subscription_reminders_vin_account_id_package_days_expires_at_pk" PRIMARY KEY("vin","account_id","package","days","expires_at")
);
--> statement-breakpoint
CREATE TABLE "telemetry_batches" (
	"vin" text NOT NULL,
	"seq" bigint NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "telemetry_batches_vin_seq_pk" PRIMARY KEY("vin","seq")
);
--> statement-breakpoint
CREATE TABLE "vehicle_connection" (
	"vin" text PRIMARY KEY NOT NULL,
	"online" boolean NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"status_ts" timestamp with time zone,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"type" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"data" jsonb,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle_state" (
	"vin" text NOT NULL,
	"signal" text NOT NULL,
	"value" jsonb NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	CONSTRAINT "vehicle_state_vin_signal_pk" PRIMARY KEY("vin","signal")
);
--> statement-breakpoint
CREATE TABLE "trip_cursors" (
	"vin" text PRIMARY KEY NOT NULL,
	"received_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trips" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"start_ts" timestamp with time zone NOT NULL,
	"end_ts" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"start_lat" real,
	"start_lon" real,
	"end_lat" real,
	"end_lon" real,
	"start_place" text,
	"end_place" text,
	"distance_m" integer NOT NULL,
	"duration_s" integer NOT NULL,
	"idle_s" integer NOT NULL,
	"avg_kmh" real NOT NULL,
	"max_kmh" real NOT NULL,
	"fuel_l" real,
	"energy_kwh" real,
	"electric_share" real,
	"score" integer,
	"score_details" jsonb,
	"analysis_erased" boolean DEFAULT false NOT NULL,
	"route" jsonb,
	"speed_profile" jsonb,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"method" text NOT NULL,
	"ok" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" uuid
);
--> statement-breakpoint
CREATE TABLE "garage_entries" (
	"account_id" uuid NOT NULL,
	"vin" text NOT NULL,
	"nickname" text,
	"is_current" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "garage_entries_account_id_vin_pk" PRIMARY KEY("account_id","vin")
);
--> statement-breakpoint
CREATE TABLE "ownership_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"owner_email" text NOT NULL,
	"effective_date" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle_holders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"account_id" uuid NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vehicle_registry" (
	"vin" text PRIMARY KEY NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"model_year" integer NOT NULL,
	"powertrain" text NOT NULL,
	"head_unit" text NOT NULL,
	"smart_connect" boolean NOT NULL,
	"market" text NOT NULL,
	"delivery_date" date,
	"device_secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_acceptances" ADD CONSTRAINT "terms_acceptances_document_id_legal_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."legal_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_tokens_account_idx" ON "account_tokens" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_email_lower_uq" ON "accounts" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "auth_attempts_scope_subject_at_idx" ON "auth_attempts" USING btree ("scope","subject","at");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_uq" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_account_idx" ON "sessions" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "charging_sessions_charger_tx_uq" ON "charging_sessions" USING btree ("charge_point_id","transaction_id");--> statement-breakpoint
CREATE INDEX "charging_sessions_charger_started_idx" ON "charging_sessions" USING btree ("charge_point_id","started_at");--> statement-breakpoint
CREATE INDEX "charging_sessions_id_tag_idx" ON "charging_sessions" USING btree ("id_tag","started_at");--> statement-breakpoint
CREATE INDEX "charging_sessions_transaction_idx" ON "charging_sessions" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "meter_values_session_ts_idx" ON "meter_values" USING btree ("session_id","ts");--> statement-breakpoint
CREATE INDEX "meter_values_charger_ts_idx" ON "meter_values" USING btree ("charge_point_id","ts");--> statement-breakpoint
CREATE INDEX "command_audit_vin_at_idx" ON "command_audit" USING btree ("vin","at");--> statement-breakpoint
CREATE INDEX "command_audit_account_at_idx" ON "command_audit" USING btree ("account_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicle_commands_account_key_uq" ON "vehicle_commands" USING btree ("account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "vehicle_commands_vin_issued_idx" ON "vehicle_commands" USING btree ("vin","issued_at");--> statement-breakpoint
CREATE INDEX "vehicle_commands_status_expires_idx" ON "vehicle_commands" USING btree ("status","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_name_key_uq" ON "jobs" USING btree ("name","key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_account_key_uq" ON "notifications" USING btree ("account_id","key");--> statement-breakpoint
CREATE INDEX "notifications_account_at_idx" ON "notifications" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "oauth_models_grant_idx" ON "oauth_models" USING btree ("grant_id") WHERE "oauth_models"."grant_id" is not null;--> statement-breakpoint
CREATE INDEX "oauth_models_user_code_idx" ON "oauth_models" USING btree ("user_code") WHERE "oauth_models"."user_code" is not null;--> statement-breakpoint
CREATE INDEX "oauth_models_uid_idx" ON "oauth_models" USING btree ("uid") WHERE "oauth_models"."uid" is not null;--> statement-breakpoint
CREATE INDEX "oauth_models_account_idx" ON "oauth_models" USING btree ("account_id","kind") WHERE "oauth_models"."account_id" is not null;--> statement-breakpoint
CREATE INDEX "oauth_models_expires_idx" ON "oauth_models" USING btree ("expires_at") WHERE "oauth_models"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "consent_records_account_purpose_idx" ON "consent_records" USING btree ("account_id","purpose","id");--> statement-breakpoint
CREATE INDEX "data_exports_account_idx" ON "data_exports" USING btree ("account_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_documents_kind_market_language_version_uq" ON "legal_documents" USING btree ("kind","market","language","version");--> statement-breakpoint
CREATE INDEX "terms_acceptances_account_idx" ON "terms_acceptances" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "telemetry_batches_received_idx" ON "telemetry_batches" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "vehicle_events_vin_ts_idx" ON "vehicle_events" USING btree ("vin","ts");--> statement-breakpoint
CREATE INDEX "vehicle_events_type_ts_idx" ON "vehicle_events" USING btree ("type","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "trips_vin_start_uq" ON "trips" USING btree ("vin","start_ts");--> statement-breakpoint
CREATE INDEX "trips_account_vin_start_idx" ON "trips" USING btree ("account_id","vin","start_ts");--> statement-breakpoint
CREATE INDEX "activation_attempts_vin_account_at_idx" ON "activation_attempts" USING btree ("vin","account_id","at");--> statement-breakpoint
CREATE INDEX "activation_codes_vin_idx" ON "activation_codes" USING btree ("vin");--> statement-breakpoint
CREATE INDEX "garage_entries_vin_idx" ON "garage_entries" USING btree ("vin");--> statement-breakpoint
CREATE INDEX "ownership_records_vin_idx" ON "ownership_records" USING btree ("vin","effective_date");--> statement-breakpoint
CREATE INDEX "vehicle_holders_vin_since_idx" ON "vehicle_holders" USING btree ("vin","since");--> statement-breakpoint
CREATE INDEX "vehicle_holders_account_idx" ON "vehicle_holders" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "vehicle_registry_market_idx" ON "vehicle_registry" USING btree ("market");