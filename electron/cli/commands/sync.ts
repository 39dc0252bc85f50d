import { createDesk } from '../../services/desk';
import { nodePlatform } from '../../services/platform/node';
import { CliFailure, type Command } from '../command';
import { partialLine } from './positions';

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
      const human: string[] =
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
      if (s.state === 'failed' && s.error)
        io.err(
          `sportello sync: ${s.error.code} ${String(s.error.details?.['reason'] ?? '')}`.trimEnd() +
            ' — riprenderà dal punto salvato',
        );
      if (s.partial) {
        io.err(`sportello sync: ${partialLine(s.partial)}`);
        for (const x of s.partial.refused)
          human.push(
            `  scartata: ${x.backendId}${x.nav ? ` avviso ${x.nav}` : ''} — ${x.reason}${x.field ? ` (${x.field})` : ''}`,
          );
      }
      return { exitCode: s.state === 'failed' || s.partial ? 1 : 0, json: s, human };
    } finally {
      await desk.close();
    }
  },
};
