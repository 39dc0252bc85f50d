import { fromDeviceSchema, toDeviceSchema, type FromDevice } from './protocol';
import { DeviceRuntime } from './runtime';

/**
 * Entry point of the smart-card device process. Under Electron it is a utilityProcess (messages through
 * process.parentPort); under Node a child_process.fork (process.send). Either way the desk is the only peer.
 */
interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

function send(m: FromDevice): void {
  // Validating our own output too: a bug here must show up as a refused message, not as a wrong citizen.
  const checked = fromDeviceSchema.parse(m);
  if (parentPort) parentPort.postMessage(checked);
  else if (process.send) process.send(checked);
}

const runtime = new DeviceRuntime(send);

function onMessage(raw: unknown): void {
  const parsed = toDeviceSchema.safeParse(raw);
  if (!parsed.success) return;
  runtime.handle(parsed.data);
}

if (parentPort) {
  parentPort.on('message', (e) => onMessage(e.data));
} else if (process.send) {
  process.on('message', onMessage);
  // The desk went away: nothing left to serve, and a PKCS#11 session must not outlive it. With a slot-event
  // thread still in a module, exit() would wait for it for ever (see DeviceRuntime.shutdown): SIGTERM, which
  // this process does not handle, ends it at once.
  process.on('disconnect', () =>
    runtime.shutdown() ? process.exit(0) : process.kill(process.pid, 'SIGTERM'),
  );
} else {
  process.stderr.write('smartcard device process: no parent to talk to\n');
  process.exit(2);
}
send({ type: 'hello', pid: process.pid });
