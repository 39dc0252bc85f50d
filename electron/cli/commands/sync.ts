import { createDesk } from '../../services/desk';
import { nodePlatform } from '../../services/platform/node';
import { CliFailure, type Command } from '../command';

export const syncCommand: Command = {
  name: 'sync',
  summary:
    'sincronizza l’archivio locale con il servizio (GPD): completa una volta al giorno, altrimenti solo i pagamenti recenti',
  usage: 'sportello sync [--connector gpd] [--full] [--json]',
  options: { connector: { type: 'string' }, full: { type: 'boolean', default: false } },
  async run({ values }, io) {
    const desk = createDesk({ platform: nodePlatform(io.env) });
    try {
      const kind = desk.services.config.backend.kind;
      if (typeof values['connector'] === 'string' && values['connector'] !== kind)
        throw new CliFailure('USAGE', `questo sportello usa "${kind}", non "${values['connector']}"`, 2);
      let pass: string | null = null;
      const unsubscribe = desk.events.on('sync.progress', (p) => {
        pass = p.pass === 'full' ? 'completa' : 'pagamenti recenti';
        if (p.phase === 'page' && !values['json'])
          io.err(
            `  ${p.windowFrom}…${p.windowTo}: ${p.positionsSeen} posizioni (${Math.round(p.fraction * 100)}%)`,
          );
      });
      const s = await desk.services.sync.run({ full: values['full'] === true });
      unsubscribe();
      const human =
        s.state === 'not-applicable'
          ? [
              `${kind}: nessuna sincronizzazione necessaria (il servizio si interroga per cittadino o da file).`,
            ]
          : [
              `${kind}: sincronizzazione${pass ? ` ${pass}` : ''} ${s.state === 'failed' ? 'interrotta' : 'conclusa'} — ${s.positionsSeen} posizioni, ${s.requests} richieste`,
              ...(s.error
                ? [
                    `! ${s.error.code} ${String(s.error.details?.['reason'] ?? '')}: riprenderà dal punto salvato`,
                  ]
                : []),
            ];
      return { exitCode: s.state === 'failed' ? 1 : 0, json: s, human };
    } finally {
      await desk.close();
    }
  },
};
