/** The announcement page of a position (plain text and HTML to copy, editable) and the position JSON. */
import type { RequestHandler } from 'express';
import { flash } from '../../middleware/flash.js';
import { announcementHtml, generateAnnouncement } from './announcement.js';
import { positionView, weightText } from './position-view.js';
import { announcementForm, fieldErrors } from './positions.schemas.js';
import * as positions from './positions.service.js';
import { bodyOf } from '../../lib/request-body.js';

export function announcementController() {
  const show: RequestHandler = async (req, res) => {
    const position = await positions.findPosition(String(req.params.id), req.user!);
    const text = position.announcement?.text || (await generateAnnouncement(position));
    res.render('positions/announcement', {
      title: `Announcement: ${position.title}`,
      position,
      text,
      html: announcementHtml(text),
      edited: !!position.announcement?.text,
      values: { text },
    });
  };

  const save: RequestHandler = async (req, res) => {
    const position = await positions.findPosition(String(req.params.id), req.user!);
    const parsed = announcementForm.safeParse(bodyOf(req));
    if (!parsed.success) {
      const text = typeof bodyOf(req).text === 'string' ? String(bodyOf(req).text) : '';
      return void res.status(422).render('positions/announcement', {
        title: `Announcement: ${position.title}`,
        position,
        text,
        html: announcementHtml(text),
        edited: !!position.announcement?.text,
        values: { text },
        fields: fieldErrors(parsed.error),
      });
    }
    position.announcement = { text: parsed.data.text, editedAt: new Date(), editedBy: req.user!._id };
    await position.save();
    flash(req, 'success', 'Announcement text saved.');
    res.redirect(303, `/positions/${position.id}/announcement`);
  };

  /** Back to the generated statements (after the competencies or levels changed). */
  const regenerate: RequestHandler = async (req, res) => {
    const position = await positions.findPosition(String(req.params.id), req.user!);
    position.announcement = undefined;
    await position.save();
    flash(req, 'success', 'The announcement text was generated again from the competencies and levels.');
    res.redirect(303, `/positions/${position.id}/announcement`);
  };

  const api: RequestHandler = async (req, res) => {
    const position = await positions.findPosition(String(req.params.id), req.user!);
    const view = await positionView(position);
    const text = position.announcement?.text || (await generateAnnouncement(position));
    res.json({
      position: {
        ...view,
        competencies: view.competencies.map((c) => ({ ...c, weightText: weightText(c) })),
        announcement: { text, html: announcementHtml(text), edited: !!position.announcement?.text },
      },
    });
  };

  return { show, save, regenerate, api };
}
