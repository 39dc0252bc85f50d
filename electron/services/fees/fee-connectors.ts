import { AppError } from '../../../core/contract/errors';
import { GovPayFeeConnector } from '../../connectors/fees/govpay-fees';
import { GpdFeeConnector } from '../../connectors/fees/gpd-fees';
import type { FeeConnector } from '../../connectors/fees/types';
import type { BackendConfig } from '../config/sections/backend';
import type { ServicesConfig } from '../config/sections/services';
import type { SecretStore } from '../platform/types';
import type { RetryPolicy } from '../positions/resilience';

/** Why this backend cannot create fees, in a stable reason `services check` and the dialog both name. */
export type FeeBackendSetup =
  | { readonly kind: 'demo' }
  | { readonly kind: 'govpay' | 'gpd'; readonly connector: FeeConnector; readonly policy: RetryPolicy }
  | {
      readonly kind: 'unsupported';
      readonly reason:
        'MYPAY_NO_A2A_CREATE' | 'FILE_BACKEND' | 'IDA2A_MISSING' | 'IUV_RANGE_MISSING' | 'SECRET_MISSING';
    };

function secret(store: SecretStore, name: string): string {
  const v = store.get(name);
  if (v === null || v === '')
    throw new AppError('CONFIG_INVALID', { reason: 'SECRET_MISSING', secret: name });
  return v;
}

/**
 * The backend that creates this desk's fees, with its secrets. MyPay: its A2A REST interface (`/a2a/app/…`)
 * only searches dovuti and reads receipts; loading a dovuto is its SOAP "PagInf" service for local systems
 * (`paaSILImportaDovuto`), a different interface with its own credentials (see docs/fees.md), so fees are not
 * created on MyPay.
 */
export function feeBackend(
  backend: BackendConfig,
  services: ServicesConfig,
  secrets: SecretStore,
): FeeBackendSetup {
  try {
    switch (backend.kind) {
      case 'demo':
        return { kind: 'demo' };
      case 'file':
        return { kind: 'unsupported', reason: 'FILE_BACKEND' };
      case 'mypay':
        return { kind: 'unsupported', reason: 'MYPAY_NO_A2A_CREATE' };
      case 'govpay': {
        if (!services.govpay) return { kind: 'unsupported', reason: 'IDA2A_MISSING' };
        const auth =
          backend.auth.mode === 'basic'
            ? {
                mode: 'basic' as const,
                username: backend.auth.username,
                password: secret(secrets, backend.auth.passwordSecret),
              }
            : {
                mode: 'ssl' as const,
                cert: secret(secrets, backend.auth.certSecret),
                key: secret(secrets, backend.auth.keySecret),
                ...(backend.auth.caSecret ? { ca: secret(secrets, backend.auth.caSecret) } : {}),
              };
        return {
          kind: 'govpay',
          connector: new GovPayFeeConnector({
            baseUrl: backend.baseUrl,
            auth,
            idA2A: services.govpay.idA2A,
            idDominio: backend.idDominio ?? null,
          }),
          policy: backend,
        };
      }
      case 'gpd':
        if (!services.gpd) return { kind: 'unsupported', reason: 'IUV_RANGE_MISSING' };
        return {
          kind: 'gpd',
          connector: new GpdFeeConnector({
            baseUrl: backend.baseUrl,
            organizationFiscalCode: backend.organizationFiscalCode,
            subscriptionKey: secret(secrets, backend.subscriptionKeySecret),
          }),
          policy: backend,
        };
    }
  } catch (err) {
    if (err instanceof AppError && err.details?.['reason'] === 'SECRET_MISSING')
      return { kind: 'unsupported', reason: 'SECRET_MISSING' };
    throw err;
  }
}
