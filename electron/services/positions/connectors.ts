import { AppError } from '../../../core/contract/errors';
import { GovPayConnector } from '../../connectors/govpay';
import { GpdConnector } from '../../connectors/gpd';
import { MyPayConnector } from '../../connectors/mypay';
import type { LiveConnector, SyncConnector } from '../../connectors/types';
import type { BackendConfig } from '../config/sections/backend';
import type { SecretStore } from '../platform/types';
import type { RetryPolicy } from './resilience';

function secret(store: SecretStore, name: string): string {
  const v = store.get(name);
  if (v === null || v === '')
    throw new AppError('CONFIG_INVALID', { reason: 'SECRET_MISSING', secret: name });
  return v;
}

export interface BuiltConnectors {
  readonly live: LiveConnector | null;
  readonly sync: SyncConnector | null;
  readonly policy: RetryPolicy;
}

/**
 * Builds the configured connector with its secrets read from the secret store (never from the JSON config).
 * Throws CONFIG_INVALID naming the missing secret, so the doctor and the status bar can say which one.
 */
export function buildConnectors(config: BackendConfig, secrets: SecretStore): BuiltConnectors {
  switch (config.kind) {
    case 'demo':
    case 'file':
      return { live: null, sync: null, policy: { timeoutMs: 3000, retries: 0 } };
    case 'govpay': {
      const auth =
        config.auth.mode === 'basic'
          ? {
              mode: 'basic' as const,
              username: config.auth.username,
              password: secret(secrets, config.auth.passwordSecret),
            }
          : {
              mode: 'ssl' as const,
              cert: secret(secrets, config.auth.certSecret),
              key: secret(secrets, config.auth.keySecret),
              ...(config.auth.caSecret ? { ca: secret(secrets, config.auth.caSecret) } : {}),
            };
      return {
        live: new GovPayConnector({
          baseUrl: config.baseUrl,
          auth,
          idDominio: config.idDominio ?? null,
          pageSize: config.pageSize,
        }),
        sync: null,
        policy: config,
      };
    }
    case 'mypay':
      return {
        live: new MyPayConnector({
          baseUrl: config.baseUrl,
          applicationName: config.applicationName,
          privateKeyPem: secret(secrets, config.privateKeySecret),
          codiceEnte: config.codiceEnte ?? null,
          pastDays: config.pastDays,
          futureDays: config.futureDays,
          tokenTtlSeconds: 60,
        }),
        sync: null,
        policy: config,
      };
    case 'gpd':
      return {
        live: null,
        sync: new GpdConnector({
          baseUrl: config.baseUrl,
          organizationFiscalCode: config.organizationFiscalCode,
          subscriptionKey: secret(secrets, config.subscriptionKeySecret),
          windowDays: config.windowDays,
          pageSize: config.pageSize,
          pastDays: config.pastDays,
          futureDays: config.futureDays,
        }),
        policy: config,
      };
  }
}
