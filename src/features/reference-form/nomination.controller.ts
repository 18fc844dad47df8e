/** The candidate's nomination page: the form, and naming the references (once). */
import type { Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { BadRequestError } from '../../lib/errors.js';
import { RELATIONSHIPS, RELATIONSHIP_LABELS } from '../references/reference.model.js';
import { readNomination, rowKey, ROW_FIELDS, type Rows } from './nomination.schemas.js';
import * as service from './nomination.service.js';
import type { NominationRecord } from './nomination.service.js';
import { linkToken, longDate, renderInvalidLink } from './token-link.js';

type Clock = () => Date;

export function nominationController(deps: AppDeps, now: Clock = () => new Date()) {
  const mailDeps = { mailer: deps.mailer, logger: deps.logger, baseUrl: deps.config.baseUrl };

  const load = async (req: Request, res: Response) => {
    const token = linkToken.safeParse(req.params.token);
    const nomination = token.success ? await service.findNomination(token.data) : null;
    const state = service.nominationState(nomination, now());
    if (state === 'invalid') {
      renderInvalidLink(req, res);
      return null;
    }
    return { token: token.data!, nomination: nomination!, state };
  };

  const thanks = (res: Response, count?: number) =>
    res.render('reference-form/nomination-thanks', { title: 'Thank you', count });

  const renderForm = async (
    res: Response,
    token: string,
    n: NominationRecord,
    o: { rows?: Rows; fields?: Record<string, string>; error?: string } = {},
  ) => {
    const ctx = await service.nominationContext(n);
    const wanted = n.wanted ?? 3;
    const rows = o.rows ?? [];
    const fields = o.fields ?? {};
    res.render('reference-form/nomination', {
      title: 'Name your references',
      candidateName: ctx.candidateName,
      positionTitle: ctx.positionTitle,
      action: `/n/${token}`,
      expiresOn: longDate(n.expiresAt),
      wanted,
      rows: Array.from({ length: wanted }, (_, i) => ({
        number: i + 1,
        fields: Object.fromEntries(
          ROW_FIELDS.map((f) => [
            f,
            { id: rowKey(i, f), name: rowKey(i, f), value: rows[i]?.[f] ?? '', error: fields[rowKey(i, f)] },
          ]),
        ),
      })),
      relationships: RELATIONSHIPS.map((r) => ({ value: r, label: RELATIONSHIP_LABELS[r] })),
      fields,
      errorList: Object.entries(fields).map(([k, text]) => ({ href: `#${k}`, text })),
      error: o.error,
    });
  };

  /** GET /n/:token */
  const show: RequestHandler = async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    if (ctx.state === 'used') return thanks(res);
    await renderForm(res, ctx.token, ctx.nomination);
  };

  /** POST /n/:token */
  const submit: RequestHandler = async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    if (ctx.state === 'used') return thanks(res);
    const n = ctx.nomination;
    const info = await service.nominationContext(n);
    const read = readNomination(req.body, n.wanted ?? 3, info.candidateEmail);
    if (!read.ok && read.status === 400) throw new BadRequestError(read.message);
    if (!read.ok) {
      res.status(422);
      return renderForm(res, ctx.token, n, {
        rows: read.rows,
        fields: read.fields,
        error: 'Nothing was sent yet: please correct the fields listed below.',
      });
    }
    const outcome = await service.nominate(n, read.references, req.ip, now());
    if (outcome.kind === 'closed')
      return outcome.state === 'used' ? thanks(res) : renderInvalidLink(req, res);
    await service.notifyOwner(mailDeps, n, info, read.references);
    thanks(res, outcome.count);
  };

  return { show, submit };
}
