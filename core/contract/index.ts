import type { z } from 'zod';
import type { ContractError } from './errors';
import { feesMethods } from './domains/fees';
import { fiscalMethods } from './domains/fiscal';
import { identityEvents, identityMethods } from './domains/identity';
import { noticesEvents, noticesMethods } from './domains/notices';
import { operatorsEvents, operatorsMethods } from './domains/operators';
import { positionsEvents, positionsMethods } from './domains/positions';
import { printerSettingsMethods } from './domains/printer-settings';
import { reportsMethods } from './domains/reports';
import { settingsMethods } from './domains/settings';
import { systemEvents, systemMethods } from './domains/system';

/**
 * The whole contract between the desk UI and the desk services. Adding a method is one entry in a domain file;
 * the IPC handlers, the preload bridge, the WebSocket host, the typed client and the tests all follow from here.
 * Names are `<domain>.<action>`: the preload exposes one namespace per domain.
 */
export const methods = {
  ...systemMethods,
  ...settingsMethods,
  ...fiscalMethods,
  ...identityMethods,
  ...positionsMethods,
  ...noticesMethods,
  ...printerSettingsMethods,
  ...feesMethods,
  ...operatorsMethods,
  ...reportsMethods,
};

export const events = {
  ...systemEvents,
  ...identityEvents,
  ...positionsEvents,
  ...noticesEvents,
  ...operatorsEvents,
};

export type Methods = typeof methods;
export type Events = typeof events;
export type MethodName = keyof Methods;
export type EventName = keyof Events;

/** What a caller passes (before defaults). */
export type Input<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (after validation and defaults). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type Output<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

/** Every call answers with a value or a typed error; nothing is thrown across a transport. */
export type Response<M extends MethodName> =
  { readonly ok: true; readonly value: Output<M> } | { readonly ok: false; readonly error: ContractError };

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(x: unknown): x is MethodName {
  return typeof x === 'string' && Object.hasOwn(methods, x);
}

export function isEventName(x: unknown): x is EventName {
  return typeof x === 'string' && Object.hasOwn(events, x);
}

export * from './errors';
export type { MethodSpec, EventSpec } from './define';
