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
CREATE INDEX "vehicle_registry_market_idx" ON "vehicle_registry" USING btree ("market");