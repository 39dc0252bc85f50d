import type { AuditLog } from './audit/audit-log';
import type { DeskConfig } from './config/schema';
import type { DeskEvents } from './events';
import type { IdentityService } from './identity/identity-service';
import type { Lifecycle } from './lifecycle';
import type { OperatorService } from './operators/operator-service';
import type { Logger } from './log';
import type { Platform } from './platform/types';
import type { PositionsService } from './positions/positions-service';
import type { PrinterSettings } from './printing/printer-settings';
import type { PrintingService } from './printing/printing-service';
import type { SettingsService } from './settings/settings-service';
import type { SmartcardService } from './smartcard/smartcard-service';
import type { StatusBoard } from './status-board';
import type { SyncService } from './sync/sync-service';
import type { Db } from '../store/database';
import type { FeeService } from './fees/fee-service';

/** Everything the handlers need, built once per process. */
export interface DeskServices {
  readonly config: DeskConfig;
  readonly platform: Platform;
  readonly db: Db;
  readonly events: DeskEvents;
  readonly status: StatusBoard;
  readonly audit: AuditLog;
  readonly identity: IdentityService;
  readonly operators: OperatorService;
  readonly settings: SettingsService;
  readonly smartcard: SmartcardService;
  readonly positions: PositionsService;
  readonly sync: SyncService;
  readonly printing: PrintingService;
  readonly printerSettings: PrinterSettings;
  readonly fees: FeeService;
  readonly lifecycle: Lifecycle;
  readonly log: Logger;
  readonly now: () => Date;
}
