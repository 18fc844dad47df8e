import type { Request, Response } from 'express';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import type { Mailer } from '../../lib/mailer.js';
import { flash } from '../../middleware/flash.js';
import { linkify } from './linkify.js';
import { outboxIdSchema, outboxListQuerySchema } from './outbox.schemas.js';
import * as outbox from './outbox.service.js';

export interface OutboxDeps {
  mailer?: Pick<Mailer, 'mode' | 'wake'>;
}

function messageId(req: Request): string {
  const id = outboxIdSchema.safeParse(req.params.id);
  if (!id.success) throw new NotFoundError('There is no such message in the outbox.');
  return id.data;
}

export function outboxController(deps: OutboxDeps) {
  return {
    async index(req: Request, res: Response) {
      const query = outboxListQuerySchema.safeParse(req.query);
      if (!query.success) throw new BadRequestError('The page number must be a whole number from 1.');
      const list = await outbox.listMessages(query.data.page);
      res.render('outbox/index', { title: 'Mail outbox', ...list, mode: deps.mailer?.mode });
    },

    async show(req: Request, res: Response) {
      const message = await outbox.getMessage(messageId(req));
      res.render('outbox/show', {
        title: `Mail: ${message.subject}`,
        message,
        textParts: linkify(message.text),
      });
    },

    async retry(req: Request, res: Response) {
      const id = messageId(req);
      await outbox.retryMessage(id);
      deps.mailer?.wake?.();
      flash(req, 'success', 'The message is back in the queue and will be sent shortly.');
      res.redirect(303, `${req.baseUrl}/${id}`);
    },
  };
}
