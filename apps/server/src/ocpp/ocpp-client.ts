import type RpcServerClient from 'ocpp-rpc/lib/server-client';

/** A charger's connection as ocpp-rpc hands it over. */
export type OcppClient = RpcServerClient;

export const PROTOCOLS = ['ocpp2.0.1', 'ocpp1.6'] as const;
export type OcppProtocol = (typeof PROTOCOLS)[number];
