import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { positionSchema } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import { parseNoticeNumber } from '../../../core/notice-number';
import { PRINTER_MODEL_IDS, PRINTER_MODELS } from '../../../core/printers/models';
import type { NoticeDocument } from '../../../core/notice';
import { confirmationOf } from '../../../core/printers/confirmation';
import {
  encodeBlocks,
  layoutNotices,
  openTransport,
  profileOf,
  renderPreviewPng,
  type PrinterProfile,
  type ProbeReason,
} from '../../../native/printer';
import { createDesk } from '../../services/desk';
import { nodePaths, nodePlatform } from '../../services/platform/node';
import { loadConfig } from '../../services/config/load';
import { secondLanguageOf } from '../../services/config/sections/printers';
import { renderA4Pdf } from '../../services/printing/a4-pdf';
import { readCreditorLogo } from '../../services/printing/a4/logo';
import { composeNotices } from '../../services/printing/compose-notices';
import { listOptionSource, type OptionSource } from '../../services/printing/option-source';
import { positionsOptionSource, PREVIEW_PRINTER_ID } from '../../services/printing/printing-service';
import { describeChoices, printerChoices } from '../../services/printing/printer-choices';
import { previewPngPath } from '../../services/printing/preview-path';
import { describeProbe } from '../../services/printing/printer-status-text';
import { CliFailure, type Command } from '../command';
import { explainError } from '../messages/app-errors';

const NOT_PRINTABLE: Record<string, string> = {
  NO_OPTIONS: 'nessuna rata scelta',
  UNKNOWN_OPTION: 'rata sconosciuta',
  MIXED_PLANS: 'rate di piani diversi sullo stesso avviso',
  NAV: 'codice avviso non stampabile esattamente',
  EC_FISCAL_CODE: 'codice fiscale dell’ente non valido',
  AMOUNT: 'importo non stampabile esattamente',
};

const STATE = {
  it: {
    preview: 'anteprima',
    ready: 'pronta',
    offline: 'non pronta',
    unreachable: 'non raggiungibile',
    unknown: 'sconosciuto',
  },
  en: {
    preview: 'preview',
    ready: 'ready',
    offline: 'not ready',
    unreachable: 'unreachable',
    unknown: 'unknown',
  },
} as const;

const family = z.enum(['epson', 'star', 'custom']);
const width = z.coerce.number().pipe(z.union([z.literal(58), z.literal(80)]));
const dots = z.coerce.number().pipe(z.union([z.literal(384), z.literal(512), z.literal(576)]));

function fail(err: unknown): never {
  if (err instanceof AppError) {
    const reason = typeof err.details?.['reason'] === 'string' ? err.details['reason'] : '';
    throw new CliFailure(err.code, `${err.code}${reason ? ` (${reason})` : ''}`, 1, { ...err.details });
  }
  throw err;
}

/**
 * `sportello print --nav N`: composes the notice of one NAV and sends it to a printer URI, or writes the
 * ESC/POS bytes, the preview PNG or the A4 PDF to a file. `--positions FILE.json` prints from a file of
 * positions (the normalised model) instead of the desk's store.
 */
export const printCommand: Command = {
  name: 'print',
  summary: 'stampa un avviso pagoPA (stampante, file .bin, anteprima PNG o PDF A4)',
  usage:
    'sportello print --nav N [--printer URI | --out F.bin | --preview F.png | --pdf F.pdf] [--family epson|star|custom] [--width 58|80] [--dots 384|512|576] [--model MODEL] [--qr auto|raster|native] [--positions F.json]',
  options: {
    nav: { type: 'string' },
    printer: { type: 'string' },
    out: { type: 'string' },
    preview: { type: 'string' },
    pdf: { type: 'string' },
    family: { type: 'string', default: 'epson' },
    width: { type: 'string', default: '80' },
    dots: { type: 'string' },
    model: { type: 'string' },
    qr: { type: 'string', default: 'auto' },
    positions: { type: 'string' },
    'timeout-ms': { type: 'string', default: '5000' },
  },
  async run({ values }, io) {
    const nav = parseNoticeNumber(String(values['nav'] ?? ''));
    if (!nav.ok) throw new CliFailure('USAGE', `--nav: codice avviso non valido (${nav.reason})`, 2);
    const targets = ['printer', 'out', 'preview', 'pdf'].filter((k) => values[k] !== undefined);
    if (targets.length !== 1)
      throw new CliFailure('USAGE', 'serve una sola destinazione: --printer, --out, --preview o --pdf', 2);
    const fam = family.safeParse(values['family']);
    const wid = width.safeParse(values['width']);
    const dot = values['dots'] === undefined ? null : dots.safeParse(values['dots']);
    const qr = z.enum(['auto', 'raster', 'native']).safeParse(values['qr']);
    const model = values['model'] === undefined ? null : z.enum(PRINTER_MODEL_IDS).safeParse(values['model']);
    if (!fam.success || !wid.success || (dot && !dot.success) || !qr.success || (model && !model.success))
      throw new CliFailure(
        'USAGE',
        `--family epson|star|custom, --width 58|80, --dots 384|512|576, --qr auto|raster|native, --model ${PRINTER_MODEL_IDS.join('|')}`,
        2,
      );
    if (model?.success && PRINTER_MODELS[model.data].family !== fam.data)
      throw new CliFailure(
        'USAGE',
        `--model ${model.data} è della famiglia ${PRINTER_MODELS[model.data].family}: indica --family ${PRINTER_MODELS[model.data].family}`,
        2,
      );
    // The same choice as for a configured printer: the model's QR command where reliable, unless forced.
    const profile: PrinterProfile = profileOf({
      family: fam.data,
      width: wid.data,
      dots: dot?.success ? dot.data : null,
      model: model?.success ? model.data : null,
      qr: qr.data,
    });

    let source: OptionSource;
    const paths = nodePaths(io.env);
    const printers = loadConfig({ userFile: paths.userConfigFile, adminFile: paths.adminConfigFile }).config
      .printers;
    const postal = printers.postal;
    const fromFile = values['positions'] !== undefined;
    if (fromFile) {
      const parsed = z
        .array(positionSchema)
        .safeParse(JSON.parse(readFileSync(String(values['positions']), 'utf8')));
      if (!parsed.success) throw new CliFailure('INVALID_INPUT', 'file di posizioni non valido', 1);
      source = listOptionSource(parsed.data);
    }
    // The desk's data folder, for its store and, in both modes, its audit log: a notice printed or exported
    // from the command line is an act on a citizen's debt like one printed at the desk.
    const desk = createDesk({ platform: nodePlatform(io.env) });
    source ??= positionsOptionSource(desk.services.positions);
    const close = () => desk.close();
    try {
      const found = await source.findByNav(nav.value.nav).catch(fail);
      if (!found)
        throw new CliFailure('NOT_FOUND', `nessuna posizione con il codice avviso ${nav.value.nav}`, 1);
      // The desk's composer, with the configuration's Poste data: the CLI prints what the desk prints.
      let doc: { value: NoticeDocument };
      try {
        doc = { value: composeNotices([found.position], [found.optionId], postal)[0]! };
      } catch (err) {
        const d = err instanceof AppError ? (err.details ?? {}) : {};
        const reason = String(d['reason'] ?? err);
        throw new CliFailure(
          reason === 'NOT_PAYABLE' ? 'NOT_PAYABLE' : 'INVALID_INPUT',
          reason === 'NOT_PAYABLE'
            ? explainError('NOT_PAYABLE', {}, io.lang)
            : `avviso non stampabile: ${NOT_PRINTABLE[reason] ?? reason}`,
          1,
          { ...d },
        );
      }
      const blocks = layoutNotices([doc.value], profile);
      const to = (['printer', 'out', 'preview', 'pdf'] as const).find((k) => values[k] !== undefined)!;
      // Audit first, then act: a notice whose act cannot be recorded is neither sent nor written.
      try {
        desk.services.audit.record({
          actor: 'cli',
          // Nobody signed in at a desk did this: the command line's user did, in no citizen's session.
          operator: null,
          citizenSession: null,
          action: 'print.cli',
          subject: doc.value.recipient.fiscalCode ?? null,
          details: {
            nav: nav.value.nav,
            to,
            target: String(values[to]),
            source: fromFile ? 'file' : 'store',
            ...(to === 'pdf' ? {} : { family: profile.family, width: profile.width }),
          },
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        throw new CliFailure(
          err.code,
          `avviso non stampato: ${explainError(err.code, err.details ?? {}, io.lang)}`,
          1,
          { ...err.details },
        );
      }
      let target: string;
      let bytes: number;
      if (values['pdf'] !== undefined) {
        const pdf = await renderA4Pdf([doc.value], {
          logoFor: (cf) => readCreditorLogo(printers.creditorLogos, cf, (m) => io.err(`avviso: ${m}`)),
          secondLanguageFor: secondLanguageOf(printers),
        });
        writeFileSync((target = String(values['pdf'])), pdf);
        bytes = pdf.length;
      } else if (values['preview'] !== undefined) {
        const png = renderPreviewPng(blocks, profile);
        writeFileSync((target = String(values['preview'])), png);
        bytes = png.length;
      } else {
        const data = encodeBlocks(blocks, profile);
        if (values['out'] !== undefined) writeFileSync((target = String(values['out'])), data);
        else {
          target = String(values['printer']);
          await openTransport(target, { timeoutMs: Number(values['timeout-ms']) || 5000 })
            .send(data)
            .catch(fail);
        }
        bytes = data.length;
      }
      const json = {
        ok: true,
        nav: nav.value.nav,
        target,
        bytes,
        state: values['printer'] ? 'sent' : 'written',
      };
      return {
        exitCode: 0,
        json,
        human: [
          `${doc.value.payments[0]!.navGrouped}: ${values['printer'] ? 'inviato alla stampante' : 'scritto'} ${target} (${bytes} byte)`,
        ],
      };
    } finally {
      await close();
    }
  },
};

/** `sportello printers test [--printer ID]`: a test page through the desk's journal, to the configured printer. */
export const printersCommand: Command = {
  name: 'printers',
  summary: 'stampanti configurate: elenco, stato, pagina di prova',
  usage: 'sportello printers [list|status|test] [--printer ID]',
  options: { printer: { type: 'string' } },
  async run({ positionals, values }, io) {
    const action = positionals[0] ?? 'list';
    const desk = createDesk({ platform: nodePlatform(io.env) });
    try {
      const id = values['printer'] === undefined ? undefined : String(values['printer']);
      const choicesOf = (printerId: string) =>
        describeChoices(printerChoices(desk.services.printing.printer(printerId)));
      if (action === 'list') {
        const list = desk.services.printing.printers();
        return {
          exitCode: 0,
          json: list,
          human: list.flatMap((p) => [
            `${p.isDefault ? '*' : ' '} ${p.id}  ${p.name}  ${p.family} ${p.width} mm  ${p.interface ?? ''}`,
            ...(p.id === PREVIEW_PRINTER_ID ? [] : [`    ${choicesOf(p.id)}`]),
          ]),
        };
      }
      if (action === 'status') {
        const s = await desk.services.printing.status(id).catch(fail);
        const lang = io.lang ?? 'it';
        // The service's detail is Italian; the technician's language is rebuilt from the stable reason.
        const detail =
          'reason' in s
            ? describeProbe(
                { state: 'ready', reason: s.reason as ProbeReason, asked: s.asked === true },
                confirmationOf(desk.services.printing.printer(s.printerId)),
                lang,
              )
            : s.detail;
        return {
          exitCode: s.state === 'ready' || s.state === 'preview' ? 0 : 1,
          json: s,
          human: [`${s.printerId}: ${STATE[lang][s.state]}${detail ? ` — ${detail}` : ''}`],
        };
      }
      if (action === 'test') {
        const job = await desk.services.printing.test(id).catch(fail);
        return {
          exitCode: job.state === 'sent' ? 0 : 1,
          json: job,
          human: [
            job.state === 'sent'
              ? job.printerId === PREVIEW_PRINTER_ID
                ? `pagina di prova (anteprima) salvata in ${previewPngPath(nodePlatform(io.env).paths.dataDir, job.id)}`
                : `pagina di prova ${job.printed ? 'stampata (confermato dalla stampante)' : 'inviata'} a ${job.printerId} (lavoro ${job.id}); ${choicesOf(job.printerId)}`
              : `pagina di prova non inviata: ${explainError(job.lastErrorCode ?? 'PRINT_FAILED', { reason: job.lastError }, io.lang)}`,
          ],
        };
      }
      throw new CliFailure('USAGE', `azione sconosciuta "${action}"`, 2);
    } finally {
      await desk.close();
    }
  },
};
