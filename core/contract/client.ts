import {
  eventNames,
  methodNames,
  type EventName,
  type EventPayload,
  type Input,
  type MethodName,
  type Response,
} from './index';

/** What any transport (Electron IPC, loopback WebSocket, direct call) must provide. */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<Response<MethodName>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type DomainOf<K extends string> = K extends `${infer D}.${string}` ? D : never;
type Domains = DomainOf<MethodName> | DomainOf<EventName>;

type MethodsOf<D extends string> = {
  [K in MethodName as K extends `${D}.${infer A}` ? A : never]: undefined extends Input<K>
    ? (input?: Input<K>) => Promise<Response<K>>
    : (input: Input<K>) => Promise<Response<K>>;
};

type EventsOf<D extends string> = {
  [K in EventName as K extends `${D}.${infer A}` ? `on${Capitalize<A>}` : never]: (
    listener: (payload: EventPayload<K>) => void,
  ) => () => void;
};

/** `api.identity.current()`, `api.identity.onChanged(fn)`: one namespace per domain, nothing generic. */
export type SportelloApi = { readonly [D in Domains]: MethodsOf<D> & EventsOf<D> };

function split(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** Builds the typed API over a transport. Used by the preload (IPC), the browser client (WebSocket) and tests. */
export function createApi(transport: Transport): SportelloApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of methodNames) {
    const [domain, action] = split(name);
    (api[domain] ??= {})[action] = (input?: unknown) => transport.invoke(name, input);
  }
  for (const name of eventNames) {
    const [domain, action] = split(name);
    const key = `on${action.charAt(0).toUpperCase()}${action.slice(1)}`;
    (api[domain] ??= {})[key] = (listener: (payload: unknown) => void) => transport.subscribe(name, listener);
  }
  for (const ns of Object.values(api)) Object.freeze(ns);
  return Object.freeze(api) as unknown as SportelloApi;
}
